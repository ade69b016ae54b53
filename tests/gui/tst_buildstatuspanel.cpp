#include "BuildFixture.h"

#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestBuildStatusPanel final : public QObject
{
    Q_OBJECT

private slots:
    void listsStoredBuildsOfTheTemplate();
    void cancelQueuedBuildThroughTheSeam();
};

void TestBuildStatusPanel::listsStoredBuildsOfTheTemplate()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto other = f.gui.add(QStringLiteral("db"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QVERIFY(f.service->start(t.id, QStringLiteral("first"), base.id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);

    BuildStatusPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setBuildService(f.service.get(), f.gui.store.get());
    panel.show();
    panel.setTemplate(other.id);
    QTRY_VERIFY(panel.isLoaded());
    QCOMPARE(panel.emptyStateText(), QStringLiteral("No builds yet"));
    panel.setTemplate(t.id);
    QTRY_COMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->buildAt(0)->state, BuildState::Failed);
    QCOMPARE(panel.selectedBuildId(), panel.model()->buildAt(0)->id);
    auto *cancel = panel.findChild<QPushButton *>(QStringLiteral("cancelBuildButton"));
    QVERIFY(!cancel->isEnabled());  // failed, and its VM is not kept
    QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("buildDetailsButton"))->isEnabled());
}

void TestBuildStatusPanel::cancelQueuedBuildThroughTheSeam()
{
    test::BuildFixture f(/*holdLaunch=*/true, /*concurrency=*/1);
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildStatusPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setBuildService(f.service.get(), f.gui.store.get());
    panel.setTemplate(t.id);
    panel.show();
    QTRY_VERIFY(panel.isLoaded());
    QStringList asked;
    bool answer = false;
    panel.setConfirmCancel([&](const QString &name) {
        asked.append(name);
        return answer;
    });
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    auto running = f.service->start(t.id, QStringLiteral("running image"), base.id);
    auto queued = f.service->start(t.id, QStringLiteral("queued image"), base.id);
    QVERIFY(running.ok() && queued.ok());
    QCOMPARE(panel.model()->rowCount(), 2);
    QTRY_COMPARE(panel.model()->buildById(running->id)->state, BuildState::Running);
    QCOMPARE(panel.model()->buildById(queued->id)->state, BuildState::Queued);

    panel.selectBuild(queued->id);
    auto *cancel = panel.findChild<QPushButton *>(QStringLiteral("cancelBuildButton"));
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(asked, QStringList{QStringLiteral("queued image")});
    QCOMPARE(finished.size(), 0);  // the user said no
    answer = true;
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(asked.size(), 2);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(panel.model()->buildById(queued->id)->state, BuildState::Cancelled);
    QVERIFY(!cancel->isEnabled());
    QCOMPARE(f.gui.store->buildById(queued->id)->state, BuildState::Cancelled);

    // The running one stops too, through the same button.
    panel.selectBuild(running->id);
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(asked.last(), QStringLiteral("running image"));
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->buildById(running->id)->state, BuildState::Cancelled, 20000);
}

QTEST_MAIN(TestBuildStatusPanel)
#include "tst_buildstatuspanel.moc"
