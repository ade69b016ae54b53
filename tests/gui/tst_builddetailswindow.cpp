#include "BuildFixture.h"

#include "builds/BuildDetailsWindow.h"
#include "builds/BuildLogView.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestBuildDetailsWindow final : public QObject
{
    Q_OBJECT

private slots:
    void scrolledUpStaysPut();
    void followsTheEndAtTheBottom();
    void boundedInMemory();
    void batchesAppends();
    void droppedLinesKeepTheReadersPlace();
    void modelIsConsistent();
    void findsWithWrap();
    void failedBuildShowsCauseStepsAndLog();

private:
    static QStringList lines(int from, int count)
    {
        QStringList out;
        out.reserve(count);
        for (int i = from; i < from + count; ++i)
            out.append(QStringLiteral("12:00:00.000 [install] line %1 of the build log").arg(i));
        return out;
    }
};

void TestBuildDetailsWindow::scrolledUpStaysPut()
{
    BuildLogView view;
    view.resize(600, 300);
    view.show();
    view.setLines(lines(0, 2000));
    QVERIFY(view.isAtBottom());
    auto *bar = view.verticalScrollBar();
    bar->setValue(100);  // the user scrolled up to read
    QVERIFY(!view.isAtBottom());
    for (const auto &line : lines(2000, 15000))
        view.appendLine(line);
    QTRY_COMPARE(view.lineCount(), 17000);
    QCOMPARE(bar->value(), 100);
    QVERIFY(!view.isAtBottom());
}

void TestBuildDetailsWindow::followsTheEndAtTheBottom()
{
    BuildLogView view;
    view.resize(600, 300);
    view.show();
    view.setLines(lines(0, 100));
    QVERIFY(view.isAtBottom());
    for (const auto &line : lines(100, 15000))
        view.appendLine(line);
    QTRY_COMPARE(view.lineCount(), 15100);
    auto *bar = view.verticalScrollBar();
    QVERIFY(bar->maximum() > 1000);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(view.lineText(view.lineCount() - 1).contains(QStringLiteral("line 15099 ")));
}

void TestBuildDetailsWindow::boundedInMemory()
{
    BuildLogView view;
    QCOMPARE(view.maxLines(), 20000);
    view.setMaxLines(3000);
    view.show();
    view.setLines(lines(0, 1000));
    for (const auto &line : lines(1000, 9000))
        view.appendLine(line);
    view.flushPending();
    QCOMPARE(view.lineCount(), 3000);
    QVERIFY(view.lineText(0).contains(QStringLiteral("line 7000 ")));
    QVERIFY(view.lineText(view.lineCount() - 1).contains(QStringLiteral("line 9999 ")));
    // Lines pending in one batch are bounded too.
    for (const auto &line : lines(10000, 10000))
        view.appendLine(line);
    view.flushPending();
    QCOMPARE(view.lineCount(), 3000);
}

void TestBuildDetailsWindow::batchesAppends()
{
    BuildLogView view;
    view.show();
    int changes = 0;
    connect(view.model(), &QAbstractItemModel::rowsInserted, &view, [&] { ++changes; });
    for (const auto &line : lines(0, 500))
        view.appendLine(line);
    QCOMPARE(view.lineCount(), 0);  // nothing until the batch timer fires
    QTRY_COMPARE(view.lineCount(), 500);
    QCOMPARE(changes, 1);
}

void TestBuildDetailsWindow::droppedLinesKeepTheReadersPlace()
{
    BuildLogView view;
    view.setMaxLines(3000);
    view.resize(600, 300);
    view.show();
    view.setLines(lines(0, 3000));
    auto *bar = view.verticalScrollBar();
    bar->setValue(2000);  // the user scrolled up to read line 2000
    const QString read = view.lineText(view.indexAt(QPoint(5, 5)).row());
    QVERIFY(read.contains(QStringLiteral("line 2000 ")));
    view.appendLines(lines(3000, 500));  // 500 lines dropped from the top
    view.flushPending();
    QCOMPARE(view.lineCount(), 3000);
    QCOMPARE(bar->value(), 1500);
    QCOMPARE(view.lineText(view.indexAt(QPoint(5, 5)).row()), read);
    QVERIFY(!view.isAtBottom());
}

void TestBuildDetailsWindow::modelIsConsistent()
{
    BuildLogView view;
    view.setMaxLines(100);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setLines(lines(0, 50));
    view.appendLines(lines(50, 80));
    view.flushPending();
    QCOMPARE(view.lineCount(), 100);
    QVERIFY(view.lineText(0).contains(QStringLiteral("line 30 ")));
    view.setMaxLines(10);
    QCOMPARE(view.lineCount(), 10);
    view.setLines({});
    QCOMPARE(view.lineCount(), 0);
}

void TestBuildDetailsWindow::findsWithWrap()
{
    BuildLogView view;
    view.show();
    view.setLines(
        {QStringLiteral("apt-get install nginx"), QStringLiteral("ok"), QStringLiteral("E: nginx failed"), QStringLiteral("done")});
    QVERIFY(view.find(QStringLiteral("nginx"), false));
    QCOMPARE(view.currentLine(), 0);
    QCOMPARE(view.selectedText(), QStringLiteral("apt-get install nginx"));
    QVERIFY(view.find(QStringLiteral("NGINX"), false));  // ignoring case
    QCOMPARE(view.currentLine(), 2);
    QVERIFY(view.find(QStringLiteral("nginx"), false));  // wraps
    QCOMPARE(view.currentLine(), 0);
    QVERIFY(view.find(QStringLiteral("nginx"), true));  // backwards wraps to the end
    QCOMPARE(view.currentLine(), 2);
    QVERIFY(!view.find(QStringLiteral("docker"), false));
    QCOMPARE(view.currentLine(), 2);  // a miss keeps the place
}

void TestBuildDetailsWindow::failedBuildShowsCauseStepsAndLog()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    auto started = f.service->start(t.id, QStringLiteral("web image"), base.id);
    QVERIFY(started.ok());
    auto *window = new BuildDetailsWindow(f.service.get(), *f.gui.store, started->id);
    QPointer<BuildDetailsWindow> guard(window);
    QUrl opened;
    window->setOpenUrl([&](const QUrl &url) { opened = url; });
    window->show();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QTRY_VERIFY(window->failureShown());
    QVERIFY2(window->failureCause().startsWith(QStringLiteral("Step \"Launch the VM\" failed: The test provider cannot start VMs")),
             qPrintable(window->failureCause()));
    QVERIFY(window->stepCount() >= 2);  // prepare, launch (, clean up)
    QTRY_VERIFY(window->logView()->toPlainText().contains(QStringLiteral("fake provider: no VM is started")));
    QCOMPARE(BuildDetailsWindow::existing(started->id), window);

    // Save copies the log file; Open Log File goes through the seam.
    const QString copy = f.data.filePath(QStringLiteral("saved.log"));
    window->setChooseSavePath([&](const QString &) { return copy; });
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("saveLog")), Qt::LeftButton);
    QVERIFY(QFile::exists(copy));
    QFile saved(copy);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains("fake provider"));
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("openLog")), Qt::LeftButton);
    QCOMPARE(opened, QUrl::fromLocalFile(window->build().logPath));

    // A second window for the finished build reads the log from disk, off the UI thread.
    window->close();
    QTRY_VERIFY(guard.isNull());
    auto *again = BuildDetailsWindow::showFor(f.service.get(), *f.gui.store, started->id, nullptr);
    QTRY_VERIFY(again->logView()->toPlainText().contains(QStringLiteral("fake provider: no VM is started")));
    QVERIFY(again->failureShown());
    QCOMPARE(BuildDetailsWindow::showFor(f.service.get(), *f.gui.store, started->id, nullptr), again);  // one per build
    delete again;
}

QTEST_MAIN(TestBuildDetailsWindow)
#include "tst_builddetailswindow.moc"
