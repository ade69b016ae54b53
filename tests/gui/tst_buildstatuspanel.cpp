#include "BuildFixture.h"
#include "PromptLog.h"

#include "builds/ActiveBuilds.h"
#include "builds/BuildDetailsWindow.h"
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
    void failedBuildWithKeptVmShowsFailedAndReleases();
    void activeBuildsSayWhatRunsAndWhatWaits();
};

// The status bar's sentence and the delete guard, from the builds a window follows.
void TestBuildStatusPanel::activeBuildsSayWhatRunsAndWhatWaits()
{
    ActiveBuilds builds;
    QCOMPARE(builds.statusText(), QString());
    builds.queued(QStringLiteral("a1111111-0000"), QStringLiteral("t-web"), QStringLiteral("web image"));
    builds.queued(QStringLiteral("b2222222-0000"), QStringLiteral("t-db"), QStringLiteral("db image"));
    QCOMPARE(builds.statusText(), QStringLiteral("2 builds queued"));
    QCOMPARE(builds.stepChanged(QStringLiteral("a1111111-0000"), QStringLiteral("Install applications")), QStringLiteral("t-web"));
    QCOMPARE(builds.statusText(), QStringLiteral("1 build running \u2014 \u201cweb image\u201d: Install applications, 1 queued"));
    QVERIFY(builds.deleteGuard(QStringLiteral("t-db")).contains(QStringLiteral("is queued")));
    QVERIFY(builds.deleteGuard(QStringLiteral("t-web")).contains(QStringLiteral("(build a1111111) is running")));
    QCOMPARE(builds.deleteGuard(QStringLiteral("t-other")), QString());

    QVERIFY(builds.vmKept(QStringLiteral("a1111111-0000")));
    QVERIFY(!builds.stepChanged(QStringLiteral("a1111111-0000"), QStringLiteral("Clean up")));  // a kept VM's build no longer moves
    QCOMPARE(builds.statusText(), QStringLiteral("1 build queued, 1 failed build's VM kept for debugging"));
    QVERIFY(builds.deleteGuard(QStringLiteral("t-web")).contains(QStringLiteral("Release the VM")));
    QCOMPARE(builds.finished(QStringLiteral("b2222222-0000"))->imageName, QStringLiteral("db image"));
    QVERIFY(!builds.finished(QStringLiteral("b2222222-0000")));
    QCOMPARE(builds.statusText(), QStringLiteral("1 failed build's VM kept for debugging"));
    QCOMPARE(builds.cleanupText(), QStringLiteral("Cleaning up 1 build\u2026"));
    QVERIFY(builds.hasTemplate(QStringLiteral("t-web")));
    QVERIFY(!builds.hasTemplate(QStringLiteral("t-db")));
}

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
    test::PromptLog prompts;
    const QString asked = QStringLiteral("cancelBuild");
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
    QCOMPARE(prompts.subjects(asked), QStringList{QStringLiteral("queued image")});
    QCOMPARE(prompts.all().last().reject, QStringLiteral("Keep Building"));
    QCOMPARE(finished.size(), 0);  // the user said no
    prompts.answer = PromptAnswer::Accept;
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(prompts.count(asked), 2);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(panel.model()->buildById(queued->id)->state, BuildState::Cancelled);
    QVERIFY(!cancel->isEnabled());
    // Its record is written on the store thread (the UI thread does not wait for it).
    QTRY_COMPARE(f.gui.store->buildById(queued->id)->state, BuildState::Cancelled);

    // The running one stops too, through the same button.
    panel.selectBuild(running->id);
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(prompts.subjects(asked).last(), QStringLiteral("running image"));
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->buildById(running->id)->state, BuildState::Cancelled, 20000);
}

void TestBuildStatusPanel::failedBuildWithKeptVmShowsFailedAndReleases()
{
    // A build that failed with keep-VM-on-failure: BuildRunner records it failed with the
    // ssh command and announces buildVmKept, then holds the VM until cancel(). Here the
    // held fake launch stands for the kept VM; the store and the signal are what the
    // runner writes and sends.
    test::BuildFixture f(/*holdLaunch=*/true);
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildStatusPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setBuildService(f.service.get(), f.gui.store.get());
    panel.setTemplate(t.id);
    panel.show();
    QTRY_VERIFY(panel.isLoaded());
    auto started = f.service->start(t.id, QStringLiteral("debug me"), base.id);
    QVERIFY(started.ok());
    const QString id = started->id;
    QTRY_VERIFY(panel.model()->buildById(id) && panel.model()->buildById(id)->state == BuildState::Running);
    auto *details = panel.showDetails();
    QVERIFY(details);
    QTRY_VERIFY(details->isLoaded());

    const QString ssh = QStringLiteral("ssh -i /tmp/debug_key -o UserKnownHostsFile=/tmp/known_hosts -p 2222 debian@127.0.0.1");
    const QString cause = QStringLiteral("Step \"Run the user script\" failed: exit status 1\nVM kept for debugging: %1").arg(ssh);
    QVERIFY(f.gui.store->finishBuild(id, BuildState::Failed, cause));
    emit f.service->buildVmKept(id, cause, ssh);

    QCOMPARE(panel.model()->buildById(id)->state, BuildState::Failed);
    QCOMPARE(panel.model()->index(0, static_cast<int>(BuildTableModel::Column::State)).data().toString(), QStringLiteral("Failed"));
    auto *release = panel.findChild<QPushButton *>(QStringLiteral("cancelBuildButton"));
    QVERIFY(release->isEnabled());
    QCOMPARE(release->text(), QStringLiteral("Release VM"));
    QTRY_VERIFY(details->failureShown());
    QVERIFY(details->failureCause().contains(ssh));
    QVERIFY(details->releaseButton()->isVisible());

    // Release VM asks nothing (the build has failed already) and removes the VM.
    test::PromptLog prompts(test::PromptLog::Policy::Fail);
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QTest::mouseClick(details->releaseButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QTRY_VERIFY(!details->releaseButton()->isVisible());
    QVERIFY(!release->isEnabled());
    QCOMPARE(release->text(), QStringLiteral("Cancel Build"));
    QVERIFY(isFinished(panel.model()->buildById(id)->state));
    delete details;
}

QTEST_MAIN(TestBuildStatusPanel)
#include "tst_buildstatuspanel.moc"
