#include "storage/Store.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ib;

class TestStore final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(++m_counter)); }

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

    static std::unique_ptr<Store> open(const QString &path)
    {
        auto s = Store::open(path);
        if (!s)
            qWarning("%s", qPrintable(s.error().message));
        return s ? std::move(s).value() : nullptr;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void migratesFromEmpty()
    {
        const auto path = m_dir.filePath(QStringLiteral("nested/folder/new.sqlite"));
        auto store = open(path);
        QVERIFY(store);
        QVERIFY(QFile::exists(path));
        QCOMPARE(store->schemaVersion(), Store::latestSchemaVersion());
        QVERIFY(store->listTemplates()->isEmpty());
        // Opening again runs no migration twice.
        store.reset();
        store = open(path);
        QVERIFY(store);
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), Store::latestSchemaVersion());
    }

    void refusesNewerSchema()
    {
        const auto path = freshPath();
        {
            auto store = open(path);
            QVERIFY(store);
            QSqlQuery q(store->database());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')")));
        }
        auto reopened = Store::open(path);
        QVERIFY(!reopened);
        QCOMPARE(reopened.error().kind, ErrorKind::Unsupported);
        QVERIFY(reopened.error().message.contains(QStringLiteral("newer Image Builder")));
    }

    void refusesFolderAsDatabase()
    {
        auto opened = Store::open(m_dir.path());
        QVERIFY(!opened);
        QVERIFY(opened.error().message.contains(QStringLiteral("is a folder")));
    }

    void reopenKeepsEverything()
    {
        const auto path = freshPath();
        ImageTemplate created;
        {
            auto store = open(path);
            auto r = store->createTemplate(sample());
            QVERIFY(r);
            created = r.value();
            QCOMPARE(created.revision, 1);
            QVERIFY(!created.id.isEmpty());
        }
        auto store = open(path);
        auto back = store->templateById(created.id);
        QVERIFY(back);
        QVERIFY(back->sameContent(sample()));
        QCOMPARE(back->revision, 1);
        QCOMPARE(back->createdAt, created.createdAt);
        QCOMPARE(back->userScript, QStringLiteral("#!/bin/bash -e\necho 안녕\n"));
    }

    void findsByIdNameAndPrefix()
    {
        auto store = open(freshPath());
        auto t = store->createTemplate(sample(QStringLiteral("Web Server")));
        QVERIFY(t);
        QCOMPARE(store->findTemplate(t->id)->id, t->id);
        QCOMPARE(store->findTemplate(QStringLiteral("web server"))->id, t->id);
        QCOMPARE(store->findTemplate(t->id.left(8))->id, t->id);
        auto missing = store->findTemplate(QStringLiteral("nothing"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void namesAreUniqueIgnoringCase()
    {
        auto store = open(freshPath());
        QVERIFY(store->createTemplate(sample(QStringLiteral("Web"))));
        auto dup = store->createTemplate(sample(QStringLiteral("WEB")));
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, ErrorKind::Conflict);
        QVERIFY(*store->nameTaken(QStringLiteral("web")));
        QCOMPARE(store->listTemplates()->size(), 1);
    }

    void staleRevisionIsRefused()
    {
        auto store = open(freshPath());
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
        QVERIFY2(b.error().message.contains(QStringLiteral("revision 2")), qPrintable(b.error().message));
        QCOMPARE(store->templateById(t->id)->description, QStringLiteral("alice was here"));
        QCOMPARE(store->templateRevisions(t->id)->size(), 2);
    }

    void historyIsKept()
    {
        auto store = open(freshPath());
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
        }
    }

    void deleteRemovesTemplateAndHistory()
    {
        auto store = open(freshPath());
        auto t = store->createTemplate(sample());
        QVERIFY(store->deleteTemplate(t->id));
        QCOMPARE(store->templateById(t->id).error().kind, ErrorKind::NotFound);
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM template_revisions")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QCOMPARE(store->deleteTemplate(t->id).error().kind, ErrorKind::NotFound);
        // The name is free again.
        QVERIFY(store->createTemplate(sample()));
    }

    void twoStoresOnOneFileSeeEachOther()
    {
        const auto path = freshPath();
        auto first = open(path);
        auto second = open(path);
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
        auto store = open(freshPath());
        QVERIFY(store->createTemplate(sample()));
        int countInThread = -1;
        QString connectionInThread;
        auto *thread = QThread::create([&] {
            countInThread = static_cast<int>(store->listTemplates()->size());
            connectionInThread = store->database().connectionName();
        });
        thread->start();
        QVERIFY(thread->wait(10000));
        delete thread;
        QCOMPARE(countInThread, 1);
        QVERIFY(connectionInThread != store->database().connectionName());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
