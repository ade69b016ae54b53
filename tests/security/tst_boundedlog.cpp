// Bounded logs (issue 15): a build that prints without end (a `yes` in its user script)
// fills neither the disk nor the team store. The log keeps its head and its tail, with a
// line that says how much was left out, in the file and in the store's chunks alike.
#include "builds/BuildLog.h"
#include "storage/Store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ib;

class TestBoundedLog final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void headAndTailAreKept()
    {
        QVERIFY(m_dir.isValid());
        auto store = Store::open(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(store);
        ImageTemplate t;
        t.name = QStringLiteral("chatty");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        auto made = store.value()->createTemplate(t);
        QVERIFY(made);
        BuildRecord b;
        b.templateId = made->id;
        b.snapshot = made.value();
        b.imageName = QStringLiteral("img");
        b.provider = QStringLiteral("local");
        auto build = store.value()->createBuild(b);
        QVERIFY(build);
        const QString id = build->id;
        const QString path = BuildLog::pathFor(m_dir.filePath(QStringLiteral("builds")), id);
        constexpr qint64 cap = 256 * 1024;
        constexpr int lines = 100000;  // about 4 MB of "y"-lines with their time stamps
        {
            BuildLog log(id, path, 100, cap);
            log.setStoreSink(store.value().get(), id);
            for (int i = 1; i <= lines; ++i)
                log.append(QStringLiteral("user-script"), QStringLiteral("y %1").arg(i));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        qInfo("%d lines written, %lld bytes on disk (cap %lld)", lines, static_cast<long long>(text.size()), static_cast<long long>(cap));
        QVERIFY(text.size() <= cap + 1024);
        QVERIFY(text.contains("[user-script] y 1\n"));
        QVERIFY(text.contains(QStringLiteral("[user-script] y %1\n").arg(lines).toUtf8()));
        QVERIFY(text.contains("lines ("));
        QVERIFY(text.contains("left out here"));
        const auto marker = text.indexOf("left out here");
        QVERIFY(marker > cap / 2 - 1024 && marker < cap / 2 + 1024);

        auto chunks = store.value()->logChunks(id);
        QVERIFY(chunks);
        QString stored;
        for (const auto &c : chunks.value())
            stored += c.text;
        QVERIFY(stored.size() <= cap + 1024);
        QCOMPARE(stored.toUtf8(), text);  // the store holds what the file holds

        // A short log is untouched: no marker.
        const QString shortId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString shortPath = BuildLog::pathFor(m_dir.filePath(QStringLiteral("builds")), shortId);
        {
            BuildLog log(shortId, shortPath, 100, cap);
            for (int i = 0; i < 10; ++i)
                log.append(QStringLiteral("s"), QStringLiteral("line %1").arg(i));
        }
        const auto read = BuildLog::readFile(shortPath);
        QCOMPARE(read.size(), 10);
    }

    // A store that refuses every chunk (here: no such build row) is tried once per
    // interval, not at every line: a chatty build keeps its pace.
    void failingStoreIsNotTriedPerLine()
    {
        auto store = Store::open(m_dir.filePath(QStringLiteral("refusing.sqlite")));
        QVERIFY(store);
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QElapsedTimer timer;
        timer.start();
        {
            BuildLog log(id, BuildLog::pathFor(m_dir.filePath(QStringLiteral("builds")), id), 100, 64LL * 1024 * 1024);
            log.setStoreSink(store.value().get(), id);
            for (int i = 1; i <= 100000; ++i)
                log.append(QStringLiteral("user-script"), QStringLiteral("y %1").arg(i));
        }
        qInfo("100000 lines with a refusing store: %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY(timer.elapsed() < 15000);
        QVERIFY(store.value()->logChunks(id)->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBoundedLog)
#include "tst_boundedlog.moc"
