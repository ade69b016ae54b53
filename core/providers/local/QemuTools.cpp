#include "QemuTools.h"

#include "ProcessRun.h"
#include "logging/Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace ib::local {

namespace {

constexpr int kProbeTimeoutMs = 15000;

QStringList extraSearchFolders()
{
#if defined(Q_OS_MACOS)
    return {QStringLiteral("/opt/homebrew/bin"), QStringLiteral("/usr/local/bin"), QStringLiteral("/opt/local/bin")};
#elif defined(Q_OS_WIN)
    return {QStringLiteral("C:/Program Files/qemu")};
#else
    return {};
#endif
}

Result<QString> locate(const QString &configured, const QString &name)
{
    if (!configured.isEmpty()) {
        const QFileInfo info(configured);
        if (info.isFile() && info.isExecutable()) {
            return info.absoluteFilePath();
        }
        return makeError(ErrorKind::NotFound, QStringLiteral("The configured %1 \"%2\" is not an executable file; fix the path in the "
                                                             "settings or clear it to use the one on PATH.")
                                                  .arg(name, configured));
    }
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty()) {
        found = QStandardPaths::findExecutable(name, extraSearchFolders());
    }
    if (found.isEmpty()) {
        return makeError(ErrorKind::NotFound, QStringLiteral("%1 was not found on PATH. Install QEMU (Debian/Ubuntu: apt-get install "
                                                             "qemu-system-x86 qemu-utils; macOS: brew install qemu; Windows: the "
                                                             "installer from qemu.org) or set its path in the settings.")
                                                  .arg(name));
    }
    return found;
}

}  // namespace

QemuTools::QemuTools(QString system, QString img, QVersionNumber version, QStringList accelerators)
    : m_system(std::move(system))
    , m_img(std::move(img))
    , m_version(std::move(version))
    , m_accelerators(std::move(accelerators))
{}

QVersionNumber QemuTools::minimumVersion()
{
    return QVersionNumber(5, 1);
}

QVersionNumber QemuTools::parseVersion(const QString &versionOutput)
{
    static const QRegularExpression re(QStringLiteral(R"(version\s+(\d+)\.(\d+)(?:\.(\d+))?)"));
    const QRegularExpressionMatch m = re.match(versionOutput);
    if (!m.hasMatch()) {
        return {};
    }
    const int micro = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
    return QVersionNumber(m.captured(1).toInt(), m.captured(2).toInt(), micro);
}

QStringList QemuTools::parseAcceleratorList(const QString &helpOutput)
{
    // "Accelerators supported in QEMU binary:\ntcg\nkvm\n"
    QStringList names;
    const QStringList lines = helpOutput.split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.contains(QLatin1Char(' ')) || line.endsWith(QLatin1Char(':'))) {
            continue;
        }
        names << line;
    }
    return names;
}

Result<QemuTools> QemuTools::find(const QString &configuredSystem, const QString &configuredImg)
{
    auto system = locate(configuredSystem, QStringLiteral("qemu-system-x86_64"));
    if (!system) {
        return system.error();
    }
    auto img = locate(configuredImg, QStringLiteral("qemu-img"));
    if (!img) {
        return img.error();
    }

    auto versionRun = runProcess(*system, {QStringLiteral("--version")}, kProbeTimeoutMs);
    if (!versionRun) {
        return versionRun.error();
    }
    const QVersionNumber version = parseVersion(QString::fromLocal8Bit(versionRun->standardOutput));
    if (version.isNull()) {
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1 --version did not print a QEMU version; is it QEMU?").arg(*system));
    }
    if (version < minimumVersion()) {
        return makeError(ErrorKind::Unsupported, QStringLiteral("QEMU %1 is too old (%2); Image Builder needs QEMU %3 or newer.")
                                                     .arg(version.toString(), *system, minimumVersion().toString()));
    }

    QStringList accelerators;
    auto accelRun = runProcess(*system, {QStringLiteral("-accel"), QStringLiteral("help")}, kProbeTimeoutMs);
    if (accelRun && accelRun->exitCode == 0) {
        accelerators = parseAcceleratorList(QString::fromLocal8Bit(accelRun->standardOutput));
    }

    ib::logging::get("build")->info("QEMU {} at {} (qemu-img {}), accelerators: {}", version.toString().toStdString(),
                                    system->toStdString(), img->toStdString(), accelerators.join(QStringLiteral(", ")).toStdString());
    return QemuTools(*system, *img, version, accelerators);
}

}  // namespace ib::local
