#include "BuildFixture.h"

#include "MainWindow.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateTableModel.h"

#include <QAction>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestMainWindowBuilds final : public QObject
{
    Q_OBJECT

private slots:
    void buildFromTheToolbar();
    void deleteRefusedWhileBuilding();
    void quitCancelsAndWaitsForCleanUp();
};

namespace {

std::unique_ptr<MainWindow> openWindow(test::BuildFixture &f)
{
    auto window = std::make_unique<MainWindow>(*f.gui.controller);
    window->setBuildService(f.service.get(), *f.gui.store);
    window->setConfirmDelete([](const QString &) {
        qFatal("unexpected confirmation");
        return false;
    });
    window->setNotify(
        [](const QString &title, const QString &text) { qFatal("unexpected message: %s: %s", qPrintable(title), qPrintable(text)); });
    window->show();
    window->reload();
    return window;
}

}  // namespace

void TestMainWindowBuilds::buildFromTheToolbar()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    auto *build = window->findChild<QAction *>(QStringLiteral("buildAction"));
    QVERIFY(build->isEnabled());
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    build->trigger();
    auto *dialog = window->findChild<BuildImageDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isLoaded());
    QTest::keyClicks(dialog->imageNameEdit(), QStringLiteral("web image"));
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("templateTabs"));
    QCOMPARE(tabs->currentWidget(), window->buildPanel());
    QTRY_COMPARE(window->buildPanel()->model()->rowCount(), 1);
    QCOMPARE(window->model()->index(0, static_cast<int>(TemplateTableModel::Column::LastBuild)).data().toString() ==
                     QStringLiteral("Queued") ||
                 window->model()->index(0, static_cast<int>(TemplateTableModel::Column::LastBuild)).data().toString() ==
                     QStringLiteral("Running"),
             true);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QTRY_COMPARE(window->model()->index(0, static_cast<int>(TemplateTableModel::Column::LastBuild)).data().toString(),
                 QStringLiteral("Failed"));
    QVERIFY(window->buildStatusText().isEmpty());
}

void TestMainWindowBuilds::deleteRefusedWhileBuilding()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    const auto t = f.gui.add(QStringLiteral("busy"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    window->selectTemplate(t.id);
    auto started = f.service->start(t.id, QStringLiteral("busy image"), base.id);
    QVERIFY(started.ok());
    QTRY_VERIFY(window->buildStatusText().startsWith(QStringLiteral("1 build running \u2014 \u201cbusy image\u201d: ")));
    QString told;
    window->setNotify([&](const QString &, const QString &text) { told = text; });
    window->deleteSelected();  // the confirmation seam fails the test if asked
    QVERIFY2(told.contains(QStringLiteral("\u201cbusy image\u201d (build %1) is running").arg(started->id.left(8))), qPrintable(told));
    QTest::qWait(100);
    QVERIFY(f.gui.store->templateById(t.id).ok());

    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QVERIFY(f.service->cancel(started->id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(window->buildStatusText().isEmpty());
    bool asked = false;
    window->setConfirmDelete([&](const QString &) { return asked = true; });
    window->deleteSelected();
    QVERIFY(asked);
}

void TestMainWindowBuilds::quitCancelsAndWaitsForCleanUp()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    auto running = f.service->start(t.id, QStringLiteral("one"), base.id);
    auto queued = f.service->start(t.id, QStringLiteral("two"), base.id);
    QVERIFY(running.ok() && queued.ok());
    QCOMPARE(window->activeBuildCount(), 2);

    int asked = 0;
    bool answer = false;
    window->setConfirmQuit([&](int n) {
        asked = n;
        return answer;
    });
    QVERIFY(!window->close());
    QCOMPARE(asked, 2);
    QVERIFY(window->isVisible());
    QCOMPARE(f.service->runningCount(), 1);

    answer = true;
    QVERIFY(!window->close());  // not yet: the running build is cleaning up
    auto *cleanup = window->findChild<QProgressDialog *>(QStringLiteral("cleanupDialog"));
    QVERIFY(cleanup);
    QVERIFY(cleanup->labelText().startsWith(QStringLiteral("Cleaning up 1 build")));
    QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 20000);  // closed by itself once clean-up ended
    QCOMPARE(f.service->runningCount(), 0);
    QCOMPARE(f.gui.store->buildById(running->id)->state, BuildState::Cancelled);
    QCOMPARE(f.gui.store->buildById(queued->id)->state, BuildState::Cancelled);
}

QTEST_MAIN(TestMainWindowBuilds)
#include "tst_mainwindowbuilds.moc"
