#include "builds/BuildTexts.h"

#include <QCoreApplication>

namespace ib::ui {

QString BuildTexts::state(BuildState state)
{
    switch (state) {
    case BuildState::Queued:
        return QCoreApplication::translate("BuildTexts", "Queued");
    case BuildState::Running:
        return QCoreApplication::translate("BuildTexts", "Running");
    case BuildState::Succeeded:
        return QCoreApplication::translate("BuildTexts", "Succeeded");
    case BuildState::Failed:
        return QCoreApplication::translate("BuildTexts", "Failed");
    case BuildState::Cancelled:
        return QCoreApplication::translate("BuildTexts", "Cancelled");
    case BuildState::Interrupted:
        return QCoreApplication::translate("BuildTexts", "Interrupted");
    }
    return {};
}

QString BuildTexts::step(BuildStep step)
{
    switch (step) {
    case BuildStep::Prepare:
        return QCoreApplication::translate("BuildTexts", "Prepare keys and cloud-init data");
    case BuildStep::Launch:
        return QCoreApplication::translate("BuildTexts", "Launch the VM");
    case BuildStep::Connect:
        return QCoreApplication::translate("BuildTexts", "Connect over SSH");
    case BuildStep::Ready:
        return QCoreApplication::translate("BuildTexts", "Wait for cloud-init");
    case BuildStep::Install:
        return QCoreApplication::translate("BuildTexts", "Install applications");
    case BuildStep::UserScript:
        return QCoreApplication::translate("BuildTexts", "Run the user script");
    case BuildStep::Generalize:
        return QCoreApplication::translate("BuildTexts", "Generalize the system");
    case BuildStep::Stop:
        return QCoreApplication::translate("BuildTexts", "Power off the VM");
    case BuildStep::Capture:
        return QCoreApplication::translate("BuildTexts", "Save the disk as an image");
    case BuildStep::TestImage:
        return QCoreApplication::translate("BuildTexts", "Test the image");
    case BuildStep::Cleanup:
        return QCoreApplication::translate("BuildTexts", "Clean up");
    }
    return {};
}

QString BuildTexts::stateWithStep(BuildState state, BuildStep step)
{
    if (state != BuildState::Running)
        return BuildTexts::state(state);
    return QCoreApplication::translate("BuildTexts", "Running: %1").arg(BuildTexts::step(step));
}

QString BuildTexts::duration(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds / 60) % 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString BuildTexts::osWithArchitecture(const QString &osName, const QString &architecture)
{
    if (architecture == QLatin1String(ArchX86))
        return osName;
    const QString cpu = architecture.isEmpty() ? QCoreApplication::translate("BuildTexts", "unknown CPU") : architectureTitle(architecture);
    return QCoreApplication::translate("BuildTexts", "%1 (%2)", "an OS and its CPU: Debian 12 (arm64)").arg(osName, cpu);
}

}  // namespace ib::ui
