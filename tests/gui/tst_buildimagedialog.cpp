#include "BuildFixture.h"

#include "builds/BuildImageDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestBuildImageDialog final : public QObject
{
    Q_OBJECT

private slots:
    void showsOnlySuitableBaseImages();
    void imageNameRuleTogglesStart();
    void noSuitableBaseImageExplainsAndOffersImport();
    void guessesFromCloudImageNames_data();
    void guessesFromCloudImageNames();
    void startQueuesABuild();
};

void TestBuildImageDialog::showsOnlySuitableBaseImages()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"), QStringLiteral("debian:12"));
    const auto debian = f.addBase(QStringLiteral("debian-12-genericcloud-amd64"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    f.addBase(QStringLiteral("jammy-server-cloudimg-amd64"), QStringLiteral("ubuntu:22.04"), QStringLiteral("ubuntu"));
    f.addBase(QStringLiteral("Rocky-9-GenericCloud"), QStringLiteral("rocky:9"), QStringLiteral("rocky"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QCOMPARE(dialog.baseImageList()->count(), 1);
    QVERIFY(dialog.baseImageList()->item(0)->text().startsWith(QStringLiteral("debian-12-genericcloud-amd64")));
    QCOMPARE(dialog.selectedBaseImageId(), debian.id);
    QCOMPARE(dialog.hiddenText(), QStringLiteral("2 base images are hidden: they are not Debian 12 (bookworm)."));
    QVERIFY(dialog.noBaseImageText().isEmpty());
}

void TestBuildImageDialog::imageNameRuleTogglesStart()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY(!dialog.startButton()->isEnabled());  // no name yet
    QVERIFY(dialog.nameMessage().isEmpty());      // and no scolding before typing
    QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("web-1.0"));
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(dialog.nameMessage().isEmpty());
    test::typeText(dialog.imageNameEdit(), QStringLiteral("웹"));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY2(dialog.nameMessage().contains(QStringLiteral("character 8")), qPrintable(dialog.nameMessage()));
    QTest::keyClick(dialog.imageNameEdit(), Qt::Key_Backspace);
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(dialog.nameMessage().isEmpty());
    dialog.imageNameEdit()->setText(QString(256, QLatin1Char('a')));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(dialog.nameMessage().contains(QStringLiteral("256 characters")));
}

void TestBuildImageDialog::noSuitableBaseImageExplainsAndOffersImport()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("db"), QStringLiteral("rocky:9"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    int asked = 0;
    dialog.setChooseFile([&] {
        ++asked;
        return QStringLiteral("/nonexistent/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2");
    });
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QCOMPARE(dialog.baseImageList()->count(), 0);
    QVERIFY2(dialog.noBaseImageText().contains(QStringLiteral("it needs Rocky Linux 9")), qPrintable(dialog.noBaseImageText()));
    QCOMPARE(dialog.hiddenText(), QStringLiteral("1 base image is hidden: it is not Rocky Linux 9."));
    dialog.imageNameEdit()->setText(QStringLiteral("db image"));
    QVERIFY(!dialog.startButton()->isEnabled());  // nothing to build from

    auto *import = dialog.findChild<QPushButton *>(QStringLiteral("importBaseImage"));
    QVERIFY(import->isVisible());
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(asked, 1);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("importUser"))->text(), QStringLiteral("rocky"));
    // The import of a missing file fails off the UI thread and says why.
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("importStart")), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isImporting());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("importStatus"))->text().startsWith(QStringLiteral("The import failed")));
}

void TestBuildImageDialog::guessesFromCloudImageNames_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("os");
    QTest::addColumn<QString>("user");
    QTest::newRow("debian") << "/x/debian-12-genericcloud-amd64-20240211.qcow2" << "debian:12" << "debian";
    QTest::newRow("jammy") << "jammy-server-cloudimg-amd64.img" << "ubuntu:22.04" << "ubuntu";
    QTest::newRow("ubuntu 22.04") << "ubuntu-22.04-server-cloudimg-amd64.img" << "ubuntu:22.04" << "ubuntu";
    QTest::newRow("noble") << "noble-server-cloudimg-amd64.img" << "ubuntu:24.04" << "ubuntu";
    QTest::newRow("ubuntu 24.04") << "ubuntu-24.04-server-cloudimg-amd64.img" << "ubuntu:24.04" << "ubuntu";
    QTest::newRow("rocky") << "Rocky-9-GenericCloud.latest.x86_64.qcow2" << "rocky:9" << "rocky";
    QTest::newRow("unknown") << "my-disk.qcow2" << "" << "";
}

void TestBuildImageDialog::guessesFromCloudImageNames()
{
    QFETCH(QString, file);
    QFETCH(QString, os);
    QFETCH(QString, user);
    const auto guess = BuildImageDialog::guessFromFileName(file);
    QCOMPARE(guess.osKey, os);
    QCOMPARE(guess.loginUser, user);
}

void TestBuildImageDialog::startQueuesABuild()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    QSignalSpy started(&dialog, &BuildImageDialog::buildStarted);
    QSignalSpy queued(f.service.get(), &BuildService::buildQueued);
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("web image"));
    QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
    QCOMPARE(started.size(), 1);
    QCOMPARE(queued.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(started.first().first().value<BuildRecord>().imageName, QStringLiteral("web image"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);  // the fake provider fails it
}

QTEST_MAIN(TestBuildImageDialog)
#include "tst_buildimagedialog.moc"
