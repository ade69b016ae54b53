#include "GuiFixture.h"

#include "MainWindow.h"
#include "builds/BuildStatusPanel.h"
#include "images/ImageListPanel.h"
#include "templates/TemplateDetailsWidget.h"
#include "templates/TemplateDialog.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateTableModel.h"
#include "widgets/EmptyStatePage.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
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
    void buildImageIsHonestlyDisabled();
    void filterBox();
    void deleteAsksAndHonoursTheAnswer();
    void deleteGuardRefuses();
    void createFromWindowSelectsNewRow();
    void updateEditsTheWholeTemplate();

private:
    std::unique_ptr<test::GuiFixture> m_fixture;
    std::unique_ptr<MainWindow> m_window;

    void openWindow();
};

void TestMainWindow::init()
{
    m_fixture = std::make_unique<test::GuiFixture>();
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_fixture.reset();
}

void TestMainWindow::openWindow()
{
    m_window = std::make_unique<MainWindow>(*m_fixture->controller);
    m_window->setConfirmDelete([](const QString &) {
        qFatal("unexpected confirmation");
        return false;
    });
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

    QStringList asked;
    bool answer = false;
    m_window->setConfirmDelete([&](const QString &name) {
        asked.append(name);
        return answer;
    });
    m_window->findChild<QAction *>(QStringLiteral("deleteAction"))->trigger();
    QCOMPARE(asked, QStringList{QStringLiteral("doomed")});
    QTest::qWait(200);
    QCOMPARE(m_window->model()->rowCount(), 2);
    QVERIFY(m_fixture->store->templateById(doomed.id).ok());

    answer = true;
    m_window->findChild<QAction *>(QStringLiteral("deleteAction"))->trigger();
    QCOMPARE(asked.size(), 2);
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
    QString told;
    m_window->setDeleteGuard([&](const QString &id) {
        guarded = id;
        return QStringLiteral("A build of this template is running; cancel it first.");
    });
    m_window->setNotify([&](const QString &, const QString &text) { told = text; });
    m_window->deleteSelected();  // the confirmation seam fails the test if asked
    QCOMPARE(guarded, busy.id);
    QCOMPARE(told, QStringLiteral("A build of this template is running; cancel it first."));
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
