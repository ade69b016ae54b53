// The Store's whole suite, built twice: tst_store on SQLite files and tst_store_pg
// (IB_TEST_POSTGRES) on a throwaway PostgreSQL cluster, a database per test case.
#include "builds/BuildLog.h"
#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/ResourceLedger.h"
#include "platform/Platform.h"
#include "secrets/MemorySecretStore.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"
#include "storage/StoreCopy.h"
#include "storage/StoreWatcher.h"

#include "PostgresFixture.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <latch>

using namespace ib;

namespace {

// QVERIFY2 evaluates its message even when the check holds: only ask an error for one.
template <typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

}  // namespace

class TestStore final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
#ifdef IB_TEST_POSTGRES
    test::PostgresFixture m_pg;
    static constexpr bool kPostgres = true;
#else
    static constexpr bool kPostgres = false;
#endif

    QString freshSqlitePath()
    {
        return m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(++m_counter));
    }

    // An empty store location on the backend under test.
    QString freshLocation()
    {
#ifdef IB_TEST_POSTGRES
        const auto url = m_pg.createDatabase();
        if (url.isEmpty())
            qWarning("%s", qPrintable(m_pg.lastError()));
        return url;
#else
        return freshSqlitePath();
#endif
    }

    static ImageTemplate sample(const QString &name = QStringLiteral("web server"))
    {
        ImageTemplate t;
        t.name = name;
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.applications = {QStringLiteral("nginx"), QStringLiteral("redis")};
        t.minStorageGb = 20;
        t.userScript = QStringLiteral("#!/bin/bash -e\necho 안녕\n");
        t.description = QStringLiteral("front end");
        return t;
    }

    static std::unique_ptr<Store> open(const QString &location)
    {
        auto s = Store::open(location);
        if (!s)
            qWarning("%s", why(s).constData());
        return s ? std::move(s).value() : nullptr;
    }

    static BaseImage sampleBase()
    {
        BaseImage b;
        b.name = QStringLiteral("Debian 12");
        b.path = QStringLiteral("/images/debian-12.qcow2");
        b.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        b.loginUser = QStringLiteral("debian");
        b.sizeBytes = 3LL * 1024 * 1024 * 1024;
        return b;
    }

    static BuildRecord sampleBuild(const ImageTemplate &t, const BaseImage &base, const QString &imageName)
    {
        BuildRecord b;
        b.templateId = t.id;
        b.templateRevision = t.revision;
        b.snapshot = t;
        b.imageName = imageName;
        b.baseImage = base;
        b.ownerHost = QStringLiteral("builder-1");
        b.ownerPid = 4242;
        return b;
    }

    static qint64 count(Store &store, const QString &sql)
    {
        QSqlQuery q(store.database());
        if (!q.exec(sql) || !q.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return -1;
        }
        return q.value(0).toLongLong();
    }

    struct CliRun
    {
        int status = -1;
        QString out;
        QString err;
    };

    CliRun cli(const QStringList &args)
    {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        env.remove(QStringLiteral("IMAGEBUILDER_DB"));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("IB_CLI"), args);
        if (!p.waitForStarted(10000) || !p.waitForFinished(120000))
            return {};
        return CliRun{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                      QString::fromUtf8(p.readAllStandardError())};
    }

    // A store with `templates` templates (three revisions each), `builds` builds with two
    // steps, a resource and two log chunks each, an image per ten builds.
    void seed(Store &store, int templates, int builds)
    {
        auto base = store.addBaseImage(sampleBase());
        QVERIFY(base);
        QList<ImageTemplate> made;
        for (int i = 0; i < templates; ++i) {
            ImageTemplate t = sample(QStringLiteral("template %1").arg(i));
            t.description = QStringLiteral("O'Brien's \"quoted\" \\ back\\slash; 100% _under_ 한국어 %1").arg(i);
            auto created = store.createTemplate(t);
            QVERIFY2(created, why(created).constData());
            ImageTemplate current = created.value();
            for (int r = 0; r < 2; ++r) {
                current.minStorageGb += 5;
                current.applications.append(QStringLiteral("app-%1").arg(r));
                auto saved = store.updateTemplate(current);
                QVERIFY2(saved, why(saved).constData());
                current = saved.value();
            }
            made.append(current);
        }
        // One transaction for the bulk of it: tens of thousands of rows in seconds.
        auto db = store.database();
        QVERIFY(db.transaction());
        QSqlQuery step(db);
        QVERIFY(step.prepare(
            QStringLiteral("INSERT INTO build_steps (build_id, step, started_at, finished_at, outcome) VALUES (?, ?, ?, ?, ?)")));
        for (int i = 0; i < builds; ++i) {
            auto b = store.createBuild(sampleBuild(made.at(i % made.size()), base.value(), QStringLiteral("image-%1").arg(i)));
            QVERIFY2(b, why(b).constData());
            for (const auto &name : {QStringLiteral("prepare"), QStringLiteral("launch")}) {
                step.addBindValue(b->id);
                step.addBindValue(name);
                step.addBindValue(QStringLiteral("2024-01-01T00:00:0%1.000Z").arg(i % 10));
                step.addBindValue(QStringLiteral("2024-01-01T00:01:00.000Z"));
                step.addBindValue(QStringLiteral("ok"));
                QVERIFY2(step.exec(), qPrintable(step.lastError().text()));
            }
            auto r =
                store.addResourceIntent(b->id, QStringLiteral("process"), QString::number(1000 + i), QStringLiteral("marker %1").arg(i));
            QVERIFY(r);
            QVERIFY(
                store.appendLogChunk(b->id, QStringLiteral("12:00:00.000 [prepare] line one of %1\n12:00:00.001 [prepare] 둘\n").arg(i)));
            QVERIFY(store.appendLogChunk(b->id, QStringLiteral("12:00:01.000 [launch] tab\there 'quote' \\ done\n")));
            if (i % 10 == 0) {
                ImageRecord image;
                image.name = QStringLiteral("image-%1").arg(i);
                image.location = QStringLiteral("/images/image-%1.qcow2").arg(i);
                image.templateId = b->templateId;
                image.templateRevision = b->templateRevision;
                image.buildId = b->id;
                image.sizeBytes = 5'000'000'000LL + i;
                image.virtualSizeBytes = 20'000'000'000LL;
                QVERIFY(store.addImage(image));
            }
        }
        QVERIFY(db.commit());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
#ifdef IB_TEST_POSTGRES
        QElapsedTimer timer;
        timer.start();
        const auto error = m_pg.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qInfo("PostgreSQL test cluster on 127.0.0.1:%d started in %lld ms", m_pg.port(), timer.elapsed());
#endif
    }

    void cleanupTestCase()
    {
#ifdef IB_TEST_POSTGRES
        m_pg.stop();
#endif
    }

    void migratesFromEmpty()
    {
        const auto location = kPostgres ? freshLocation() : m_dir.filePath(QStringLiteral("nested/folder/new.sqlite"));
        auto store = open(location);
        QVERIFY(store);
        if (!kPostgres) {
            QVERIFY(QFile::exists(location));
#ifdef Q_OS_UNIX
            // A store file this process made is its user's alone (issue 15).
            QCOMPARE(platform::fileMode(location).value_or(-1), 0600);
#endif
        }
        QCOMPARE(store->isPostgres(), kPostgres);
        QCOMPARE(store->schemaVersion(), Store::latestSchemaVersion());
        QVERIFY(store->listTemplates()->isEmpty());
        // Opening again runs no migration twice.
        store.reset();
        store = open(location);
        QVERIFY(store);
        QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")), Store::latestSchemaVersion());
    }

    void refusesNewerSchema()
    {
        const auto location = freshLocation();
        {
            auto store = open(location);
            QVERIFY(store);
            QSqlQuery q(store->database());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')")));
        }
        auto reopened = Store::open(location);
        QVERIFY(!reopened);
        QCOMPARE(reopened.error().kind, ErrorKind::Unsupported);
        QVERIFY(reopened.error().message.contains(QStringLiteral("newer Image Builder")));
    }

    void refusesBadLocation()
    {
        if (kPostgres) {
            auto opened = Store::open(QStringLiteral("postgresql://nobody@127.0.0.1"));
            QVERIFY(!opened);
            QCOMPARE(opened.error().kind, ErrorKind::Invalid);
            QVERIFY2(opened.error().message.contains(QStringLiteral("postgresql://USER@HOST:PORT/DATABASE")), why(opened).constData());
        } else {
            auto opened = Store::open(m_dir.path());
            QVERIFY(!opened);
            QVERIFY(opened.error().message.contains(QStringLiteral("is a folder")));
        }
    }

    void reopenKeepsEverything()
    {
        const auto location = freshLocation();
        ImageTemplate created;
        {
            auto store = open(location);
            auto r = store->createTemplate(sample());
            QVERIFY(r);
            created = r.value();
            QCOMPARE(created.revision, 1);
            QVERIFY(!created.id.isEmpty());
        }
        auto store = open(location);
        auto back = store->templateById(created.id);
        QVERIFY(back);
        QVERIFY(back->sameContent(sample()));
        QCOMPARE(back->revision, 1);
        QCOMPARE(back->createdAt, created.createdAt);
        QCOMPARE(back->userScript, QStringLiteral("#!/bin/bash -e\necho 안녕\n"));
    }

    // Schema 5 (issue 19): a template's test script and boot test survive a save and an
    // update, and a store made before them reads as "no test script, boot test on".
    void testScriptAndBootTestRoundTrip()
    {
        const auto location = freshLocation();
        auto store = open(location);
        QVERIFY(store);
        auto t = sample();
        t.testScript = QStringLiteral("#!/bin/sh -e\nsystemctl is-active nginx\n");
        t.bootTest = false;
        auto created = store->createTemplate(t);
        QVERIFY2(created, why(created).constData());
        QCOMPARE(store->templateById(created->id)->testScript, t.testScript);
        QCOMPARE(store->templateById(created->id)->bootTest, false);
        auto changed = created.value();
        changed.testScript.clear();
        changed.bootTest = true;
        auto updated = store->updateTemplate(changed);
        QVERIFY2(updated, why(updated).constData());
        QCOMPARE(store->templateById(created->id)->testScript, QString());
        QCOMPARE(store->templateById(created->id)->bootTest, true);

        // A revision saved before schema 5 has neither key.
        auto old = ImageTemplate::contentFromJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("old")}});
        QCOMPARE(old.testScript, QString());
        QCOMPARE(old.bootTest, true);
        // A row written by a schema-4 client (the columns' defaults).
        QSqlQuery q(store->database());
        q.prepare(QStringLiteral("UPDATE templates SET test_script = DEFAULT, boot_test = DEFAULT WHERE id = ?"));
        q.addBindValue(created->id);
        if (q.exec()) {  // SQLite has no DEFAULT in UPDATE; PostgreSQL does
            QCOMPARE(store->templateById(created->id)->bootTest, true);
        }
    }

    void findsByIdNameAndPrefix()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample(QStringLiteral("Web Server")));
        QVERIFY(t);
        QCOMPARE(store->findTemplate(t->id)->id, t->id);
        QCOMPARE(store->findTemplate(QStringLiteral("web server"))->id, t->id);
        QCOMPARE(store->findTemplate(t->id.left(8))->id, t->id);
        auto missing = store->findTemplate(QStringLiteral("nothing"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void likeWildcardsAreLiteral()
    {
        // "%" and "_" in a prefix are characters, not wildcards, on both backends.
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        QVERIFY(t);
        auto base = store->addBaseImage(sampleBase());
        QVERIFY(base);
        for (const auto &pattern : {QStringLiteral("________"), QStringLiteral("%%%%%%%%"), QStringLiteral("!!!!!!!!"),
                                    QString(t->id.left(7) + QLatin1Char('_'))}) {
            auto found = store->findTemplate(pattern);
            QVERIFY2(!found, qPrintable(pattern));
            QCOMPARE(found.error().kind, ErrorKind::NotFound);
            QCOMPARE(store->baseImageById(pattern).error().kind, ErrorKind::NotFound);
        }
        QCOMPARE(store->baseImageById(base->id.left(8))->id, base->id);
    }

    void namesAreUniqueIgnoringCase()
    {
        auto store = open(freshLocation());
        QVERIFY(store->createTemplate(sample(QStringLiteral("Web"))));
        auto dup = store->createTemplate(sample(QStringLiteral("WEB")));
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, ErrorKind::Conflict);
        QVERIFY(*store->nameTaken(QStringLiteral("web")));
        QCOMPARE(store->listTemplates()->size(), 1);
        // The refused insert left the connection usable (PostgreSQL aborts the transaction).
        QVERIFY(store->createTemplate(sample(QStringLiteral("Web 2"))));
    }

    void staleRevisionIsRefused()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        QVERIFY(t);

        ImageTemplate alice = t.value();
        ImageTemplate bob = t.value();
        alice.description = QStringLiteral("alice was here");
        bob.description = QStringLiteral("bob was here");

        auto a = store->updateTemplate(alice);
        QVERIFY(a);
        QCOMPARE(a->revision, 2);

        auto b = store->updateTemplate(bob);  // still says revision 1
        QVERIFY(!b);
        QCOMPARE(b.error().kind, ErrorKind::Conflict);
        QVERIFY2(b.error().message.contains(QStringLiteral("now at revision 2")), why(b).constData());
        QCOMPARE(store->templateById(t->id)->description, QStringLiteral("alice was here"));
        QCOMPARE(store->templateRevisions(t->id)->size(), 2);
    }

    void historyIsKept()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        QVERIFY(t);
        ImageTemplate current = t.value();
        for (int i = 2; i <= 5; ++i) {
            current.minStorageGb = 10 * i;
            auto saved = store->updateTemplate(current);
            QVERIFY(saved);
            current = saved.value();
            QCOMPARE(current.revision, i);
        }
        auto history = store->templateRevisions(t->id);
        QVERIFY(history);
        QCOMPARE(history->size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(history->at(i).revision, i + 1);
            QCOMPARE(history->at(i).minStorageGb, i == 0 ? 20 : 10 * (i + 1));
            // Schema 6: each revision names who saved it, as this client says it ("user@host").
            QCOMPARE(history->at(i).savedBy, Store::savedBy());
            QVERIFY(history->at(i).savedBy.contains(QLatin1Char('@')));
        }
    }

    void deleteRemovesTemplateAndHistory()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        QVERIFY(store->deleteTemplate(t->id));
        QCOMPARE(store->templateById(t->id).error().kind, ErrorKind::NotFound);
        QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(*) FROM template_revisions")), 0);
        QCOMPARE(store->deleteTemplate(t->id).error().kind, ErrorKind::NotFound);
        // The name is free again.
        QVERIFY(store->createTemplate(sample()));
    }

    void twoStoresOnOneDatabaseSeeEachOther()
    {
        const auto location = freshLocation();
        auto first = open(location);
        auto second = open(location);
        auto t = first->createTemplate(sample());
        QVERIFY(t);
        auto seen = second->templateById(t->id);
        QVERIFY(seen);
        ImageTemplate edit = seen.value();
        edit.name = QStringLiteral("renamed");
        QVERIFY(second->updateTemplate(edit));
        QCOMPARE(first->templateById(t->id)->name, QStringLiteral("renamed"));
        QVERIFY(!first->updateTemplate(t.value()));  // first still holds revision 1
    }

    void connectionPerThread()
    {
        auto store = open(freshLocation());
        QVERIFY(store->createTemplate(sample()));
        int countInThread = -1;
        QString connectionInThread;
        auto *thread = QThread::create([&] {
            countInThread = static_cast<int>(store->listTemplates()->size());
            connectionInThread = store->database().connectionName();
            store->releaseThreadConnection();
        });
        thread->start();
        QVERIFY(thread->wait(10000));
        delete thread;
        QCOMPARE(countInThread, 1);
        QVERIFY(connectionInThread != store->database().connectionName());
    }

    void buildsStepsResourcesAndImages()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        auto base = store->addBaseImage(sampleBase());
        QVERIFY(t && base);
        QCOMPARE(store->baseImageById(base->id)->sizeBytes, 3LL * 1024 * 1024 * 1024);  // BIGINT

        auto b = store->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("img")));
        QVERIFY(b);
        QCOMPARE(store->buildById(b->id)->state, BuildState::Queued);
        QVERIFY(store->markBuildStarted(b->id, QStringLiteral("builder-1"), 4'000'000'000LL, QStringLiteral("/logs/build.log")));
        QVERIFY(store->setBuildStep(b->id, BuildStep::Prepare));
        QVERIFY(store->finishStep(b->id, BuildStep::Prepare, QStringLiteral("ok")));
        QVERIFY(store->setBuildStep(b->id, BuildStep::Launch));
        auto resource = store->addResourceIntent(b->id, QStringLiteral("process"), QStringLiteral("123"), QStringLiteral("marker"));
        QVERIFY(resource);
        QVERIFY(store->setResourceState(resource.value(), QStringLiteral("created"), QStringLiteral("124")));

        auto running = store->buildById(b->id.left(8));
        QVERIFY(running);
        QCOMPARE(running->state, BuildState::Running);
        QCOMPARE(running->ownerHost, QStringLiteral("builder-1"));
        QCOMPARE(running->ownerPid, 4'000'000'000LL);
        QCOMPARE(running->currentStep, BuildStep::Launch);
        QCOMPARE(running->steps.size(), 2);
        const auto prepare = std::find_if(running->steps.cbegin(), running->steps.cend(),
                                          [](const BuildStepRecord &s) { return s.step == BuildStep::Prepare; });
        QVERIFY(prepare != running->steps.cend());
        QCOMPARE(prepare->outcome, QStringLiteral("ok"));
        // Steps started within the same millisecond (a launch that fails at once, then the
        // clean-up) are listed in the pipeline's order, not as the database returns ties.
        {
            const auto tieAll = [&] {
                QSqlQuery tie(store->database());
                tie.prepare(
                    QStringLiteral("UPDATE build_steps SET started_at = (SELECT MAX(started_at) FROM build_steps WHERE build_id = ?)"
                                   " WHERE build_id = ?"));
                tie.addBindValue(b->id);
                tie.addBindValue(b->id);
                return tie.exec();
            };
            // Written in the other order: cleanup's row before launch's.
            QVERIFY(store->setBuildStep(b->id, BuildStep::Cleanup));
            QVERIFY(store->setBuildStep(b->id, BuildStep::Launch));
            QVERIFY(tieAll());
            const auto tied = store->buildById(b->id);
            QVERIFY(tied);
            QCOMPARE(tied->steps.size(), 3);
            QCOMPARE(tied->steps.at(0).step, BuildStep::Prepare);
            QCOMPARE(tied->steps.at(1).step, BuildStep::Launch);
            QCOMPARE(tied->steps.at(2).step, BuildStep::Cleanup);
            QSqlQuery drop(store->database());
            QVERIFY(drop.exec(QStringLiteral("DELETE FROM build_steps WHERE step = 'cleanup'")));
        }
        QCOMPARE(store->unfinishedBuilds()->size(), 1);
        QCOMPARE(store->listBuilds(t->id)->size(), 1);
        QCOMPARE(store->buildResources(b->id)->first().identifier, QStringLiteral("124"));

        // A base image in use is not removed.
        QCOMPARE(store->removeBaseImage(base->id).error().kind, ErrorKind::InUse);

        // The cancel flag is an INTEGER 0/1 on both backends; numRowsAffected tells a miss.
        QVERIFY(!*store->cancelRequested(b->id));
        QVERIFY(store->requestCancel(b->id));
        QVERIFY(*store->cancelRequested(b->id));
        QCOMPARE(store->requestCancel(QStringLiteral("no-such-build")).error().kind, ErrorKind::NotFound);
        QVERIFY(store->buildsToSweep()->contains(b->id));

        QVERIFY(store->finishBuild(b->id, BuildState::Succeeded, {}, QStringLiteral("image-1")));
        QVERIFY(store->setResourceState(resource.value(), QStringLiteral("gone")));
        QVERIFY(store->buildsToSweep()->isEmpty());
        ImageRecord image;
        image.name = QStringLiteral("img");
        image.location = QStringLiteral("/images/img.qcow2");
        image.templateId = t->id;
        image.buildId = b->id;
        image.sizeBytes = 6'000'000'000LL;
        image.testState = QStringLiteral("failed");
        image.datasources = QStringList{QStringLiteral("NoCloud"), QStringLiteral("ConfigDrive"), QStringLiteral("OpenStack")};
        image.checksum = QStringLiteral("md5:d41d8cd98f00b204e9800998ecf8427e");
        image.sourceImageId = QStringLiteral("0f0e0d0c-0000-4000-8000-000000000001");
        auto added = store->addImage(image);
        QVERIFY(added);
        QCOMPARE(store->imageById(added->id)->sizeBytes, 6'000'000'000LL);
        QCOMPARE(store->imageById(added->id)->testState, image.testState);
        QCOMPARE(store->imageById(added->id)->datasources, image.datasources);
        QCOMPARE(store->imageById(added->id)->checksum, image.checksum);
        QCOMPARE(store->imageById(added->id)->sourceImageId, image.sourceImageId);
        QCOMPARE(store->listImages(t->id)->size(), 1);
        QVERIFY(store->removeImage(added->id));
        QCOMPARE(store->removeImage(added->id).error().kind, ErrorKind::NotFound);
        QVERIFY(store->removeBaseImage(base->id));

        // ON DELETE CASCADE: a build takes its steps, resources and log with it.
        QVERIFY(store->appendLogChunk(b->id, QStringLiteral("line\n")));
        QSqlQuery q(store->database());
        q.prepare(QStringLiteral("DELETE FROM builds WHERE id = ?"));
        q.addBindValue(b->id);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QCOMPARE(q.numRowsAffected(), 1);
        QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(*) FROM build_steps")), 0);
        QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(*) FROM build_resources")), 0);
        QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(*) FROM build_log_chunks")), 0);
    }

    void logChunksInOrder()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        auto base = store->addBaseImage(sampleBase());
        auto b = store->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("img")));
        QVERIFY(b);
        QCOMPARE(*store->appendLogChunk(b->id, QStringLiteral("one\n")), 1);
        QCOMPARE(*store->appendLogChunk(b->id, QStringLiteral("two 둘\n")), 2);
        QCOMPARE(*store->appendLogChunk(b->id, QStringLiteral("three\n")), 3);
        auto all = store->logChunks(b->id);
        QVERIFY(all);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(1).text, QStringLiteral("two 둘\n"));
        QVERIFY(all->at(1).createdAt.isValid());
        auto after = store->logChunks(b->id, 2);
        QCOMPARE(after->size(), 1);
        QCOMPARE(after->first().seq, 3);
        QVERIFY(store->logChunks(QStringLiteral("other"))->isEmpty());
        // A page: at most `limit` chunks after the last one read.
        auto page = store->logChunks(b->id, 0, 2);
        QCOMPARE(page->size(), 2);
        QCOMPARE(page->last().seq, 2);
        auto next = store->logChunks(b->id, page->last().seq, 2);
        QCOMPARE(next->size(), 1);
        QCOMPARE(next->first().text, QStringLiteral("three\n"));
        // A chunk for a build that does not exist is refused (foreign key).
        QVERIFY(!store->appendLogChunk(QStringLiteral("no-such-build"), QStringLiteral("x\n")));
    }

    void buildLogStoreSinkBatches()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        auto base = store->addBaseImage(sampleBase());
        auto b = store->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("img")));
        QVERIFY(b);
        const QString logPath = m_dir.filePath(QStringLiteral("logs/%1/build.log").arg(b->id));
        {
            BuildLog log(b->id, logPath);
            log.setStoreSink(store.get(), b->id);
            // Written from a worker thread, as the runner does; batched, not one row a line.
            auto *worker = QThread::create([&] {
                for (int i = 0; i < 100; ++i)
                    log.append(QStringLiteral("install"), QStringLiteral("line %1").arg(i));
                // A burst larger than a chunk is written at once.
                const QString big(1000, QLatin1Char('x'));
                for (int i = 0; i < 70; ++i)
                    log.append(QStringLiteral("install"), big);
                store->releaseThreadConnection();
            });
            worker->start();
            QVERIFY(worker->wait(30000));
            delete worker;
            auto chunks = store->logChunks(b->id);
            QVERIFY(chunks);
            QVERIFY2(!chunks->isEmpty(), "64 KiB of lines must have been written as a chunk");
            QVERIFY2(chunks->size() <= 3, qPrintable(QString::number(chunks->size())));
            QTest::qWait(BuildLog::StoreChunkIntervalMs + 100);
            log.append(QStringLiteral("done"), QStringLiteral("after a second: written now"));
            const auto seen = store->logChunks(b->id);
            QVERIFY(seen->last().text.endsWith(QStringLiteral("[done] after a second: written now\n")));
            log.append(QStringLiteral("done"), QStringLiteral("the last line"));
        }  // the log's end flushes what is left
        QString fromStore;
        const auto chunks = store->logChunks(b->id);
        QVERIFY(chunks);
        for (const auto &c : chunks.value())
            fromStore += c.text;
        const QStringList fileLines = BuildLog::readFile(logPath, 1000000);
        QCOMPARE(fileLines.size(), 172);
        QCOMPARE(fromStore, fileLines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }

    // Two members save the same template 1000 times each at once, each from a Store of
    // its own: every save lands or is refused as a conflict naming the newer revision,
    // and is then retried on that revision until it lands. The history has revisions
    // 1..2001 with no gap, and every save that landed is in it.
    void concurrentUpdatesLoseNothing()
    {
        constexpr int kUpdates = 1000;
        const auto location = freshLocation();
        QString id;
        {
            auto store = open(location);
            QVERIFY(store);
            auto t = store->createTemplate(sample());
            QVERIFY(t);
            id = t->id;
        }
        struct Writer
        {
            QString name;
            QMap<int, QString> landed;  // revision -> description written
            int conflicts = 0;
            QString failure;
        };
        Writer writers[2] = {{QStringLiteral("alice"), {}, 0, {}}, {QStringLiteral("bob"), {}, 0, {}}};
        std::latch ready(2);
        QElapsedTimer timer;
        timer.start();
        auto work = [&](Writer &w) {
            auto opened = Store::open(location);
            if (!opened) {
                w.failure = opened.error().message;
                ready.count_down();
                return;
            }
            auto store = std::move(opened).value();
            ready.arrive_and_wait();
            auto current = store->templateById(id);
            for (int i = 0; i < kUpdates && w.failure.isEmpty(); ++i) {
                for (int attempt = 0; attempt < 10000; ++attempt) {
                    if (!current) {
                        w.failure = current.error().message;
                        break;
                    }
                    ImageTemplate edit = current.value();
                    edit.description = QStringLiteral("%1 %2").arg(w.name).arg(i);
                    edit.minStorageGb = 10 + (i % 100);
                    auto saved = store->updateTemplate(edit);
                    if (saved) {
                        if (saved->revision != edit.revision + 1 || w.landed.contains(saved->revision))
                            w.failure = QStringLiteral("saved as revision %1 after %2").arg(saved->revision).arg(edit.revision);
                        w.landed.insert(saved->revision, edit.description);
                        current = saved;
                        break;
                    }
                    if (saved.error().kind != ErrorKind::Conflict) {
                        w.failure = saved.error().message;
                        break;
                    }
                    // The conflict names the other side's revision, newer than ours.
                    const auto m = QRegularExpression(QStringLiteral("now at revision (\\d+)")).match(saved.error().message);
                    if (!m.hasMatch() || m.captured(1).toInt() <= edit.revision) {
                        w.failure = QStringLiteral("conflict without the newer revision: ") + saved.error().message;
                        break;
                    }
                    ++w.conflicts;
                    current = store->templateById(id);
                }
            }
            store->releaseThreadConnection();
        };
        auto *a = QThread::create([&] { work(writers[0]); });
        auto *b = QThread::create([&] { work(writers[1]); });
        a->start();
        b->start();
        QVERIFY(a->wait(120000));
        QVERIFY(b->wait(120000));
        delete a;
        delete b;
        const auto elapsed = timer.elapsed();
        for (const auto &w : writers) {
            QVERIFY2(w.failure.isEmpty(), qPrintable(w.name + QStringLiteral(": ") + w.failure));
            QCOMPARE(w.landed.size(), kUpdates);
        }
        qInfo("%d + %d updates, %d + %d conflicts retried, in %lld ms", kUpdates, kUpdates, writers[0].conflicts, writers[1].conflicts,
              elapsed);

        auto store = open(location);
        auto history = store->templateRevisions(id);
        QVERIFY(history);
        QCOMPARE(history->size(), 2 * kUpdates + 1);
        for (qsizetype i = 0; i < history->size(); ++i)
            QCOMPARE(history->at(i).revision, static_cast<int>(i + 1));  // no gap
        for (const auto &w : writers)
            for (auto it = w.landed.cbegin(); it != w.landed.cend(); ++it)
                QCOMPARE(history->at(it.key() - 1).description, it.value());
        QCOMPARE(store->templateById(id)->revision, 2 * kUpdates + 1);
    }

    // Two clients open the same empty database at the same moment: both work, and every
    // migration ran once.
    void migrationRace()
    {
        for (int round = 0; round < 3; ++round) {
            const auto location = freshLocation();
            std::latch start(2);
            QString errors[2];
            std::atomic_int templatesMade{0};
            auto client = [&](int n) {
                start.arrive_and_wait();
                auto opened = Store::open(location);
                if (!opened) {
                    errors[n] = opened.error().message;
                    return;
                }
                if (opened.value()->createTemplate(sample(QStringLiteral("client %1").arg(n))))
                    ++templatesMade;
                opened.value()->releaseThreadConnection();
            };
            auto *a = QThread::create([&] { client(0); });
            auto *b = QThread::create([&] { client(1); });
            a->start();
            b->start();
            QVERIFY(a->wait(60000));
            QVERIFY(b->wait(60000));
            delete a;
            delete b;
            QVERIFY2(errors[0].isEmpty(), qPrintable(errors[0]));
            QVERIFY2(errors[1].isEmpty(), qPrintable(errors[1]));
            QCOMPARE(templatesMade.load(), 2);
            auto store = open(location);
            QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")), Store::latestSchemaVersion());
            QCOMPARE(count(*store, QStringLiteral("SELECT COUNT(DISTINCT version) FROM schema_migrations")), Store::latestSchemaVersion());
            QCOMPARE(store->listTemplates()->size(), 2);
        }
    }

    // SQLite -> the backend under test -> SQLite: the same content, table for table.
    void copyRoundTrip()
    {
        QElapsedTimer timer;
        timer.start();
        const auto sourcePath = freshSqlitePath();
        auto source = open(sourcePath);
        QVERIFY(source);
        seed(*source, 1000, 5000);
        if (QTest::currentTestFailed())
            return;
        const auto seeded = timer.restart();

        auto middle = open(freshLocation());
        QVERIFY(middle);
        QStringList progress;
        auto there = StoreCopy::copy(*source, *middle, [&](const QString &line) { progress.append(line); });
        QVERIFY2(there, why(there).constData());
        const auto copiedThere = timer.restart();
        auto back = open(freshSqlitePath());
        QVERIFY(back);
        auto again = StoreCopy::copy(*middle, *back);
        QVERIFY2(again, why(again).constData());
        const auto copiedBack = timer.restart();

        QCOMPARE(progress.size(), StoreCopy::tables().size());
        QMap<QString, qint64> counts;
        for (const auto &c : there.value())
            counts.insert(c.table, c.rows);
        QCOMPARE(counts.value(QStringLiteral("templates")), 1000);
        QCOMPARE(counts.value(QStringLiteral("template_revisions")), 3000);
        QCOMPARE(counts.value(QStringLiteral("builds")), 5000);
        QCOMPARE(counts.value(QStringLiteral("build_steps")), 10000);
        QCOMPARE(counts.value(QStringLiteral("build_resources")), 5000);
        QCOMPARE(counts.value(QStringLiteral("build_log_chunks")), 10000);
        QCOMPARE(counts.value(QStringLiteral("images")), 500);
        QCOMPARE(counts.value(QStringLiteral("base_images")), 1);

        auto a = StoreCopy::canonicalDump(*source);
        auto m = StoreCopy::canonicalDump(*middle);
        auto z = StoreCopy::canonicalDump(*back);
        QVERIFY(a && m && z);
        QCOMPARE(a->size(), 34501);
        QVERIFY2(a.value() == m.value(), "the copy differs from the source");
        QVERIFY2(a.value() == z.value(), "the copy of the copy differs from the source");
        // And through the Store's own eyes.
        const auto id = source->listTemplates()->at(500).id;
        QCOMPARE(back->templateRevisions(id)->size(), 3);
        QCOMPARE(middle->templateById(id)->description, source->templateById(id)->description);
        QCOMPARE(back->logChunks(source->listBuilds()->first().id)->size(), 2);
        qInfo("seeded in %lld ms; copied there in %lld ms, back in %lld ms", seeded, copiedThere, copiedBack);

        // A target that is not empty is refused, and nothing is written into it.
        auto refused = StoreCopy::copy(*source, *back);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY2(refused.error().message.contains(QStringLiteral("is not empty")), why(refused).constData());
        QCOMPARE(StoreCopy::canonicalDump(*back).value(), a.value());
    }

    void storeCopyCommand()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("IB_CLI")), "IB_CLI must name the built imagebuilder-cli");
        const auto sourcePath = freshSqlitePath();
        {
            auto source = open(sourcePath);
            QVERIFY(source);
            seed(*source, 3, 4);
            if (QTest::currentTestFailed())
                return;
        }
        const auto target = freshLocation();
        auto r =
            cli({QStringLiteral("store"), QStringLiteral("copy"), QStringLiteral("--from"), sourcePath, QStringLiteral("--to"), target});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("templates")) && r.out.contains(QStringLiteral("template_revisions")), qPrintable(r.out));
        QVERIFY2(QRegularExpression(QStringLiteral("builds\\s+4\\b")).match(r.out).hasMatch(), qPrintable(r.out));

        // Again into the same target: refused, exit 2, the target named, nothing written.
        r = cli({QStringLiteral("store"), QStringLiteral("copy"), QStringLiteral("--from"), sourcePath, QStringLiteral("--to"), target});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains(QStringLiteral("is not empty")) && r.err.contains(Store::redactedLocation(target)), qPrintable(r.err));
        {
            auto check = open(target);
            QCOMPARE(check->listTemplates()->size(), 3);
        }

        // Usage errors.
        r = cli({QStringLiteral("store"), QStringLiteral("copy"), QStringLiteral("--from"), sourcePath});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--to")), qPrintable(r.err));
        r = cli({QStringLiteral("store"), QStringLiteral("frobnicate")});
        QCOMPARE(r.status, 2);
        // A source that is not a store: exit 2 (bad input), said so.
        r = cli({QStringLiteral("store"), QStringLiteral("copy"), QStringLiteral("--from"), m_dir.path(), QStringLiteral("--to"),
                 freshSqlitePath()});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains(QStringLiteral("is a folder")), qPrintable(r.err));
    }

    // `build log` of a build that ran on another machine: its file is not here, so the
    // CLI prints (and follows) the chunks in the store.
    void buildLogFromTheStore()
    {
        const auto location = freshLocation();
        QString id;
        {
            auto store = open(location);
            auto t = store->createTemplate(sample());
            auto base = store->addBaseImage(sampleBase());
            auto b = store->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("img")));
            QVERIFY(b);
            id = b->id;
            QVERIFY(store->markBuildStarted(id, QStringLiteral("colleague-workstation"), 4242,
                                            QStringLiteral("/not/on/this/machine/build.log")));
            QVERIFY(store->appendLogChunk(id, QStringLiteral("12:00:00.000 [prepare] first\n")));
            QVERIFY(store->appendLogChunk(id, QStringLiteral("12:00:01.000 [launch] second 둘\n")));
            QVERIFY(store->finishBuild(id, BuildState::Failed, QStringLiteral("boom")));
        }
        for (const bool follow : {false, true}) {
            QStringList args{QStringLiteral("--db"), location, QStringLiteral("build"), QStringLiteral("log"), id.left(8)};
            if (follow)
                args.append(QStringLiteral("--follow"));
            const auto r = cli(args);
            QVERIFY2(r.status == 0, qPrintable(r.err));
            QCOMPARE(r.out, QStringLiteral("12:00:00.000 [prepare] first\n12:00:01.000 [launch] second 둘\n"));
        }
        const auto show = cli({QStringLiteral("--db"), location, QStringLiteral("build"), QStringLiteral("show"), id.left(8)});
        QVERIFY2(show.out.contains(QStringLiteral("colleague-workstation")), qPrintable(show.out));
    }

    // Without a session bus (CI) the keychain says so at once and writes nothing anywhere.
    void keychainAbsentIsClear()
    {
        if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("a D-Bus session is present; this checks the headless case");
        const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("no-bus-here"))));
        auto keychain = SecretStore::systemKeychain();
        QElapsedTimer timer;
        timer.start();
        auto read = keychain->read(QStringLiteral("imagebuilder-db:postgresql://u@h:5432/d"));
        auto written = keychain->write(QStringLiteral("imagebuilder-test"), QStringLiteral("s3cret-Zq9"));
        qputenv("XDG_RUNTIME_DIR", runtime);
        QVERIFY(!read);
        QCOMPARE(read.error().kind, ErrorKind::Unsupported);
        QVERIFY2(read.error().message.contains(QStringLiteral("keychain")), why(read).constData());
        QVERIFY(!written);
        QVERIFY2(written.error().message.contains(QStringLiteral("never kept in a plain file")), why(written).constData());
        QVERIFY(timer.elapsed() < 5000);
    }

    void watcherSeesOtherWriters()
    {
        const auto location = freshLocation();
        auto mine = open(location);
        auto theirs = open(location);  // a colleague's client
        QVERIFY(mine && theirs);
        StoreWatcher watcher(*mine);
        QVERIFY2(watcher.isWatching(), qPrintable(watcher.lastError()));
        watcher.setPollInterval(100);
        QSignalSpy templates(&watcher, &StoreWatcher::templatesChanged);
        QSignalSpy builds(&watcher, &StoreWatcher::buildsChanged);
        QSignalSpy images(&watcher, &StoreWatcher::imagesChanged);

        auto t = theirs->createTemplate(sample());
        QVERIFY(t);
        QTRY_VERIFY_WITH_TIMEOUT(templates.count() > 0, 5000);
        QCOMPARE(builds.count(), 0);

        auto base = theirs->addBaseImage(sampleBase());
        QTRY_VERIFY_WITH_TIMEOUT(images.count() > 0, 5000);
        templates.clear();
        auto b = theirs->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("img")));
        QVERIFY(b);
        QTRY_VERIFY_WITH_TIMEOUT(builds.count() > 0, 5000);
        builds.clear();
        QVERIFY(theirs->finishBuild(b->id, BuildState::Failed, QStringLiteral("boom")));
        QTRY_VERIFY_WITH_TIMEOUT(builds.count() > 0, 5000);
        QCOMPARE(templates.count(), 0);
        if (kPostgres) {
            QSignalSpy log(&watcher, &StoreWatcher::buildLogAppended);
            QVERIFY(theirs->appendLogChunk(b->id, QStringLiteral("x\n")));
            QTRY_VERIFY_WITH_TIMEOUT(log.count() > 0, 5000);
            QCOMPARE(log.first().first().toString(), b->id);
        }
    }

    // Only the machine running a build cancels or sweeps it; others ask and see who runs it.
    void onlyTheOwnerSweepsOrCancels()
    {
        auto store = open(freshLocation());
        auto t = store->createTemplate(sample());
        auto base = store->addBaseImage(sampleBase());
        QVERIFY(t && base);
        QProcess gone;
        gone.start(QStringLiteral("true"), QStringList{});
        QVERIFY(gone.waitForFinished(10000));
        const qint64 deadPid = gone.processId() > 0 ? gone.processId() : 999999;

        auto colleague = store->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("theirs")));
        QVERIFY(store->markBuildStarted(colleague->id, QStringLiteral("colleague-workstation"), deadPid,
                                        QStringLiteral("/elsewhere/build.log")));
        auto mineDead = store->createBuild(sampleBuild(t.value(), base.value(), QStringLiteral("mine")));
        QVERIFY(store->markBuildStarted(mineDead->id, QHostInfo::localHostName(), deadPid, m_dir.filePath(QStringLiteral("mine.log"))));

        BuildSettings settings;
        settings.dataDirectory = m_dir.filePath(QStringLiteral("service-data"));
        // This installation's ledger says which builds are its own (the row's host name
        // says nothing: another machine may have the same name).
        const auto owned = ResourceLedger(settings.dataDirectory).addBuild(mineDead->id, QStringLiteral("local"), deadPid);
        QVERIFY2(owned, qPrintable(owned ? QString() : owned.error().message));
        BuildService service(*store, ApplicationCatalog::builtin(), settings, [](const QString &) { return std::unique_ptr<Provider>(); });
#ifdef Q_OS_UNIX
        // The builds, images and base-images folders are this user's alone (issue 15).
        for (const auto &folder : {settings.buildsDirectory(), settings.imagesDirectory(), settings.baseImagesDirectory()})
            QCOMPARE(platform::fileMode(folder).value_or(-1), 0700);
#endif
        QCOMPARE(service.sweep(), 1);  // only this installation's dead build
        QCOMPARE(store->buildById(mineDead->id)->state, BuildState::Interrupted);
        auto theirs = store->buildById(colleague->id);
        QCOMPARE(theirs->state, BuildState::Running);
        QCOMPARE(theirs->ownerHost, QStringLiteral("colleague-workstation"));

        // Cancel from another machine: a request its owner polls, nothing more.
        QVERIFY(service.cancel(colleague->id));
        QVERIFY(*store->cancelRequested(colleague->id));
        QCOMPARE(store->buildById(colleague->id)->state, BuildState::Running);
        QCOMPARE(service.sweep(), 0);
    }

#ifdef IB_TEST_POSTGRES
    // No password in the URL: libpq finds it in the file PGPASSFILE names (the fixture's
    // .pgpass); without it the connection is refused and the message says where to put it.
    void passwordComesFromPgpass()
    {
        const auto url = freshLocation();
        QVERIFY(!url.contains(m_pg.password()));
        QVERIFY(!QUrl(url).password().size());
        auto withPgpass = Store::open(url);
        QVERIFY2(withPgpass, why(withPgpass).constData());
        withPgpass.value().reset();

        const QByteArray saved = qgetenv("PGPASSFILE");
        const auto empty = m_dir.filePath(QStringLiteral("empty-pgpass"));
        QFile(empty).open(QIODevice::WriteOnly);
        QFile::setPermissions(empty, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        qputenv("PGPASSFILE", QFile::encodeName(empty));
        auto without = Store::open(url);
        qputenv("PGPASSFILE", saved);
        QVERIFY(!without);
        QVERIFY2(without.error().message.contains(QStringLiteral(".pgpass")), why(without).constData());
    }

    void passwordFromKeychain()
    {
        const auto url = freshLocation();
        const QByteArray saved = qgetenv("PGPASSFILE");
        const auto empty = m_dir.filePath(QStringLiteral("empty-pgpass-2"));
        QFile(empty).open(QIODevice::WriteOnly);
        QFile::setPermissions(empty, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        qputenv("PGPASSFILE", QFile::encodeName(empty));

        MemorySecretStore keychain;
        QVERIFY(keychain.write(Store::secretKey(url), m_pg.password()));
        auto opened = Store::open(url, &keychain);
        QVERIFY2(opened, why(opened).constData());
        QVERIFY(!opened.value()->location().contains(m_pg.password()));
        opened.value().reset();

        // No keychain on this machine (headless CI): libpq's .pgpass is the route.
        MemorySecretStore none(false);
        QVERIFY(!Store::open(url, &none));
        qputenv("PGPASSFILE", saved);
        auto viaPgpass = Store::open(url, &none);
        QVERIFY2(viaPgpass, why(viaPgpass).constData());
    }

    // A password given in the URL anyway works for this process but is kept nowhere:
    // not in location(), not in an error message.
    void passwordInUrlIsNeverEchoed()
    {
        const auto url = freshLocation();
        QUrl withPassword(url);
        withPassword.setPassword(m_pg.password());
        auto opened = Store::open(withPassword.toString());
        QVERIFY2(opened, why(opened).constData());
        QCOMPARE(opened.value()->location(), url);
        QVERIFY(!opened.value()->location().contains(m_pg.password()));
        opened.value().reset();

        QUrl wrong(url);
        wrong.setPassword(QStringLiteral("not-the-password-Zq9"));
        auto refused = Store::open(wrong.toString());
        QVERIFY(!refused);
        QVERIFY2(!refused.error().message.contains(QStringLiteral("not-the-password-Zq9")), why(refused).constData());
        QUrl noDb(url);
        noDb.setPath(QStringLiteral("/no_such_database"));
        noDb.setPassword(m_pg.password());
        auto missing = Store::open(noDb.toString());
        QVERIFY(!missing);
        QVERIFY2(!missing.error().message.contains(m_pg.password()), why(missing).constData());
        QVERIFY2(missing.error().message.contains(QStringLiteral("no_such_database")), why(missing).constData());
    }
#endif
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
