#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// Runs the real imagebuilder-cli binary and checks exit status, stdout and stderr.
class TestCli final : public QObject
{
    Q_OBJECT

private:
    using Run = ib::test::CliRun;

    QTemporaryDir m_dir;
    QString m_db;

    Run cli(const QStringList &args, const QByteArray &stdinData = {}, bool withDb = true)
    {
        return ib::test::runCli(withDb ? QStringList{QStringLiteral("--db"), m_db} + args : args,
                                {{QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data"))},
                                 {QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config"))},
                                 {QStringLiteral("IMAGEBUILDER_DB"), QString()}},
                                stdinData);
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const auto path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return path;
    }

    QString create(const QString &name)
    {
        const auto r = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), name, QStringLiteral("--os"),
                            QStringLiteral("debian:12")});
        return r.status == 0 ? r.out.trimmed() : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("IB_CLI")), "IB_CLI must name the built imagebuilder-cli");
        m_db = m_dir.filePath(QStringLiteral("cli.sqlite"));
    }

    void createPrintsIdAndShowRoundTrips()
    {
        const auto script = writeFile(QStringLiteral("ok.sh"), "#!/bin/bash -e\necho \"ready\"\n");
        const auto r = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Web front"),
                            QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--app"), QStringLiteral("nginx"),
                            QStringLiteral("--min-storage"), QStringLiteral("15"), QStringLiteral("--script"), script,
                            QStringLiteral("--description"), QStringLiteral("the front end")});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const auto id = r.out.trimmed();
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f-]{36}$")).match(id).hasMatch(), qPrintable(id));

        const auto show = cli({QStringLiteral("template"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(show.status, 0);
        const auto o = QJsonDocument::fromJson(show.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("Web front"));
        QCOMPARE(o.value(QStringLiteral("os")).toObject().value(QStringLiteral("distro")).toString(), QStringLiteral("debian"));
        QCOMPARE(o.value(QStringLiteral("applications")).toArray().first().toString(), QStringLiteral("nginx"));
        QCOMPARE(o.value(QStringLiteral("minStorageGb")).toInt(), 15);
        QCOMPARE(o.value(QStringLiteral("userScript")).toString(), QStringLiteral("#!/bin/bash -e\necho \"ready\"\n"));
        QCOMPARE(o.value(QStringLiteral("revision")).toInt(), 1);

        const auto byName = cli({QStringLiteral("template"), QStringLiteral("show"), QStringLiteral("web FRONT")});
        QCOMPARE(byName.status, 0);
        QVERIFY(byName.out.contains(QStringLiteral("Min storage:   15 GB")));
    }

    void invalidInputPrintsOneLinePerRule()
    {
        const auto r = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), QString(256, QLatin1Char('n')),
                            QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--min-storage"), QStringLiteral("9"),
                            QStringLiteral("--description"), QString(256, QLatin1Char('d'))});
        QCOMPARE(r.status, 2);
        QVERIFY(r.out.isEmpty());
        const auto lines = r.errLines();
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith(QStringLiteral("name: The name uses 256 of 255 bytes")), qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(QStringLiteral("minStorage: ")), qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(QStringLiteral("description: ")), qPrintable(lines[2]));
    }

    void missingAndMalformedFlags_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("firstLine");
        QTest::newRow("no name, no os") << QStringList{} << QStringLiteral("name: Enter a name for the template with --name.");
        QTest::newRow("bad os") << QStringList{QStringLiteral("--name"), QStringLiteral("x"), QStringLiteral("--os"),
                                               QStringLiteral("debian")}
                                << QStringLiteral("os: Write the OS as DISTRO:VERSION");
        QTest::newRow("unknown os") << QStringList{QStringLiteral("--name"), QStringLiteral("x"), QStringLiteral("--os"),
                                                   QStringLiteral("debian:99")}
                                    << QStringLiteral("os: debian 99 is not in the OS catalog");
        QTest::newRow("storage not a number") << QStringList{QStringLiteral("--name"),        QStringLiteral("x"),
                                                             QStringLiteral("--os"),          QStringLiteral("debian:12"),
                                                             QStringLiteral("--min-storage"), QStringLiteral("10.5")}
                                              << QStringLiteral("minStorage: Minimum block storage must be a whole number");
        QTest::newRow("unknown app") << QStringList{QStringLiteral("--name"),    QStringLiteral("x"),     QStringLiteral("--os"),
                                                    QStringLiteral("debian:12"), QStringLiteral("--app"), QStringLiteral("no-such-app")}
                                     << QStringLiteral("applications: \"no-such-app\" is not in the application catalog");
        QTest::newRow("missing script file") << QStringList{QStringLiteral("--name"),   QStringLiteral("x"),
                                                            QStringLiteral("--os"),     QStringLiteral("debian:12"),
                                                            QStringLiteral("--script"), QStringLiteral("/nonexistent/script.sh")}
                                             << QStringLiteral("userScript: cannot read /nonexistent/script.sh");
    }

    void missingAndMalformedFlags()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, firstLine);
        const auto r = cli(QStringList{QStringLiteral("template"), QStringLiteral("create")} + args);
        QCOMPARE(r.status, 2);
        QVERIFY2(!r.errLines().isEmpty() && r.errLines().first().startsWith(firstLine), qPrintable(r.err));
    }

    void koreanNameBoundary()
    {
        QVERIFY(!create(QStringLiteral("가").repeated(85)).isEmpty());
        const auto r = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"),
                            QStringLiteral("나").repeated(86), QStringLiteral("--os"), QStringLiteral("debian:12")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("name: The name uses 258 of 255 bytes")), qPrintable(r.err));
    }

    void crlfScriptOffersConversion()
    {
        const auto script = writeFile(QStringLiteral("crlf.sh"), "#!/bin/bash -e\r\necho hi\r\n");
        QStringList args{QStringLiteral("template"), QStringLiteral("create"),    QStringLiteral("--name"),   QStringLiteral("crlf"),
                         QStringLiteral("--os"),     QStringLiteral("debian:12"), QStringLiteral("--script"), script};
        const auto refused = cli(args);
        QCOMPARE(refused.status, 2);
        QVERIFY2(refused.err.startsWith(QStringLiteral("userScript: ")) && refused.err.contains(QStringLiteral("--convert-crlf")),
                 qPrintable(refused.err));
        const auto converted = cli(args + QStringList{QStringLiteral("--convert-crlf")});
        QCOMPARE(converted.status, 0);
        const auto show = cli({QStringLiteral("template"), QStringLiteral("show"), QStringLiteral("crlf"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("userScript")).toString(),
                 QStringLiteral("#!/bin/bash -e\necho hi\n"));
    }

    void badScriptBytes()
    {
        const auto bom = writeFile(QStringLiteral("bom.sh"), "\xEF\xBB\xBF#!/bin/sh\n");
        const auto r = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("bom"),
                            QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--script"), bom});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains(QStringLiteral("userScript: ")) && r.err.contains(QStringLiteral("byte-order mark")), qPrintable(r.err));
        const auto latin1 = writeFile(QStringLiteral("latin1.sh"), "#!/bin/sh\necho \xE9t\xE9\n");
        const auto r2 = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("latin1"),
                             QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--script"), latin1});
        QCOMPARE(r2.status, 2);
        QVERIFY2(r2.err.contains(QStringLiteral("userScript: The script is not valid UTF-8")), qPrintable(r2.err));
    }

    void scriptFromStdinWithShellcheckWarnings()
    {
        const auto r = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("warned"),
                            QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--script"), QStringLiteral("-")},
                           "#!/bin/bash -e\nrm -rf $DIR/cache\n");
        QCOMPARE(r.status, 0);
        QVERIFY2(r.err.contains(QStringLiteral("userScript: warning: line 2:")), qPrintable(r.err));
    }

    void listShowsTemplates()
    {
        QVERIFY(!create(QStringLiteral("listed one")).isEmpty());
        const auto table = cli({QStringLiteral("template"), QStringLiteral("list")});
        QCOMPARE(table.status, 0);
        QVERIFY(table.out.startsWith(QStringLiteral("ID ")));
        QVERIFY(table.out.contains(QStringLiteral("listed one")));
        const auto json = cli({QStringLiteral("template"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json.status, 0);
        const auto array = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QVERIFY(std::any_of(array.cbegin(), array.cend(), [](const QJsonValue &v) {
            return v.toObject().value(QStringLiteral("name")).toString() == QStringLiteral("listed one");
        }));
    }

    void updateWithRevisions()
    {
        const auto id = create(QStringLiteral("to update"));
        QVERIFY(!id.isEmpty());
        const auto first = cli({QStringLiteral("template"), QStringLiteral("update"), id, QStringLiteral("--description"),
                                QStringLiteral("v2"), QStringLiteral("--revision"), QStringLiteral("1")});
        QCOMPARE(first.status, 0);
        QCOMPARE(first.out.trimmed(), id + QStringLiteral(" revision 2"));
        const auto stale = cli({QStringLiteral("template"), QStringLiteral("update"), id, QStringLiteral("--description"),
                                QStringLiteral("other"), QStringLiteral("--revision"), QStringLiteral("1")});
        QCOMPARE(stale.status, 4);
        QVERIFY2(stale.err.contains(QStringLiteral("changed by someone else")), qPrintable(stale.err));
        const auto show = cli({QStringLiteral("template"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("description")).toString(), QStringLiteral("v2"));
        const auto invalid =
            cli({QStringLiteral("template"), QStringLiteral("update"), id, QStringLiteral("--min-storage"), QStringLiteral("2001")});
        QCOMPARE(invalid.status, 2);
        QVERIFY(invalid.err.startsWith(QStringLiteral("minStorage: ")));
        const auto revisions = cli({QStringLiteral("template"), QStringLiteral("revisions"), id, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(revisions.out.toUtf8()).array().size(), 2);
    }

    void deleteThenNotFound()
    {
        const auto id = create(QStringLiteral("to delete"));
        QCOMPARE(cli({QStringLiteral("template"), QStringLiteral("delete"), QStringLiteral("to delete")}).status, 0);
        const auto show = cli({QStringLiteral("template"), QStringLiteral("show"), id});
        QCOMPARE(show.status, 3);
        QVERIFY(show.err.contains(QStringLiteral("no template")));
    }

    void exportImport()
    {
        const auto script = writeFile(QStringLiteral("exp.sh"), "#!/bin/sh\necho exported\n");
        const auto created = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"),
                                  QStringLiteral("exported"), QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--app"),
                                  QStringLiteral("nginx"), QStringLiteral("--script"), script});
        QCOMPARE(created.status, 0);
        const auto exported = cli({QStringLiteral("template"), QStringLiteral("export"), QStringLiteral("exported")});
        QCOMPARE(exported.status, 0);
        const auto file = writeFile(QStringLiteral("export.json"), exported.out.toUtf8());

        const auto clash = cli({QStringLiteral("template"), QStringLiteral("import"), file});
        QCOMPARE(clash.status, 2);
        QVERIFY2(clash.err.startsWith(QStringLiteral("name: A template named \"exported\" already exists")), qPrintable(clash.err));

        const auto imported =
            cli({QStringLiteral("template"), QStringLiteral("import"), file, QStringLiteral("--name"), QStringLiteral("imported")});
        QCOMPARE(imported.status, 0);
        auto a =
            QJsonDocument::fromJson(cli({QStringLiteral("template"), QStringLiteral("export"), QStringLiteral("exported")}).out.toUtf8())
                .object();
        auto b =
            QJsonDocument::fromJson(cli({QStringLiteral("template"), QStringLiteral("export"), QStringLiteral("imported")}).out.toUtf8())
                .object();
        auto contentA = a.value(QStringLiteral("template")).toObject();
        auto contentB = b.value(QStringLiteral("template")).toObject();
        contentA.remove(QStringLiteral("name"));
        contentB.remove(QStringLiteral("name"));
        QCOMPARE(contentA, contentB);

        const auto notExport = writeFile(QStringLiteral("random.json"), "{\"hello\": 1}");
        const auto refused = cli({QStringLiteral("template"), QStringLiteral("import"), notExport});
        QCOMPARE(refused.status, 2);
        QVERIFY(refused.err.contains(QStringLiteral("not a template export")));
    }

    void catalogCommands()
    {
        const auto apps = cli({QStringLiteral("catalog"), QStringLiteral("apps"), QStringLiteral("--json")});
        QCOMPARE(apps.status, 0);
        const auto array = QJsonDocument::fromJson(apps.out.toUtf8()).array();
        QVERIFY(!array.isEmpty());
        QVERIFY(std::any_of(array.cbegin(), array.cend(), [](const QJsonValue &v) {
            return v.toObject().value(QStringLiteral("id")).toString() == QStringLiteral("nginx");
        }));
        const auto os = cli({QStringLiteral("catalog"), QStringLiteral("os")});
        QCOMPARE(os.status, 0);
        QVERIFY(os.out.contains(QStringLiteral("debian:12")));
        QVERIFY(os.out.contains(QStringLiteral("rocky:9")));
    }

    void databaseFromEnvironment()
    {
        const auto envDb = m_dir.filePath(QStringLiteral("from-env.sqlite"));
        const auto r = ib::test::runCli(
            {QStringLiteral("template"), QStringLiteral("list")},
            {{QStringLiteral("IMAGEBUILDER_DB"), envDb}, {QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data"))}});
        QCOMPARE(r.status, 0);
        QVERIFY(QFile::exists(envDb));
    }

    void usageErrors()
    {
        const auto none = cli({}, {}, false);
        QCOMPARE(none.status, 2);
        QVERIFY(none.err.contains(QStringLiteral("Usage: imagebuilder-cli")));
        QCOMPARE(cli({QStringLiteral("frobnicate"), QStringLiteral("now")}).status, 2);
        QCOMPARE(cli({QStringLiteral("template"), QStringLiteral("show")}).status, 2);
        QCOMPARE(cli({QStringLiteral("template"), QStringLiteral("list"), QStringLiteral("--bogus")}).status, 2);
        const auto help = cli({QStringLiteral("--help")}, {}, false);
        QCOMPARE(help.status, 0);
        QVERIFY(help.out.contains(QStringLiteral("template create --name N --os DISTRO:VERSION")));
        const auto version = cli({QStringLiteral("--version")}, {}, false);
        QCOMPARE(version.status, 0);
        QVERIFY2(version.out.startsWith(QStringLiteral("Image Builder ")) && version.out.contains(QStringLiteral("libssh ")) &&
                     version.out.contains(QStringLiteral("libcurl ")),
                 qPrintable(version.out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
