#pragma once

#include "settings/BuildSettings.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

class QSettings;

namespace ib {

// Every setting both front ends read: typed keys with defaults over one QSettings. The
// desktop app's Settings dialog writes them, and imagebuilder-cli reads the same file, so a
// QEMU path or data folder chosen in the app holds for the CLI too. Tests pass a throwaway
// INI file of their own.
//
// The file and keys are those the app has always written (Linux:
// ~/.config/ImageBuilder/imagebuilder.conf; "local/qemuSystem", "store/location", ...), so
// an existing installation keeps its settings.
class Settings
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
        StoreLocation,
        UiLanguage,
        TestCloudImages,
        IsolateVmFromHost,
        // This machine's UI state, not a setting: builds that ended unseen ("buildId templateId").
        UnseenBuilds,
        UiAppearance  // "system", "light" or "dark" (ib::ui::Theme)
    };

    Settings();                                 // this user's settings of Image Builder
    explicit Settings(const QString &iniFile);  // a file of its own (tests)
    ~Settings();
    Settings(const Settings &) = delete;
    Settings &operator=(const Settings &) = delete;

    QVariant value(Key key) const;
    // A value equal to the default is stored as "not set", so a later default applies.
    void setValue(Key key, const QVariant &value);
    void reset(Key key);
    void sync();
    QString fileName() const;
    // Every stored key and its value as text ("build/concurrency = 2"), sorted: what Save
    // Diagnostics writes (after redaction). Keys at their default are not stored.
    QStringList storedLines() const;

    static QVariant defaultValue(Key key);
    static QString name(Key key);  // "build/concurrency"

    // BuildSettings::defaults() with what the user set on top (IMAGEBUILDER_DATA_DIR, for
    // tests and scripts, still wins over the saved data folder).
    BuildSettings buildSettings() const;
    // The Team Store the user chose (empty: the SQLite file in the data folder).
    QString storeLocation() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

}  // namespace ib
