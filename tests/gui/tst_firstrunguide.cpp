#include "BuildFixture.h"

#include "MainWindow.h"
#include "baseimages/ImportBaseImageDialog.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildRules.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "firstrun/FirstRunGuide.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace ib;
using namespace ib::ui;

// The first start on an empty store, without a VM (the fake provider holds the launch):
// the guide instead of the empty table, a cloud image imported with OS and user from its
// file name, a starter template, and Build Image opened with both preselected.
class TestFirstRunGuide final : public QObject
{
    Q_OBJECT

private slots:
    void emptyStoreShowsTheGuideAndItsThreeSteps();
    void importStarterAndBuildFromTheGuide();
    void helpMenuBringsTheGuideBack();
    void starterNotAvailableOnTheBaseImageOsIsDisabled();
    void aLongTemplateNameGivesAnImageNameWithinTheRule();
    void theGuideBuildsOnThisComputersArchitecture();
};

namespace {

// A small qcow2 named like Debian's cloud image (qemu-img only reads its header).
QString fakeCloudImage(const QString &dir, const QString &name = QStringLiteral("debian-12-genericcloud-amd64.qcow2"))
{
    const QString path = dir + QLatin1Char('/') + name;
    QProcess img;
    img.start(QStringLiteral("qemu-img"),
              {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"), path, QStringLiteral("64M")});
    return img.waitForFinished(30000) && img.exitCode() == 0 ? path : QString();
}

// Shows `window` on the fixture's store; the guide once it has read a base image from the
// library (nullptr if it did not within 5 s).
FirstRunGuide *guideWithABaseImage(MainWindow &window, test::BuildFixture &f)
{
    window.setBuildService(f.service.get(), *f.gui.store);
    window.show();
    window.reload();
    const bool read = QTest::qWaitFor(
        [&window] { return window.isGuideShown() && window.firstRunGuide()->baseImageState() == FirstRunGuide::StepState::Done; }, 5000);
    return read ? window.firstRunGuide() : nullptr;
}

}  // namespace

void TestFirstRunGuide::emptyStoreShowsTheGuideAndItsThreeSteps()
{
    test::BuildFixture f;
    MainWindow window(*f.gui.controller);
    window.setBuildService(f.service.get(), *f.gui.store);
    window.show();
    window.reload();
    QTRY_VERIFY(window.isGuideShown());
    auto *guide = window.firstRunGuide();
    QTRY_VERIFY(guide->isLoaded());
    QCOMPARE(guide->baseImageState(), FirstRunGuide::StepState::Next);
    QCOMPARE(guide->templateState(), FirstRunGuide::StepState::Waiting);
    QCOMPARE(guide->buildState(), FirstRunGuide::StepState::Waiting);
    QVERIFY2(guide->stepText(1).contains(QStringLiteral("Make Debian 12 here")), qPrintable(guide->stepText(1)));
    QVERIFY(guide->makeButton()->isVisible() && guide->makeButton()->isEnabled());
    QVERIFY(guide->importButton()->isEnabled());
    QVERIFY(!guide->buildButton()->isEnabled());
    QCOMPARE(guide->starterCombo()->count(), 3);
    QCOMPARE(guide->starterCombo()->itemText(0), QStringLiteral("Web server (nginx)"));
    // Hide: the plain empty page (one button to create a template) instead.
    QTest::mouseClick(guide->findChild<QPushButton *>(QStringLiteral("guideHide")), Qt::LeftButton);
    QVERIFY(!window.isGuideShown());
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("emptyStateButton"))->isVisible());
}

void TestFirstRunGuide::importStarterAndBuildFromTheGuide()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    const QString file = fakeCloudImage(f.data.path());
    QVERIFY(!file.isEmpty());
    MainWindow window(*f.gui.controller);
    window.setBuildService(f.service.get(), *f.gui.store);
    window.show();
    window.reload();
    QTRY_VERIFY(window.isGuideShown());
    auto *guide = window.firstRunGuide();
    QTRY_VERIFY(guide->isLoaded());

    // 1. Import: the file dialog (seam), then OS and user from the file name, editable.
    guide->setChooseFile([&](QWidget *) { return file; });
    QTest::mouseClick(guide->importButton(), Qt::LeftButton);
    auto *importer = window.findChild<ImportBaseImageDialog *>();
    QVERIFY(importer);
    QCOMPARE(importer->osCombo()->currentData().toString(), QStringLiteral("debian:12"));
    QCOMPARE(importer->userEdit()->text(), QStringLiteral("debian"));
    QVERIFY(importer->userEdit()->isEnabled());
    QTest::mouseClick(importer->importButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(guide->baseImageState(), FirstRunGuide::StepState::Done, 30000);
    QVERIFY2(guide->stepText(1).contains(QStringLiteral("login user debian")), qPrintable(guide->stepText(1)));
    const auto bases = f.gui.store->listBaseImages();
    QVERIFY(bases.ok());
    QCOMPARE(bases->size(), 1);
    QCOMPARE(bases->first().os.key(), QStringLiteral("debian:12"));
    QCOMPARE(bases->first().loginUser, QStringLiteral("debian"));
    QCOMPARE(guide->baseImageId(), bases->first().id);
    QCOMPARE(guide->templateState(), FirstRunGuide::StepState::Next);

    // 2. A starter, saved like any template; the guide stays for step 3.
    guide->starterCombo()->setCurrentIndex(guide->starterCombo()->findData(QStringLiteral("postgresql")));
    QTest::mouseClick(guide->createButton(), Qt::LeftButton);
    QTRY_COMPARE(guide->templateState(), FirstRunGuide::StepState::Done);
    QTRY_COMPARE(window.model()->rowCount(), 1);
    const auto *row = window.model()->rowById(guide->templateId());
    QVERIFY(row);
    QCOMPARE(row->name, QStringLiteral("PostgreSQL server"));
    QCOMPARE(row->applications(), QStringList{QStringLiteral("postgresql")});
    QCOMPARE(row->osKey(), QStringLiteral("debian:12"));
    QCOMPARE(row->minStorageGb, 20);
    QVERIFY(window.isGuideShown());
    QCOMPARE(guide->buildState(), FirstRunGuide::StepState::Next);

    // 3. Build Image with the starter and the base image chosen.
    QVERIFY(guide->buildButton()->isEnabled());
    QTest::mouseClick(guide->buildButton(), Qt::LeftButton);
    auto *dialog = window.findChild<BuildImageDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isLoaded());
    QCOMPARE(dialog->selectedBaseImageId(), guide->baseImageId());
    // Named from the template already: one click starts it.
    QCOMPARE(dialog->imageNameEdit()->text(), QStringLiteral("PostgreSQL server v1"));
    QVERIFY(dialog->startButton()->isEnabled());
    QSignalSpy queued(f.service.get(), &BuildService::buildQueued);
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QTRY_COMPARE(queued.size(), 1);
    // The table and its Build Status tab take over.
    QVERIFY(!window.isGuideShown());
    QTRY_COMPARE(window.buildPanel()->model()->rowCount(), 1);
    const auto build = queued.first().first().value<BuildRecord>();
    QCOMPARE(build.templateId, guide->templateId());
    QCOMPARE(build.baseImage.id, guide->baseImageId());
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QVERIFY(f.service->cancel(build.id).ok());
    QTRY_COMPARE(finished.size(), 1);
}

void TestFirstRunGuide::helpMenuBringsTheGuideBack()
{
    test::BuildFixture f;
    f.gui.add(QStringLiteral("existing"));
    MainWindow window(*f.gui.controller);
    window.setBuildService(f.service.get(), *f.gui.store);
    window.show();
    window.reload();
    QTRY_COMPARE(window.proxyModel()->rowCount(), 1);
    QVERIFY(!window.isGuideShown());  // a template exists: no guide
    window.findChild<QAction *>(QStringLiteral("gettingStartedAction"))->trigger();
    QVERIFY(window.isGuideShown());
    auto *guide = window.firstRunGuide();
    // A starter named like an existing template gets a number.
    f.gui.add(QStringLiteral("Web server (nginx)"));
    window.reload();
    QTRY_COMPARE(window.proxyModel()->rowCount(), 2);
    QVERIFY(window.isGuideShown());
    f.addBase(QStringLiteral("debian"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    guide->refresh();
    QTRY_COMPARE(guide->baseImageState(), FirstRunGuide::StepState::Done);
    QTest::mouseClick(guide->createButton(), Qt::LeftButton);
    QTRY_COMPARE(guide->templateState(), FirstRunGuide::StepState::Done);
    QCOMPARE(window.model()->rowById(guide->templateId())->name, QStringLiteral("Web server (nginx) 2"));
    QTest::mouseClick(guide->findChild<QPushButton *>(QStringLiteral("guideHide")), Qt::LeftButton);
    QVERIFY(!window.isGuideShown());
}

void TestFirstRunGuide::starterNotAvailableOnTheBaseImageOsIsDisabled()
{
    test::BuildFixture f;
    f.addBase(QStringLiteral("rocky"), QStringLiteral("rocky:9"), QStringLiteral("rocky"));
    MainWindow window(*f.gui.controller);
    auto *guide = guideWithABaseImage(window, f);
    QVERIFY(guide);
    QVERIFY2(guide->stepText(2).contains(QStringLiteral("Rocky Linux 9")), qPrintable(guide->stepText(2)));
    auto *model = qobject_cast<QStandardItemModel *>(guide->starterCombo()->model());
    QVERIFY(model);
    const int docker = guide->starterCombo()->findData(QStringLiteral("docker-host"));
    QVERIFY(!model->item(docker)->isEnabled());
    QVERIFY2(model->item(docker)->toolTip().contains(QStringLiteral("not available on Rocky Linux 9")),
             qPrintable(model->item(docker)->toolTip()));
    QVERIFY(model->item(guide->starterCombo()->findData(QStringLiteral("web-nginx")))->isEnabled());
}

// Issue 20: with an arm64 and an x86-64 image in the library, step 3 builds on the one of
// this computer's CPU (the other runs under emulation), whichever came first.
void TestFirstRunGuide::theGuideBuildsOnThisComputersArchitecture()
{
    const QString host = hostArchitecture();
    if (host.isEmpty())
        QSKIP("Image Builder knows no base image for this computer's CPU");
    const QString other = host == QLatin1String(ArchX86) ? QLatin1String(ArchArm64) : QLatin1String(ArchX86);
    test::BuildFixture f;
    f.addBase(QStringLiteral("debian-other"), QStringLiteral("debian:12"), QStringLiteral("debian"), other);
    const auto native = f.addBase(QStringLiteral("debian-native"), QStringLiteral("debian:12"), QStringLiteral("debian"), host);
    f.addBase(QStringLiteral("debian-other-2"), QStringLiteral("debian:12"), QStringLiteral("debian"), other);
    MainWindow window(*f.gui.controller);
    auto *guide = guideWithABaseImage(window, f);
    QVERIFY(guide);
    QCOMPARE(guide->baseImageId(), native.id);
    QVERIFY2(guide->stepText(1).contains(QStringLiteral("debian-native")), qPrintable(guide->stepText(1)));
}

// A template's name may be 255 bytes; the guide's image name (the template's + " v1") is
// cut to fit the image name rule, so that one click still starts the build.
void TestFirstRunGuide::aLongTemplateNameGivesAnImageNameWithinTheRule()
{
    test::BuildFixture f;
    const auto base = f.addBase(QStringLiteral("debian"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    const auto t = f.gui.add(QString(255, QLatin1Char('a')));
    MainWindow window(*f.gui.controller);
    window.setBuildService(f.service.get(), *f.gui.store);
    window.show();
    window.reload();
    QTRY_COMPARE(window.model()->rowCount(), 1);
    emit window.firstRunGuide()->buildRequested(t.id, base.id);  // what the guide's step 3 asks
    auto *dialog = window.findChild<BuildImageDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isLoaded());
    const QString name = dialog->imageNameEdit()->text();
    QCOMPARE(name, QString(252, QLatin1Char('a')) + QStringLiteral(" v1"));
    QCOMPARE(buildrules::checkImageName(name), QString());
    QVERIFY(dialog->startButton()->isEnabled());
}

QTEST_MAIN(TestFirstRunGuide)
#include "tst_firstrunguide.moc"
