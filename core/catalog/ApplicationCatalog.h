#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ib {

// One operating system an image can be built for, e.g. Debian 12.
struct OsEntry
{
    QString type;       // "linux" (the only type today)
    QString distro;     // "debian", "ubuntu", "rocky"
    QString version;    // "12", "22.04", "9"
    QString name;       // "Debian 12 (bookworm)"
    QString family;     // "debian" or "rhel": selects the install scripts
    QString loginUser;  // the default user of the distribution's cloud images
    QDate endOfSupport;

    // "debian:12": the form the CLI and the catalog use.
    QString key() const { return distro + QLatin1Char(':') + version; }
};

struct AppConflict
{
    QString id;      // the other application
    QString reason;  // "both serve HTTP on port 80"
};

struct AppOsSupport
{
    QString osKey;    // "debian:12"
    QString version;  // the version the distribution's repositories install, e.g. "1.22"
};

struct InstallScript
{
    QString family;    // "debian", "rhel"
    QString path;      // relative to the catalog folder
    QString verified;  // "run": executed on a real Debian 12 system (see resources/catalog/README.md); "static": sh -n and shellcheck only
};

struct Application
{
    QString id;  // "nginx"
    QString name;
    QString category;
    QString description;
    int minDiskGb = 0;
    QList<int> ports;
    QList<AppConflict> conflicts;  // symmetric: the loader adds the other direction
    QList<AppOsSupport> supports;
    QList<InstallScript> installs;

    bool supportsOs(const QString &osKey) const;
    QString versionFor(const QString &osKey) const;
    const InstallScript *installFor(const QString &family) const;
};

// The applications and operating systems templates choose from; data in resources/catalog/.
class ApplicationCatalog final
{
public:
    // The catalog compiled into the program (":/catalog/catalog.json"); loaded once.
    static const ApplicationCatalog &builtin();
    // A catalog folder on disk (catalog.json and the scripts it names).
    static Result<ApplicationCatalog> loadFromDirectory(const QString &directory);

    const QList<OsEntry> &operatingSystems() const { return m_os; }
    const QList<Application> &applications() const { return m_apps; }

    const OsEntry *findOs(const QString &distro, const QString &version) const;
    const OsEntry *findOs(const QString &key) const;  // "debian:12"
    // The OS's name ("Debian 12 (bookworm)"), or its key where the catalog does not know it.
    QString osName(const QString &key) const;
    const Application *findApp(const QString &id) const;
    std::optional<AppConflict> conflictBetween(const QString &a, const QString &b) const;

    // The install script of an application for an OS family, as bytes.
    Result<QByteArray> installScript(const QString &appId, const QString &family) const;

    QString directory() const { return m_directory; }

private:
    static Result<ApplicationCatalog> parse(const QByteArray &json, const QString &directory);

    QString m_directory;
    QList<OsEntry> m_os;
    QList<Application> m_apps;
};

}  // namespace ib
