// The Store's schema, templates and their history, connections, watchers and passwords,
// built twice: tst_store on SQLite files and tst_store_pg (IB_TEST_POSTGRES) on a throwaway
// PostgreSQL cluster, a database per test case. Builds, logs and copies: tst_storebuilds.
#include "platform/Platform.h"
#include "secrets/MemorySecretStore.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"
#include "storage/StoreWatcher.h"

#include "StoreTestBase.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <atomic>
#include <latch>

using namespace ib;

class TestStore final : public QObject, public test::StoreTestBase
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(startBackend(), "the test's folder or PostgreSQL cluster could not be set up"); }
    void cleanupTestCase() { stopBackend(); }

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
