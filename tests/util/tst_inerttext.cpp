#include "util/InertText.h"

#include <QTest>

using namespace ib;

class TestInertText final : public QObject
{
    Q_OBJECT

private slots:
    // The one rule of one-line names (templates, base images, published images).
    void nameRule_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<uint>("refused");  // the first refused code point, 0: none
        QTest::newRow("plain") << QStringLiteral("web-server 1.0") << 0u;
        QTest::newRow("Korean") << QStringLiteral("웹 서버 (운영)") << 0u;
        QTest::newRow("emoji") << QStringLiteral("rocket \U0001F680") << 0u;
        QTest::newRow("zero-width joiner") << QStringLiteral("a\u200Db") << 0u;
        QTest::newRow("tab") << QStringLiteral("a\tb") << 0x09u;
        QTest::newRow("escape") << QStringLiteral("a\x1b[31mb") << 0x1Bu;
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << 0x7Fu;
        QTest::newRow("C1 NEL") << QStringLiteral("a\u0085b") << 0x85u;
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << 0x2028u;
        QTest::newRow("right-to-left override") << QStringLiteral("gpj.\u202Eexe") << 0x202Eu;
        QTest::newRow("first isolate") << QStringLiteral("a\u2068b") << 0x2068u;
    }

    void nameRule()
    {
        QFETCH(QString, name);
        QFETCH(uint, refused);
        QCOMPARE(static_cast<uint>(firstRefusedInName(name)), refused);
    }

    void terminal_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain text is unchanged")
            << QStringLiteral("Build succeeded\n\tstep 3") << QStringLiteral("Build succeeded\n\tstep 3");
        QTest::newRow("Korean is unchanged") << QStringLiteral("웹 서버 템플릿") << QStringLiteral("웹 서버 템플릿");
        QTest::newRow("OSC title") << QStringLiteral("\x1b]0;pwned\x07") << QStringLiteral("^[]0;pwned^G");
        QTest::newRow("OSC 52 clipboard") << QStringLiteral("\x1b]52;c;ZWNobyBoaQ==\x1b\\") << QStringLiteral("^[]52;c;ZWNobyBoaQ==^[\\");
        QTest::newRow("CSI erase line") << QStringLiteral("\x1b[2K\rBuild succeeded") << QStringLiteral("^[[2K^MBuild succeeded");
        QTest::newRow("CRLF is a line end") << QStringLiteral("a\r\nb") << QStringLiteral("a\nb");
        QTest::newRow("DEL and NUL") << QString(QStringLiteral("a\x7f") + QChar(0) + QStringLiteral("b")) << QStringLiteral("a^?^@b");
        QTest::newRow("C1 CSI") << QString(QStringLiteral("x") + QChar(0x9b) + QStringLiteral("2J")) << QStringLiteral("x\\u{9b}2J");
        QTest::newRow("bidi override") << QString(QStringLiteral("abc") + QChar(0x202e) + QStringLiteral("fed"))
                                       << QStringLiteral("abc\\u{202e}fed");
    }
    void terminal()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(inertForTerminal(in), out);
        QCOMPARE(hasControlCharacters(in), in != out);
    }

    void line()
    {
        QCOMPARE(inertForLine(QStringLiteral("one\ntwo\tthree")),
                 QString(QStringLiteral("one") + QChar(0x23CE) + QStringLiteral("two") + QChar(0x2192) + QStringLiteral("three")));
        QCOMPARE(inertForLine(QStringLiteral("\x1b[31mred")), QStringLiteral("^[[31mred"));
    }
};

QTEST_GUILESS_MAIN(TestInertText)
#include "tst_inerttext.moc"
