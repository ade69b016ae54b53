#include "BuildFixture.h"
#include "PromptLog.h"

#include "builds/BuildDetailsWindow.h"
#include "builds/BuildLogView.h"
#include "builds/BuildStateStyle.h"
#include "builds/BuildTexts.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
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
    void runningBuildCancelsAndEscapeCloses();
    void jumpsToTheFirstError();
    void readsAStoredLogInPages();
    void stateColoursReadOnEveryPalette();

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

void TestBuildDetailsWindow::runningBuildCancelsAndEscapeCloses()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    auto started = f.service->start(t.id, QStringLiteral("held image"), base.id);
    QVERIFY(started.ok());
    auto *window = new BuildDetailsWindow(f.service.get(), *f.gui.store, started->id);
    QPointer<BuildDetailsWindow> guard(window);
    window->show();
    QVERIFY(QTest::qWaitForWindowActive(window));
    auto *cancel = window->cancelButton();
    QTRY_VERIFY(cancel->isVisible() && cancel->isEnabled());
    // Every step is listed from the start: those not reached yet are greyed "to do".
    QTRY_VERIFY(window->pendingStepCount() > 0);
    QCOMPARE(window->stepCount(), allBuildSteps().size());

    // "Keep building": nothing happens.
    test::PromptLog prompts;
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(prompts.subjects(QStringLiteral("cancelBuild")), QStringList{QStringLiteral("held image")});
    QCOMPARE(prompts.all().last().text, QStringLiteral("Cancel the build of \u201cheld image\u201d?"));
    QTest::qWait(100);
    QVERIFY(f.service->isActive(started->id));
    prompts.answer = PromptAnswer::Accept;
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(finished.first().at(1).value<BuildState>(), BuildState::Cancelled);
    QTRY_VERIFY(!window->cancelButton()->isVisible());
    QTRY_COMPARE(window->build().state, BuildState::Cancelled);
    QVERIFY(window->pendingStepCount() > 0);  // the steps it never reached: "not run"

    // Escape closes the window (and it is gone: WA_DeleteOnClose).
    QTest::keyClick(window, Qt::Key_Escape);
    QTRY_VERIFY(guard.isNull());
}

void TestBuildDetailsWindow::jumpsToTheFirstError()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    auto started = f.service->start(t.id, QStringLiteral("web image"), base.id);
    QVERIFY(started.ok());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    BuildDetailsWindow window(f.service.get(), *f.gui.store, started->id);
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.show();
    QTRY_VERIFY(window.isLoaded());
    auto *log = window.logView();
    log->setLines({QStringLiteral("Reading package lists..."), QStringLiteral("Setting up nginx"),
                   QStringLiteral("E: Unable to locate package nginx-extras"), QStringLiteral("error: later")});
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("firstError")), Qt::LeftButton);
    QCOMPARE(log->currentLine(), 2);
    log->setLines({QStringLiteral("all good"), QStringLiteral("no trouble here")});
    QVERIFY(!window.jumpToFirstError());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("searchStatus")) != nullptr);
    // The state chip shows the state's colour and words: a failed build.
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("buildStateChip"))->toolTip(), QStringLiteral("Failed"));
}

// A build run on another machine: its log comes from the store's chunks, a page per
// background read, whole and in order.
void TestBuildDetailsWindow::readsAStoredLogInPages()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildRecord b;
    b.templateId = t.id;
    b.templateRevision = t.revision;
    b.snapshot = t;
    b.imageName = QStringLiteral("their image");
    b.baseImage = base;
    b.ownerHost = QStringLiteral("colleague-pc");
    auto created = f.gui.store->createBuild(b);
    QVERIFY(created);
    QVERIFY(f.gui.store->markBuildStarted(created->id, QStringLiteral("colleague-pc"), 4242, QString()));
    const int chunks = 5 * BuildDetailsWindow::LogPageChunks + 3;
    for (int i = 1; i <= chunks; ++i)
        QVERIFY(f.gui.store->appendLogChunk(created->id, QStringLiteral("chunk %1 a\nchunk %1 b\n").arg(i)));
    QVERIFY(f.gui.store->finishBuild(created->id, BuildState::Failed, QStringLiteral("cause")));

    auto *window = BuildDetailsWindow::showFor(f.service.get(), *f.gui.store, created->id, nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(window->logView()->model()->rowCount(), 2 * chunks, 20000);
    QVERIFY(window->followsStore());
    QCOMPARE(window->logPagesRead(), chunks / BuildDetailsWindow::LogPageChunks + 1);
    const auto *model = window->logView()->model();
    for (int i = 0; i < chunks; ++i) {
        QCOMPARE(model->index(2 * i, 0).data().toString(), QStringLiteral("chunk %1 a").arg(i + 1));
        QCOMPARE(model->index(2 * i + 1, 0).data().toString(), QStringLiteral("chunk %1 b").arg(i + 1));
    }
    delete window;
}

void TestBuildDetailsWindow::stateColoursReadOnEveryPalette()
{
    // Light (the default), a dark one and a high-contrast one: every state's colour keeps a
    // contrast of at least 4.5:1 with the table's background and alternate background.
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    QPalette highContrast;
    highContrast.setColor(QPalette::Base, Qt::black);
    highContrast.setColor(QPalette::AlternateBase, QColor(0x10, 0x10, 0x10));
    highContrast.setColor(QPalette::Text, Qt::white);
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::AlternateBase, QColor(0xf0, 0xf0, 0xf0));
    light.setColor(QPalette::Text, Qt::black);
    QCOMPARE(BuildStateStyle::contrast(Qt::black, Qt::white), 21.0);
    for (const auto &palette : {QGuiApplication::palette(), light, dark, highContrast}) {
        QSet<QRgb> colours;
        for (const auto state : {BuildState::Queued, BuildState::Running, BuildState::Succeeded, BuildState::Failed, BuildState::Cancelled,
                                 BuildState::Interrupted}) {
            const QColor c = BuildStateStyle::color(state, palette);
            const double onBase = BuildStateStyle::contrast(c, palette.color(QPalette::Base));
            const double onAlternate = BuildStateStyle::contrast(c, palette.color(QPalette::AlternateBase));
            QVERIFY2(onBase >= 4.5 && onAlternate >= 4.5,
                     qPrintable(QStringLiteral("%1: %2 on %3: %4, %5")
                                    .arg(BuildTexts::state(state), c.name(), palette.color(QPalette::Base).name())
                                    .arg(onBase)
                                    .arg(onAlternate)));
            QVERIFY(!BuildStateStyle::icon(state, palette).isNull());
            QCOMPARE(BuildStateStyle::fromText(BuildTexts::state(state)), std::optional<BuildState>(state));
            colours.insert(c.rgb());
        }
        // Succeeded, Failed and Running never look alike (the symbols differ as well).
        QVERIFY(BuildStateStyle::color(BuildState::Succeeded, palette) != BuildStateStyle::color(BuildState::Failed, palette));
        QVERIFY(BuildStateStyle::color(BuildState::Running, palette) != BuildStateStyle::color(BuildState::Failed, palette));
        QVERIFY(colours.size() >= 4);
    }
    QCOMPARE(QSet<QString>({BuildStateStyle::symbol(BuildState::Succeeded), BuildStateStyle::symbol(BuildState::Failed),
                            BuildStateStyle::symbol(BuildState::Running), BuildStateStyle::symbol(BuildState::Cancelled)})
                 .size(),
             4);
}

QTEST_MAIN(TestBuildDetailsWindow)
#include "tst_builddetailswindow.moc"
