#include "settings/Settings.h"

#include <QSettings>

#include <algorithm>

namespace ib {

// The organisation and application names the app sets (app/gui/main.cpp), written out here
// so that a process that sets other names (or none: a test) still reads the same file.
Settings::Settings()
    : m_settings(std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("ImageBuilder"),
                                             QStringLiteral("imagebuilder")))
{}

Settings::Settings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

Settings::~Settings() = default;

QString Settings::name(Key key)
{
    switch (key) {
    case Key::QemuSystemProgram:
        return QStringLiteral("local/qemuSystem");
    case Key::QemuImgProgram:
        return QStringLiteral("local/qemuImg");
    case Key::Accelerator:
        return QStringLiteral("local/accelerator");
    case Key::DataDirectory:
        return QStringLiteral("local/dataDirectory");
    case Key::Concurrency:
        return QStringLiteral("build/concurrency");
    case Key::KeepVmOnFailure:
        return QStringLiteral("build/keepVmOnFailure");
    case Key::VmMemoryMb:
        return QStringLiteral("local/vmMemoryMb");
    case Key::VmCpus:
        return QStringLiteral("local/vmCpus");
    case Key::StoreLocation:
        return QStringLiteral("store/location");
    case Key::UiLanguage:
        return QStringLiteral("ui/language");
    case Key::TestCloudImages:
        return QStringLiteral("build/testCloudImages");
    case Key::IsolateVmFromHost:
        return QStringLiteral("local/isolateVmFromHost");
    case Key::UnseenBuilds:
        return QStringLiteral("ui/unseenBuilds");
    case Key::UiAppearance:
        return QStringLiteral("ui/appearance");
    }
    return {};
}

QVariant Settings::defaultValue(Key key)
{
    const BuildSettings d;
    switch (key) {
    case Key::QemuSystemProgram:
    case Key::QemuImgProgram:
        return QString();  // empty: found on PATH
    case Key::Accelerator:
        return d.accelerator;
    case Key::DataDirectory:
        return QString();  // empty: BuildSettings::defaults()
    case Key::Concurrency:
        return d.concurrency;
    case Key::KeepVmOnFailure:
        return d.keepVmOnFailure;
    case Key::VmMemoryMb:
        return d.vmMemoryMb;
    case Key::VmCpus:
        return d.vmCpus;
    case Key::StoreLocation:  // empty: the SQLite file in the data folder
    case Key::UiLanguage:     // empty: the system's
        return QString();
    case Key::TestCloudImages:
        return d.testCloudImages;
    case Key::IsolateVmFromHost:
        return d.isolateVmFromHost;
    case Key::UnseenBuilds:
        return QStringList();
    case Key::UiAppearance:
        return QStringLiteral("system");  // follow the desktop
    }
    return {};
}

QVariant Settings::value(Key key) const
{
    return m_settings->value(name(key), defaultValue(key));
}

void Settings::setValue(Key key, const QVariant &value)
{
    if (value == defaultValue(key))
        m_settings->remove(name(key));
    else
        m_settings->setValue(name(key), value);
}

void Settings::reset(Key key)
{
    m_settings->remove(name(key));
}

void Settings::sync()
{
    m_settings->sync();
}

QString Settings::fileName() const
{
    return m_settings->fileName();
}

QStringList Settings::storedLines() const
{
    QStringList lines;
    const QStringList keys = m_settings->allKeys();
    for (const QString &key : keys) {
        const QVariant value = m_settings->value(key);
        const QString text = value.canConvert<QStringList>() ? value.toStringList().join(QStringLiteral(", ")) : value.toString();
        lines << key + QStringLiteral(" = ") + text;
    }
    lines.sort();
    return lines;
}

BuildSettings Settings::buildSettings() const
{
    auto s = BuildSettings::defaults();
    if (const auto dir = value(Key::DataDirectory).toString(); !dir.isEmpty() && qEnvironmentVariableIsEmpty("IMAGEBUILDER_DATA_DIR"))
        s.dataDirectory = dir;
    s.qemuSystemProgram = value(Key::QemuSystemProgram).toString();
    s.qemuImgProgram = value(Key::QemuImgProgram).toString();
    // IMAGEBUILDER_ACCELERATOR (tests, scripts) wins over the saved choice, as it did for the CLI.
    if (qEnvironmentVariableIsEmpty("IMAGEBUILDER_ACCELERATOR"))
        s.accelerator = value(Key::Accelerator).toString();
    s.concurrency = std::clamp(value(Key::Concurrency).toInt(), 1, 8);
    s.keepVmOnFailure = value(Key::KeepVmOnFailure).toBool();
    s.vmMemoryMb = std::clamp(value(Key::VmMemoryMb).toInt(), 512, 65536);
    s.vmCpus = std::clamp(value(Key::VmCpus).toInt(), 1, 64);
    s.testCloudImages = value(Key::TestCloudImages).toBool();
    s.isolateVmFromHost = value(Key::IsolateVmFromHost).toBool();
    return s;
}

QString Settings::storeLocation() const
{
    return value(Key::StoreLocation).toString();
}

}  // namespace ib
