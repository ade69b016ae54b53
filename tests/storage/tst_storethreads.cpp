// The store's per-thread connections under the thread patterns of the app: short-lived
// worker threads (ids reused by the system), threads that end without releasing their
// connection, and a store closed while a worker still reads (the crash of issue 14).
#include "storage/Store.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

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
};

QTEST_GUILESS_MAIN(TestStoreThreads)
#include "tst_storethreads.moc"
