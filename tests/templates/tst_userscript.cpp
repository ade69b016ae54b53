#include "templates/UserScript.h"

#include <QTest>

using namespace ib;

class TestUserScript final : public QObject
{
    Q_OBJECT

private slots:
    void shebang_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<bool>("present");
        QTest::addColumn<QString>("interpreter");
        QTest::addColumn<QString>("shell");
        QTest::newRow("bash -e") << "#!/bin/bash -e\n"
                                 << true << "/bin/bash"
                                 << "bash";
        QTest::newRow("env") << "#!/usr/bin/env sh\n"
                             << true << "/usr/bin/env"
                             << "sh";
        QTest::newRow("env -S") << "#!/usr/bin/env -S bash -e\n"
                                << true << "/usr/bin/env"
                                << "bash";
        QTest::newRow("env with VAR=") << "#!/usr/bin/env LC_ALL=C dash\n"
                                       << true << "/usr/bin/env"
                                       << "dash";
        QTest::newRow("CRLF") << "#!/bin/sh\r\n"
                              << true << "/bin/sh"
                              << "sh";
        QTest::newRow("python") << "#!/usr/bin/python3\n"
                                << true << "/usr/bin/python3"
                                << "";
        QTest::newRow("absent") << "echo\n"
                                << false << ""
                                << "";
        QTest::newRow("no newline") << "#!/bin/zsh" << true << "/bin/zsh"
                                    << "zsh";
    }

    void shebang()
    {
        QFETCH(QString, script);
        QFETCH(bool, present);
        QFETCH(QString, interpreter);
        QFETCH(QString, shell);
        const auto s = userscript::parseShebang(script);
        QCOMPARE(s.present, present);
        QCOMPARE(s.interpreter, interpreter);
        QCOMPARE(s.shell, shell);
    }

    void convertCrlf()
    {
        QCOMPARE(userscript::convertCrlfToLf(QStringLiteral("#!/bin/sh\r\necho a\r\necho b\r\n")),
                 QStringLiteral("#!/bin/sh\necho a\necho b\n"));
        // A lone CR (a progress bar in a here-doc, say) is content, not a line ending.
        QCOMPARE(userscript::convertCrlfToLf(QStringLiteral("a\rb\r\n")), QStringLiteral("a\rb\n"));
        // The fuzzer's finding (tests/fuzz/findings): CR CR LF is one line end, not CR + CRLF.
        QCOMPARE(userscript::convertCrlfToLf(QStringLiteral("#!/bin/sh\r\r\necho a\r\r\r\n")), QStringLiteral("#!/bin/sh\necho a\n"));
        QCOMPARE(userscript::convertCrlfToLf(QStringLiteral("a\r")), QStringLiteral("a\r"));
        const auto converted = userscript::convertCrlfToLf(QStringLiteral("#!/bin/bash -e\r\ntrue\r\n"));
        QVERIFY(TemplateRules::checkUserScript(converted).isEmpty());
    }

    void decodeKeepsBomAndRefusesBadBytes()
    {
        QVERIFY(userscript::decode(QByteArray("\xEF\xBB\xBF#!/bin/sh\n"))->startsWith(QChar(0xFEFF)));
        QVERIFY(!userscript::decode(QByteArray("a\0b", 3)));
        QVERIFY(!userscript::decode(QByteArray("\xFF\xFE")));
        QCOMPARE(*userscript::decode(QByteArray("#!/bin/sh\n")), QStringLiteral("#!/bin/sh\n"));
    }

    void defaultScriptIsValid()
    {
        QCOMPARE(userscript::defaultScript(), QStringLiteral("#!/bin/bash -e\n"));
        QVERIFY(TemplateRules::checkUserScript(userscript::defaultScript()).isEmpty());
    }

    void shellcheckFindingsAreWarnings()
    {
        if (!userscript::shellcheckAvailable())
            QFAIL("shellcheck is not installed; packaging/setup/deps.sh test installs it");
        const auto warnings = userscript::shellcheckWarnings(QStringLiteral("#!/bin/bash -e\nrm -rf $TARGET/*\necho $1\n"));
        QVERIFY2(!warnings.isEmpty(), "shellcheck should flag unquoted variables");
        for (const auto &w : warnings) {
            QCOMPARE(w.severity, Severity::Warning);
            QCOMPARE(w.field, TemplateField::UserScript);
            QVERIFY2(w.message.startsWith(QStringLiteral("line ")), qPrintable(w.message));
            QVERIFY2(w.message.contains(QStringLiteral("(shellcheck SC")), qPrintable(w.message));
        }
        QVERIFY(userscript::shellcheckWarnings(QStringLiteral("#!/bin/sh\necho \"hello\"\n")).isEmpty());
        // Not a shell script: nothing to run shellcheck on.
        QVERIFY(userscript::shellcheckWarnings(QStringLiteral("#!/usr/bin/python3\nprint($x)\n")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestUserScript)
#include "tst_userscript.moc"
