// SshLineSplitter: how a command's byte stream becomes log lines.
#include "ssh/SshLineSplitter.h"

#include <QtTest>

using ib::ssh::SshLineSplitter;

class TestSshLineSplitter final : public QObject
{
    Q_OBJECT

private slots:
    void splits_data();
    void splits();
    void longLinesArriveInPieces();
};

void TestSshLineSplitter::splits_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("plain") << QByteArray("a\nb\n") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("partial last line") << QByteArray("a\nb") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("empty lines kept") << QByteArray("a\n\nb\n") << QStringList{QStringLiteral("a"), QString(), QStringLiteral("b")};
    QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("progress bar") << QByteArray("10%\r50%\r100%\ndone\n") << QStringList{QStringLiteral("100%"), QStringLiteral("done")};
    QTest::newRow("progress bar at the end") << QByteArray("10%\r50%\r") << QStringList{QStringLiteral("50%")};
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfeok\n") << QStringList{QString(2, QChar(0xFFFD)) + QStringLiteral("ok")};
    QTest::newRow("utf-8") << QByteArray("h\xc3\xa9llo\n") << QStringList{QStringLiteral("h\u00e9llo")};
    QTest::newRow("nothing") << QByteArray() << QStringList{};
}

void TestSshLineSplitter::splits()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, lines);
    // Byte by byte and all at once must agree: chunk borders fall anywhere.
    for (qsizetype step : {qsizetype(1), qsizetype(3), qMax<qsizetype>(1, input.size())}) {
        QStringList got;
        SshLineSplitter splitter([&got](const QString &line) { got << line; });
        for (qsizetype i = 0; i < input.size(); i += step)
            splitter.feed(QByteArrayView(input).sliced(i, qMin(step, input.size() - i)));
        splitter.finish();
        QCOMPARE(got, lines);
    }
}

void TestSshLineSplitter::longLinesArriveInPieces()
{
    QStringList got;
    SshLineSplitter splitter([&got](const QString &line) { got << line; }, 10);
    splitter.feed(QByteArray(QByteArray(25, 'x') + "\n"));
    splitter.finish();
    QCOMPARE(got, (QStringList{QString(10, QLatin1Char('x')), QString(10, QLatin1Char('x')), QString(5, QLatin1Char('x'))}));
}

QTEST_GUILESS_MAIN(TestSshLineSplitter)
#include "tst_sshlinesplitter.moc"
