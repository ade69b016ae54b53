#include "settings/AppSettings.h"

#include "storage/StoreLocation.h"

#include <QSettings>

namespace ib::ui {

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>())
{}

AppSettings::AppSettings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

AppSettings::~AppSettings() = default;

QString AppSettings::name(Key key)
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
        return QLatin1String(StoreLocation::SettingKey);  // read by the CLI too
    }
    return {};
}

QVariant AppSettings::defaultValue(Key key)
{
    const BuildSettings d;
    switch (key) {
    case Key::QemuSystemProgram:
        return QString();
    case Key::QemuImgProgram:
        return QString();
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
    case Key::StoreLocation:
        return QString();  // empty: the SQLite file in the data folder
    }
    return {};
}

QVariant AppSettings::value(Key key) const
{
    return m_settings->value(name(key), defaultValue(key));
}

void AppSettings::setValue(Key key, const QVariant &value)
{
    if (value == defaultValue(key))
        m_settings->remove(name(key));
    else
        m_settings->setValue(name(key), value);
}

void AppSettings::reset(Key key)
{
    m_settings->remove(name(key));
}

void AppSettings::sync()
{
    m_settings->sync();
}

BuildSettings AppSettings::buildSettings() const
{
    auto s = BuildSettings::defaults();
    // IMAGEBUILDER_DATA_DIR (tests, scripts) wins over the saved folder.
    if (const auto dir = value(Key::DataDirectory).toString(); !dir.isEmpty() && qEnvironmentVariableIsEmpty("IMAGEBUILDER_DATA_DIR"))
        s.dataDirectory = dir;
    s.qemuSystemProgram = value(Key::QemuSystemProgram).toString();
    s.qemuImgProgram = value(Key::QemuImgProgram).toString();
    s.accelerator = value(Key::Accelerator).toString();
    s.concurrency = std::clamp(value(Key::Concurrency).toInt(), 1, 8);
    s.keepVmOnFailure = value(Key::KeepVmOnFailure).toBool();
    s.vmMemoryMb = std::clamp(value(Key::VmMemoryMb).toInt(), 512, 65536);
    s.vmCpus = std::clamp(value(Key::VmCpus).toInt(), 1, 64);
    return s;
}

}  // namespace ib::ui
