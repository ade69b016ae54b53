#include "TestSupport.h"

#include "settings/Settings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;

// ib::Settings over a throwaway file, and imagebuilder-cli reading what the desktop app's
// Settings dialog saved (before, the CLI used BuildSettings::defaults() and ignored it).
class TestSettings final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // The CLI as a user runs it: no --db, no IMAGEBUILDER_DB or IMAGEBUILDER_DATA_DIR, so
    // only the settings file says where things are.
    test::CliRun cli(const QStringList &args) const
    {
        return test::runCli(args, {{QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config"))},
                                   {QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data"))},
                                   {QStringLiteral("IMAGEBUILDER_SECRET_STORE"), QStringLiteral("memory")},
                                   {QStringLiteral("IMAGEBUILDER_DB"), QString()},
                                   {QStringLiteral("IMAGEBUILDER_DATA_DIR"), QString()}});
    }

private slots:
    void testCloudImagesIsOffUntilTurnedOn()
    {
        // Testing a cloud image boots a server, which costs money (issue 19).
        Settings s(path(QStringLiteral("test-cloud.ini")));
        QCOMPARE(s.buildSettings().testCloudImages, false);
        s.setValue(Settings::Key::TestCloudImages, true);
        QCOMPARE(s.buildSettings().testCloudImages, true);
        QCOMPARE(Settings::name(Settings::Key::TestCloudImages), QStringLiteral("build/testCloudImages"));
    }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("IB_CLI")), "IB_CLI must name the built imagebuilder-cli");
        // This process's own Settings() write where the CLI below reads: the same
        // XDG_CONFIG_HOME, set before the first QSettings of the process.
        qputenv("XDG_CONFIG_HOME", path(QStringLiteral("config")).toUtf8());
        qunsetenv("IMAGEBUILDER_DATA_DIR");
        qunsetenv("IMAGEBUILDER_ACCELERATOR");
    }

    void defaultsAndTypedValues()
    {
        Settings s(path(QStringLiteral("typed.ini")));
        QCOMPARE(s.value(Settings::Key::Concurrency).toInt(), 1);
        QCOMPARE(s.value(Settings::Key::Accelerator).toString(), QStringLiteral("auto"));
        QCOMPARE(s.value(Settings::Key::QemuSystemProgram).toString(), QString());
        s.setValue(Settings::Key::Concurrency, 3);
        s.setValue(Settings::Key::VmMemoryMb, 100000);  // clamped when read as a build setting
        s.setValue(Settings::Key::DataDirectory, path(QStringLiteral("data-a")));
        s.sync();
        Settings reread(path(QStringLiteral("typed.ini")));
        const auto b = reread.buildSettings();
        QCOMPARE(b.concurrency, 3);
        QCOMPARE(b.vmMemoryMb, 65536);
        QCOMPARE(b.dataDirectory, path(QStringLiteral("data-a")));
        QCOMPARE(b.baseImagesDirectory(), path(QStringLiteral("data-a/base-images")));
        // A value equal to the default is stored as "not set".
        reread.setValue(Settings::Key::Concurrency, 1);
        reread.sync();
        QVERIFY(!QSettings(path(QStringLiteral("typed.ini")), QSettings::IniFormat).contains(QStringLiteral("build/concurrency")));
        // IMAGEBUILDER_DATA_DIR (tests, scripts) wins over the saved folder.
        qputenv("IMAGEBUILDER_DATA_DIR", path(QStringLiteral("data-env")).toUtf8());
        QCOMPARE(reread.buildSettings().dataDirectory, path(QStringLiteral("data-env")));
        qunsetenv("IMAGEBUILDER_DATA_DIR");
    }

    // An installation that saved its settings before core/settings existed keeps them: the
    // keys, written here with a plain QSettings as the app's old AppSettings did, read back.
    void readsWhatExistingInstallsWrote()
    {
        const auto file = path(QStringLiteral("old.ini"));
        {
            QSettings old(file, QSettings::IniFormat);
            old.setValue(QStringLiteral("local/qemuSystem"), QStringLiteral("/opt/qemu/bin/qemu-system-x86_64"));
            old.setValue(QStringLiteral("local/qemuImg"), QStringLiteral("/opt/qemu/bin/qemu-img"));
            old.setValue(QStringLiteral("local/accelerator"), QStringLiteral("software"));
            old.setValue(QStringLiteral("local/dataDirectory"), QStringLiteral("/srv/imagebuilder"));
            old.setValue(QStringLiteral("build/concurrency"), 2);
            old.setValue(QStringLiteral("build/keepVmOnFailure"), true);
            old.setValue(QStringLiteral("local/vmMemoryMb"), 4096);
            old.setValue(QStringLiteral("local/vmCpus"), 4);
            old.setValue(QStringLiteral("store/location"), QStringLiteral("postgresql://db.example.com/ib"));
            old.setValue(QStringLiteral("ui/language"), QStringLiteral("ko"));
        }
        Settings s(file);
        const auto b = s.buildSettings();
        QCOMPARE(b.qemuSystemProgram, QStringLiteral("/opt/qemu/bin/qemu-system-x86_64"));
        QCOMPARE(b.qemuImgProgram, QStringLiteral("/opt/qemu/bin/qemu-img"));
        QCOMPARE(b.accelerator, QStringLiteral("software"));
        QCOMPARE(b.dataDirectory, QStringLiteral("/srv/imagebuilder"));
        QCOMPARE(b.concurrency, 2);
        QVERIFY(b.keepVmOnFailure);
        QCOMPARE(b.vmMemoryMb, 4096);
        QCOMPARE(b.vmCpus, 4);
        QCOMPARE(s.storeLocation(), QStringLiteral("postgresql://db.example.com/ib"));
        QCOMPARE(s.value(Settings::Key::UiLanguage).toString(), QStringLiteral("ko"));
    }

    // The app's file: where the desktop app (which sets the same organisation and
    // application names) has always kept it.
    void theAppsFile() { QCOMPARE(Settings().fileName(), path(QStringLiteral("config/ImageBuilder/imagebuilder.conf"))); }

    // A QEMU path saved in Settings reaches the CLI: a path that is not there is named in
    // the CLI's error.
    void cliUsesTheSavedQemuPath()
    {
        const auto missing = path(QStringLiteral("no-such/qemu-system-x86_64"));
        {
            Settings s;
            s.setValue(Settings::Key::QemuSystemProgram, missing);
            s.setValue(Settings::Key::DataDirectory, path(QStringLiteral("saved-data")));
            s.setValue(Settings::Key::StoreLocation, path(QStringLiteral("saved-store.sqlite")));
            s.sync();
        }
        QFile disk(path(QStringLiteral("disk.raw")));
        QVERIFY(disk.open(QIODevice::WriteOnly));
        QVERIFY(disk.resize(1024 * 1024));
        disk.close();
        const auto r = cli({QStringLiteral("base-image"), QStringLiteral("import"), disk.fileName(), QStringLiteral("--os"),
                            QStringLiteral("debian:12"), QStringLiteral("--user"), QStringLiteral("debian")});
        QVERIFY2(r.status != 0, qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("The configured qemu-system-x86_64 \"%1\" is not an executable file").arg(missing)),
                 qPrintable(r.err));
        // ... and the Team Store saved there is the one it opened.
        QVERIFY(QFile::exists(path(QStringLiteral("saved-store.sqlite"))));
    }

    // The saved qemu-img and data folder are what the CLI uses: an import runs the saved
    // qemu-img (a wrapper that notes each call) and puts the image in the saved folder.
    void cliUsesTheSavedQemuImgAndDataFolder()
    {
        const auto realImg = QStandardPaths::findExecutable(QStringLiteral("qemu-img"));
        const auto realSystem = QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64"));
        if (realImg.isEmpty() || realSystem.isEmpty())
            QSKIP("needs qemu-img and qemu-system-x86_64 on PATH (packaging/setup installs them)");
        const auto calls = path(QStringLiteral("qemu-img-calls.txt"));
        const auto wrapper = path(QStringLiteral("bin/qemu-img"));
        QVERIFY(QDir().mkpath(path(QStringLiteral("bin"))));
        QFile w(wrapper);
        QVERIFY(w.open(QIODevice::WriteOnly));
        w.write(QStringLiteral("#!/bin/sh\necho \"$1\" >> '%1'\nexec '%2' \"$@\"\n").arg(calls, realImg).toUtf8());
        w.close();
        QVERIFY(w.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        {
            Settings s;
            s.setValue(Settings::Key::QemuSystemProgram, realSystem);
            s.setValue(Settings::Key::QemuImgProgram, wrapper);
            s.setValue(Settings::Key::DataDirectory, path(QStringLiteral("saved-data")));
            s.setValue(Settings::Key::StoreLocation, path(QStringLiteral("saved-store.sqlite")));
            s.sync();
        }
        const auto r = cli({QStringLiteral("base-image"), QStringLiteral("import"), path(QStringLiteral("disk.raw")),
                            QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--user"), QStringLiteral("debian"),
                            QStringLiteral("--name"), QStringLiteral("from-settings")});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QFile called(calls);
        QVERIFY2(called.open(QIODevice::ReadOnly), "the saved qemu-img was not run");
        const auto verbs = QString::fromUtf8(called.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(verbs.contains(QStringLiteral("info")) && verbs.contains(QStringLiteral("convert")), qPrintable(verbs.join(u' ')));

        const auto list = cli({QStringLiteral("base-image"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.status, 0);
        const auto images = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(images.size(), 1);
        const auto imagePath = images.first().toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(imagePath.startsWith(path(QStringLiteral("saved-data/base-images/"))), qPrintable(imagePath));
        QVERIFY(QFile::exists(imagePath));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
