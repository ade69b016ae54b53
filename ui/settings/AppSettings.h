#pragma once

#include "settings/BuildSettings.h"

#include <QString>
#include <QVariant>

#include <memory>

class QSettings;

namespace ib::ui {

// The desktop app's settings: typed keys with defaults over QSettings. Tests pass a
// throwaway INI file. Build settings are read once, when the BuildService is made.
class AppSettings final
{
public:
    enum class Key {
        QemuSystemProgram,
        QemuImgProgram,
        Accelerator,
        DataDirectory,
        Concurrency,
        KeepVmOnFailure,
        VmMemoryMb,
        VmCpus,
        StoreLocation
    };

    AppSettings();                                 // the app's settings
    explicit AppSettings(const QString &iniFile);  // a file of its own (tests)
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant &value);
    void reset(Key key);
    static QVariant defaultValue(Key key);
    static QString name(Key key);  // "build/concurrency"
    void sync();

    // BuildSettings::defaults() with what the user set on top.
    BuildSettings buildSettings() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

}  // namespace ib::ui
