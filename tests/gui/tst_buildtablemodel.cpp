#include "BuildFixture.h"

#include "builds/BuildTableModel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestBuildTableModel final : public QObject
{
    Q_OBJECT

private slots:
    void followsQueuedRunningFailed();
    void durationTicksOneColumn();
    void liveBuildFromTheService();
};

namespace {

BuildRecord record(const QString &id, const QString &templateId, const QString &image)
{
    BuildRecord b;
    b.id = id;
    b.templateId = templateId;
    b.imageName = image;
    b.baseImage.name = QStringLiteral("debian-12");
    b.createdAt = QDateTime::currentDateTimeUtc();
    return b;
}

QString cell(const BuildTableModel &m, int row, BuildTableModel::Column c)
{
    return m.index(row, static_cast<int>(c)).data().toString();
}

}  // namespace

void TestBuildTableModel::followsQueuedRunningFailed()
{
    BuildTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QDateTime now = QDateTime::currentDateTime();
    model.setClock([&] { return now; });
    model.setTemplateId(QStringLiteral("t1"));
    auto old = record(QStringLiteral("b0"), QStringLiteral("t1"), QStringLiteral("old"));
    old.state = BuildState::Succeeded;
    old.createdAt = now.addDays(-1);
    old.startedAt = now.addDays(-1);
    old.finishedAt = now.addDays(-1).addSecs(125);
    model.setBuilds({old, record(QStringLiteral("x"), QStringLiteral("other"), QStringLiteral("not mine"))});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, BuildTableModel::Column::Duration), QStringLiteral("2:05"));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addBuild(record(QStringLiteral("b1"), QStringLiteral("t1"), QStringLiteral("web")));
    model.addBuild(record(QStringLiteral("b2"), QStringLiteral("t2"), QStringLiteral("other template")));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, BuildTableModel::Column::ImageName), QStringLiteral("web"));
    QCOMPARE(cell(model, 0, BuildTableModel::Column::State), QStringLiteral("Queued"));
    QCOMPARE(cell(model, 0, BuildTableModel::Column::Duration), QString());

    model.setStep(QStringLiteral("b1"), BuildStep::Prepare);
    QCOMPARE(cell(model, 0, BuildTableModel::Column::State), QStringLiteral("Running: Prepare keys and cloud-init data"));
    now = now.addSecs(61);
    model.setStep(QStringLiteral("b1"), BuildStep::Install);
    QCOMPARE(cell(model, 0, BuildTableModel::Column::State), QStringLiteral("Running: Install applications"));
    QCOMPARE(cell(model, 0, BuildTableModel::Column::Duration), QStringLiteral("1:01"));
    QCOMPARE(model.runningCount(), 1);
    QCOMPARE(model.buildById(QStringLiteral("b1"))->steps.size(), 2);

    now = now.addSecs(3600);
    model.setFinished(QStringLiteral("b1"), BuildState::Failed, QStringLiteral("Step \"Install applications\" failed: apt"));
    QCOMPARE(cell(model, 0, BuildTableModel::Column::State), QStringLiteral("Failed"));
    // The cause as written, escaped so that the tooltip never reads it as markup.
    QCOMPARE(model.index(0, static_cast<int>(BuildTableModel::Column::State)).data(Qt::ToolTipRole).toString(),
             QStringLiteral("<p style='white-space:pre-wrap'>Step &quot;Install applications&quot; failed: apt</p>"));
    // A chip in the state's colour beside the words.
    QVERIFY(!model.index(0, static_cast<int>(BuildTableModel::Column::State)).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(cell(model, 0, BuildTableModel::Column::Duration), QStringLiteral("1:01:01"));
    QCOMPARE(model.runningCount(), 0);
    // A late clean-up step after the end changes nothing.
    model.setStep(QStringLiteral("b1"), BuildStep::Cleanup);
    QCOMPARE(cell(model, 0, BuildTableModel::Column::State), QStringLiteral("Failed"));
    QVERIFY(changed.size() >= 3);
}

void TestBuildTableModel::durationTicksOneColumn()
{
    BuildTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTemplateId(QStringLiteral("t1"));
    for (int i = 0; i < 3; ++i)
        model.addBuild(record(QStringLiteral("b%1").arg(i), QStringLiteral("t1"), QStringLiteral("img%1").arg(i)));
    model.setStep(QStringLiteral("b0"), BuildStep::Launch);  // row 2
    model.setStep(QStringLiteral("b2"), BuildStep::Launch);  // row 0
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QTest::qWait(2300);
    QVERIFY2(changed.size() >= 1 && changed.size() <= 3, qPrintable(QString::number(changed.size())));
    for (const auto &args : changed) {
        const auto tl = args.at(0).toModelIndex();
        const auto br = args.at(1).toModelIndex();
        QCOMPARE(tl.column(), static_cast<int>(BuildTableModel::Column::Duration));
        QCOMPARE(br.column(), static_cast<int>(BuildTableModel::Column::Duration));
        QCOMPARE(tl.row(), 0);
        QCOMPARE(br.row(), 2);
    }
    model.setFinished(QStringLiteral("b0"), BuildState::Cancelled, {});
    model.setFinished(QStringLiteral("b2"), BuildState::Cancelled, {});
    changed.clear();
    QTest::qWait(1200);
    QCOMPARE(changed.size(), 0);  // nothing runs, nothing ticks
}

void TestBuildTableModel::liveBuildFromTheService()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12-genericcloud-amd64"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTemplateId(t.id);
    connect(f.service.get(), &BuildService::buildQueued, &model, &BuildTableModel::addBuild);
    connect(f.service.get(), &BuildService::buildStepChanged, &model, &BuildTableModel::setStep);
    connect(f.service.get(), &BuildService::buildFinished, &model, &BuildTableModel::setFinished);
    QSignalSpy steps(f.service.get(), &BuildService::buildStepChanged);
    auto started = f.service->start(t.id, QStringLiteral("web image"), base.id);
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
    QCOMPARE(model.rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(model.buildAt(0)->state, BuildState::Failed, 20000);
    QVERIFY(steps.size() >= 2);
    QVERIFY(model.buildAt(0)->failureCause.contains(QStringLiteral("The test provider cannot start VMs")));
    QCOMPARE(cell(model, 0, BuildTableModel::Column::State), QStringLiteral("Failed"));
}

QTEST_MAIN(TestBuildTableModel)
#include "tst_buildtablemodel.moc"
