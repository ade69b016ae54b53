#include "catalog/ApplicationCatalog.h"

#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

QString sourceCatalogDir()
{
    return ib::test::sourceDir() + u"/resources/catalog"_s;
}

// The smallest catalog the loader accepts: two families, two OS, two applications.
QJsonObject minimalCatalog()
{
    const auto script = [](const QString &path) { return QJsonObject{{u"script"_s, path}, {u"verified"_s, u"static"_s}}; };
    const auto support = [](const QString &os) { return QJsonObject{{u"os"_s, os}, {u"version"_s, u"1.0"_s}}; };
    const auto os = [](const QString &distro, const QString &version, const QString &family) {
        return QJsonObject{{u"type"_s, u"linux"_s},
                           {u"distro"_s, distro},
                           {u"version"_s, version},
                           {u"name"_s, QString(distro + u' ' + version)},
                           {u"family"_s, family},
                           {u"loginUser"_s, distro},
                           {u"endOfSupport"_s, u"2030-01-01"_s}};
    };
    const QJsonObject web{
        {u"id"_s, u"web"_s},
        {u"name"_s, u"Web"_s},
        {u"category"_s, u"Web server"_s},
        {u"description"_s, u"A web server"_s},
        {u"minDiskGb"_s, 10},
        {u"ports"_s, QJsonArray{80}},
        {u"conflicts"_s, QJsonArray{QJsonObject{{u"id"_s, u"other-web"_s}, {u"reason"_s, u"both on port 80"_s}}}},
        {u"install"_s, QJsonObject{{u"debian"_s, script(u"scripts/web/debian.sh"_s)}, {u"rhel"_s, script(u"scripts/web/rhel.sh"_s)}}},
        {u"supports"_s, QJsonArray{support(u"debian:12"_s), support(u"rocky:9"_s)}},
    };
    const QJsonObject otherWeb{
        {u"id"_s, u"other-web"_s},
        {u"name"_s, u"Other web"_s},
        {u"category"_s, u"Web server"_s},
        {u"description"_s, u"Another web server"_s},
        {u"minDiskGb"_s, 10},
        {u"ports"_s, QJsonArray{80}},
        {u"conflicts"_s, QJsonArray{}},
        {u"install"_s, QJsonObject{{u"debian"_s, script(u"scripts/other-web/debian.sh"_s)}}},
        {u"supports"_s, QJsonArray{support(u"debian:12"_s)}},
    };
    return QJsonObject{
        {u"schemaVersion"_s, 1},
        {u"families"_s, QJsonObject{{u"debian"_s, QJsonObject{{u"name"_s, u"apt"_s}}}, {u"rhel"_s, QJsonObject{{u"name"_s, u"dnf"_s}}}}},
        {u"operatingSystems"_s, QJsonArray{os(u"debian"_s, u"12"_s, u"debian"_s), os(u"rocky"_s, u"9"_s, u"rhel"_s)}},
        {u"applications"_s, QJsonArray{web, otherWeb}},
    };
}

using Mutation = std::function<void(QJsonObject &)>;

// Applies a change to the first application of a catalog.
Mutation onFirstApp(const std::function<void(QJsonObject &)> &change)
{
    return [change](QJsonObject &root) {
        auto apps = root.value(u"applications"_s).toArray();
        auto app = apps.at(0).toObject();
        change(app);
        apps.replace(0, app);
        root.insert(u"applications"_s, apps);
    };
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A catalog folder with catalog.json and every script it could name.
bool writeCatalog(const QTemporaryDir &dir, const QByteArray &json)
{
    const QByteArray script = "#!/bin/sh\nset -eu\ntrue\n";
    return writeFile(dir.filePath(u"catalog.json"_s), json) && writeFile(dir.filePath(u"scripts/web/debian.sh"_s), script) &&
           writeFile(dir.filePath(u"scripts/web/rhel.sh"_s), script) && writeFile(dir.filePath(u"scripts/other-web/debian.sh"_s), script);
}

QByteArray toJson(const QJsonObject &root)
{
    return QJsonDocument(root).toJson();
}

}  // namespace

Q_DECLARE_METATYPE(Mutation)

class TestCatalog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // The built-in data.
    void loadsFromSourceAndBuiltin();
    void hasEnoughApplications();
    void everyApplicationIsComplete();
    void everySupportedFamilyHasAScript();
    void everyScriptIsUsed();
    void conflictsAreSymmetric();
    void knownConflicts_data();
    void knownConflicts();
    void knownVersions_data();
    void knownVersions();
    void notSupported_data();
    void notSupported();

    // The loader on broken folders.
    void minimalCatalogLoads();
    void oneSidedConflictBecomesSymmetric();
    void rejectsBrokenCatalog_data();
    void rejectsBrokenCatalog();
    void rejectsInvalidJson();
    void reportsMissingCatalogFile();
    void reportsMissingScriptFile();

private:
    ib::ApplicationCatalog m_catalog;
};

void TestCatalog::initTestCase()
{
    QVERIFY2(!ib::test::sourceDir().isEmpty(), "IB_SOURCE_DIR is not set; run through ctest");
    auto loaded = ib::ApplicationCatalog::loadFromDirectory(sourceCatalogDir());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    m_catalog = std::move(loaded).value();
}

void TestCatalog::loadsFromSourceAndBuiltin()
{
    const auto &builtin = ib::ApplicationCatalog::builtin();
    QCOMPARE(builtin.applications().size(), m_catalog.applications().size());
    QCOMPARE(builtin.operatingSystems().size(), m_catalog.operatingSystems().size());
    for (const auto &app : m_catalog.applications()) {
        const auto *compiled = builtin.findApp(app.id);
        QVERIFY2(compiled, qPrintable(app.id + u" is missing from the built-in catalog: re-run cmake"_s));
        for (const auto &install : app.installs) {
            const auto fromSource = m_catalog.installScript(app.id, install.family);
            const auto fromResource = builtin.installScript(app.id, install.family);
            QVERIFY2(fromResource.ok(), qPrintable(fromResource.ok() ? QString() : fromResource.error().message));
            QVERIFY(fromSource.ok());
            QVERIFY2(fromSource.value() == fromResource.value(),
                     qPrintable(app.id + u'/' + install.family + u": the built-in script is stale; rebuild"_s));
        }
    }
    QCOMPARE(m_catalog.operatingSystems().size(), 4);
    for (const auto *key : {"debian:12", "ubuntu:22.04", "ubuntu:24.04", "rocky:9"})
        QVERIFY2(m_catalog.findOs(QString::fromLatin1(key)), key);
}

void TestCatalog::hasEnoughApplications()
{
    QVERIFY2(m_catalog.applications().size() >= 10, qPrintable(QString::number(m_catalog.applications().size())));
    for (const auto *id : {"postgresql", "mysql", "mariadb", "redis", "valkey", "tomcat", "nodejs", "nginx", "apache-httpd", "docker"})
        QVERIFY2(m_catalog.findApp(QString::fromLatin1(id)), id);
}

void TestCatalog::everyApplicationIsComplete()
{
    for (const auto &app : m_catalog.applications()) {
        const auto what = qPrintable(app.id);
        QVERIFY2(!app.supports.isEmpty(), what);
        QVERIFY2(!app.category.isEmpty() && !app.description.isEmpty(), what);
        QVERIFY2(app.minDiskGb >= 10 && app.minDiskGb <= 2000, what);
        for (const auto port : app.ports)
            QVERIFY2(port > 0 && port < 65536, what);
        for (const auto &support : app.supports)
            QVERIFY2(!support.version.isEmpty(), qPrintable(app.id + u' ' + support.osKey));
        for (const auto &install : app.installs) {
            QVERIFY2(install.verified == u"run"_s || install.verified == u"static"_s, what);
            // Only Debian 12 is at hand to run scripts on; a "run" elsewhere would be a claim we cannot back.
            if (install.verified == u"run"_s)
                QVERIFY2(install.family == u"debian"_s, what);
        }
    }
}

void TestCatalog::everySupportedFamilyHasAScript()
{
    for (const auto &app : m_catalog.applications()) {
        for (const auto &support : app.supports) {
            const auto *os = m_catalog.findOs(support.osKey);
            QVERIFY2(os, qPrintable(support.osKey));
            const auto *install = app.installFor(os->family);
            QVERIFY2(install, qPrintable(app.id + u" on "_s + support.osKey));
            QFile file(sourceCatalogDir() + u'/' + install->path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            const auto bytes = file.readAll();
            QVERIFY2(bytes.startsWith("#!/bin/sh\n"), qPrintable(file.fileName()));
            QVERIFY2(bytes.contains("set -eu"), qPrintable(file.fileName()));
            QVERIFY2(bytes.size() > 20, qPrintable(file.fileName()));
        }
    }
}

void TestCatalog::everyScriptIsUsed()
{
    // Each install entry serves at least one supported OS, and no script file lies unused.
    QSet<QString> named;
    for (const auto &app : m_catalog.applications()) {
        for (const auto &install : app.installs) {
            named.insert(install.path);
            const bool used = std::any_of(app.supports.cbegin(), app.supports.cend(), [&](const ib::AppOsSupport &s) {
                const auto *os = m_catalog.findOs(s.osKey);
                return os && os->family == install.family;
            });
            QVERIFY2(used, qPrintable(app.id + u": no supported OS uses the "_s + install.family + u" script"_s));
        }
    }
    const QDir root(sourceCatalogDir());
    QDirIterator it(root.filePath(u"scripts"_s), {u"*.sh"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const auto relative = root.relativeFilePath(it.next());
        QVERIFY2(named.contains(relative), qPrintable(relative + u" is not named by catalog.json"_s));
    }
}

void TestCatalog::conflictsAreSymmetric()
{
    for (const auto &app : m_catalog.applications()) {
        for (const auto &conflict : app.conflicts) {
            const auto back = m_catalog.conflictBetween(conflict.id, app.id);
            QVERIFY2(back.has_value(), qPrintable(conflict.id + u" does not name "_s + app.id));
            QVERIFY2(!conflict.reason.isEmpty(), qPrintable(app.id));
            QCOMPARE(back->reason.isEmpty(), false);
        }
    }
}

void TestCatalog::knownConflicts_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("reasonMentions");
    QTest::newRow("mysql-mariadb") << u"mysql"_s << u"mariadb"_s << u"3306"_s;
    QTest::newRow("redis-valkey") << u"redis"_s << u"valkey"_s << u"6379"_s;
    QTest::newRow("nginx-apache") << u"nginx"_s << u"apache-httpd"_s << u"80"_s;
}

void TestCatalog::knownConflicts()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, reasonMentions);
    const auto ab = m_catalog.conflictBetween(a, b);
    const auto ba = m_catalog.conflictBetween(b, a);
    QVERIFY(ab.has_value());
    QVERIFY(ba.has_value());
    QVERIFY2(ab->reason.contains(reasonMentions), qPrintable(ab->reason));
    QVERIFY2(ba->reason.contains(reasonMentions), qPrintable(ba->reason));
    QVERIFY(!m_catalog.conflictBetween(a, u"python3"_s).has_value());
}

void TestCatalog::knownVersions_data()
{
    QTest::addColumn<QString>("app");
    QTest::addColumn<QString>("os");
    QTest::addColumn<QString>("version");
    // Debian 12 rows were checked with apt-cache policy on bookworm; the rest from the
    // distributions' package lists.
    QTest::newRow("nginx debian 12") << u"nginx"_s << u"debian:12"_s << u"1.22"_s;
    QTest::newRow("postgresql debian 12") << u"postgresql"_s << u"debian:12"_s << u"15"_s;
    QTest::newRow("mariadb debian 12") << u"mariadb"_s << u"debian:12"_s << u"10.11"_s;
    QTest::newRow("redis debian 12") << u"redis"_s << u"debian:12"_s << u"7.0"_s;
    QTest::newRow("tomcat debian 12") << u"tomcat"_s << u"debian:12"_s << u"10.1"_s;
    QTest::newRow("nodejs debian 12") << u"nodejs"_s << u"debian:12"_s << u"18"_s;
    QTest::newRow("docker debian 12") << u"docker"_s << u"debian:12"_s << u"20.10"_s;
    QTest::newRow("postgresql ubuntu 22.04") << u"postgresql"_s << u"ubuntu:22.04"_s << u"14"_s;
    QTest::newRow("nginx ubuntu 22.04") << u"nginx"_s << u"ubuntu:22.04"_s << u"1.18"_s;
    QTest::newRow("tomcat ubuntu 22.04") << u"tomcat"_s << u"ubuntu:22.04"_s << u"9.0"_s;
    QTest::newRow("postgresql ubuntu 24.04") << u"postgresql"_s << u"ubuntu:24.04"_s << u"16"_s;
    QTest::newRow("nginx ubuntu 24.04") << u"nginx"_s << u"ubuntu:24.04"_s << u"1.24"_s;
    QTest::newRow("postgresql rocky 9") << u"postgresql"_s << u"rocky:9"_s << u"13"_s;
    QTest::newRow("mariadb rocky 9") << u"mariadb"_s << u"rocky:9"_s << u"10.5"_s;
    QTest::newRow("nodejs rocky 9") << u"nodejs"_s << u"rocky:9"_s << u"16"_s;
}

void TestCatalog::knownVersions()
{
    QFETCH(QString, app);
    QFETCH(QString, os);
    QFETCH(QString, version);
    const auto *entry = m_catalog.findApp(app);
    QVERIFY(entry);
    QVERIFY(entry->supportsOs(os));
    QCOMPARE(entry->versionFor(os), version);
}

void TestCatalog::notSupported_data()
{
    QTest::addColumn<QString>("app");
    QTest::addColumn<QString>("os");
    // Not in the distribution's own repositories.
    QTest::newRow("mysql debian 12") << u"mysql"_s << u"debian:12"_s;
    QTest::newRow("valkey debian 12") << u"valkey"_s << u"debian:12"_s;
    QTest::newRow("valkey ubuntu 22.04") << u"valkey"_s << u"ubuntu:22.04"_s;
    QTest::newRow("valkey ubuntu 24.04") << u"valkey"_s << u"ubuntu:24.04"_s;
    QTest::newRow("tomcat rocky 9") << u"tomcat"_s << u"rocky:9"_s;
    QTest::newRow("docker rocky 9") << u"docker"_s << u"rocky:9"_s;
}

void TestCatalog::notSupported()
{
    QFETCH(QString, app);
    QFETCH(QString, os);
    const auto *entry = m_catalog.findApp(app);
    QVERIFY(entry);
    QVERIFY(!entry->supportsOs(os));
    QVERIFY(entry->versionFor(os).isEmpty());
}

void TestCatalog::minimalCatalogLoads()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeCatalog(dir, toJson(minimalCatalog())));
    const auto loaded = ib::ApplicationCatalog::loadFromDirectory(dir.path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QCOMPARE(loaded->applications().size(), 2);
    QCOMPARE(loaded->findApp(u"web"_s)->versionFor(u"rocky:9"_s), u"1.0"_s);
    const auto script = loaded->installScript(u"web"_s, u"rhel"_s);
    QVERIFY(script.ok());
    QVERIFY(script.value().startsWith("#!/bin/sh"));
    QVERIFY(!loaded->installScript(u"other-web"_s, u"rhel"_s).ok());
}

void TestCatalog::oneSidedConflictBecomesSymmetric()
{
    // The minimal catalog names the conflict on "web" only.
    QTemporaryDir dir;
    QVERIFY(writeCatalog(dir, toJson(minimalCatalog())));
    const auto loaded = ib::ApplicationCatalog::loadFromDirectory(dir.path());
    QVERIFY(loaded.ok());
    const auto back = loaded->conflictBetween(u"other-web"_s, u"web"_s);
    QVERIFY(back.has_value());
    QCOMPARE(back->reason, u"both on port 80"_s);
    QCOMPARE(loaded->findApp(u"other-web"_s)->conflicts.size(), 1);
}

void TestCatalog::rejectsBrokenCatalog_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown family in install") << onFirstApp([](QJsonObject &app) {
        auto install = app.value(u"install"_s).toObject();
        install.insert(u"solaris"_s, QJsonObject{{u"script"_s, u"scripts/web/debian.sh"_s}, {u"verified"_s, u"static"_s}});
        app.insert(u"install"_s, install);
    }) << u"unknown family \"solaris\""_s;

    QTest::newRow("unknown family of an OS") << Mutation([](QJsonObject &root) {
        auto list = root.value(u"operatingSystems"_s).toArray();
        auto os = list.at(1).toObject();
        os.insert(u"family"_s, u"arch"_s);
        list.replace(1, os);
        root.insert(u"operatingSystems"_s, list);
    }) << u"unknown family \"arch\""_s;

    QTest::newRow("unknown OS in supports") << onFirstApp([](QJsonObject &app) {
        auto supports = app.value(u"supports"_s).toArray();
        supports.append(QJsonObject{{u"os"_s, u"debian:99"_s}, {u"version"_s, u"1"_s}});
        app.insert(u"supports"_s, supports);
    }) << u"unknown OS \"debian:99\""_s;

    QTest::newRow("conflict with unknown application") << onFirstApp([](QJsonObject &app) {
        app.insert(u"conflicts"_s, QJsonArray{QJsonObject{{u"id"_s, u"ghost"_s}, {u"reason"_s, u"boo"_s}}});
    }) << u"unknown application \"ghost\""_s;

    QTest::newRow("conflict with itself") << onFirstApp([](QJsonObject &app) {
        app.insert(u"conflicts"_s, QJsonArray{QJsonObject{{u"id"_s, u"web"_s}, {u"reason"_s, u"twice"_s}}});
    }) << u"web conflicts with itself"_s;

    QTest::newRow("no install script for a supported family") << onFirstApp([](QJsonObject &app) {
        auto install = app.value(u"install"_s).toObject();
        install.remove(u"rhel"_s);
        app.insert(u"install"_s, install);
    }) << u"web supports rocky:9 but has no rhel install script"_s;

    QTest::newRow("verified neither run nor static") << onFirstApp([](QJsonObject &app) {
        app.insert(u"install"_s,
                   QJsonObject{{u"debian"_s, QJsonObject{{u"script"_s, u"scripts/web/debian.sh"_s}, {u"verified"_s, u"maybe"_s}}}});
    }) << u"verified \"run\" or \"static\""_s;

    QTest::newRow("install without a script") << onFirstApp([](QJsonObject &app) {
        app.insert(u"install"_s, QJsonObject{{u"debian"_s, QJsonObject{{u"verified"_s, u"run"_s}}}});
    }) << u"web's debian install needs a script"_s;

    QTest::newRow("application listed twice") << Mutation([](QJsonObject &root) {
        auto apps = root.value(u"applications"_s).toArray();
        apps.append(apps.at(0));
        root.insert(u"applications"_s, apps);
    }) << u"application web is listed twice"_s;

    QTest::newRow("application without id") << onFirstApp([](QJsonObject &app) { app.remove(u"id"_s); }) << u"lacks id or name"_s;

    QTest::newRow("OS listed twice") << Mutation([](QJsonObject &root) {
        auto list = root.value(u"operatingSystems"_s).toArray();
        list.append(list.at(0));
        root.insert(u"operatingSystems"_s, list);
    }) << u"debian:12 is listed twice"_s;

    QTest::newRow("wrong schemaVersion") << Mutation([](QJsonObject &root) { root.insert(u"schemaVersion"_s, 2); })
                                         << u"schemaVersion must be 1"_s;
}

void TestCatalog::rejectsBrokenCatalog()
{
    QFETCH(Mutation, mutation);
    QFETCH(QString, message);
    auto root = minimalCatalog();
    mutation(root);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeCatalog(dir, toJson(root)));
    const auto loaded = ib::ApplicationCatalog::loadFromDirectory(dir.path());
    QVERIFY2(!loaded.ok(), "the loader accepted a broken catalog");
    QCOMPARE(loaded.error().kind, ib::ErrorKind::Invalid);
    QVERIFY2(loaded.error().message.contains(message), qPrintable(loaded.error().message));
    QVERIFY2(loaded.error().message.startsWith(u"catalog.json: "_s), qPrintable(loaded.error().message));
}

void TestCatalog::rejectsInvalidJson()
{
    QTemporaryDir dir;
    QVERIFY(writeCatalog(dir, "{ \"schemaVersion\": 1, \"applications\": [ }"));
    const auto loaded = ib::ApplicationCatalog::loadFromDirectory(dir.path());
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind, ib::ErrorKind::Invalid);
    QVERIFY2(loaded.error().message.contains(u"not valid JSON at offset"_s), qPrintable(loaded.error().message));
}

void TestCatalog::reportsMissingCatalogFile()
{
    QTemporaryDir dir;
    const auto loaded = ib::ApplicationCatalog::loadFromDirectory(dir.path());
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind, ib::ErrorKind::Io);
    QVERIFY2(loaded.error().message.contains(u"catalog.json"_s), qPrintable(loaded.error().message));
}

void TestCatalog::reportsMissingScriptFile()
{
    // A script named in catalog.json but absent: either the loader refuses the folder or
    // reading the script fails; both must name the file.
    QTemporaryDir dir;
    QVERIFY(writeCatalog(dir, toJson(minimalCatalog())));
    QVERIFY(QFile::remove(dir.filePath(u"scripts/web/rhel.sh"_s)));
    const auto loaded = ib::ApplicationCatalog::loadFromDirectory(dir.path());
    if (!loaded.ok()) {
        QVERIFY2(loaded.error().message.contains(u"scripts/web/rhel.sh"_s), qPrintable(loaded.error().message));
        return;
    }
    const auto script = loaded->installScript(u"web"_s, u"rhel"_s);
    QVERIFY(!script.ok());
    QCOMPARE(script.error().kind, ib::ErrorKind::Io);
    QVERIFY2(script.error().message.contains(u"scripts/web/rhel.sh"_s), qPrintable(script.error().message));
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
