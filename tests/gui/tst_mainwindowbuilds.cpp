#include "BuildFixture.h"
#include "PromptLog.h"
#include "TestSupport.h"

#include "MainWindow.h"
#include "builds/BuildDetailsTabs.h"
#include "builds/BuildDetailsWindow.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "builds/UnseenResults.h"
#include "diagnostics/DiagnosticsSaver.h"
#include "settings/AppSettings.h"
#include "storage/Store.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateService.h"
#include "templates/TemplateTableModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ib;
using namespace ib::ui;

class TestMainWindowBuilds final : public QObject
{
    Q_OBJECT

private slots:
    // Every test fails on a question or warning it does not expect.
    void init() { m_prompts.emplace(test::PromptLog::Policy::Fail); }
    void cleanup() { m_prompts.reset(); }

    void buildFromTheToolbar();
    void deleteRefusedWhileBuilding();
    void quitCancelsAndWaitsForCleanUp();
    void cancelAskedThroughTheStore();
    void buildDetailsShareOneWindow();
    void deleteTemplateSaysWhatBecomesOfItsImages();
    void copyTemplateAsCliCommand();
    void saveDiagnosticsFromTheHelpMenu();

private:
    std::optional<test::PromptLog> m_prompts;
};

namespace {

std::unique_ptr<MainWindow> openWindow(test::BuildFixture &f)
{
    auto window = std::make_unique<MainWindow>(*f.gui.controller);
    window->setBuildService(f.service.get(), *f.gui.store);
    window->show();
    window->reload();
    return window;
}

}  // namespace

void TestMainWindowBuilds::buildFromTheToolbar()
{
    AppSettings().reset(Settings::Key::UnseenBuilds);  // this test's own settings folder (XDG_CONFIG_HOME)
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
    // The cell as the build starts (the fake provider fails it soon after).
    QString startedCell;
    connect(dialog, &BuildImageDialog::buildStarted, this,
            [&] { startedCell = window->model()->index(0, static_cast<int>(TemplateTableModel::Column::LastBuild)).data().toString(); });
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("templateTabs"));
    QTRY_COMPARE(tabs->currentWidget(), window->buildPanel());  // once recorded on the store thread
    QTRY_COMPARE(window->buildPanel()->model()->rowCount(), 1);
    QVERIFY2(startedCell == QStringLiteral("Queued") || startedCell == QStringLiteral("Running"), qPrintable(startedCell));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    // Marked until its result is opened: the cell (bold, a dot, the tooltip) and the tab.
    const auto lastBuild = [&](auto *w) { return w->model()->index(0, static_cast<int>(TemplateTableModel::Column::LastBuild)); };
    QTRY_COMPARE(lastBuild(window.get()).data().toString(), QStringLiteral("Failed \u25CF"));
    QVERIFY(lastBuild(window.get()).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(lastBuild(window.get()).data(Qt::ToolTipRole).toString().contains(QStringLiteral("not opened yet")));
    QCOMPARE(tabs->tabText(tabs->indexOf(window->buildPanel())), QStringLiteral("Build Status (1 new)"));
    QVERIFY(window->buildStatusText().isEmpty());
    const QString buildId = finished.first().at(0).toString();
    QVERIFY(window->unseenResults()->isUnseen(buildId));

    // Kept on this machine across a restart (this user's settings file, not the store).
    QVERIFY(AppSettings().value(Settings::Key::UnseenBuilds).toStringList().join(QLatin1Char(',')).contains(buildId));
    window.reset();
    window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    QTRY_COMPARE(lastBuild(window.get()).data().toString(), QStringLiteral("Failed \u25CF"));  // once the last builds are read

    // Opening its Build Details is seeing it.
    window->selectTemplate(t.id);
    tabs = window->findChild<QTabWidget *>(QStringLiteral("templateTabs"));
    QCOMPARE(tabs->tabText(tabs->indexOf(window->buildPanel())), QStringLiteral("Build Status (1 new)"));
    QTRY_COMPARE(window->buildPanel()->model()->rowCount(), 1);
    window->buildPanel()->selectBuild(buildId);
    QVERIFY(window->buildPanel()->showDetails());
    QTRY_COMPARE(lastBuild(window.get()).data().toString(), QStringLiteral("Failed"));
    QVERIFY(!lastBuild(window.get()).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(tabs->tabText(tabs->indexOf(window->buildPanel())), QStringLiteral("Build Status"));
    QVERIFY(!AppSettings().value(Settings::Key::UnseenBuilds).toStringList().join(QLatin1Char(',')).contains(buildId));
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
    m_prompts->setPolicy(test::PromptLog::Policy::Answer);
    window->deleteSelected();
    QCOMPARE(m_prompts->count(QStringLiteral("deleteTemplate")), 0);  // refused before any question
    const QString told = m_prompts->lastWarning();
    QVERIFY2(told.contains(QStringLiteral("\u201cbusy image\u201d (build %1) is running").arg(started->id.left(8))), qPrintable(told));
    QTest::qWait(100);
    QVERIFY(f.gui.store->templateById(t.id).ok());

    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QVERIFY(f.service->cancel(started->id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(window->buildStatusText().isEmpty());
    window->deleteSelected();
    QTRY_COMPARE(m_prompts->subjects(QStringLiteral("deleteTemplate")),
                 QStringList{QStringLiteral("busy")});  // after its images were looked up (none)
}

// `build cancel` in another process (the CLI, a colleague) writes a request to the store;
// the service running the build notices within a poll and cancels it. The poll's queries
// run on a thread of their own: the UI thread holds no connection through it, and the poll
// thread gives its own back once no build runs.
void TestMainWindowBuilds::cancelAskedThroughTheStore()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    auto started = f.service->start(t.id, QStringLiteral("asked"), base.id);
    QVERIFY(started.ok());
    QTRY_COMPARE(f.gui.store->buildById(started->id)->state, BuildState::Running);
    auto other = Store::open(f.gui.store->location());
    QVERIFY(other);
    f.gui.store->releaseThreadConnection();

    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QTest::qWait(1500);  // polls while the build runs and nobody asks
    QCOMPARE(finished.size(), 0);
    QVERIFY(!f.gui.store->hasThreadConnection());
    QVERIFY(other.value()->requestCancel(started->id));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(!f.gui.store->hasThreadConnection());
    QCOMPARE(other.value()->buildById(started->id)->state, BuildState::Cancelled);
}

// Build Details of several builds are tabs of one window (named by image), not a window
// each; Escape closes a tab, Ctrl+W too, and the window goes with its last tab.
void TestMainWindowBuilds::buildDetailsShareOneWindow()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    auto first = f.service->start(t.id, QStringLiteral("first"), base.id);
    auto second = f.service->start(t.id, QStringLiteral("second"), base.id);
    QVERIFY(first.ok() && second.ok());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
    window->selectTemplate(t.id);
    auto *panel = window->buildPanel();
    QTRY_COMPARE(panel->model()->rowCount(), 2);

    panel->selectBuild(first->id);
    auto *one = panel->showDetails();
    panel->selectBuild(second->id);
    auto *two = panel->showDetails();
    QVERIFY(one && two && one != two);
    QVERIFY(!one->isWindow() && !two->isWindow());
    const auto hosts = window->findChildren<BuildDetailsTabs *>();
    QCOMPARE(hosts.size(), 1);
    auto *host = hosts.first();
    QVERIFY(host->isWindow() && host->isVisible());
    QCOMPARE(host->tabs()->count(), 2);
    QCOMPARE(host->tabs()->currentWidget(), two);
    QTRY_COMPARE(host->tabs()->tabText(0), QStringLiteral("first"));
    QTRY_COMPARE(host->tabs()->tabText(1), QStringLiteral("second"));
    // The same build again: its tab, no third one.
    panel->selectBuild(first->id);
    QCOMPARE(panel->showDetails(), one);
    QCOMPARE(host->tabs()->count(), 2);
    QCOMPARE(host->tabs()->currentWidget(), one);

    // Escape closes the tab in front; Ctrl+W the other; the window goes with its last tab.
    QPointer<BuildDetailsTabs> alive(host);
    host->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(host));
    QTRY_VERIFY(one->isAncestorOf(QApplication::focusWidget()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_COMPARE(host->tabs()->count(), 1);
    QCOMPARE(host->tabs()->currentWidget(), two);
    QTRY_VERIFY(two->isAncestorOf(QApplication::focusWidget()));
    QTest::keySequence(QApplication::focusWidget(), QKeySequence::Close);
    QTRY_VERIFY(alive.isNull());
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

    m_prompts->setPolicy(test::PromptLog::Policy::Answer);
    m_prompts->answer = PromptAnswer::Reject;
    QVERIFY(!window->close());
    QCOMPARE(m_prompts->count(QStringLiteral("quit")), 1);
    QCOMPARE(m_prompts->with(QStringLiteral("quit")).last().text, QStringLiteral("2 builds are still running. Cancel them and quit?"));
    QVERIFY(window->isVisible());
    QCOMPARE(f.service->runningCount(), 1);

    m_prompts->answer = PromptAnswer::Accept;
    QVERIFY(!window->close());  // not yet: the running build is cleaning up
    auto *cleanup = window->findChild<QProgressDialog *>(QStringLiteral("cleanupDialog"));
    QVERIFY(cleanup);
    QVERIFY(cleanup->labelText().startsWith(QStringLiteral("Cleaning up 1 build")));
    QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 20000);  // closed by itself once clean-up ended
    QCOMPARE(f.service->runningCount(), 0);
    QCOMPARE(f.gui.store->buildById(running->id)->state, BuildState::Cancelled);
    QCOMPARE(f.gui.store->buildById(queued->id)->state, BuildState::Cancelled);
}

void TestMainWindowBuilds::deleteTemplateSaysWhatBecomesOfItsImages()
{
    test::BuildFixture f;
    const auto kept = f.gui.add(QStringLiteral("kept images"));
    const auto doomed = f.gui.add(QStringLiteral("doomed"));
    // Two images built from each (as a build would record them), their files in the data folder.
    const auto addImage = [&f](const ImageTemplate &t, const QString &name) {
        ImageRecord image;
        image.name = name;
        image.templateId = t.id;
        image.templateRevision = t.revision;
        // Where builds put them: only files inside the images folder are ever removed.
        QDir().mkpath(f.service->settings().imagesDirectory());
        image.location = QDir(f.service->settings().imagesDirectory()).filePath(name + QStringLiteral(".qcow2"));
        image.os = t.os;
        image.loginUser = QStringLiteral("debian");
        image.sizeBytes = 5;
        QFile file(image.location);
        if (!file.open(QIODevice::WriteOnly) || file.write("image") != 5)
            qFatal("cannot write %s", qPrintable(image.location));
        auto added = f.gui.store->addImage(image);
        if (!added)
            qFatal("cannot add image: %s", qPrintable(added.error().message));
        return added.value();
    };
    const auto k1 = addImage(kept, QStringLiteral("k1"));
    const auto d1 = addImage(doomed, QStringLiteral("d1"));
    const auto d2 = addImage(doomed, QStringLiteral("d2"));
    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 2);

    // The question names the images; Cancel keeps everything.
    m_prompts->setPolicy(test::PromptLog::Policy::Answer);
    m_prompts->answer = PromptAnswer::Reject;
    const QString asked = QStringLiteral("deleteTemplateWithImages");
    window->selectTemplate(doomed.id);
    window->deleteSelected();
    QTRY_COMPARE(m_prompts->count(asked), 1);
    const Prompt question = m_prompts->with(asked).last();
    QCOMPARE(question.subject, QStringLiteral("doomed"));
    QStringList names = question.items;
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("d1"), QStringLiteral("d2")}));
    QVERIFY2(question.informative.startsWith(QStringLiteral("It has 2 images (10 bytes).")), qPrintable(question.informative));
    QCOMPARE(question.accept, QStringLiteral("Delete Template and Images"));
    QCOMPARE(question.alternative, QStringLiteral("Delete Template, Keep Images"));
    QTest::qWait(100);
    QVERIFY(f.gui.store->templateById(doomed.id).ok());

    // Delete with its images: the files and records go, then the template; the other
    // template's image stays.
    m_prompts->answer = PromptAnswer::Accept;
    window->deleteSelected();
    QTRY_COMPARE(m_prompts->count(asked), 2);
    // Until the delete lands the read succeeds: error() only once it has failed.
    QTRY_VERIFY([&] {
        const auto t = f.gui.store->templateById(doomed.id);
        return !t && t.error().kind == ErrorKind::NotFound;
    }());
    QVERIFY(!QFile::exists(d1.location));
    QVERIFY(!QFile::exists(d2.location));
    QCOMPARE(f.gui.store->listImages(doomed.id)->size(), 0);
    QVERIFY(QFile::exists(k1.location));

    // Keep the images: the template goes, the image and its file stay.
    m_prompts->answer = PromptAnswer::Alternative;
    QTRY_COMPARE(window->model()->rowCount(), 1);
    window->selectTemplate(kept.id);
    window->deleteSelected();
    QTRY_COMPARE(m_prompts->count(asked), 3);
    // Until the delete lands the read succeeds: error() only once it has failed.
    QTRY_VERIFY([&] {
        const auto t = f.gui.store->templateById(kept.id);
        return !t && t.error().kind == ErrorKind::NotFound;
    }());
    QVERIFY(QFile::exists(k1.location));
    QVERIFY(f.gui.store->imageById(k1.id).ok());
}

// Issue 18: "Copy as CLI Command" for a template. The copied text is run as it is, by sh, with
// the real imagebuilder-cli, into another store: the template arrives whole, scripts included
// (a script line that looks like a shell's end marker or quote cannot break out).
void TestMainWindowBuilds::copyTemplateAsCliCommand()
{
    test::BuildFixture f;
    ImageTemplate t;
    t.name = QStringLiteral("웹 서버 'prod'");
    t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    t.applications = {QStringLiteral("nginx")};
    t.minStorageGb = 20;
    t.description = QStringLiteral("quotes ' \" $HOME `date` and a\nsecond line");
    t.userScript = QStringLiteral("#!/bin/bash -e\necho \"$HOME\" 'x'\nIB_TEMPLATE\n'@\nEOF\n");
    t.testScript = QStringLiteral("#!/bin/sh\nsystemctl is-active nginx\n");
    t.bootTest = false;
    auto created = TemplateService(*f.gui.store, ApplicationCatalog::builtin()).create(t);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));

    auto window = openWindow(f);
    QTRY_COMPARE(window->proxyModel()->rowCount(), 1);
    window->selectTemplate(created->id);
    auto *action = window->findChild<QAction *>(QStringLiteral("copyTemplateCommandAction"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    QGuiApplication::clipboard()->clear();
    action->trigger();
    QTRY_VERIFY(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("imagebuilder-cli template import - <<'IB_TEMPLATE'\n")));
    const QString command = QGuiApplication::clipboard()->text();

    // The copied command, as typed into a shell, with this build's CLI on the PATH.
    const QString cli = qEnvironmentVariable("IB_CLI");
    QVERIFY2(QFileInfo(cli).isExecutable(), "IB_CLI names no program");
    QTemporaryDir other;
    QTemporaryDir bin;
    QVERIFY(QFile::link(cli, bin.filePath(QStringLiteral("imagebuilder-cli"))));
    QProcess sh;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), bin.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("IMAGEBUILDER_DB"), other.filePath(QStringLiteral("other.sqlite")));
    sh.setProcessEnvironment(env);
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    QVERIFY(sh.waitForFinished(60000));
    QVERIFY2(sh.exitCode() == 0, sh.readAllStandardError().constData());

    auto store = Store::open(other.filePath(QStringLiteral("other.sqlite")));
    QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
    auto copied = store.value()->findTemplate(t.name);
    QVERIFY2(copied, qPrintable(copied ? QString() : copied.error().message));
    QCOMPARE(copied->os, t.os);
    QCOMPARE(copied->applications, t.applications);
    QCOMPARE(copied->minStorageGb, t.minStorageGb);
    QCOMPARE(copied->description, t.description);
    QCOMPARE(copied->userScript, t.userScript);
    QCOMPARE(copied->testScript, t.testScript);
    QCOMPARE(copied->bootTest, false);
}

QTEST_MAIN(TestMainWindowBuilds)

// Help > Save Diagnostics…: the archive holds this machine's build logs (redacted) and the
// window stays usable; the message says where it went. Python's zipfile reads it back.
void TestMainWindowBuilds::saveDiagnosticsFromTheHelpMenu()
{
    test::BuildFixture f;
    // The saver reads this user's settings (the test's own XDG_CONFIG_HOME): the fixture's data folder.
    AppSettings().setValue(Settings::Key::DataDirectory, f.data.path());
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QDir().mkpath(f.data.filePath(QStringLiteral("builds/") + id));
    QFile log(f.data.filePath(QStringLiteral("builds/%1/build.log").arg(id)));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write("[user-script] export DB_PASSWORD=plum-42-orbit\n[build] Build failed.\n");
    log.close();
    auto window = openWindow(f);

    QTemporaryDir out;
    QString suggested;
    window->diagnosticsSaver()->setChooseFile([&](QWidget *, const QString &offered) {
        suggested = offered;
        return out.filePath(QStringLiteral("report"));  // no suffix: ".zip" is added
    });
    QSignalSpy finished(window->diagnosticsSaver(), &DiagnosticsSaver::finished);
    window->findChild<QAction *>(QStringLiteral("saveDiagnosticsAction"))->trigger();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY2(suggested.endsWith(QStringLiteral(".zip")) &&
                 QFileInfo(suggested).fileName().startsWith(QStringLiteral("imagebuilder-diagnostics-")),
             qPrintable(suggested));
    auto *box = window->findChild<QMessageBox *>(QStringLiteral("diagnosticsResult"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QDir::toNativeSeparators(out.filePath(QStringLiteral("report.zip")))), qPrintable(box->text()));
    QVERIFY(box->findChild<QPushButton *>(QStringLiteral("showDiagnostics")));
    QCOMPARE(box->windowModality(), Qt::WindowModal);  // open(), not exec(): the window is not blocked
    box->close();

    const auto files = test::readZipWithPython(out.filePath(QStringLiteral("report.zip")));
    QVERIFY(files.contains(QStringLiteral("versions.txt")));
    const QString archived = files.value(QStringLiteral("builds/%1/build.log").arg(id));
    QVERIFY2(archived.contains(QStringLiteral("DB_PASSWORD=[REDACTED]")), qPrintable(archived));
    QVERIFY2(!archived.contains(QStringLiteral("plum-42-orbit")), qPrintable(archived));
    QVERIFY(archived.contains(QStringLiteral("Build failed.")));
    AppSettings().reset(Settings::Key::DataDirectory);
}

#include "tst_mainwindowbuilds.moc"
