#include "BuildFixture.h"

#include "providers/local/Accelerator.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "settings/TeamStorePage.h"
#include "storage/Store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestAppSettings final : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAndBuildSettings();
    void dialogSavesAndHasCloudsPage();
    void teamStorePage();
    void settingsApplyToTheNextBuild();
};

void TestAppSettings::defaultsAndBuildSettings()
{
    QTemporaryDir dir;
    qputenv("IMAGEBUILDER_DATA_DIR", dir.path().toUtf8());
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    QCOMPARE(settings.value(AppSettings::Key::Concurrency).toInt(), 1);
    QCOMPARE(settings.value(AppSettings::Key::Accelerator).toString(), QStringLiteral("auto"));
    QCOMPARE(settings.value(AppSettings::Key::KeepVmOnFailure).toBool(), false);
    settings.setValue(AppSettings::Key::Concurrency, 3);
    settings.setValue(AppSettings::Key::Accelerator, QStringLiteral("software"));
    settings.setValue(AppSettings::Key::KeepVmOnFailure, true);
    settings.setValue(AppSettings::Key::QemuImgProgram, QStringLiteral("/opt/qemu/bin/qemu-img"));
    settings.sync();
    AppSettings reread(dir.filePath(QStringLiteral("settings.ini")));
    const auto b = reread.buildSettings();
    QCOMPARE(b.concurrency, 3);
    QCOMPARE(b.accelerator, QStringLiteral("software"));
    QVERIFY(b.keepVmOnFailure);
    QCOMPARE(b.qemuImgProgram, QStringLiteral("/opt/qemu/bin/qemu-img"));
    QCOMPARE(b.dataDirectory, dir.path());              // IMAGEBUILDER_DATA_DIR wins
    reread.setValue(AppSettings::Key::Concurrency, 1);  // the default: stored as "not set"
    reread.sync();
    QCOMPARE(reread.value(AppSettings::Key::Concurrency).toInt(), 1);
}

void TestAppSettings::dialogSavesAndHasCloudsPage()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    SettingsDialog dialog(settings);
    dialog.show();
    dialog.findChild<QSpinBox *>(QStringLiteral("concurrency"))->setValue(2);
    auto *accelerator = dialog.findChild<QComboBox *>(QStringLiteral("accelerator"));
    accelerator->setCurrentIndex(accelerator->findData(QStringLiteral("hardware")));
    dialog.findChild<QCheckBox *>(QStringLiteral("keepVm"))->setChecked(true);
    dialog.save();
    QCOMPARE(settings.value(AppSettings::Key::Concurrency).toInt(), 2);
    QCOMPARE(settings.value(AppSettings::Key::Accelerator).toString(), QStringLiteral("hardware"));
    QVERIFY(settings.value(AppSettings::Key::KeepVmOnFailure).toBool());
    QCOMPARE(dialog.tabs()->count(), 5);
    QCOMPARE(dialog.tabs()->tabText(4), QStringLiteral("Appearance"));  // tst_theme
    QCOMPARE(dialog.tabs()->tabText(2), QStringLiteral("Clouds"));
    QVERIFY(dialog.tabs()->isTabEnabled(2));  // accounts: tst_cloudgui

    // Local VMs says which accelerator builds get and why, for the choice shown.
    accelerator->setCurrentIndex(accelerator->findData(QStringLiteral("software")));
    const auto software = local::Accelerator::detect(local::AcceleratorPreference::Software);
    QTRY_COMPARE(dialog.acceleratorStatus(), software.reason());
    accelerator->setCurrentIndex(accelerator->findData(QStringLiteral("auto")));
    const auto detected = local::Accelerator::detect(local::AcceleratorPreference::Automatic);
    QTRY_COMPARE(dialog.acceleratorStatus(), detected.reason());
    QVERIFY(!detected.reason().isEmpty());
    // Which settings need a restart is said on the page; no blanket "next start" line.
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("localRestartNote"))->text().contains(QStringLiteral("next start")));
}

void TestAppSettings::teamStorePage()
{
    QTemporaryDir dir;
    qunsetenv("IMAGEBUILDER_DB");
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    SettingsDialog dialog(settings);
    dialog.show();
    auto *page = dialog.teamStorePage();
    QCOMPARE(dialog.tabs()->tabText(dialog.tabs()->indexOf(page)), QStringLiteral("Team Store"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *message = page->findChild<QLabel *>(QStringLiteral("storeMessage"));
    auto *url = page->findChild<QLineEdit *>(QStringLiteral("storeUrl"));
    auto *test = page->findChild<QPushButton *>(QStringLiteral("testConnection"));
    QVERIFY(page->findChild<QRadioButton *>(QStringLiteral("storeSqlite"))->isChecked());  // the default
    QVERIFY(ok->isEnabled());

    // A PostgreSQL URL: the rule shows as you type, OK waits for a valid one, and a
    // password typed into the URL is refused (it belongs in the keychain).
    page->findChild<QRadioButton *>(QStringLiteral("storePostgres"))->setChecked(true);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(url, QStringLiteral("postgresql://alice:secret@db.example.com:5432/imagebuilder"));
    QVERIFY2(message->text().contains(QStringLiteral("keychain")), qPrintable(message->text()));
    QVERIFY(!ok->isEnabled());
    url->setText(QStringLiteral("postgresql://alice@db.example.com:5432/imagebuilder"));
    QVERIFY(message->text().isEmpty());
    QVERIFY(ok->isEnabled());

    // Which TLS mode the connection will use (issue 15): verified by default for a server
    // elsewhere, the URL's sslmode when it names one, libpq's default on this machine.
    auto *tls = page->findChild<QLabel *>(QStringLiteral("storeTls"));
    QVERIFY(tls);
    QVERIFY2(tls->text().startsWith(QStringLiteral("TLS, the server verified")), qPrintable(tls->text()));
    url->setText(QStringLiteral("postgresql://alice@db.example.com:5432/imagebuilder?sslmode=require"));
    QVERIFY2(tls->text().contains(QStringLiteral("not checked")), qPrintable(tls->text()));
    url->setText(QStringLiteral("postgresql://alice@db.example.com:5432/imagebuilder?sslrootcert=/etc/team-ca.pem"));
    QCOMPARE(tls->text(), QStringLiteral("TLS, the server verified against /etc/team-ca.pem (from the URL)"));
    url->setText(QStringLiteral("postgresql://alice@localhost/imagebuilder"));
    QVERIFY2(tls->text().startsWith(QStringLiteral("A server on this computer")), qPrintable(tls->text()));
    url->setText(QStringLiteral("postgresql://alice@db.example.com:5432/imagebuilder"));

    // Test Connection runs on a worker thread and says why it failed (nothing listens on port 1).
    url->setText(QStringLiteral("postgresql://nobody@127.0.0.1:1/none"));
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(page->isTesting());
    QVERIFY(!test->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!page->isTesting(), 20000);
    QVERIFY2(!page->testResult().startsWith(QStringLiteral("Connected")) && !page->testResult().isEmpty(), qPrintable(page->testResult()));
    QVERIFY(test->isEnabled());

    // OK tests an unsaved store before saving it: one that cannot be opened is not saved
    // (the next start would be locked out); the dialog stays open and says why.
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(ok->isEnabled() && !page->isTesting(), 20000);
    QVERIFY(dialog.isVisible());
    QVERIFY2(message->isVisible() && message->text().startsWith(QStringLiteral("Not saved: ")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("127.0.0.1:1")), qPrintable(message->text()));
    QCOMPARE(dialog.tabs()->currentWidget(), page);
    QVERIFY(settings.value(AppSettings::Key::StoreLocation).toString().isEmpty());

    // A SQLite file: the test opens (creates) it; OK saves the location, no password anywhere.
    const QString file = dir.filePath(QStringLiteral("team.sqlite"));
    page->findChild<QRadioButton *>(QStringLiteral("storeSqlite"))->setChecked(true);
    page->findChild<QLineEdit *>(QStringLiteral("storePath"))->setText(file);
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->testResult().startsWith(QStringLiteral("Connected: schema ")), 20000);
    QVERIFY(QFile::exists(file));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(settings.value(AppSettings::Key::StoreLocation).toString(), file);
    QFile ini(dir.filePath(QStringLiteral("settings.ini")));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("secret"));
}

// OK applies the build settings to the running app: builds started from then on get them,
// a larger "builds at once" starts a queued build now; the data folder waits for a restart.
void TestAppSettings::settingsApplyToTheNextBuild()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    const QString dataFolder = f.service->settings().dataDirectory;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    QVERIFY(f.service->start(t.id, QStringLiteral("one"), base.id));
    QVERIFY(f.service->start(t.id, QStringLiteral("two"), base.id));
    QCOMPARE(f.service->runningCount(), 1);  // one at a time: the second waits

    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    SettingsDialog dialog(settings);
    dialog.setBuildService(f.service.get());
    dialog.show();
    dialog.findChild<QSpinBox *>(QStringLiteral("concurrency"))->setValue(2);
    dialog.findChild<QCheckBox *>(QStringLiteral("keepVm"))->setChecked(true);
    dialog.findChild<QCheckBox *>(QStringLiteral("isolateVm"))->setChecked(false);
    dialog.findChild<QLineEdit *>(QStringLiteral("dataDirectory"))->setText(dir.filePath(QStringLiteral("elsewhere")));
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(f.service->settings().concurrency, 2);
    QVERIFY(f.service->settings().keepVmOnFailure);
    QVERIFY(!f.service->settings().isolateVmFromHost);
    QCOMPARE(f.service->settings().dataDirectory, dataFolder);
    QCOMPARE(f.service->runningCount(), 2);  // the queued build started
    f.service->shutdown();
}

QTEST_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
