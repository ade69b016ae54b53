#include "GuiFixture.h"

#include "MainWindow.h"
#include "baseimages/BaseImageLibrary.h"
#include "baseimages/MakeBaseImageDialog.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildService.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "firstrun/FirstRunGuide.h"
#include "templates/TemplateTableModel.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

// The first start as an administrator meets it, on an empty store in a temporary data
// folder, with real QEMU: the guide makes the Debian 12 base image (the same core path as
// `imagebuilder-cli base-image create debian:12`, i.e. packaging/base-image/make-debian-base-image.sh,
// cached after its first run), creates the nginx starter, and starts the build from its
// third step. The build must reach its connect step (the VM is up); then it is cancelled
// and nothing of it may be left.
class TestFirstRunVm final : public QObject
{
    Q_OBJECT

private slots:
    void firstStartToARunningBuild();
};

namespace {

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(QDir(dir).relativeFilePath(it.next()));
    return out;
}

bool qemuRunsFor(const QString &buildId)
{
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("imagebuilder-") + buildId});
    pgrep.waitForFinished(10000);
    return pgrep.exitCode() == 0;
}

}  // namespace

void TestFirstRunVm::firstStartToARunningBuild()
{
    if (!BaseImageLibrary::checkCanCreate(BaseImageLibrary::RootVia::None).isEmpty())
        QSKIP("Making the base image needs root on Linux (debootstrap).");
    QTemporaryDir data;  // outlives the store, which waits for background reads that write here
    test::GuiFixture f;
    qputenv("IMAGEBUILDER_DATA_DIR", data.path().toUtf8());
    auto settings = BuildSettings::defaults();
    settings.dataDirectory = data.path();
    BuildService service(*f.store, ApplicationCatalog::builtin(), settings);
    QElapsedTimer clock;
    clock.start();

    MainWindow window(*f.controller);
    window.setBuildService(&service, *f.store);
    window.show();
    window.reload();
    QTRY_VERIFY(window.isGuideShown());
    auto *guide = window.firstRunGuide();
    QTRY_VERIFY(guide->isLoaded());
    QCOMPARE(guide->baseImageState(), FirstRunGuide::StepState::Next);

    // 1. Make Debian 12: a dialog with the script's steps and its log.
    QTest::mouseClick(guide->makeButton(), Qt::LeftButton);
    QPointer<MakeBaseImageDialog> maker = window.findChild<MakeBaseImageDialog *>();
    QVERIFY(maker);
    QVERIFY2(maker->problem().isEmpty(), qPrintable(maker->problem()));
    QTest::mouseClick(maker->startButton(), Qt::LeftButton);
    QVERIFY(maker->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(guide->baseImageState() == FirstRunGuide::StepState::Done || (maker && !maker->isRunning()), 1200000);
    if (guide->baseImageState() != FirstRunGuide::StepState::Done)
        QFAIL(maker ? qPrintable(maker->statusText() + QLatin1Char('\n') + maker->logText())
                    : "the base image dialog went away without a base image");
    qInfo("base image ready after %lld s", clock.elapsed() / 1000);
    const auto bases = f.store->listBaseImages();
    QVERIFY(bases.ok());
    QCOMPARE(bases->size(), 1);
    const BaseImage base = bases->first();
    QCOMPARE(base.os.key(), QStringLiteral("debian:12"));
    QCOMPARE(base.loginUser, QStringLiteral("debian"));
    QVERIFY(QFile::exists(base.path));
    QVERIFY(base.path.startsWith(data.path()));

    // 2. The nginx starter.
    QCOMPARE(guide->starterCombo()->currentData().toString(), QStringLiteral("web-nginx"));
    QTest::mouseClick(guide->createButton(), Qt::LeftButton);
    QTRY_COMPARE(guide->templateState(), FirstRunGuide::StepState::Done);
    QTRY_COMPARE(window.model()->rowCount(), 1);

    // 3. Build from the guide: Build Image with both preselected.
    QTest::mouseClick(guide->buildButton(), Qt::LeftButton);
    auto *dialog = window.findChild<BuildImageDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isLoaded());
    QCOMPARE(dialog->selectedBaseImageId(), base.id);
    QCOMPARE(dialog->imageNameEdit()->text(), QStringLiteral("Web server nginx v1"));
    QSignalSpy steps(&service, &BuildService::buildStepChanged);
    QSignalSpy finished(&service, &BuildService::buildFinished);
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QTRY_COMPARE(window.buildPanel()->model()->rowCount(), 1);
    QVERIFY(!window.isGuideShown());
    const QString buildId = window.buildPanel()->model()->buildAt(0)->id;

    // It started: the VM was launched and the build is connecting to it.
    const auto reached = [&](BuildStep step) {
        for (const auto &args : steps) {
            if (args.at(0).toString() == buildId && args.at(1).value<BuildStep>() == step)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(reached(BuildStep::Connect) || !finished.isEmpty(), 300000);
    QVERIFY2(finished.isEmpty(), qPrintable(QStringLiteral("the build ended early: ") + finished.value(0).value(2).toString()));
    QVERIFY(reached(BuildStep::Launch));
    QTRY_VERIFY_WITH_TIMEOUT(qemuRunsFor(buildId), 30000);
    qInfo("build connecting after %lld s", clock.elapsed() / 1000);

    // Cancel: the VM stops, its files go, the log stays.
    QVERIFY(service.cancel(buildId).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QCOMPARE(finished.first().at(1).value<BuildState>(), BuildState::Cancelled);
    QTRY_COMPARE(window.buildPanel()->model()->buildAt(0)->state, BuildState::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(!qemuRunsFor(buildId), 30000);
    const auto resources = f.store->buildResources(buildId);
    QVERIFY(resources.ok());
    for (const auto &r : resources.value())
        QVERIFY2(r.state == QLatin1String("gone"), qPrintable(r.kind + QLatin1Char(' ') + r.identifier + QStringLiteral(" is ") + r.state));
    const QStringList left = filesUnder(settings.buildsDirectory());
    for (const auto &file : left)
        QVERIFY2(file.endsWith(QLatin1String(".log")), qPrintable(QStringLiteral("left in the build folder: ") + file));
    QVERIFY(filesUnder(settings.dataDirectory + QStringLiteral("/images")).isEmpty());
    QVERIFY(QFile::exists(base.path));  // the base image stays for the next build
}

QTEST_MAIN(TestFirstRunVm)
#include "tst_firstrun_vm.moc"
