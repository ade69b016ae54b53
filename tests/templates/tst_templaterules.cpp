#include "TestSupport.h"
#include "catalog/ApplicationCatalog.h"
#include "templates/TemplateRules.h"

#include <QTest>

#include <optional>

using namespace ib;

class TestTemplateRules final : public QObject
{
    Q_OBJECT

private:
    std::optional<ApplicationCatalog> m_catalog;

    const TemplateRules rules() const { return TemplateRules(*m_catalog); }

    static QString joined(const RuleMessages &messages)
    {
        QStringList out;
        for (const auto &m : messages)
            out.append(TemplateRules::fieldKey(m.field) + QStringLiteral(": ") + m.message);
        return out.join(QLatin1Char('\n'));
    }

    // `expected` empty: no error; otherwise exactly one error containing it.
    static void verifyVerdict(const RuleMessages &messages, const QString &expected)
    {
        QStringList errors;
        for (const auto &m : messages) {
            if (m.severity == Severity::Error)
                errors.append(m.message);
        }
        if (expected.isEmpty()) {
            QVERIFY2(errors.isEmpty(), qPrintable(joined(messages)));
        } else {
            QVERIFY2(errors.size() == 1, qPrintable(QStringLiteral("expected one error, got:\n") + joined(messages)));
            QVERIFY2(errors.first().contains(expected), qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(expected, errors.first())));
        }
    }

private slots:
    void initTestCase()
    {
        auto loaded = ApplicationCatalog::loadFromDirectory(test::sourceDir() + QStringLiteral("/tests/templates/fixture-catalog"));
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
        m_catalog = std::move(loaded).value();
    }

    void name_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        const QString korean = QStringLiteral("가");
        QTest::newRow("plain") << QStringLiteral("web-server") << QString();
        QTest::newRow("empty") << QString() << QStringLiteral("Enter a name");
        QTest::newRow("only spaces") << QStringLiteral("   ") << QStringLiteral("only spaces");
        QTest::newRow("only tab") << QStringLiteral("\t") << QStringLiteral("only spaces");
        QTest::newRow("255 ASCII bytes") << QString(255, QLatin1Char('a')) << QString();
        QTest::newRow("256 ASCII bytes") << QString(256, QLatin1Char('a')) << QStringLiteral("uses 256 of 255 bytes");
        QTest::newRow("85 Korean") << korean.repeated(85) << QString();
        QTest::newRow("86 Korean") << korean.repeated(86) << QStringLiteral("uses 258 of 255 bytes");
        QTest::newRow("mix 84 Korean + 3 ASCII = 255") << korean.repeated(84) + QStringLiteral("abc") << QString();
        QTest::newRow("mix 84 Korean + 4 ASCII = 256")
            << korean.repeated(84) + QStringLiteral("abcd") << QStringLiteral("shorten it by 1 bytes");
        QTest::newRow("emoji counts 4 bytes") << QString(251, QLatin1Char('a')) + QStringLiteral("😀") << QString();
        QTest::newRow("emoji over") << QString(252, QLatin1Char('a')) + QStringLiteral("😀") << QStringLiteral("uses 256 of 255");
        QTest::newRow("line break") << QStringLiteral("web\nserver") << QStringLiteral("line break at character 4");
        QTest::newRow("carriage return") << QStringLiteral("web\rserver") << QStringLiteral("carriage return");
        QTest::newRow("tab inside") << QStringLiteral("web\tserver") << QStringLiteral("a tab");
        QTest::newRow("DEL") << QStringLiteral("web\x7f") << QStringLiteral("U+007F");
        QTest::newRow("unicode line separator") << QStringLiteral("a\u2028b") << QStringLiteral("U+2028");
        // "web-\u202Egpj.exe" reads as "web-exe.jpg": the names' one rule (util/InertText.h).
        QTest::newRow("right-to-left override") << QStringLiteral("web-\u202Egpj.exe") << QStringLiteral("U+202E at character 5");
        QTest::newRow("leading space") << QStringLiteral(" web") << QStringLiteral("start or end");
        QTest::newRow("trailing space") << QStringLiteral("web ") << QStringLiteral("start or end");
        QTest::newRow("inner spaces") << QStringLiteral("my web server") << QString();
    }

    void name()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        verifyVerdict(rules().checkName(name), expected);
    }

    void nameTakenIgnoresCase()
    {
        const QStringList existing{QStringLiteral("Web Server"), QStringLiteral("Ünïcode")};
        const auto taken = [&](const QString &n) {
            return std::any_of(existing.cbegin(), existing.cend(),
                               [&](const QString &e) { return TemplateRules::nameKey(e) == TemplateRules::nameKey(n); });
        };
        verifyVerdict(rules().checkName(QStringLiteral("web server"), taken), QStringLiteral("already exists"));
        verifyVerdict(rules().checkName(QStringLiteral("WEB SERVER"), taken), QStringLiteral("already exists"));
        verifyVerdict(rules().checkName(QStringLiteral("ünïcode"), taken), QStringLiteral("already exists"));
        // The same letters composed differently (NFD) are the same name.
        verifyVerdict(rules().checkName(QStringLiteral("U\u0308ni\u0308code"), taken), QStringLiteral("already exists"));
        verifyVerdict(rules().checkName(QStringLiteral("web server 2"), taken), QString());
    }

    void os_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("distro");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("expected");
        QTest::newRow("debian 12") << "linux"
                                   << "debian"
                                   << "12" << QString();
        QTest::newRow("rocky 9") << "linux"
                                 << "rocky"
                                 << "9" << QString();
        QTest::newRow("distro case ignored") << "linux"
                                             << "Debian"
                                             << "12" << QString();
        QTest::newRow("windows") << "windows"
                                 << "windows"
                                 << "2022" << QStringLiteral("Only Linux");
        QTest::newRow("unknown version") << "linux"
                                         << "debian"
                                         << "13" << QStringLiteral("debian 13 is not in the OS catalog");
        QTest::newRow("unknown distro") << "linux"
                                        << "gentoo"
                                        << "1" << QStringLiteral("choose one of: debian:12, ubuntu:22.04, rocky:9");
        QTest::newRow("missing") << "linux"
                                 << ""
                                 << "" << QStringLiteral("Choose an OS");
    }

    void os()
    {
        QFETCH(QString, type);
        QFETCH(QString, distro);
        QFETCH(QString, version);
        QFETCH(QString, expected);
        verifyVerdict(rules().checkOs(OsSpec{type, distro, version}), expected);
    }

    void applications_data()
    {
        QTest::addColumn<QString>("os");
        QTest::addColumn<QStringList>("apps");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << "debian:12" << QStringList{} << QString();
        QTest::newRow("one") << "debian:12" << QStringList{QStringLiteral("nginx")} << QString();
        QTest::newRow("two compatible") << "debian:12" << QStringList{QStringLiteral("nginx"), QStringLiteral("docker")} << QString();
        QTest::newRow("conflict names both") << "debian:12" << QStringList{QStringLiteral("nginx"), QStringLiteral("apache-httpd")}
                                             << QStringLiteral(
                                                    "Nginx and Apache HTTP Server cannot be chosen together (both serve HTTP on port 80)");
        QTest::newRow("conflict listed on one side only, other order")
            << "debian:12" << QStringList{QStringLiteral("apache-httpd"), QStringLiteral("nginx")}
            << QStringLiteral("Apache HTTP Server and Nginx cannot be chosen together");
        QTest::newRow("unknown") << "debian:12" << QStringList{QStringLiteral("mongodb")}
                                 << QStringLiteral("\"mongodb\" is not in the application catalog");
        QTest::newRow("twice") << "debian:12" << QStringList{QStringLiteral("nginx"), QStringLiteral("nginx")}
                               << QStringLiteral("chosen twice");
        QTest::newRow("not for this OS")
            << "debian:12" << QStringList{QStringLiteral("rocky-only")}
            << QStringLiteral("Rocky Tool is not available for Debian 12; remove it or choose an OS it supports (Rocky Linux 9)");
        QTest::newRow("supported on rocky") << "rocky:9" << QStringList{QStringLiteral("rocky-only"), QStringLiteral("nginx")} << QString();
    }

    void applications()
    {
        QFETCH(QString, os);
        QFETCH(QStringList, apps);
        QFETCH(QString, expected);
        const auto parts = os.split(QLatin1Char(':'));
        verifyVerdict(rules().checkApplications(OsSpec{QStringLiteral("linux"), parts[0], parts[1]}, apps), expected);
    }

    void minStorage_data()
    {
        QTest::addColumn<int>("gb");
        QTest::addColumn<QStringList>("apps");
        QTest::addColumn<QString>("expected");
        QTest::newRow("9") << 9 << QStringList{} << QStringLiteral("from 10 to 2000; 9 is outside");
        QTest::newRow("10") << 10 << QStringList{} << QString();
        QTest::newRow("2000") << 2000 << QStringList{} << QString();
        QTest::newRow("2001") << 2001 << QStringList{} << QStringLiteral("2001 is outside");
        QTest::newRow("0") << 0 << QStringList{} << QStringLiteral("outside");
        QTest::newRow("negative") << -1 << QStringList{} << QStringLiteral("the value given is outside");
        QTest::newRow("below docker's 20") << 19 << QStringList{QStringLiteral("docker")}
                                           << QStringLiteral("Docker Engine needs at least 20 GB");
        QTest::newRow("docker's 20") << 20 << QStringList{QStringLiteral("docker")} << QString();
        QTest::newRow("names the largest")
            << 30 << QStringList{QStringLiteral("docker"), QStringLiteral("bigdb")}
            << QStringLiteral("Big Database needs at least 50 GB of block storage; raise the minimum to 50 GB or more.");
    }

    void minStorage()
    {
        QFETCH(int, gb);
        QFETCH(QStringList, apps);
        QFETCH(QString, expected);
        verifyVerdict(rules().checkMinStorage(gb, apps), expected);
    }

    void applicationsMinimum()
    {
        QCOMPARE(rules().applicationsMinimumGb({}), 10);
        QCOMPARE(rules().applicationsMinimumGb({QStringLiteral("docker")}), 20);
        QCOMPARE(rules().applicationsMinimumGb({QStringLiteral("docker"), QStringLiteral("bigdb"), QStringLiteral("nginx")}), 50);
    }

    void userScript_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("offersCrlfFix");
        QTest::newRow("none") << QByteArray() << QString() << false;
        QTest::newRow("bash -e") << QByteArray("#!/bin/bash -e\nsudo apt-get update\n") << QString() << false;
        QTest::newRow("sh") << QByteArray("#!/bin/sh\necho hi\n") << QString() << false;
        QTest::newRow("dash") << QByteArray("#!/usr/bin/dash\n") << QString() << false;
        QTest::newRow("zsh") << QByteArray("#!/usr/bin/zsh\n") << QString() << false;
        QTest::newRow("ksh") << QByteArray("#!/bin/ksh\n") << QString() << false;
        QTest::newRow("env bash") << QByteArray("#!/usr/bin/env bash\n") << QString() << false;
        QTest::newRow("env -S bash -e") << QByteArray("#!/usr/bin/env -S bash -e\n") << QString() << false;
        QTest::newRow("space after #!") << QByteArray("#! /bin/bash\n") << QString() << false;
        QTest::newRow("no shebang") << QByteArray("echo hi\n") << QStringLiteral("Line 1 must be a shebang") << false;
        QTest::newRow("blank first line") << QByteArray("\n#!/bin/bash\n") << QStringLiteral("Line 1 is blank") << false;
        QTest::newRow("spaces first line") << QByteArray("   \n#!/bin/bash\n") << QStringLiteral("Line 1 is blank") << false;
        QTest::newRow("indented shebang") << QByteArray("  #!/bin/bash\n") << QStringLiteral("before \"#!\"") << false;
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF#!/bin/bash\n") << QStringLiteral("byte-order mark") << false;
        QTest::newRow("CRLF") << QByteArray("#!/bin/bash -e\r\necho hi\r\n") << QStringLiteral("CRLF") << true;
        QTest::newRow("python") << QByteArray("#!/usr/bin/python3\nprint(1)\n") << QStringLiteral("shebang names \"/usr/bin/python3\"")
                                << false;
        QTest::newRow("env python") << QByteArray("#!/usr/bin/env python3\n") << QStringLiteral("must be shell scripts") << false;
        QTest::newRow("relative interpreter") << QByteArray("#!bash\n") << QStringLiteral("absolute path") << false;
        QTest::newRow("empty shebang") << QByteArray("#!\n") << QStringLiteral("names no interpreter") << false;
        QTest::newRow("NUL") << QByteArray("#!/bin/sh\necho \0hi\n", 20) << QStringLiteral("NUL byte at offset 15") << false;
        QTest::newRow("invalid UTF-8") << QByteArray("#!/bin/sh\necho \xC3\x28\n") << QStringLiteral("not valid UTF-8") << false;
        QTest::newRow("Korean text") << QByteArray("#!/bin/bash\necho '안녕하세요'\n") << QString() << false;
        QByteArray exactly64k = "#!/bin/sh\n";
        exactly64k += QByteArray(TemplateRules::MaxScriptBytes - exactly64k.size() - 1, '#') + '\n';
        QTest::newRow("64 KiB") << exactly64k << QString() << false;
        QTest::newRow("64 KiB + 1") << exactly64k + '\n' << QStringLiteral("65537 bytes; at most 65536") << false;
    }

    void userScript()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QFETCH(bool, offersCrlfFix);
        const auto messages = TemplateRules::checkUserScriptBytes(bytes);
        verifyVerdict(messages, expected);
        const bool fix =
            std::any_of(messages.cbegin(), messages.cend(), [](const RuleMessage &m) { return m.fix == SuggestedFix::ConvertCrlf; });
        QCOMPARE(fix, offersCrlfFix);
    }

    void description_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("255") << QString(255, QLatin1Char('d')) << QString();
        QTest::newRow("256") << QString(256, QLatin1Char('d')) << QStringLiteral("has 256 characters; at most 255");
        QTest::newRow("255 Korean characters") << QStringLiteral("설").repeated(255) << QString();
        QTest::newRow("255 emoji (510 UTF-16 units)") << QStringLiteral("😀").repeated(255) << QString();
        QTest::newRow("multi-line") << QStringLiteral("line one\nline two") << QString();
    }

    void description()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        verifyVerdict(rules().checkDescription(text), expected);
    }

    void validateReportsEveryField()
    {
        ImageTemplate t;
        t.name = QString(256, QLatin1Char('x'));
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.applications = {QStringLiteral("nginx"), QStringLiteral("apache-httpd")};
        t.minStorageGb = 5;
        t.userScript = QStringLiteral("echo no shebang\n");
        t.description = QString(300, QLatin1Char('d'));
        const auto messages = rules().validate(t);
        QList<TemplateField> fields;
        for (const auto &m : messages)
            fields.append(m.field);
        QCOMPARE(fields, (QList<TemplateField>{TemplateField::Name, TemplateField::Applications, TemplateField::MinStorage,
                                               TemplateField::UserScript, TemplateField::Description}));
    }

    void validTemplatePasses()
    {
        ImageTemplate t;
        t.name = QStringLiteral("웹 서버");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.applications = {QStringLiteral("nginx"), QStringLiteral("docker")};
        t.minStorageGb = 20;
        t.userScript = QStringLiteral("#!/bin/bash -e\nsudo touch /marker\n");
        QVERIFY2(rules().validate(t).isEmpty(), qPrintable(joined(rules().validate(t))));
    }
};

QTEST_GUILESS_MAIN(TestTemplateRules)
#include "tst_templaterules.moc"
