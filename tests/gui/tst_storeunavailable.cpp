#include "StoreUnavailableDialog.h"
#include "logging/Logging.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "settings/TeamStorePage.h"
#include "storage/Store.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::ui;

// The start-up lock-out: a store that cannot be opened offers Open Settings, this
// computer's store and Retry, each opening on a worker while the dialog stays usable.
class TestStoreUnavailable final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void retryThenSettingsOpensTheCorrectedStore();
    void useThisComputersStore();
    void quitRejects();

private:
    // Nothing listens on port 1 of the loopback: refused at once.
    const QString m_down = QStringLiteral("postgresql://nobody@127.0.0.1:1/none");
};

void TestStoreUnavailable::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    logging::init(logging::Target::Tests);
    qunsetenv("IMAGEBUILDER_DB");
}

void TestStoreUnavailable::retryThenSettingsOpensTheCorrectedStore()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setValue(AppSettings::Key::StoreLocation, m_down);
    StoreUnavailableDialog dialog(m_down, QStringLiteral("connection refused <b>by</b> \x1b]0;owned\x07"), {}, settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *text = dialog.findChild<QLabel *>(QStringLiteral("storeUnavailableText"));
    QVERIFY2(text->text().contains(QStringLiteral("127.0.0.1:1")), qPrintable(text->text()));
    // A server's words are shown as they are: no markup, the escape visible.
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("storeUnavailableError"));
    QCOMPARE(error->textFormat(), Qt::PlainText);
    QVERIFY2(error->text().contains(QStringLiteral("<b>by</b> ^[]0;owned^G")), qPrintable(error->text()));

    // Retry: still down; the dialog stays, enabled again, with the new reason.
    auto *retry = dialog.findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry->isDefault());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(dialog.isOpening());
    QVERIFY(!retry->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isOpening(), 20000);
    QVERIFY(dialog.isVisible());
    QVERIFY(retry->isEnabled());
    // Enter tries again (Quit took the focus while the buttons were disabled).
    QCOMPARE(dialog.focusWidget(), retry);
    QVERIFY(retry->isDefault());
    QVERIFY2(!dialog.errorText().startsWith(QStringLiteral("Opening")), qPrintable(dialog.errorText()));

    // Open Settings: the Team Store page; a store that opens is saved, then opened.
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("openSettingsButton")), Qt::LeftButton);
    auto *settingsDialog = dialog.findChild<SettingsDialog *>();
    QVERIFY(settingsDialog && settingsDialog->isVisible());
    auto *page = settingsDialog->teamStorePage();
    QVERIFY(page->isVisible());
    const QString file = dir.filePath(QStringLiteral("mine.sqlite"));
    page->findChild<QRadioButton *>(QStringLiteral("storeSqlite"))->setChecked(true);
    page->findChild<QLineEdit *>(QStringLiteral("storePath"))->setText(file);
    QTest::mouseClick(settingsDialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 20000);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(settings.value(AppSettings::Key::StoreLocation).toString(), file);
    QCOMPARE(dialog.openedLocation(), file);
    auto store = dialog.takeStore();
    QVERIFY(store);
    // Usable on this (the UI) thread, though a worker opened it.
    QCOMPARE(store->schemaVersion(), Store::latestSchemaVersion());
    QVERIFY(store->templateRevisionIndex().ok());
}

void TestStoreUnavailable::useThisComputersStore()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setValue(AppSettings::Key::StoreLocation, m_down);
    StoreUnavailableDialog dialog(m_down, QStringLiteral("connection refused"), {}, settings);
    dialog.show();
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("useLocalStoreButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 20000);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.openedLocation(), StoreUnavailableDialog::localLocation());
    QVERIFY(dialog.openedLocation().startsWith(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)));
    QVERIFY(dialog.takeStore());
    // For this session only: the team store setting is left as it was.
    QCOMPARE(settings.value(AppSettings::Key::StoreLocation).toString(), m_down);
}

void TestStoreUnavailable::quitRejects()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    StoreUnavailableDialog dialog(m_down, QStringLiteral("refused"), m_down, settings);
    dialog.show();
    // Given with --db: the dialog says Settings cannot override it.
    QVERIFY2(dialog.errorText().contains(QStringLiteral("--db")), qPrintable(dialog.errorText()));
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.takeStore());
}

QTEST_MAIN(TestStoreUnavailable)
#include "tst_storeunavailable.moc"
