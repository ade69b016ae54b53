#include "GuiFixture.h"

#include "MainWindow.h"
#include "baseimages/BaseImageLibrary.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildService.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "images/ImageListPanel.h"
#include "images/ImageTableModel.h"
#include "templates/TemplateFilterProxyModel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

// One real build, started from the Build Image dialog, ending as a row of the Images tab.
class TestBuildGuiVm final : public QObject
{
    Q_OBJECT

private slots:
    void buildFromDialogToImagesTab();
};

namespace {

// A Debian 12 cloud image to build from: a copy of the cached test image (never the cached
// file itself), else one made by packaging/base-image/make-debian-base-image.sh.
QString baseImageCopy(const QString &into)
{
    const QString target = into + QStringLiteral("/debian-12-genericcloud-amd64.qcow2");
    const QDir cache(QDir::homePath() + QStringLiteral("/.cache/imagebuilder/base-images"));
    const auto cached = cache.entryList({QStringLiteral("debian-12-amd64-*-4096M.qcow2")}, QDir::Files);
    if (!cached.isEmpty())
        return QFile::copy(cache.filePath(cached.first()), target) ? target : QString();
    const QString script = qEnvironmentVariable("IB_SOURCE_DIR") + QStringLiteral("/packaging/base-image/make-debian-base-image.sh");
    QProcess make;
    make.setProcessChannelMode(QProcess::ForwardedChannels);
    make.start(QStringLiteral("/bin/sh"), {script, target});
    if (!make.waitForFinished(1200000) || make.exitCode() != 0)
        return {};
    return target;
}

}  // namespace

void TestBuildGuiVm::buildFromDialogToImagesTab()
{
    QTemporaryDir data;  // outlives the store, which waits for background reads that write here
    test::GuiFixture f;
    qputenv("IMAGEBUILDER_DATA_DIR", data.path().toUtf8());
    auto settings = BuildSettings::defaults();
    settings.dataDirectory = data.path();
    const QString file = baseImageCopy(data.path());
    if (file.isEmpty())
        QSKIP("No Debian 12 base image: neither the cache nor make-debian-base-image.sh gave one.");
    BaseImageLibrary library(*f.store, ApplicationCatalog::builtin(), settings);
    auto base = library.importFile(file, QStringLiteral("debian:12"), QStringLiteral("debian"));
    QVERIFY2(base.ok(), base.ok() ? "" : qPrintable(base.error().message));
    QFile::remove(file);

    TemplateService templates(*f.store, ApplicationCatalog::builtin());
    ImageTemplate draft;
    draft.name = QStringLiteral("gui vm test");
    draft.os.distro = QStringLiteral("debian");
    draft.os.version = QStringLiteral("12");
    draft.minStorageGb = templates.rules().applicationsMinimumGb({});
    draft.userScript = QStringLiteral("#!/bin/sh\necho built-from-the-gui > /tmp/imagebuilder-gui-test\n");
    auto t = templates.create(draft);
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().message));

    BuildService service(*f.store, ApplicationCatalog::builtin(), settings);
    {
        MainWindow window(*f.controller);
        window.setBuildService(&service, *f.store);
        window.show();
        window.reload();
        QTRY_COMPARE(window.proxyModel()->rowCount(), 1);
        window.selectTemplate(t->id);
        window.findChild<QAction *>(QStringLiteral("buildAction"))->trigger();
        auto *dialog = window.findChild<BuildImageDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isLoaded());
        QCOMPARE(dialog->selectedBaseImageId(), base->id);
        QTest::keyClicks(dialog->imageNameEdit(), QStringLiteral("gui-vm-image"));
        QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
        QTRY_COMPARE(window.buildPanel()->model()->rowCount(), 1);
        const QString buildId = window.buildPanel()->model()->buildAt(0)->id;
        QSignalSpy finished(&service, &BuildService::buildFinished);

        QTRY_VERIFY_WITH_TIMEOUT(window.imagePanel()->model()->rowCount() == 1 || !finished.isEmpty(), 900000);
        if (!finished.isEmpty() && finished.first().at(1).value<BuildState>() != BuildState::Succeeded)
            QFAIL(qPrintable(QStringLiteral("The build failed: ") + finished.first().at(2).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(window.imagePanel()->model()->rowCount(), 1, 30000);
        const auto *image = window.imagePanel()->model()->imageAt(0);
        QCOMPARE(image->name, QStringLiteral("gui-vm-image"));
        QCOMPARE(image->buildId, buildId);
        QVERIFY(QFile::exists(image->location));
        QCOMPARE(window.buildPanel()->model()->buildAt(0)->state, BuildState::Succeeded);
    }
}

QTEST_MAIN(TestBuildGuiVm)
#include "tst_buildgui_vm.moc"
