#include "catalog/ApplicationCatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace ib {

bool Application::supportsOs(const QString &osKey) const
{
    return std::any_of(supports.cbegin(), supports.cend(), [&](const AppOsSupport &s) { return s.osKey == osKey; });
}

QString Application::versionFor(const QString &osKey) const
{
    for (const auto &s : supports) {
        if (s.osKey == osKey)
            return s.version;
    }
    return {};
}

const InstallScript *Application::installFor(const QString &family) const
{
    for (const auto &i : installs) {
        if (i.family == family)
            return &i;
    }
    return nullptr;
}

const ApplicationCatalog &ApplicationCatalog::builtin()
{
    static const ApplicationCatalog catalog = [] {
        auto loaded = loadFromDirectory(QStringLiteral(":/catalog"));
        if (!loaded)
            qFatal("The built-in application catalog is broken: %s", qPrintable(loaded.error().message));
        return std::move(loaded).value();
    }();
    return catalog;
}

Result<ApplicationCatalog> ApplicationCatalog::loadFromDirectory(const QString &directory)
{
    QFile file(directory + QStringLiteral("/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, QStringLiteral("Cannot read the catalog %1: %2").arg(file.fileName(), file.errorString()));
    return parse(file.readAll(), directory);
}

namespace {

Error broken(const QString &what)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("catalog.json: ") + what);
}

// One entry of "operatingSystems"; `catalog` holds those read before it.
Result<OsEntry> parseOs(const QJsonObject &o, const QSet<QString> &families, const ApplicationCatalog &catalog)
{
    OsEntry os;
    os.type = o.value(QStringLiteral("type")).toString();
    os.distro = o.value(QStringLiteral("distro")).toString();
    os.version = o.value(QStringLiteral("version")).toString();
    os.name = o.value(QStringLiteral("name")).toString();
    os.family = o.value(QStringLiteral("family")).toString();
    os.loginUser = o.value(QStringLiteral("loginUser")).toString();
    os.endOfSupport = QDate::fromString(o.value(QStringLiteral("endOfSupport")).toString(), Qt::ISODate);
    if (os.type.isEmpty() || os.distro.isEmpty() || os.version.isEmpty() || os.name.isEmpty() || os.loginUser.isEmpty())
        return broken(QStringLiteral("an operating system lacks type, distro, version, name or loginUser"));
    if (!families.contains(os.family))
        return broken(QStringLiteral("%1 names the unknown family \"%2\"").arg(os.key(), os.family));
    if (catalog.findOs(os.key()))
        return broken(QStringLiteral("%1 is listed twice").arg(os.key()));
    return os;
}

// One entry of "applications": its install scripts must exist in `directory`, and what it
// supports must be in `catalog` already.
Result<Application> parseApplication(const QJsonObject &o, const QSet<QString> &families, const ApplicationCatalog &catalog,
                                     const QString &directory)
{
    Application app;
    app.id = o.value(QStringLiteral("id")).toString();
    app.name = o.value(QStringLiteral("name")).toString();
    app.category = o.value(QStringLiteral("category")).toString();
    app.description = o.value(QStringLiteral("description")).toString();
    app.minDiskGb = o.value(QStringLiteral("minDiskGb")).toInt();
    if (app.id.isEmpty() || app.name.isEmpty())
        return broken(QStringLiteral("an application lacks id or name"));
    if (catalog.findApp(app.id))
        return broken(QStringLiteral("application %1 is listed twice").arg(app.id));
    for (const QJsonArray jsonItems = o.value(QStringLiteral("ports")).toArray(); const auto &p : jsonItems)
        app.ports.append(p.toInt());
    for (const QJsonArray jsonItems = o.value(QStringLiteral("conflicts")).toArray(); const auto &c : jsonItems) {
        const auto co = c.toObject();
        app.conflicts.append({co.value(QStringLiteral("id")).toString(), co.value(QStringLiteral("reason")).toString()});
    }
    const auto installs = o.value(QStringLiteral("install")).toObject();
    for (auto it = installs.begin(); it != installs.end(); ++it) {
        if (!families.contains(it.key()))
            return broken(QStringLiteral("%1 has an install script for the unknown family \"%2\"").arg(app.id, it.key()));
        const auto io = it.value().toObject();
        InstallScript script{it.key(), io.value(QStringLiteral("script")).toString(), io.value(QStringLiteral("verified")).toString()};
        if (script.path.isEmpty() || (script.verified != QLatin1String("run") && script.verified != QLatin1String("static")))
            return broken(QStringLiteral("%1's %2 install needs a script and verified \"run\" or \"static\"").arg(app.id, it.key()));
        if (!QFile::exists(directory + QLatin1Char('/') + script.path))
            return broken(QStringLiteral("%1's %2 install script %3 does not exist").arg(app.id, it.key(), script.path));
        app.installs.append(script);
    }
    for (const QJsonArray jsonItems = o.value(QStringLiteral("supports")).toArray(); const auto &s : jsonItems) {
        const auto so = s.toObject();
        AppOsSupport support{so.value(QStringLiteral("os")).toString(), so.value(QStringLiteral("version")).toString()};
        const auto *os = catalog.findOs(support.osKey);
        if (!os)
            return broken(QStringLiteral("%1 supports the unknown OS \"%2\"").arg(app.id, support.osKey));
        if (!app.installFor(os->family))
            return broken(QStringLiteral("%1 supports %2 but has no %3 install script").arg(app.id, support.osKey, os->family));
        app.supports.append(support);
    }
    return app;
}

}  // namespace

Result<ApplicationCatalog> ApplicationCatalog::parse(const QByteArray &json, const QString &directory)
{
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull())
        return broken(QStringLiteral("not valid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    const auto root = doc.object();
    if (root.value(QStringLiteral("schemaVersion")).toInt() != 1)
        return broken(QStringLiteral("schemaVersion must be 1"));

    ApplicationCatalog catalog;
    catalog.m_directory = directory;

    QSet<QString> families;
    const auto familyObj = root.value(QStringLiteral("families")).toObject();
    for (auto it = familyObj.begin(); it != familyObj.end(); ++it)
        families.insert(it.key());

    for (const QJsonArray jsonItems = root.value(QStringLiteral("operatingSystems")).toArray(); const auto &v : jsonItems) {
        auto os = parseOs(v.toObject(), families, catalog);
        if (!os)
            return os.error();
        catalog.m_os.append(*os);
    }

    for (const QJsonArray jsonItems = root.value(QStringLiteral("applications")).toArray(); const auto &v : jsonItems) {
        auto app = parseApplication(v.toObject(), families, catalog, directory);
        if (!app)
            return app.error();
        catalog.m_apps.append(*app);
    }

    // Conflicts hold both ways, whichever side the data names them on.
    for (auto &app : catalog.m_apps) {
        for (const auto &c : std::as_const(app.conflicts)) {
            if (!catalog.findApp(c.id))
                return broken(QStringLiteral("%1 conflicts with the unknown application \"%2\"").arg(app.id, c.id));
            if (c.id == app.id)
                return broken(QStringLiteral("%1 conflicts with itself").arg(app.id));
        }
    }
    for (const auto &app : std::as_const(catalog.m_apps)) {
        for (const auto &c : app.conflicts) {
            auto other = std::find_if(catalog.m_apps.begin(), catalog.m_apps.end(), [&](const Application &a) { return a.id == c.id; });
            const bool listed =
                std::any_of(other->conflicts.cbegin(), other->conflicts.cend(), [&](const AppConflict &oc) { return oc.id == app.id; });
            if (!listed)
                other->conflicts.append({app.id, c.reason});
        }
    }
    return catalog;
}

const OsEntry *ApplicationCatalog::findOs(const QString &distro, const QString &version) const
{
    for (const auto &os : m_os) {
        if (os.distro.compare(distro, Qt::CaseInsensitive) == 0 && os.version == version)
            return &os;
    }
    return nullptr;
}

const OsEntry *ApplicationCatalog::findOs(const QString &key) const
{
    const auto colon = key.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return nullptr;
    return findOs(key.left(colon), key.mid(colon + 1));
}

QString ApplicationCatalog::osName(const QString &key) const
{
    const auto *entry = findOs(key);
    return entry ? entry->name : key;
}

const Application *ApplicationCatalog::findApp(const QString &id) const
{
    for (const auto &app : m_apps) {
        if (app.id == id)
            return &app;
    }
    return nullptr;
}

std::optional<AppConflict> ApplicationCatalog::conflictBetween(const QString &a, const QString &b) const
{
    if (const auto *app = findApp(a)) {
        for (const auto &c : app->conflicts) {
            if (c.id == b)
                return c;
        }
    }
    return std::nullopt;
}

Result<QByteArray> ApplicationCatalog::installScript(const QString &appId, const QString &family) const
{
    const auto *app = findApp(appId);
    if (!app)
        return makeError(ErrorKind::NotFound, QStringLiteral("The catalog has no application \"%1\".").arg(appId));
    const auto *install = app->installFor(family);
    if (!install)
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1 has no install script for %2 systems.").arg(app->name, family));
    QFile file(m_directory + QLatin1Char('/') + install->path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, QStringLiteral("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    return file.readAll();
}

}  // namespace ib
