// The Store's builds with their steps, resources, images and logs, and copies of a whole
// store, built twice like tst_store: tst_storebuilds on SQLite files and tst_storebuilds_pg
// (IB_TEST_POSTGRES) on a throwaway PostgreSQL cluster, a database per test case.
#include "builds/BuildLog.h"
#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/ResourceLedger.h"
#include "platform/Platform.h"
#include "storage/Store.h"
#include "storage/StoreCopy.h"

#include "StoreTestBase.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace ib;

class TestStoreBuilds final : public QObject, public test::StoreTestBase
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(startBackend(), "the test's folder or PostgreSQL cluster could not be set up"); }
    void cleanupTestCase() { stopBackend(); }

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
        // Issue 20 (schema 7): an image and a base image say what they boot on; rows from
        // before are x86-64, and a value no client of ours writes is read as unknown ("").
        QCOMPARE(store->imageById(added->id)->architecture, QStringLiteral("x86_64"));
        BaseImage armBase = sampleBase();
        armBase.architecture = QStringLiteral("aarch64");
        auto arm = store->addBaseImage(armBase);
        QVERIFY(arm);
        QCOMPARE(store->baseImageById(arm->id)->architecture, QStringLiteral("aarch64"));
        QSqlQuery planted(store->database());
        planted.prepare(QStringLiteral("UPDATE base_images SET architecture = ? WHERE id = ?"));
        planted.addBindValue(QStringLiteral("sparc64; rm -rf /"));
        planted.addBindValue(arm->id);
        QVERIFY2(planted.exec(), qPrintable(planted.lastError().text()));
        QCOMPARE(store->baseImageById(arm->id)->architecture, QString());
        QVERIFY(store->removeBaseImage(arm->id));
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
        // The app's start-up sweep is a task of the service; the builds it ends are
        // announced on this thread. Only this installation's dead build.
        qRegisterMetaType<BuildState>();
        QSignalSpy finished(&service, &BuildService::buildFinished);
        service.sweepInBackground();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(0).toString(), mineDead->id);
        QCOMPARE(finished.first().at(1).value<BuildState>(), BuildState::Interrupted);
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
};

QTEST_GUILESS_MAIN(TestStoreBuilds)
#include "tst_storebuilds.moc"
