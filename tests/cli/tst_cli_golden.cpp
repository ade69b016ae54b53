// Golden tests of imagebuilder-cli: every verb's stdout, stderr and exit status, text and
// --json, compared with the files in tests/cli/golden/ (one file per case). They pin what
// scripts rely on, so a rewrite of the CLI can show it changed nothing.
//
// The real binary runs against a throwaway SQLite store. Rows a verb cannot make without a
// VM, root or a cloud (builds, their log chunks, images, base images, a cloud account) are
// planted through the store first. What varies from run to run is replaced before the
// comparison by the patterns in normalise() (tests/cli/golden/README.md lists them).
//
// IB_GOLDEN_UPDATE=1 rewrites the files from what the binary prints now (review the diff).
#include "TestSupport.h"

#include "providers/openstack/CloudAccountStore.h"
#include "secrets/MemorySecretStore.h"
#include "storage/Store.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ib;

namespace {

struct Case
{
    QString name;  // the golden file's name, without .txt
    QStringList args;
};

}  // namespace

class TestCliGolden final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/ib-golden-XXXXXX")};
    QString m_db;
    QHash<QString, QString> m_vars;  // {build1} in a case's arguments -> the planted build's id
    QStringList m_mismatches;

    QString goldenDir() const { return test::sourceDir() + QStringLiteral("/tests/cli/golden"); }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const auto path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return path;
    }

    // What differs between runs and machines, in the order applied. Each replacement keeps
    // the rest of the line as printed, column padding included.
    QString normalise(QString text) const
    {
        text.replace(m_dir.path(), QStringLiteral("<TMP>"));
        static const QList<std::pair<QRegularExpression, QString>> patterns{
            // ids: a whole UUID, then the 8-character prefixes the tables show
            {QRegularExpression(QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")), QStringLiteral("<UUID>")},
            {QRegularExpression(QStringLiteral("\\b[0-9a-f]{8}\\b")), QStringLiteral("<ID8>")},
            // times: ISO 8601 (with or without milliseconds and zone), then the tables' "yyyy-MM-dd HH:mm"
            {QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?(Z|[+-]\\d\\d:\\d\\d)?")),
             QStringLiteral("<TIME>")},
            {QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d")), QStringLiteral("<TIME>")},
            // durations of planted builds ("0s", "1m05s"): seconds pass while the test runs
            {QRegularExpression(QStringLiteral("(?<=\\s)(\\d+m\\d\\ds|\\d+s)(?=\\s|$)")), QStringLiteral("<DUR>")},
        };
        for (const auto &[pattern, replacement] : patterns)
            text.replace(pattern, replacement);
        return text;
    }

    // The command line as a shell would take it: an argument with a space or a quote in quotes.
    static QString commandLine(const QStringList &args)
    {
        QStringList quoted;
        for (const auto &a : args) {
            const bool plain = !a.isEmpty() && !a.contains(QLatin1Char(' ')) && !a.contains(QLatin1Char('\''));
            quoted.append(plain ? a
                                : QLatin1Char('\'') + QString(a).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\''));
        }
        return quoted.join(QLatin1Char(' '));
    }

    QString record(const Case &c, int status, const QString &out, const QString &err) const
    {
        return QStringLiteral("$ imagebuilder-cli %1\n# exit %2\n## stdout\n%3## stderr\n%4")
            .arg(normalise(commandLine(c.args)), QString::number(status), normalise(out), normalise(err));
    }

    // The CLI's own folders, store and secret store, and a fixed zone and locale: nothing of
    // the machine's own settings, store or keychain is read or written.
    QHash<QString, QString> cliEnvironment() const
    {
        return {{QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data"))},
                {QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config"))},
                {QStringLiteral("IMAGEBUILDER_DATA_DIR"), m_dir.filePath(QStringLiteral("data"))},
                {QStringLiteral("IMAGEBUILDER_DB"), m_db},
                {QStringLiteral("IMAGEBUILDER_SECRET_STORE"), QStringLiteral("memory")},
                {QStringLiteral("TZ"), QStringLiteral("UTC")},
                {QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8")}};
    }

    void runCase(const Case &c, const QByteArray &stdinData)
    {
        QStringList args;
        for (auto a : c.args) {
            for (auto it = m_vars.cbegin(); it != m_vars.cend(); ++it)
                a.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
            args.append(a);
        }
        const auto run = test::runCli(args, cliEnvironment(), stdinData);
        const auto actual = record(c, run.status, run.out, run.err);

        QFile golden(goldenDir() + QLatin1Char('/') + c.name + QStringLiteral(".txt"));
        if (qEnvironmentVariableIntValue("IB_GOLDEN_UPDATE") == 1) {
            QVERIFY2(golden.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(golden.fileName()));
            golden.write(actual.toUtf8());
            return;
        }
        if (!golden.open(QIODevice::ReadOnly)) {
            m_mismatches.append(c.name + QStringLiteral(": no golden file (IB_GOLDEN_UPDATE=1 writes it)"));
            return;
        }
        const auto expected = QString::fromUtf8(golden.readAll());
        if (expected != actual)
            m_mismatches.append(QStringLiteral("%1 differs.\n--- expected\n%2--- actual\n%3").arg(c.name, expected, actual));
    }

    // Rows that need a VM, root or a cloud to be made for real.
    void plant()
    {
        auto opened = Store::open(m_db);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        auto store = std::move(opened).value();

        ImageTemplate t;
        t.name = QStringLiteral("planted web");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.applications = {QStringLiteral("nginx")};
        t.minStorageGb = 10;
        t.description = QStringLiteral("made by the golden test");
        auto created = store->createTemplate(t);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));

        BaseImage base;
        base.id = QStringLiteral("0b5e0000-0000-4000-8000-000000000001");
        base.name = QStringLiteral("debian-12-golden");
        base.path = m_dir.filePath(QStringLiteral("data/base-images/debian-12-golden.qcow2"));
        base.os = t.os;
        base.loginUser = QStringLiteral("debian");
        base.sizeBytes = qint64(2) * 1024 * 1024 * 1024;
        QVERIFY(store->addBaseImage(base));

        const auto addBuild = [&](const QString &id, const QString &imageName, BuildState state, const QString &cause) {
            BuildRecord b;
            b.id = id;
            b.templateId = created->id;
            b.templateRevision = created->revision;
            b.snapshot = created.value();
            b.imageName = imageName;
            b.baseImage = base;
            QVERIFY(store->createBuild(b));
            // Run by a colleague's machine: nothing here sweeps or cancels it.
            QVERIFY(store->markBuildStarted(id, QStringLiteral("colleague-host"), 4242, QString()));
            for (const auto step : {BuildStep::Prepare, BuildStep::Launch}) {
                QVERIFY(store->setBuildStep(id, step));
                QVERIFY(store->finishStep(id, step, QStringLiteral("ok")));
                QThread::msleep(20);  // steps sort by their start
            }
            if (state != BuildState::Running)
                QVERIFY(store->finishBuild(id, state, cause));
            QThread::msleep(20);  // the lists sort by time
        };
        m_vars.insert(QStringLiteral("build1"), QStringLiteral("b0000000-0000-4000-8000-000000000001"));
        m_vars.insert(QStringLiteral("build2"), QStringLiteral("b0000000-0000-4000-8000-000000000002"));
        m_vars.insert(QStringLiteral("build3"), QStringLiteral("b0000000-0000-4000-8000-000000000003"));
        addBuild(m_vars.value(QStringLiteral("build1")), QStringLiteral("web-1"), BuildState::Succeeded, QString());
        addBuild(m_vars.value(QStringLiteral("build2")), QStringLiteral("web-2"), BuildState::Failed,
                 QStringLiteral("The user script exited with status 1."));
        addBuild(m_vars.value(QStringLiteral("build3")), QStringLiteral("web-3"), BuildState::Running, QString());
        QVERIFY(store->appendLogChunk(m_vars.value(QStringLiteral("build2")), QStringLiteral("Preparing\nLaunching the VM\n")));
        QVERIFY(store->appendLogChunk(m_vars.value(QStringLiteral("build2")), QStringLiteral("user script: exit 1\n")));

        ImageRecord image;
        image.id = QStringLiteral("1a000000-0000-4000-8000-000000000001");
        image.name = QStringLiteral("web-1");
        image.location = m_dir.filePath(QStringLiteral("data/images/web-1.qcow2"));
        image.templateId = created->id;
        image.templateRevision = created->revision;
        image.buildId = m_vars.value(QStringLiteral("build1"));
        image.os = t.os;
        image.loginUser = QStringLiteral("debian");
        image.sizeBytes = qint64(700) * 1024 * 1024;
        image.virtualSizeBytes = qint64(10) * 1024 * 1024 * 1024;
        image.testState = QStringLiteral("passed");
        image.datasources = QStringList{QStringLiteral("NoCloud"), QStringLiteral("ConfigDrive"), QStringLiteral("None")};
        QVERIFY(store->addImage(image));
        m_vars.insert(QStringLiteral("image1"), image.id);
        // An image made before datasources were recorded (or imported): publish cannot tell.
        image.id = QStringLiteral("1a000000-0000-4000-8000-000000000002");
        image.name = QStringLiteral("web-0");
        image.location = m_dir.filePath(QStringLiteral("data/images/web-0.qcow2"));
        image.testState.clear();
        image.datasources.clear();
        image.createdAt = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
        QVERIFY(store->addImage(image));
        m_vars.insert(QStringLiteral("image0"), image.id);

        MemorySecretStore secrets;
        openstack::CloudAccountStore accounts(*store, &secrets);
        auto account = openstack::CloudAccount::nhn(QStringLiteral("nhn-kr1"), QStringLiteral("KR1"),
                                                    QStringLiteral("0123456789abcdef0123456789abcdef"), QStringLiteral("me@example.com"));
        const auto added = accounts.add(account, QStringLiteral("not-a-real-password"));
        QVERIFY2(added, qPrintable(added ? QString() : added.error().message));
    }

    QList<Case> cases()
    {
        const auto s = [](const char *text) { return QString::fromUtf8(text); };
        const auto script = writeFile(QStringLiteral("setup.sh"), "#!/bin/bash -e\necho ready\n");
        const auto notJson = writeFile(QStringLiteral("not-json.json"), "{ nope");
        const auto otherJson = writeFile(QStringLiteral("other.json"), "{\"format\": \"something-else\"}");
        const auto testScript = writeFile(QStringLiteral("test.sh"), "#!/bin/bash -e\nsystemctl is-active nginx\ncurl -sf localhost\n");
        const auto noShebang = writeFile(QStringLiteral("no-shebang.sh"), "systemctl is-active nginx\n");
        return {
            // usage
            {s("usage-help"), {s("--help")}},
            {s("usage-none"), {}},
            {s("usage-unknown-command"), {s("frobnicate"), s("x")}},
            {s("usage-unknown-option"), {s("--bogus")}},
            {s("usage-group-without-verb"), {s("template")}},
            {s("usage-db-without-value"), {s("--db")}},
            // catalog
            {s("catalog-os"), {s("catalog"), s("os")}},
            {s("catalog-os-json"), {s("catalog"), s("os"), s("--json")}},
            {s("catalog-apps"), {s("catalog"), s("apps")}},
            {s("catalog-apps-json"), {s("catalog"), s("apps"), s("--json")}},
            {s("catalog-unknown"), {s("catalog"), s("nope")}},
            // templates
            {s("template-create"),
             {s("template"), s("create"), s("--name"), s("web front"), s("--os"), s("debian:12"), s("--app"), s("nginx"), s("--app"),
              s("redis"), s("--script"), script, s("--description"), s("nginx + redis")}},
            {s("template-create-invalid"),
             {s("template"), s("create"), s("--name"), QString(256, QLatin1Char('n')), s("--os"), s("debian"), s("--min-storage"),
              s("ten")}},
            {s("template-create-missing"), {s("template"), s("create")}},
            {s("template-create-taken-name"), {s("template"), s("create"), s("--name"), s("WEB FRONT"), s("--os"), s("debian:12")}},
            {s("template-create-update-only-flag"),
             {s("template"), s("create"), s("--name"), s("x"), s("--os"), s("debian:12"), s("--no-apps")}},
            {s("template-list"), {s("template"), s("list")}},
            {s("template-list-json"), {s("template"), s("list"), s("--json")}},
            {s("template-show"), {s("template"), s("show"), s("web front")}},
            {s("template-show-json"), {s("template"), s("show"), s("web front"), s("--json")}},
            {s("template-show-not-found"), {s("template"), s("show"), s("no such template")}},
            {s("template-show-no-target"), {s("template"), s("show")}},
            {s("template-update"), {s("template"), s("update"), s("web front"), s("--min-storage"), s("20"), s("--revision"), s("1")}},
            {s("template-update-stale-revision"),
             {s("template"), s("update"), s("web front"), s("--description"), s("late"), s("--revision"), s("1")}},
            {s("template-update-bad-revision"), {s("template"), s("update"), s("web front"), s("--revision"), s("x")}},
            {s("template-revisions"), {s("template"), s("revisions"), s("web front")}},
            {s("template-revisions-json"), {s("template"), s("revisions"), s("web front"), s("--json")}},
            {s("template-export"), {s("template"), s("export"), s("web front")}},
            {s("template-import-not-json"), {s("template"), s("import"), notJson}},
            {s("template-import-other-format"), {s("template"), s("import"), otherJson}},
            {s("template-import-missing-file"), {s("template"), s("import"), m_dir.filePath(QStringLiteral("absent.json"))}},
            {s("template-import-stdin-taken-name"), {s("template"), s("import"), s("-")}},
            {s("template-import-stdin"), {s("template"), s("import"), s("-"), s("--name"), s("web copy")}},
            {s("template-delete"), {s("template"), s("delete"), s("web copy")}},
            {s("template-delete-not-found"), {s("template"), s("delete"), s("web copy")}},
            // image tests (issue 19)
            {s("template-update-test-script"),
             {s("template"), s("update"), s("web front"), s("--test-script"), testScript, s("--no-boot-test")}},
            {s("template-show-test-script"), {s("template"), s("show"), s("web front")}},
            {s("template-show-test-script-json"), {s("template"), s("show"), s("web front"), s("--json")}},
            {s("template-update-no-test-script"), {s("template"), s("update"), s("web front"), s("--no-test-script"), s("--boot-test")}},
            {s("template-update-boot-test-both"), {s("template"), s("update"), s("web front"), s("--boot-test"), s("--no-boot-test")}},
            {s("template-create-no-test-script-flag"),
             {s("template"), s("create"), s("--name"), s("x"), s("--os"), s("debian:12"), s("--no-test-script")}},
            {s("template-create-test-script-no-shebang"),
             {s("template"), s("create"), s("--name"), s("tested"), s("--os"), s("debian:12"), s("--test-script"), noShebang}},
            {s("template-create-test-script-missing-file"),
             {s("template"), s("create"), s("--name"), s("tested"), s("--os"), s("debian:12"), s("--test-script"),
              m_dir.filePath(QStringLiteral("absent.sh"))}},
            {s("template-unknown-verb"), {s("template"), s("frob")}},
            // builds (planted rows; starting one needs a VM)
            {s("build-list"), {s("build"), s("list")}},
            {s("build-list-json"), {s("build"), s("list"), s("--json")}},
            {s("build-list-template"), {s("build"), s("list"), s("--template"), s("planted web")}},
            {s("build-list-template-not-found"), {s("build"), s("list"), s("--template"), s("nothing")}},
            {s("build-show"), {s("build"), s("show"), s("{build2}")}},
            {s("build-show-succeeded"), {s("build"), s("show"), s("{build1}")}},
            {s("build-show-json"), {s("build"), s("show"), s("{build2}"), s("--json")}},
            {s("build-show-not-found"), {s("build"), s("show"), s("c0000000-0000-4000-8000-000000000000")}},
            {s("build-show-no-id"), {s("build"), s("show")}},
            {s("build-log-from-store"), {s("build"), s("log"), s("{build2}")}},
            {s("build-log-nothing-stored"), {s("build"), s("log"), s("{build1}")}},
            {s("build-start-missing"), {s("build"), s("start")}},
            {s("build-start-unknown-template"),
             {s("build"), s("start"), s("--template"), s("nothing"), s("--image-name"), s("x"), s("--base-image"), s("0b5e0000")}},
            {s("build-start-bad-image-name"),
             {s("build"), s("start"), s("--template"), s("web front"), s("--image-name"), s("bad/name"), s("--base-image"), s("0b5e0000")}},
            {s("build-cancel-not-found"), {s("build"), s("cancel"), s("c0000000-0000-4000-8000-000000000000")}},
            {s("build-unknown-verb"), {s("build"), s("frob")}},
            // images
            {s("image-list"), {s("image"), s("list")}},
            {s("image-list-json"), {s("image"), s("list"), s("--json")}},
            {s("image-list-unknown-provider"), {s("image"), s("list"), s("--provider"), s("nowhere")}},
            // publish: refusals that need no cloud (issue 19)
            {s("image-publish-no-id"), {s("image"), s("publish")}},
            {s("image-publish-no-provider"), {s("image"), s("publish"), s("{image1}")}},
            {s("image-publish-unknown-provider"), {s("image"), s("publish"), s("{image1}"), s("--provider"), s("nowhere")}},
            {s("image-publish-unknown-datasources"), {s("image"), s("publish"), s("{image0}"), s("--provider"), s("nhn-kr1")}},
            {s("image-publish-missing-file"), {s("image"), s("publish"), s("{image1}"), s("--provider"), s("nhn-kr1")}},
            {s("image-publish-bad-format"),
             {s("image"), s("publish"), s("{image1}"), s("--provider"), s("nhn-kr1"), s("--format"), s("vmdk")}},
            {s("image-delete-not-found"), {s("image"), s("delete"), s("c0000000-0000-4000-8000-000000000000")}},
            {s("image-delete-no-id"), {s("image"), s("delete")}},
            {s("image-delete"), {s("image"), s("delete"), s("{image1}")}},
            // base images (making one needs root and debootstrap; importing one needs qemu-img)
            {s("base-image-list"), {s("base-image"), s("list")}},
            {s("base-image-list-json"), {s("base-image"), s("list"), s("--json")}},
            {s("base-image-create-other-os"), {s("base-image"), s("create"), s("debian:11")}},
            {s("base-image-import-nothing"), {s("base-image"), s("import")}},
            {s("base-image-remove-not-found"), {s("base-image"), s("remove"), s("c0000000-0000-4000-8000-000000000000")}},
            // Refusals only: a rename that worked would change the other cases' base image.
            {s("base-image-rename-bad-name"), {s("base-image"), s("rename"), s("0b5e0000"), s("bad\tname")}},
            {s("base-image-rename-not-found"), {s("base-image"), s("rename"), s("c0000000-0000-4000-8000-000000000000"), s("x")}},
            {s("base-image-rename-no-name"), {s("base-image"), s("rename"), s("0b5e0000")}},
            {s("base-image-list-unknown-provider"), {s("base-image"), s("list"), s("--provider"), s("nowhere")}},
            // clouds (adding one signs in to the cloud)
            {s("cloud-list"), {s("cloud"), s("list")}},
            {s("cloud-list-json"), {s("cloud"), s("list"), s("--json")}},
            {s("cloud-add-no-kind"), {s("cloud"), s("add")}},
            {s("cloud-add-nhn-missing"), {s("cloud"), s("add"), s("nhn")}},
            {s("cloud-remove-not-found"), {s("cloud"), s("remove"), s("nowhere")}},
            // stores
            {s("store-copy-missing"), {s("store"), s("copy")}},
            {s("store-password-sqlite"), {s("store"), s("password")}},
            {s("store-unknown-verb"), {s("store"), s("frob")}},
            // bug reports (the archive's contents: tst_diagnostics)
            {s("diagnostics-save"), {s("diagnostics"), s("save"), m_dir.filePath(QStringLiteral("diagnostics.zip"))}},
            {s("diagnostics-save-no-file"), {s("diagnostics"), s("save")}},
            {s("diagnostics-save-unwritable"), {s("diagnostics"), s("save"), m_dir.filePath(QStringLiteral("no-such-folder/d.zip"))}},
        };
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("IB_CLI")), "IB_CLI must name the built imagebuilder-cli");
        m_db = m_dir.filePath(QStringLiteral("golden.sqlite"));
        plant();
    }

    void everyVerb()
    {
        for (const auto &c : cases()) {
            QByteArray stdinData;
            if (c.name.startsWith(QLatin1String("template-import-stdin"))) {
                // The export of the template made a few cases earlier, as a pipe would hand it over.
                const auto exported =
                    test::runCli({QStringLiteral("template"), QStringLiteral("export"), QStringLiteral("web front")}, cliEnvironment());
                QCOMPARE(exported.status, 0);
                stdinData = exported.out.toUtf8();
                QVERIFY(!stdinData.isEmpty());
            }
            runCase(c, stdinData);
        }
        if (qEnvironmentVariableIntValue("IB_GOLDEN_UPDATE") == 1)
            QSKIP("IB_GOLDEN_UPDATE=1: the golden files were rewritten; review them with git diff");
        QVERIFY2(m_mismatches.isEmpty(), qPrintable(m_mismatches.join(QLatin1Char('\n'))));
    }

    // Every file in golden/ belongs to a case, so a removed case does not leave a file that
    // nothing checks.
    void noStrayGoldenFiles()
    {
        QStringList names;
        for (const auto &c : cases())
            names.append(c.name + QStringLiteral(".txt"));
        const auto files = QDir(goldenDir()).entryList({QStringLiteral("*.txt")}, QDir::Files);
        for (const auto &f : files)
            QVERIFY2(names.contains(f), qPrintable(f + QStringLiteral(" has no case in tst_cli_golden.cpp")));
    }
};

QTEST_GUILESS_MAIN(TestCliGolden)
#include "tst_cli_golden.moc"
