#include "BuildFixture.h"
#include "PromptLog.h"

#include "MainWindow.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "templates/TemplateDialog.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateTableModel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace ib;
using namespace ib::ui;

// An administrator who never touches the mouse: create a template, start a build of it,
// cancel the build and delete the template, with key events only (the test provider holds
// the build at its launch step, so no VM is needed; the seams answer the questions).
class TestKeyboardWalkthrough final : public QObject
{
    Q_OBJECT

private slots:
    void createBuildCancelDelete();
};

namespace {

QWidget *focused()
{
    return QApplication::focusWidget();
}

// Presses Tab until `target` has the focus (at most `limit` times); false if it never does.
bool tabTo(QWidget *target, int limit = 60)
{
    for (int i = 0; i < limit; ++i) {
        if (focused() == target)
            return true;
        if (!focused())
            return false;
        QTest::keyClick(focused(), Qt::Key_Tab);
    }
    return focused() == target;
}

}  // namespace

void TestKeyboardWalkthrough::createBuildCancelDelete()
{
    test::BuildFixture f(/*holdLaunch=*/true);
    f.gui.add(QStringLiteral("existing"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    test::PromptLog prompts(test::PromptLog::Policy::Fail);  // nothing asks until the cancel
    MainWindow window(*f.gui.controller);
    window.setBuildService(f.service.get(), *f.gui.store);
    window.show();
    window.reload();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_COMPARE(window.proxyModel()->rowCount(), 1);

    // Create: Ctrl+N, type the name, Enter (Create is the default button).
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(window.findChild<TemplateDialog *>());
    auto *create = window.findChild<TemplateDialog *>();
    create->activateWindow();  // as a window manager would
    QTRY_COMPARE(QApplication::activeWindow(), create);
    auto *nameEdit = create->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    QVERIFY(tabTo(nameEdit));
    QTest::keyClicks(focused(), QStringLiteral("keyboard web"));
    QTest::keyClick(focused(), Qt::Key_Return);
    QTRY_VERIFY(!window.findChild<TemplateDialog *>());
    const auto stored = f.gui.store->findTemplate(QStringLiteral("keyboard web"));
    QVERIFY(stored.ok());
    QTRY_COMPARE(window.selectedId(), stored->id);

    // Build: Ctrl+B, type the image name, Enter (Start Build is the default button).
    window.activateWindow();  // the offscreen platform has no window manager to do it
    QTRY_COMPARE(QApplication::activeWindow(), &window);
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    QTest::keyClick(&window, Qt::Key_B, Qt::ControlModifier);
    QTRY_VERIFY(window.findChild<BuildImageDialog *>());
    auto *build = window.findChild<BuildImageDialog *>();
    build->activateWindow();
    QTRY_COMPARE(QApplication::activeWindow(), build);
    QTRY_VERIFY(build->isLoaded());
    QVERIFY(tabTo(build->imageNameEdit()));
    QTest::keyClicks(focused(), QStringLiteral("keyboard image"));
    QTRY_VERIFY(build->startButton()->isEnabled());
    QTest::keyClick(focused(), Qt::Key_Return);
    QTRY_VERIFY(!window.findChild<BuildImageDialog *>());
    QTRY_COMPARE(window.buildPanel()->model()->rowCount(), 1);
    QTRY_VERIFY(f.service->isActive(window.buildPanel()->model()->index(0, 0).data(BuildTableModel::IdRole).toString()));

    // Cancel: Tab to the Build Status tab's Cancel Build, Space; the question answered yes.
    prompts.setPolicy(test::PromptLog::Policy::Answer);  // yes to every question
    prompts.answer = PromptAnswer::Accept;
    window.activateWindow();
    QTRY_COMPARE(QApplication::activeWindow(), &window);
    auto *cancel = window.buildPanel()->findChild<QAbstractButton *>(QStringLiteral("cancelBuildButton"));
    QTRY_VERIFY(cancel->isEnabled());
    window.view()->setFocus();  // where the window left the user after the build started
    QVERIFY(tabTo(cancel));
    QTest::keyClick(focused(), Qt::Key_Space);
    QCOMPARE(prompts.count(QStringLiteral("cancelBuild")), 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(finished.first().at(1).value<BuildState>(), BuildState::Cancelled);

    // Delete: Ctrl+F, Escape (the filter is empty: back to the table), Delete, yes.
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(focused(), window.filterEdit());
    QTest::keyClick(focused(), Qt::Key_Escape);
    QCOMPARE(focused(), window.view());
    QCOMPARE(window.selectedId(), stored->id);
    QTest::keyClick(focused(), Qt::Key_Delete);
    QTRY_COMPARE(prompts.subjects(QStringLiteral("deleteTemplate")), QStringList{QStringLiteral("keyboard web")});
    // Until the delete lands the read succeeds, and error() of a success is no value to compare.
    const auto gone = [&] {
        const auto t = f.gui.store->templateById(stored->id);
        return !t && t.error().kind == ErrorKind::NotFound;
    };
    QTRY_VERIFY(gone());
    QTRY_COMPARE(window.proxyModel()->rowCount(), 1);
    QCOMPARE(prompts.count(QStringLiteral("warning")), 0);
}

QTEST_MAIN(TestKeyboardWalkthrough)
#include "tst_keyboardwalkthrough.moc"
