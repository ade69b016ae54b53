// The store's per-thread connections under the thread patterns of the app: short-lived
// worker threads (ids reused by the system), threads that end without releasing their
// connection, and a store closed while a worker still reads (the crash of issue 14).
#include "storage/Store.h"
#include "tasks/StoreThread.h"
#include "tasks/TaskRunner.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <memory>

using namespace ib;

class TestStoreThreads final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<Store> openStore(const QString &name)
    {
        auto opened = Store::open(m_dir.filePath(name));
        if (!opened)
            qFatal("cannot open the test store: %s", qPrintable(opened.error().message));
        return std::move(opened).value();
    }

    static bool countTemplates(Store &store)
    {
        QSqlQuery q(store.database());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM templates")) && q.next();
    }

private slots:
    void init()
    {
        // What QtSql says when two threads end up on one connection, or a connection is
        // removed while a thread still uses it: each of these preceded the heap corruption.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("does not belong to the calling thread")));
        QTest::failOnWarning(QRegularExpression(QStringLiteral("is still in use")));
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Destroyed while thread")));
    }

    // Threads that end without releaseThreadConnection(), one after another: the system
    // hands the next thread the id of the last, and with thread-id names the next thread
    // found the dead thread's connection and used it.
    void threadsThatForgetToReleaseGetTheirOwnConnection()
    {
        auto store = openStore(QStringLiteral("forget.sqlite"));
        std::atomic<int> ok{0};
        for (int i = 0; i < 50; ++i) {
            std::unique_ptr<QThread> t(QThread::create([&] {
                if (countTemplates(*store))
                    ++ok;
            }));
            t->start();
            QVERIFY(t->wait(10000));
        }
        QCOMPARE(ok.load(), 50);
        // Each ended thread closed what it opened: only the main thread's connection (from
        // open's migration) is left.
        const auto names = QSqlDatabase::connectionNames();
        QCOMPARE(std::count_if(names.cbegin(), names.cend(), [](const QString &n) { return n.startsWith(QLatin1String("ib-store-")); }), 1);
    }

    // A worker holds a Use while it reads; the owner closes the store meanwhile (a window
    // closed while its list was loading): the close waits for the read, then removes the
    // worker's connection only after the worker is done with it.
    void closeWaitsForAWorkerThatUsesTheStore()
    {
        auto store = openStore(QStringLiteral("close.sqlite"));
        std::atomic<bool> started{false};
        std::atomic<bool> readOk{false};
        auto use = std::make_unique<Store::Use>(*store);
        Store *raw = store.get();
        std::unique_ptr<QThread> t(QThread::create([&, raw, use = std::move(use)]() mutable {
            started = true;
            QThread::msleep(300);  // the owner is in ~Store by now
            for (int i = 0; i < 20; ++i)
                readOk = countTemplates(*raw);
            raw->releaseThreadConnection();
            use.reset();
        }));
        t->start();
        while (!started)
            QThread::yieldCurrentThread();
        store.reset();  // waits for the Use
        QVERIFY(readOk.load());
        QVERIFY(t->wait(10000));
    }

    // Many short workers at once, as the GUI's background reads run, against a store that
    // is closed and reopened under them.
    void manyWorkersAndAStoreClosedUnderThem()
    {
        for (int round = 0; round < 5; ++round) {
            auto store = openStore(QStringLiteral("many.sqlite"));
            std::vector<std::unique_ptr<QThread>> threads;
            std::atomic<int> ok{0};
            for (int i = 0; i < 16; ++i) {
                auto use = std::make_shared<Store::Use>(*store);
                Store *raw = store.get();
                threads.emplace_back(QThread::create([raw, use, &ok]() mutable {
                    if (countTemplates(*raw))
                        ++ok;
                    if (ok % 2)
                        raw->releaseThreadConnection();  // half release, half leave it to thread exit
                    use.reset();
                }));
                threads.back()->start();
            }
            store.reset();
            QCOMPARE(ok.load(), 16);
            for (auto &t : threads)
                QVERIFY(t->wait(10000));
        }
    }

    // The task runner (builds, sign-ins, uploads): at most its bound at once, each task's
    // store connection closed on its own pooled thread before the thread takes the next
    // (a pooled thread outlives its task), and the store kept open until the tasks end.
    void taskRunnerBoundsTasksAndGivesTheirConnectionsBack()
    {
        auto store = openStore(QStringLiteral("tasks.sqlite"));
        store->releaseThreadConnection();  // only the tasks' connections are counted below
        std::atomic<int> running{0};
        std::atomic<int> most{0};
        std::atomic<int> ok{0};
        {
            TaskRunner runner(QStringLiteral("test"), 2);
            for (int i = 0; i < 12; ++i) {
                runner.start(store.get(), [&, raw = store.get()] {
                    const int now = ++running;
                    int seen = most.load();
                    while (now > seen && !most.compare_exchange_weak(seen, now)) {
                    }
                    QThread::msleep(20);
                    if (countTemplates(*raw) && raw->hasThreadConnection())
                        ++ok;
                    --running;
                });
            }
            runner.waitForDone();
            QCOMPARE(ok.load(), 12);
            QVERIFY2(most.load() <= 2, qPrintable(QStringLiteral("%1 tasks ran at once").arg(most.load())));
        }
        // One thread, two tasks: the second runs on the thread the first used (waitForDone
        // ends the pool's threads, which would close any connection anyway), and finds the
        // first's connection closed.
        {
            TaskRunner runner(QStringLiteral("reuse"), 1);
            std::atomic<bool> firstRead{false};
            std::atomic<bool> leftOpen{true};
            QThread *first = nullptr;
            QThread *second = nullptr;
            runner.start(store.get(), [&, raw = store.get()] {
                first = QThread::currentThread();
                QThread::msleep(50);  // the second task is queued by now
                firstRead = countTemplates(*raw) && raw->hasThreadConnection();
            });
            runner.start(store.get(), [&, raw = store.get()] {
                second = QThread::currentThread();
                leftOpen = raw->hasThreadConnection();
            });
            runner.waitForDone();
            QVERIFY(firstRead.load());
            QCOMPARE(second, first);
            QVERIFY(!leftOpen.load());
        }
        // A task still running when the owner closes the store: the close waits for it.
        std::atomic<bool> readOk{false};
        TaskRunner runner(QStringLiteral("late"), 1);
        runner.start(store.get(), [&, raw = store.get()] {
            QThread::msleep(300);
            readOk = countTemplates(*raw);
        });
        store.reset();
        QVERIFY(readOk.load());
    }

    // The one store thread: jobs run in the order posted, on one connection; answers come
    // back on the thread that made it; the first store thread of a store is the one others find.
    void storeThreadRunsJobsInOrderOnOneConnection()
    {
        auto store = openStore(QStringLiteral("storethread.sqlite"));
        QCOMPARE(StoreThread::of(store.get()), nullptr);
        QStringList order;
        QSet<QString> connections;
        {
            StoreThread thread(*store);
            StoreThread second(*store);
            QCOMPARE(StoreThread::of(store.get()), &thread);
            for (int i = 0; i < 5; ++i) {
                thread.post([&, i, raw = store.get()] {
                    const bool counted = countTemplates(*raw);
                    const QString name = raw->database().connectionName();
                    thread.deliver([&, i, counted, name] {
                        QVERIFY(QThread::currentThread() == qApp->thread());
                        if (counted)
                            order << QString::number(i);
                        connections.insert(name);
                    });
                });
            }
            QTRY_COMPARE(order.size(), 5);
        }
        QCOMPARE(order,
                 (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4")}));
        QCOMPARE(connections.size(), 1);
        QCOMPARE(StoreThread::of(store.get()), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestStoreThreads)
#include "tst_storethreads.moc"
