// A hostile team store (issue 15): a second client of the same store (SQLite file or
// PostgreSQL database) plants rows meant to make the victim's Image Builder remove,
// write, kill or hang: build rows copied from the victim's own identity columns, "../"
// build ids, foreign paths and pids in every resource kind and in the log path, /dev/zero
// and a FIFO as log paths, escape sequences in text columns. The victim then sweeps,
// cancels, lists and reads every build. A decoy folder tree outside the app is unchanged
// (checksums), a decoy process lives, and every call returns.
//
// The other half: what the victim's own ledger recorded is removed (files, folders, the
// QEMU-like process whose command line matches), and nothing else.
#include "builds/BuildLog.h"
#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/ResourceLedger.h"
#include "ledger/TrustedPaths.h"
#include "providers/local/LocalProvider.h"
#include "storage/Store.h"

#ifdef IB_TEST_POSTGRES
#include "PostgresFixture.h"
#endif

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sys/stat.h>

using namespace ib;

namespace {

QByteArray treeChecksum(const QString &root)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList entries;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        entries.append(it.next());
    entries.sort();
    for (const auto &e : entries) {
        hash.addData(e.toUtf8());
        QFileInfo info(e);
        if (info.isFile() && !info.isSymLink()) {
            QFile f(e);
            if (f.open(QIODevice::ReadOnly))
                hash.addData(f.readAll());
        }
    }
    return hash.result().toHex();
}

bool processAlive(qint64 pid)
{
    return QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

}  // namespace

class TestHostileStore final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
#ifdef IB_TEST_POSTGRES
    test::PostgresFixture m_pg;
#endif

    QString location()
    {
#ifdef IB_TEST_POSTGRES
        return m_pg.createDatabase();
#else
        static int n = 0;
        return m_dir.filePath(QStringLiteral("team-%1.sqlite").arg(++n));
#endif
    }

    static ImageTemplate sampleTemplate()
    {
        ImageTemplate t;
        t.name = QStringLiteral("web \x1b]0;pwned\x07 server");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.applications = {QStringLiteral("nginx")};
        t.minStorageGb = 10;
        t.userScript = QStringLiteral("#!/bin/bash\necho hi\n");
        t.description = QStringLiteral("\x1b[2K\rBuild succeeded \x1b]52;c;ZWNobyBoaQ==\x07");
        return t;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
#ifdef IB_TEST_POSTGRES
        const auto error = m_pg.start();
        if (!error.isEmpty())
            QSKIP(qPrintable(error));
#endif
    }

    void plantedRowsActOnNothing()
    {
        const QString url = location();
        QVERIFY(!url.isEmpty());
        auto victimStore = Store::open(url);
        auto attackerStore = Store::open(url);  // the second client
        QVERIFY(victimStore && attackerStore);
        Store &attacker = *attackerStore.value();

        // The decoys: a folder tree outside the app, a process, a FIFO.
        const QString decoy = m_dir.filePath(QStringLiteral("home/victim"));
        QVERIFY(QDir().mkpath(decoy + QStringLiteral("/.ssh")));
        QVERIFY(QDir().mkpath(decoy + QStringLiteral("/.local/lib/python3.11/site-packages")));
        for (const auto &[name, text] :
             {std::pair{".ssh/id_ed25519", "PRIVATE KEY"}, std::pair{".bashrc", "export PS1=x"}, std::pair{"notes.txt", "mine"}}) {
            QFile f(decoy + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const QString fifo = m_dir.filePath(QStringLiteral("log.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QByteArray before = treeChecksum(decoy);
        QProcess decoyProcess;
        decoyProcess.start(QStringLiteral("sleep"), {QStringLiteral("300")});
        QVERIFY(decoyProcess.waitForStarted());
        const qint64 decoyPid = decoyProcess.processId();

        auto t = attacker.createTemplate(sampleTemplate());
        QVERIFY(t);
        BaseImage base;
        base.name = QStringLiteral("base \x1b]0;x\x07");
        base.provider = QStringLiteral("local");
        base.path = decoy + QStringLiteral("/.bashrc");
        base.os = t->os;
        base.loginUser = QStringLiteral("debian");
        auto b = attacker.addBaseImage(base);
        QVERIFY(b);

        QProcess gone;
        gone.start(QStringLiteral("true"), QStringList{});
        QVERIFY(gone.waitForStarted());
        const qint64 deadPid = gone.processId();  // 0 once it has finished
        QVERIFY(gone.waitForFinished());
        const QString host = QHostInfo::localHostName();
        const qint64 myPid = QCoreApplication::applicationPid();

        // The planted cases: every resource kind with a foreign target, on build rows that
        // carry the victim's own identity (host name, a dead pid, its own live pid).
        struct Target
        {
            QString kind, identifier, detail;
        };
        const QList<Target> targets{
            {QStringLiteral("folder"), decoy, QString()},
            {QStringLiteral("folder"), decoy + QStringLiteral("/.ssh"), QStringLiteral("cloud-init seed")},
            {QStringLiteral("file"), decoy + QStringLiteral("/.bashrc"), QStringLiteral("overlay")},
            {QStringLiteral("file"), decoy + QStringLiteral("/.ssh/id_ed25519"), QString()},
            {QStringLiteral("process"), QString::number(decoyPid), QString()},
            {QStringLiteral("process"), QString::number(decoyPid), QStringLiteral("sleep")},
            {QStringLiteral("process"), QString::number(decoyPid), QStringLiteral("[\"sleep\",\"300\"]")},
            {QStringLiteral("process"), QStringLiteral("1"), QString()},
            {QStringLiteral("port"), QStringLiteral("22"), QString()},
            {QStringLiteral("server"), QStringLiteral("00000000-0000-0000-0000-000000000001"), QString()},
            {QStringLiteral("volume"), QStringLiteral("victims-volume"), QString()},
            {QStringLiteral("image"), QStringLiteral("victims-golden-image"), QString()},
        };
        const QStringList logPaths{decoy + QStringLiteral("/.local/lib/python3.11/site-packages/evil.pth"), QStringLiteral("/dev/zero"),
                                   fifo, decoy + QStringLiteral("/.ssh/id_ed25519")};
        const QList<qint64> ownerPids{deadPid, myPid, 0};
        QStringList planted;
        int cases = 0;
        const auto plant = [&](const QString &id, qint64 pid, const QString &logPath, const QList<Target> &resources, bool finished) {
            BuildRecord r;
            r.id = id;
            r.templateId = t->id;
            r.templateRevision = t->revision;
            r.snapshot = t.value();
            r.imageName = QStringLiteral("img \x1b[2J");
            r.baseImage = b.value();
            r.provider = QStringLiteral("local");
            r.ownerHost = host;
            r.ownerPid = pid;
            r.logPath = logPath;
            auto made = attacker.createBuild(r);
            QVERIFY2(made, qPrintable(made ? QString() : made.error().message));
            QVERIFY(attacker.markBuildStarted(made->id, host, pid, logPath));
            for (const auto &res : resources) {
                auto intent = attacker.addResourceIntent(made->id, res.kind, res.identifier, res.detail);
                QVERIFY(intent);
                QVERIFY(attacker.setResourceState(*intent, QStringLiteral("created"), res.identifier));
                ++cases;
            }
            if (finished)
                QVERIFY(attacker.finishBuild(made->id, BuildState::Failed, QStringLiteral("\x1b]0;owned\x07")));
            planted.append(made->id);
            ++cases;
        };
        // A build per (owner pid, log path), each with every resource kind.
        for (const auto pid : ownerPids)
            for (const auto &logPath : logPaths)
                plant(QUuid::createUuid().toString(QUuid::WithoutBraces), pid, logPath, targets, false);
        // Finished builds "holding" resources (a kept VM), and ../ build ids.
        plant(QUuid::createUuid().toString(QUuid::WithoutBraces), deadPid, fifo, targets, true);
        plant(QStringLiteral("../../home/victim"), deadPid, QStringLiteral("/dev/zero"), targets, false);
        plant(QStringLiteral("../") + QUuid::createUuid().toString(QUuid::WithoutBraces), deadPid, fifo, targets, false);
        qInfo("%d planted cases on %lld build rows", cases, static_cast<long long>(planted.size()));
        QVERIFY(cases >= 30);

        // The victim: its own data folder, a real local provider, the team store.
        BuildSettings settings;
        settings.dataDirectory = m_dir.filePath(QStringLiteral("victim-data-%1").arg(planted.first().left(8)));
        // The victim's builds folder holds the planted ids' folders if they resolve there.
        QVERIFY(QDir().mkpath(settings.buildsDirectory()));
        Store &victim = *victimStore.value();
        BuildService service(victim, ApplicationCatalog::builtin(), settings, [settings](const QString &id) -> std::unique_ptr<Provider> {
            return id == QLatin1String("local") ? std::make_unique<local::LocalProvider>(settings) : nullptr;
        });
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(service.sweep(), 0);  // none of these builds is this installation's
        for (const auto &id : planted) {
            (void)service.cancel(id);  // may be a request in the store: never an act here
            auto row = victim.buildById(id);
            if (row) {
                // What `build log` and Build Details read: regular files in a build's own folder only.
                QVERIFY2(row->logPath.isEmpty(), qPrintable(row->logPath));
                const auto lines = BuildLog::readFile(row->logPath.isEmpty() ? QStringLiteral("/dev/zero") : row->logPath, 100);
                QVERIFY(lines.size() <= 1);
            }
        }
        QCOMPARE(service.sweep(), 0);
        QVERIFY(victim.listBuilds());
        // FIFO and /dev/zero read directly (a caller that passed a stored path anyway).
        QCOMPARE(BuildLog::readFile(fifo).size(), 1);
        QCOMPARE(BuildLog::readFile(QStringLiteral("/dev/zero")).size(), 1);
        QVERIFY2(timer.elapsed() < 60000, "every call returns");

        // The victim's CLI on the same store: every command returns, prints no raw escape,
        // and acts on nothing (each command sweeps first).
        const QString cli = qEnvironmentVariable("IB_CLI");
        if (QFileInfo::exists(cli)) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), settings.dataDirectory);
            env.insert(QStringLiteral("IMAGEBUILDER_SECRET_STORE"), QStringLiteral("memory"));
            QList<QStringList> commands{{QStringLiteral("build"), QStringLiteral("list")},
                                        {QStringLiteral("image"), QStringLiteral("list")},
                                        {QStringLiteral("template"), QStringLiteral("list")},
                                        {QStringLiteral("template"), QStringLiteral("show"), t->id},
                                        {QStringLiteral("base-image"), QStringLiteral("list")}};
            for (const auto &id : planted)
                for (const auto &verb : {QStringLiteral("show"), QStringLiteral("log")})
                    commands.append({QStringLiteral("build"), verb, id});
            // A cancel asks the owner through the store and waits up to 30 s for it: one
            // row with the victim's own identity is enough to show it acts on nothing.
            commands.append({QStringLiteral("build"), QStringLiteral("cancel"), planted.first()});
            for (const auto &command : commands) {
                QProcess run;
                run.setProcessEnvironment(env);
                run.start(cli, QStringList{QStringLiteral("--db"), url} + command);
                QVERIFY2(run.waitForFinished(45000), qPrintable(command.join(QLatin1Char(' ')) + QStringLiteral(" did not return")));
                const QByteArray out = run.readAllStandardOutput() + run.readAllStandardError();
                QVERIFY2(run.exitStatus() == QProcess::NormalExit, qPrintable(command.join(QLatin1Char(' '))));
                QVERIFY2(!out.contains('\x1b') && !out.contains('\x07'),
                         qPrintable(command.join(QLatin1Char(' ')) + QLatin1Char('\n') + QString::fromUtf8(out)));
                QVERIFY2(!out.contains("PRIVATE KEY"), qPrintable(command.join(QLatin1Char(' '))));
            }
            qInfo("%lld CLI commands ran against the planted store", static_cast<long long>(commands.size()));
        }

        // The victim's desktop app starts on the same store: its start-up sweep and first
        // load see every planted row. It must come up, stay up and act on nothing.
        const QString gui = qEnvironmentVariable("IB_GUI");
        QVERIFY2(QFileInfo::exists(gui), "IB_GUI must name the built imagebuilder");
        {
            const QString home = m_dir.filePath(QStringLiteral("gui-home"));
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), settings.dataDirectory);
            env.insert(QStringLiteral("IMAGEBUILDER_SECRET_STORE"), QStringLiteral("memory"));
            env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            QProcess app;
            app.setProcessEnvironment(env);
            app.setProcessChannelMode(QProcess::MergedChannels);
            app.start(gui, {QStringLiteral("--db"), url});
            QVERIFY(app.waitForStarted());
            // Its log says when it has opened the store and swept; the window then loads.
            const QString log = home + QStringLiteral("/data/ImageBuilder/imagebuilder/logs/imagebuilder.log");
            QByteArray logged;
            QTRY_VERIFY2_WITH_TIMEOUT(
                [&] {
                    QFile f(log);
                    logged = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                    return logged.contains("[ui] [info] Store:") || app.state() != QProcess::Running;
                }(),
                qPrintable(QStringLiteral("the app did not log its store in 60 s: ") + QString::fromUtf8(app.readAll())), 60000);
            // Its sweep runs beside the window, and logs its end.
            QTRY_VERIFY2_WITH_TIMEOUT(
                [&] {
                    QFile f(log);
                    logged = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                    return logged.contains("Sweep: no build") || logged.contains("Swept") || app.state() != QProcess::Running;
                }(),
                qPrintable(QStringLiteral("the app did not end its sweep in 60 s: ") + QString::fromUtf8(logged)), 60000);
            QTest::qWait(5000);  // the window's first load of templates, builds and images
            QVERIFY2(app.state() == QProcess::Running,
                     qPrintable(QStringLiteral("the app ended (%1): ").arg(app.exitCode()) + QString::fromUtf8(app.readAll())));
            QFile f(log);
            QVERIFY(f.open(QIODevice::ReadOnly));
            logged = f.readAll();
            QVERIFY2(!logged.contains("Swept"), logged.constData());  // none of these builds is its own
            app.terminate();
            QVERIFY(app.waitForFinished(30000));
            qInfo("the desktop app ran on the planted store");
        }

        QCOMPARE(treeChecksum(decoy), before);
        QVERIFY(processAlive(decoyPid));
        QVERIFY(QFileInfo(fifo).exists());
        decoyProcess.kill();
        decoyProcess.waitForFinished();
    }

    // What the victim's own ledger recorded is removed, and only if it is what it says.
    void ownLedgerIsSwept()
    {
        auto store = Store::open(location());
        QVERIFY(store);
        BuildSettings settings;
        settings.dataDirectory = m_dir.filePath(QStringLiteral("own-data"));
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString work = settings.buildsDirectory() + QLatin1Char('/') + id;
        QVERIFY(QDir().mkpath(work + QStringLiteral("/seed")));
        QFile overlay(work + QStringLiteral("/disk.qcow2"));
        QVERIFY(overlay.open(QIODevice::WriteOnly));
        overlay.close();
        const QString outside = m_dir.filePath(QStringLiteral("outside.txt"));
        QFile o(outside);
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.close();

        // "QEMU": a process whose command line the ledger records exactly; and a stranger.
        const QString sleep = QStandardPaths::findExecutable(QStringLiteral("sleep"));
        QProcess qemu, stranger;
        qemu.start(sleep, {QStringLiteral("301")});
        stranger.start(sleep, {QStringLiteral("302")});
        QVERIFY(qemu.waitForStarted() && stranger.waitForStarted());

        QProcess gone;
        gone.start(QStringLiteral("true"), QStringList{});
        QVERIFY(gone.waitForStarted());
        const qint64 deadPid = gone.processId();
        QVERIFY(gone.waitForFinished());
        ResourceLedger ledger(settings.dataDirectory);
        QVERIFY(ledger.addBuild(id, QStringLiteral("local"), deadPid));
        const auto record = [&](const QString &kind, const QString &identifier, const QString &detail) {
            auto r = ledger.recordIntent(id, kind, QString(), detail);
            QVERIFY(r);
            QVERIFY(ledger.markCreated(*r, identifier));
        };
        record(QStringLiteral("file"), overlay.fileName(), QStringLiteral("overlay"));
        record(QStringLiteral("folder"), work + QStringLiteral("/seed"), QStringLiteral("seed"));
        const auto argv = [&](const QString &arg) {
            return QString::fromUtf8(QJsonDocument(QJsonArray{sleep, arg}).toJson(QJsonDocument::Compact));
        };
        record(QStringLiteral("process"), QString::number(qemu.processId()), argv(QStringLiteral("301")));
        // The stranger's pid with another command line: not killed.
        record(QStringLiteral("process"), QString::number(stranger.processId()), argv(QStringLiteral("999")));
        // A path outside the app's folders (should the ledger itself be tampered with): refused.
        record(QStringLiteral("file"), outside, QString());

        BuildService service(*store.value(), ApplicationCatalog::builtin(), settings,
                             [settings](const QString &) { return std::make_unique<local::LocalProvider>(settings); });
        QCOMPARE(service.sweep(), 1);
        QVERIFY(!QFile::exists(overlay.fileName()));
        QVERIFY(!QFileInfo::exists(work + QStringLiteral("/seed")));
        QVERIFY(qemu.waitForFinished(5000));
        QVERIFY(processAlive(stranger.processId()));
        QVERIFY(QFile::exists(outside));
        // The refusal keeps the build open in the ledger, with a line in its log that says why.
        auto open = ledger.openBuilds();
        QVERIFY(open);
        QCOMPARE(open->size(), 1);
        const auto log = BuildLog::readFile(BuildLog::pathFor(settings.buildsDirectory(), id));
        QVERIFY2(log.join(QLatin1Char('\n')).contains(QLatin1String("not inside")), qPrintable(log.join(QLatin1Char('\n'))));
        stranger.kill();
        stranger.waitForFinished();
    }

    // image delete / the GUI's Delete: a record's location outside this installation's
    // images folder loses its record, never the file it names.
    void imageDeleteStaysInTheImagesFolder()
    {
        auto store = Store::open(location());
        QVERIFY(store);
        BuildSettings settings;
        settings.dataDirectory = m_dir.filePath(QStringLiteral("delete-data"));
        QVERIFY(QDir().mkpath(settings.imagesDirectory()));
        const QString victim = m_dir.filePath(QStringLiteral("keep.bashrc"));
        const QString mine = settings.imagesDirectory() + QStringLiteral("/mine.qcow2");
        for (const auto &path : {victim, mine}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("x");
        }
        BuildService service(*store.value(), ApplicationCatalog::builtin(), settings,
                             [](const QString &) { return std::unique_ptr<Provider>(); });
        const QStringList locations{victim, settings.imagesDirectory() + QStringLiteral("/../../keep.bashrc"), QStringLiteral("/dev/null"),
                                    mine};
        for (const auto &where : locations) {
            ImageRecord image;
            image.name = QStringLiteral("planted");
            image.provider = QStringLiteral("local");
            image.location = where;
            image.format = QStringLiteral("qcow2");
            auto row = store.value()->addImage(image);
            QVERIFY(row);
            auto deleted = service.deleteImage(row.value());
            QVERIFY2(deleted, qPrintable(deleted ? QString() : deleted.error().message));
            QCOMPARE(deleted->isEmpty(), where == mine);  // a note says what was left
            QVERIFY(!store.value()->imageById(row->id));
        }
        QVERIFY(QFile::exists(victim));
        QVERIFY(QFile::exists(QStringLiteral("/dev/null")));
        QVERIFY(!QFile::exists(mine));
    }

    void buildIdsAndPaths()
    {
        QVERIFY(trusted::isBuildId(QStringLiteral("b0000000-0000-4000-8000-000000000001")));
        for (const auto &bad : {"../x", "", "B0000000-0000-4000-8000-000000000001", "{b0000000-0000-4000-8000-000000000001}",
                                "b0000000-0000-4000-8000-000000000001/..", "b0000000"})
            QVERIFY2(!trusted::isBuildId(QLatin1String(bad)), bad);
        const QString root = m_dir.filePath(QStringLiteral("app/base-images"));
        QVERIFY(QDir().mkpath(root));
        QVERIFY(trusted::insideFolder(root, root + QStringLiteral("/a.qcow2")));
        QVERIFY(!trusted::insideFolder(root, root + QStringLiteral("/../../.bashrc")));
        QVERIFY(!trusted::insideFolder(root, root));
        QVERIFY(!trusted::insideFolder(root, root + QStringLiteral("-other/a")));
        QVERIFY(QFile::link(m_dir.path(), root + QStringLiteral("/link")));
        QVERIFY(!trusted::insideFolder(root, root + QStringLiteral("/link/x")));
        QCOMPARE(BuildLog::pathFor(QStringLiteral("/b"), QStringLiteral("../x")), QString());
    }
};

QTEST_GUILESS_MAIN(TestHostileStore)
#include "tst_hostilestore.moc"
