// Save Diagnostics' archive (core/diagnostics): what it redacts, which files it takes from
// this machine's folders (and which it refuses), and that another zip reader (Python's
// zipfile, which checks every CRC) reads what libarchive wrote.

#include "diagnostics/Diagnostics.h"
#include "logging/Logging.h"
#include "settings/Settings.h"

#include "TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ib;

namespace {

void writeFile(const QString &path, const QByteArray &data, const QDateTime &modified = {})
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(data);
    file.flush();  // else the write at close() would set the time again
    if (modified.isValid())
        QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
}

}  // namespace

class TestDiagnostics final : public QObject
{
    Q_OBJECT

private slots:
    void redactsSecrets_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");  // must be gone
        QTest::addColumn<QString>("kept");    // must stay
        QTest::newRow("private key block")
            << QStringLiteral(
                   "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\nQUJD\n-----END OPENSSH PRIVATE KEY-----\nnext line")
            << QStringLiteral("b3BlbnNzaC1rZXktdjEAAAA") << QStringLiteral("next line");
        QTest::newRow("a key block cut off at the end") << QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA")
                                                        << QStringLiteral("MIIEowIBAAKCAQEA") << QStringLiteral("BEGIN RSA PRIVATE KEY");
        QTest::newRow("URL password") << QStringLiteral("store/location = postgresql://ib:hunter2@db.example:5432/ib")
                                      << QStringLiteral("hunter2") << QStringLiteral("@db.example:5432/ib");
        QTest::newRow("key=value") << QStringLiteral("host=db password=hunter2 dbname=ib") << QStringLiteral("hunter2")
                                   << QStringLiteral("dbname=ib");
        QTest::newRow("environment variable") << QStringLiteral("OS_PASSWORD=s3cr3t-value") << QStringLiteral("s3cr3t-value")
                                              << QStringLiteral("OS_PASSWORD=");
        QTest::newRow("JSON value with spaces") << QStringLiteral(R"({"auth": {"password": "correct horse battery", "name": "admin"}})")
                                                << QStringLiteral("horse") << QStringLiteral(R"("name": "admin")");
        QTest::newRow("HTTP header") << QStringLiteral("X-Auth-Token: gAAAAABkX9zQ_token_value\nAccept: application/json")
                                     << QStringLiteral("gAAAAABkX9zQ_token_value") << QStringLiteral("Accept: application/json");
        QTest::newRow("API key") << QStringLiteral("api_key: ab12cd34ef") << QStringLiteral("ab12cd34ef") << QStringLiteral("api_key");
        QTest::newRow("a word about tokens is kept") << QStringLiteral("The token expired at 10:00; signing in again.") << QString()
                                                     << QStringLiteral("The token expired at 10:00; signing in again.");
        QTest::newRow("Korean text is kept") << QStringLiteral("빌드 성공: 웹 서버") << QString() << QStringLiteral("빌드 성공: 웹 서버");
    }

    void redactsSecrets()
    {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        QFETCH(QString, kept);
        const QString out = QString::fromUtf8(diagnostics::redact(text.toUtf8()));
        if (!secret.isEmpty()) {
            QVERIFY2(!out.contains(secret), qPrintable(out));
            QVERIFY2(out.contains(QStringLiteral("[REDACTED]")), qPrintable(out));
        }
        QVERIFY2(out.contains(kept), qPrintable(out));
    }

    // A secret the log was told of (a cloud password in use) is redacted wherever it shows,
    // whatever the key next to it is called.
    void redactsRegisteredSecrets()
    {
        logging::registerSecret(QStringLiteral("opal-nine-tulip"));
        const QString out = QString::fromUtf8(diagnostics::redact("signed in as admin with opal-nine-tulip\n"));
        logging::forgetSecret(QStringLiteral("opal-nine-tulip"));
        QCOMPARE(out, QStringLiteral("signed in as admin with [REDACTED]\n"));
    }

    // The archive holds the newest builds' logs from this machine's builds folder, the app's
    // log files and the settings, every one redacted; nothing outside those folders.
    void archiveHoldsTheNewestBuildsRedacted()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString builds = dir.filePath(QStringLiteral("data/builds"));
        const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
        QStringList ids;
        for (int i = 0; i < 12; ++i) {  // build 0 is the oldest
            ids << QUuid::createUuid().toString(QUuid::WithoutBraces);
            writeFile(builds + QLatin1Char('/') + ids.last() + QStringLiteral("/build.log"),
                      QStringLiteral("build %1 log\n").arg(i).toUtf8(), start.addSecs(60 * i));
        }
        // The newest build's VM printed a password; its QEMU log is long.
        writeFile(builds + QLatin1Char('/') + ids[11] + QStringLiteral("/serial.log"), "cloud-init: password=tulip-7 set\n");
        QByteArray longLog;
        for (int i = 0; longLog.size() < diagnostics::MaxFileBytes + 1024 * 1024; ++i)
            longLog += QByteArray("qemu line ") + QByteArray::number(i) + '\n';
        writeFile(builds + QLatin1Char('/') + ids[11] + QStringLiteral("/qemu.log"), longLog);
        // Not Image Builder's: a folder not named by a build id, and a log that is a link to a
        // file outside the builds folder (newer than all of the above).
        writeFile(builds + QStringLiteral("/not-a-build/build.log"), "NOT-A-BUILD\n", start.addDays(2));
        writeFile(dir.filePath(QStringLiteral("outside.txt")), "OUTSIDE-THE-FOLDER\n");
        const QString linked = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QDir().mkpath(builds + QLatin1Char('/') + linked);
        QVERIFY(
            QFile::link(dir.filePath(QStringLiteral("outside.txt")), builds + QLatin1Char('/') + linked + QStringLiteral("/build.log")));
        QVERIFY(
            QFile::link(dir.filePath(QStringLiteral("outside.txt")), builds + QLatin1Char('/') + ids[10] + QStringLiteral("/serial.log")));

        writeFile(dir.filePath(QStringLiteral("logs/imagebuilder.log")), "app started\n");
        writeFile(dir.filePath(QStringLiteral("logs/imagebuilder.1.log")), "older: X-Auth-Token: gAAAAAB-older\n");
        Settings settings(dir.filePath(QStringLiteral("settings.ini")));
        settings.setValue(Settings::Key::StoreLocation, QStringLiteral("postgresql://ib:pg-pass-42@db.example/ib"));
        settings.setValue(Settings::Key::Concurrency, 3);
        settings.sync();

        diagnostics::Sources sources;
        sources.settings = &settings;
        sources.logFile = dir.filePath(QStringLiteral("logs/imagebuilder.log"));
        sources.buildsDirectory = builds;
        sources.versionLines << QStringLiteral("Front end: test");
        const QString zip = dir.filePath(QStringLiteral("out/diagnostics 진단.zip"));
        QDir().mkpath(dir.filePath(QStringLiteral("out")));
        const auto written = diagnostics::writeZip(zip, diagnostics::collect(sources));
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));

        const auto files = test::readZipWithPython(zip);
        QStringList expected{QStringLiteral("README.txt"), QStringLiteral("versions.txt"), QStringLiteral("settings.txt"),
                             QStringLiteral("logs/imagebuilder.1.log"), QStringLiteral("logs/imagebuilder.log")};
        for (int i = 2; i < 12; ++i)
            expected << QStringLiteral("builds/%1/build.log").arg(ids[i]);
        expected << QStringLiteral("builds/%1/serial.log").arg(ids[11]) << QStringLiteral("builds/%1/qemu.log").arg(ids[11]);
        QStringList names = files.keys();
        names.sort();
        expected.sort();
        for (const QString &name : names)
            QVERIFY2(expected.contains(name), qPrintable(QStringLiteral("not expected: ") + name));
        for (const QString &name : expected)
            QVERIFY2(names.contains(name), qPrintable(QStringLiteral("missing: ") + name));

        QString all;
        for (auto it = files.begin(); it != files.end(); ++it)
            all += it.value();
        for (const char *secret :
             {"tulip-7", "gAAAAAB-older", "pg-pass-42", "OUTSIDE-THE-FOLDER", "NOT-A-BUILD", "build 0 log", "build 1 log"})
            QVERIFY2(!all.contains(QLatin1String(secret)), secret);
        QVERIFY(files.value(QStringLiteral("settings.txt")).contains(QStringLiteral("build/concurrency = 3")));
        QVERIFY(files.value(QStringLiteral("settings.txt")).contains(QStringLiteral("@db.example/ib")));
        QVERIFY(files.value(QStringLiteral("versions.txt")).contains(QStringLiteral("Front end: test")));
        QVERIFY(files.value(QStringLiteral("versions.txt")).contains(QStringLiteral("libarchive ")));
        // A long file: its end, from a whole line, after a line that says what was left out.
        const QString qemu = files.value(QStringLiteral("builds/%1/qemu.log").arg(ids[11]));
        QVERIFY(qemu.startsWith(QStringLiteral("(the first ")));
        QVERIFY(qemu.size() <= diagnostics::MaxFileBytes + 100);
        QVERIFY(qemu.endsWith(QString::fromUtf8(longLog.right(40))));
        QVERIFY(qemu.section(QLatin1Char('\n'), 1, 1).startsWith(QStringLiteral("qemu line ")));
    }

    // A folder that does not exist: the message names the file; a file already there is
    // replaced only by a whole archive.
    void aFailedWriteSaysWhereAndKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("no-such-folder/d.zip"));
        const auto failed = diagnostics::writeZip(missing, {{QStringLiteral("a.txt"), "a"}});
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message.contains(QDir::toNativeSeparators(missing)), qPrintable(failed.error().message));

        const QString path = dir.filePath(QStringLiteral("d.zip"));
        writeFile(path, "an older file");
        QVERIFY(diagnostics::writeZip(path, {{QStringLiteral("a.txt"), "first"}, {QStringLiteral("empty.txt"), {}}}).ok());
        const auto files = test::readZipWithPython(path);
        QCOMPARE(files.value(QStringLiteral("a.txt")), QStringLiteral("first"));
        QVERIFY(files.contains(QStringLiteral("empty.txt")));
        QCOMPARE(files.value(QStringLiteral("empty.txt")), QString());
    }
};

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
