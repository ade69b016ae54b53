#include "GuiFixture.h"
#include "PromptLog.h"

#include "MainWindow.h"
#include "builds/BuildStatusPanel.h"
#include "images/ImageListPanel.h"
#include "templates/TemplateDetailsWidget.h"
#include "templates/TemplateDialog.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateService.h"
#include "templates/TemplateTableModel.h"
#include "widgets/EmptyStatePage.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void emptyStoreOffersCreate();
    void listsAndShowsDetails();
    void detailsShowTestScriptAndBootTest();
    void buildImageIsHonestlyDisabled();
    void filterBox();
    void deleteAsksAndHonoursTheAnswer();
    void deleteGuardRefuses();
    void createFromWindowSelectsNewRow();
    void updateEditsTheWholeTemplate();
    void menusShowEveryCommandWithItsShortcut();
    void keyboardShortcutsAndNoTabTrap();
    void storedTextIsInert();

private:
    std::unique_ptr<test::GuiFixture> m_fixture;
    std::unique_ptr<MainWindow> m_window;
    // Fails a test on a question or warning it does not expect.
    std::optional<test::PromptLog> m_prompts;

    void openWindow();
};

void TestMainWindow::init()
{
    m_fixture = std::make_unique<test::GuiFixture>();
    m_prompts.emplace(test::PromptLog::Policy::Fail);
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_fixture.reset();
    m_prompts.reset();
}

void TestMainWindow::openWindow()
{
    m_window = std::make_unique<MainWindow>(*m_fixture->controller);
    m_window->show();
    m_window->reload();
}

void TestMainWindow::emptyStoreOffersCreate()
{
    openWindow();
    auto *empty = m_window->findChild<EmptyStatePage *>(QStringLiteral("templatesEmptyState"));
    QVERIFY(empty);
    QTRY_COMPARE(empty->title(), QStringLiteral("No image templates yet"));
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("emptyStateButton"));
    QVERIFY(button->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Create Image Template"));
}

void TestMainWindow::listsAndShowsDetails()
{
    const auto web =
        m_fixture->add(QStringLiteral("web"), QStringLiteral("ubuntu:22.04"), {QStringLiteral("nginx")}, QStringLiteral("front"));
    m_fixture->add(QStringLiteral("db"), QStringLiteral("rocky:9"), {QStringLiteral("postgresql")});
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 2);
    QVERIFY(m_window->view()->isVisible());
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("countLabel"))->text(), QStringLiteral("2 templates"));
    auto *details = m_window->details();
    // The first row (by name) is selected on load, so the tabs are never blank.
    QCOMPARE(m_window->selectedId(), m_window->proxyModel()->index(0, 0).data(TemplateTableModel::IdRole).toString());
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsName"))->text(), QStringLiteral("db"));
    m_window->selectTemplate(web.id);
    QCOMPARE(m_window->selectedId(), web.id);
    QCOMPARE(details->templateId(), web.id);
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsName"))->text(), QStringLiteral("web"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsOs"))->text(),
             QStringLiteral("Ubuntu 22.04 LTS (Jammy Jellyfish) (Linux)"));
    const auto version = ApplicationCatalog::builtin().findApp(QStringLiteral("nginx"))->versionFor(QStringLiteral("ubuntu:22.04"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsApplications"))->text(), QStringLiteral("Nginx ") + version);
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsRevision"))->text(), QStringLiteral("1"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsDescription"))->text(), QStringLiteral("front"));
    auto *script = details->findChild<QPlainTextEdit *>(QStringLiteral("detailsScript"));
    QVERIFY(script->isReadOnly());
    QTRY_COMPARE(script->toPlainText(), web.userScript);  // read from the store on selection
    QVERIFY(script->font().fixedPitch() || QFontInfo(script->font()).fixedPitch());
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("updateAction"))->isEnabled());

    // A click on a row, as a user selects, updates the details too.
    const auto dbIndex = m_window->proxyModel()->index(0, 0);
    QTest::mouseClick(m_window->view()->viewport(), Qt::LeftButton, {}, m_window->view()->visualRect(dbIndex).center());
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsName"))->text(), QStringLiteral("db"));

    auto *builds = m_window->findChild<BuildStatusPanel *>();
    QCOMPARE(builds->emptyStateText(), QStringLiteral("No builds yet"));
    QCOMPARE(m_window->findChild<ImageListPanel *>()->emptyStateText(), QStringLiteral("No images yet"));
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("templateTabs"));
    QCOMPARE(tabs->count(), 3);
    QCOMPARE(tabs->tabText(1), QStringLiteral("Build Status"));
}

// Issue 19: the Details tab shows the test script beside the user script, and whether the
// build boots the captured image.
void TestMainWindow::detailsShowTestScriptAndBootTest()
{
    const auto plain = m_fixture->add(QStringLiteral("plain"));
    TemplateService service(*m_fixture->store, ApplicationCatalog::builtin());
    ImageTemplate t = plain;
    t.id.clear();
    t.name = QStringLiteral("tested");
    t.testScript = QStringLiteral("#!/bin/sh\nsystemctl is-active nginx\n");
    t.bootTest = false;
    const auto tested = service.create(t);
    QVERIFY2(tested, qPrintable(tested ? QString() : tested.error().message));
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 2);
    auto *details = m_window->details();
    auto *scripts = details->findChild<QTabWidget *>(QStringLiteral("detailsScripts"));
    QVERIFY(scripts);
    QCOMPARE(scripts->count(), 2);
    QCOMPARE(scripts->tabText(1), QStringLiteral("Test script"));
    auto *testScript = details->findChild<QPlainTextEdit *>(QStringLiteral("detailsTestScript"));
    auto *bootTest = details->findChild<QLabel *>(QStringLiteral("detailsBootTest"));

    m_window->selectTemplate(tested->id);
    QTRY_COMPARE(testScript->toPlainText(), tested->testScript);
    QVERIFY(testScript->isReadOnly());
    QCOMPARE(bootTest->text(), QStringLiteral("Boot checks off; the build runs the test script on the captured image"));

    m_window->selectTemplate(plain.id);
    QTRY_COMPARE(testScript->toPlainText(), QStringLiteral("(no test script)"));
    QCOMPARE(bootTest->text(), QStringLiteral("The build boots the captured image and checks that it comes up"));
}

void TestMainWindow::buildImageIsHonestlyDisabled()
{
    openWindow();
    auto *build = m_window->findChild<QAction *>(QStringLiteral("buildAction"));
    QVERIFY(build);
    QVERIFY(!build->isEnabled());  // no build service given, nothing selected
}

void TestMainWindow::filterBox()
{
    m_fixture->add(QStringLiteral("web"), QStringLiteral("ubuntu:22.04"), {QStringLiteral("nginx")});
    m_fixture->add(QStringLiteral("db"), QStringLiteral("rocky:9"), {QStringLiteral("postgresql")});
    m_fixture->add(QStringLiteral("한글 템플릿"), QStringLiteral("debian:12"), {QStringLiteral("docker")});
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 3);
    auto *filter = m_window->filterEdit();
    QTest::keyClicks(filter, QStringLiteral("ROCKY"));
    QCOMPARE(m_window->proxyModel()->rowCount(), 1);
    QCOMPARE(m_window->proxyModel()->index(0, 0).data().toString(), QStringLiteral("db"));
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("countLabel"))->text(), QStringLiteral("1 of 3 templates shown"));
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("Docker"));
    QCOMPARE(m_window->proxyModel()->rowCount(), 1);
    QCOMPARE(m_window->proxyModel()->index(0, 0).data().toString(), QStringLiteral("한글 템플릿"));
    filter->clear();
    test::typeText(filter, QStringLiteral("한글"));
    QCOMPARE(m_window->proxyModel()->rowCount(), 1);
    filter->clear();
    QCOMPARE(m_window->proxyModel()->rowCount(), 3);
}

void TestMainWindow::deleteAsksAndHonoursTheAnswer()
{
    const auto doomed = m_fixture->add(QStringLiteral("doomed"));
    m_fixture->add(QStringLiteral("kept"));
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 2);
    m_window->selectTemplate(doomed.id);

    m_prompts->setPolicy(test::PromptLog::Policy::Answer);
    m_prompts->answer = PromptAnswer::Reject;
    m_window->findChild<QAction *>(QStringLiteral("deleteAction"))->trigger();
    QCOMPARE(m_prompts->subjects(QStringLiteral("deleteTemplate")), QStringList{QStringLiteral("doomed")});
    const Prompt question = m_prompts->all().last();
    QCOMPARE(question.text, QStringLiteral("Delete the image template \u201cdoomed\u201d?"));
    QCOMPARE(question.accept, QStringLiteral("Delete"));
    QVERIFY(question.destructive);
    QTest::qWait(200);
    QCOMPARE(m_window->model()->rowCount(), 2);
    QVERIFY(m_fixture->store->templateById(doomed.id).ok());

    m_prompts->answer = PromptAnswer::Accept;
    m_window->findChild<QAction *>(QStringLiteral("deleteAction"))->trigger();
    QCOMPARE(m_prompts->count(QStringLiteral("deleteTemplate")), 2);
    QTRY_COMPARE(m_window->model()->rowCount(), 1);
    QCOMPARE(m_window->model()->rowOf(doomed.id), -1);
    QCOMPARE(m_fixture->store->templateById(doomed.id).error().kind, ErrorKind::NotFound);
    QVERIFY(m_window->selectedId().isEmpty() || m_window->selectedId() != doomed.id);
    QCOMPARE(m_window->details()->templateId() == doomed.id, false);
}

void TestMainWindow::deleteGuardRefuses()
{
    const auto busy = m_fixture->add(QStringLiteral("busy"));
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 1);
    m_window->selectTemplate(busy.id);
    QString guarded;
    m_window->setDeleteGuard([&](const QString &id) {
        guarded = id;
        return QStringLiteral("A build of this template is running; cancel it first.");
    });
    m_prompts->setPolicy(test::PromptLog::Policy::Answer);
    m_window->deleteSelected();
    QCOMPARE(guarded, busy.id);
    QCOMPARE(m_prompts->all().size(), 1);  // a warning, no question
    QCOMPARE(m_prompts->lastWarning(), QStringLiteral("A build of this template is running; cancel it first."));
    QTest::qWait(100);
    QVERIFY(m_fixture->store->templateById(busy.id).ok());
    QCOMPARE(m_window->model()->rowCount(), 1);
}

void TestMainWindow::createFromWindowSelectsNewRow()
{
    m_fixture->add(QStringLiteral("first"));
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 1);
    QPointer<TemplateDialog> dialog = m_window->createTemplate();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("second"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_VERIFY(!dialog);  // closed and deleted after the save
    QCOMPARE(m_window->model()->rowCount(), 2);
    const auto stored = m_fixture->store->findTemplate(QStringLiteral("second"));
    QVERIFY(stored.ok());
    QCOMPARE(m_window->selectedId(), stored->id);
    QCOMPARE(m_window->details()->templateId(), stored->id);
}

void TestMainWindow::updateEditsTheWholeTemplate()
{
    const auto web =
        m_fixture->add(QStringLiteral("web"), QStringLiteral("ubuntu:22.04"), {QStringLiteral("nginx")}, QStringLiteral("front"));
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 1);
    m_window->selectTemplate(web.id);
    // The table keeps no user scripts: the dialog opens with the one read from the store.
    m_window->findChild<QAction *>(QStringLiteral("updateAction"))->trigger();
    QTRY_VERIFY(m_window->findChild<TemplateDialog *>());
    auto *dialog = m_window->findChild<TemplateDialog *>();
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("scriptEdit"))->toPlainText(), web.userScript);
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->text(), QStringLiteral("web"));
    QCOMPARE(m_window->findChildren<TemplateDialog *>().size(), 1);
    dialog->reject();
}

void TestMainWindow::menusShowEveryCommandWithItsShortcut()
{
    openWindow();
    QStringList titles;
    for (auto *action : m_window->menuBar()->actions())
        titles.append(action->text());
    QCOMPARE(titles, (QStringList{QStringLiteral("&File"), QStringLiteral("&Template"), QStringLiteral("&Build"), QStringLiteral("&View"),
                                  QStringLiteral("&Help")}));
    const auto inMenu = [this](const char *menu, const char *action) {
        auto *m = m_window->findChild<QMenu *>(QString::fromLatin1(menu));
        auto *a = m_window->findChild<QAction *>(QString::fromLatin1(action));
        return m && a && m->actions().contains(a);
    };
    QVERIFY(inMenu("fileMenu", "settingsAction"));
    QVERIFY(inMenu("fileMenu", "quitAction"));
    QVERIFY(inMenu("templateMenu", "createAction"));
    QVERIFY(inMenu("templateMenu", "updateAction"));
    QVERIFY(inMenu("templateMenu", "deleteAction"));
    QVERIFY(inMenu("buildMenu", "buildAction"));
    QVERIFY(inMenu("viewMenu", "reloadAction"));
    QVERIFY(inMenu("viewMenu", "findAction"));
    QVERIFY(inMenu("helpMenu", "aboutAction"));
    const auto keys = [this](const char *action) {
        return m_window->findChild<QAction *>(QString::fromLatin1(action))->shortcut().toString(QKeySequence::PortableText);
    };
    QCOMPARE(keys("createAction"), QStringLiteral("Ctrl+N"));
    QCOMPARE(keys("updateAction"), QStringLiteral("Ctrl+E"));
    QCOMPARE(keys("deleteAction"), QStringLiteral("Del"));
    QCOMPARE(keys("buildAction"), QStringLiteral("Ctrl+B"));
    QCOMPARE(keys("reloadAction"), QStringLiteral("F5"));
    QCOMPARE(keys("findAction"), QStringLiteral("Ctrl+F"));
    QCOMPARE(keys("quitAction"), QStringLiteral("Ctrl+Q"));
    QVERIFY(!m_window->findChild<QAction *>(QStringLiteral("settingsAction"))->shortcut().isEmpty());
    // Toolbar commands carry an icon (the theme's, else Qt's own) and their text.
    for (const char *name : {"createAction", "updateAction", "deleteAction", "buildAction", "reloadAction", "settingsAction"})
        QVERIFY2(!m_window->findChild<QAction *>(QString::fromLatin1(name))->icon().isNull(), name);
}

void TestMainWindow::keyboardShortcutsAndNoTabTrap()
{
    const auto web = m_fixture->add(QStringLiteral("web"));
    m_fixture->add(QStringLiteral("db"));
    openWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 2);
    m_window->selectTemplate(web.id);
    auto *view = m_window->view();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());

    // Tab leaves the table for the next control (it does not walk the cells).
    QTest::keyClick(view, Qt::Key_Tab);
    QVERIFY(!view->hasFocus());
    QCOMPARE(m_window->selectedId(), web.id);
    view->setFocus();

    // Ctrl+F: the filter; Escape clears it, a second Escape goes back to the table.
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    auto *filter = m_window->filterEdit();
    QVERIFY(filter->hasFocus());
    QTest::keyClicks(filter, QStringLiteral("web"));
    QCOMPARE(m_window->proxyModel()->rowCount(), 1);
    // Delete in the filter box edits the text; it never deletes a template.
    filter->setCursorPosition(0);
    QTest::keyClick(filter, Qt::Key_Delete);  // the confirmation seam fails the test if asked
    QCOMPARE(filter->text(), QStringLiteral("eb"));
    QTest::keyClick(filter, Qt::Key_Escape);
    QCOMPARE(filter->text(), QString());
    QCOMPARE(m_window->proxyModel()->rowCount(), 2);
    QVERIFY(filter->hasFocus());
    QTest::keyClick(filter, Qt::Key_Escape);
    QVERIFY(view->hasFocus());

    // Delete in the table asks about the selected template.
    m_window->selectTemplate(web.id);
    m_prompts->setPolicy(test::PromptLog::Policy::Answer);
    m_prompts->answer = PromptAnswer::Reject;
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(m_prompts->subjects(QStringLiteral("deleteTemplate")), QStringList{QStringLiteral("web")});

    // Ctrl+E: Update of the selected template; Ctrl+N: Create.
    QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier);
    QTRY_VERIFY(m_window->findChild<TemplateDialog *>());
    auto *update = m_window->findChild<TemplateDialog *>();
    QCOMPARE(update->mode(), TemplateDialog::Mode::Update);
    QCOMPARE(update->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->text(), QStringLiteral("web"));
    QTest::keyClick(update, Qt::Key_Escape);  // unchanged: closes without a question
    QTRY_VERIFY(!m_window->findChild<TemplateDialog *>());
    m_window->activateWindow();  // the offscreen platform has no window manager to do it
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(m_window->findChild<TemplateDialog *>());
    QCOMPARE(m_window->findChild<TemplateDialog *>()->mode(), TemplateDialog::Mode::Create);
    QTest::keyClick(m_window->findChild<TemplateDialog *>(), Qt::Key_Escape);
    QTRY_VERIFY(!m_window->findChild<TemplateDialog *>());

    // Ctrl+Q closes the window (through closeEvent, which asks about running builds).
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!m_window->isVisible());
}

void TestMainWindow::storedTextIsInert()
{
    // What a colleague (or anyone who can write the team store) put in a name and a
    // description: markup and terminal escapes. Shown as written, never acted on.
    const QString name = QStringLiteral("<b>bold</b>\u202eevil");
    const QString description = QStringLiteral("<img src=\"file:///etc/passwd\"><a href=\"https://x\">link</a>\x1b]52;c;ZXZpbA==\x07 end");
    // Written to the store directly, as a hostile client would (past the rules).
    auto t = m_fixture->add(QStringLiteral("plain"));
    t.name = name;
    t.description = description;
    auto saved = m_fixture->store->updateTemplate(t);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    openWindow();
    QTRY_COMPARE(m_window->proxyModel()->rowCount(), 1);
    m_window->selectTemplate(t.id);
    auto *details = m_window->details();
    auto *nameLabel = details->findChild<QLabel *>(QStringLiteral("detailsName"));
    QCOMPARE(nameLabel->text(), QStringLiteral("<b>bold</b>\\u{202e}evil"));
    QTRY_VERIFY(details->findChild<QLabel *>(QStringLiteral("detailsDescription"))->text().contains(QStringLiteral("^[]52;c;")));
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailsDescription"))->text().startsWith(QStringLiteral("<img src=")));
    // Every label of the window shows plain text.
    for (auto *label : m_window->findChildren<QLabel *>())
        QVERIFY2(label->textFormat() == Qt::PlainText, qPrintable(label->objectName() + QLatin1Char(' ') + label->text()));
    // The table cell and its tooltip: the name as written (the tooltip escaped, not rendered).
    const auto cell = m_window->proxyModel()->index(0, static_cast<int>(TemplateTableModel::Column::Name));
    QCOMPARE(cell.data().toString(), QStringLiteral("<b>bold</b>\\u{202e}evil"));
    const QString tip = cell.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt;")) && !tip.contains(QStringLiteral("<b>")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("&lt;img src=")) && tip.contains(QStringLiteral("^[]52")), qPrintable(tip));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
