#include "GuiFixture.h"
#include "PromptLog.h"

#include "templates/ScriptEditor.h"
#include "templates/TemplateDialog.h"
#include "util/Theme.h"
#include "widgets/FieldMessageLabel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextCursor>

using namespace ib;
using namespace ib::ui;

class TestTemplateDialog final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startsFromShebangAndDisabled();
    void nameOfOnlySpacesIsRefused();
    void koreanNameByteLimit();
    void conflictingApplicationIsDisabled();
    void applicationRaisesMinimumStorage();
    void unavailableApplicationIsDisabledWithReason();
    void scriptWithoutShebangBlocksSave();
    void crlfIsShownAndConverted();
    void testScriptHasTheUserScriptsRules();
    void createSavesToStore();
    void takenNameShownNextToField();
    void updateConflictKeepsEditsAndOverwrites();
    void updateConflictTakeTheirs();
    void deletedWhileEditingSavesAsNew();
    void dirtyDialogAsksBeforeDiscarding();
    void enterAfterConvertKeepsTheTemplate();
    void tabInScriptEditorMovesFocus();

private:
    std::unique_ptr<test::GuiFixture> m_fixture;
    std::unique_ptr<TemplateDialog> m_dialog;

    TemplateDialog *openCreate();
    TemplateDialog *openUpdate(const ImageTemplate &t);
    template <typename T>
    T *child(const char *name) const
    {
        auto *w = m_dialog->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    QListWidgetItem *appItem(const QString &id) const;
};

void TestTemplateDialog::init()
{
    m_fixture = std::make_unique<test::GuiFixture>();
}

void TestTemplateDialog::cleanup()
{
    m_dialog.reset();
    m_fixture.reset();
}

TemplateDialog *TestTemplateDialog::openCreate()
{
    m_dialog = std::make_unique<TemplateDialog>(*m_fixture->controller);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        qFatal("dialog not exposed");
    return m_dialog.get();
}

TemplateDialog *TestTemplateDialog::openUpdate(const ImageTemplate &t)
{
    m_dialog = std::make_unique<TemplateDialog>(*m_fixture->controller, t);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        qFatal("dialog not exposed");
    return m_dialog.get();
}

QListWidgetItem *TestTemplateDialog::appItem(const QString &id) const
{
    auto *list = child<QListWidget>("applicationList");
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == id)
            return list->item(i);
    }
    qFatal("no application %s", qPrintable(id));
}

void TestTemplateDialog::startsFromShebangAndDisabled()
{
    auto *dialog = openCreate();
    QCOMPARE(child<ScriptEditor>("scriptEdit")->script(), QStringLiteral("#!/bin/bash -e\n"));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
    // Untouched fields do not greet the user with errors.
    QVERIFY(child<FieldMessageLabel>("nameMessage")->isHidden());
    QCOMPARE(child<QLabel>("nameCounter")->text(), QStringLiteral("0/255 bytes"));
    QCOMPARE(child<QSpinBox>("minStorageSpin")->minimum(), 10);
    QCOMPARE(child<QSpinBox>("minStorageSpin")->maximum(), 2000);
    QCOMPARE(dialog->mode(), TemplateDialog::Mode::Create);
}

void TestTemplateDialog::nameOfOnlySpacesIsRefused()
{
    openCreate();
    auto *name = child<QLineEdit>("nameEdit");
    QTest::keyClicks(name, QStringLiteral("   "));
    auto *message = child<FieldMessageLabel>("nameMessage");
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("only spaces")), qPrintable(message->text()));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());

    QTest::keyClicks(name, QStringLiteral("web"));  // "   web": leading spaces
    QVERIFY2(message->text().contains(QStringLiteral("spaces at the start or end")), qPrintable(message->text()));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());

    name->clear();
    QTest::keyClicks(name, QStringLiteral("web"));
    QVERIFY(message->isHidden());
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());
}

void TestTemplateDialog::koreanNameByteLimit()
{
    openCreate();
    auto *name = child<QLineEdit>("nameEdit");
    auto *counter = child<QLabel>("nameCounter");
    auto *save = child<QPushButton>("saveButton");
    test::typeText(name, QString(85, QChar(0xD55C)));  // 한 × 85 = 255 bytes
    QCOMPARE(name->text().size(), 85);
    QCOMPARE(counter->text(), QStringLiteral("255/255 bytes"));
    QVERIFY(save->isEnabled());
    QVERIFY(child<FieldMessageLabel>("nameMessage")->isHidden());
    const QColor normal = counter->palette().color(QPalette::WindowText);

    test::typeText(name, QStringLiteral("\uAE00"));  // 글: the 86th
    QCOMPARE(counter->text(), QStringLiteral("258/255 bytes"));
    QVERIFY(!save->isEnabled());
    QVERIFY(counter->palette().color(QPalette::WindowText) != normal);
    QCOMPARE(counter->palette().color(QPalette::WindowText), Theme::toneColor(Tone::Error, QApplication::palette()));
    const auto message = child<FieldMessageLabel>("nameMessage")->text();
    QVERIFY2(message.contains(QStringLiteral("258 of 255 bytes")), qPrintable(message));

    QTest::keyClick(name, Qt::Key_Backspace);
    QCOMPARE(counter->text(), QStringLiteral("255/255 bytes"));
    QVERIFY(save->isEnabled());
}

void TestTemplateDialog::conflictingApplicationIsDisabled()
{
    openCreate();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("web"));
    auto *apache = appItem(QStringLiteral("apache-httpd"));
    QVERIFY(apache->flags() & Qt::ItemIsEnabled);

    appItem(QStringLiteral("nginx"))->setCheckState(Qt::Checked);
    QVERIFY(!(apache->flags() & Qt::ItemIsEnabled));
    QVERIFY2(apache->toolTip().contains(QStringLiteral("Nginx")), qPrintable(apache->toolTip()));
    QVERIFY2(apache->toolTip().startsWith(QStringLiteral("Conflicts with Nginx")), qPrintable(apache->toolTip()));
    QCOMPARE(m_dialog->draft().applications, QStringList{QStringLiteral("nginx")});
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());

    appItem(QStringLiteral("nginx"))->setCheckState(Qt::Unchecked);
    QVERIFY(apache->flags() & Qt::ItemIsEnabled);
    QVERIFY(m_dialog->draft().applications.isEmpty());
}

void TestTemplateDialog::applicationRaisesMinimumStorage()
{
    openCreate();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("containers"));
    auto *spin = child<QSpinBox>("minStorageSpin");
    QCOMPARE(spin->value(), 10);
    appItem(QStringLiteral("docker"))->setCheckState(Qt::Checked);
    QCOMPARE(spin->value(), 20);
    QCOMPARE(child<QLabel>("minStorageHint")->text(), QStringLiteral("Docker Engine needs at least 20 GB"));
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());

    // Lowering it by hand breaks the rule, shown next to the field.
    spin->setValue(15);
    auto *message = child<FieldMessageLabel>("minStorageMessage");
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("Docker Engine needs at least 20 GB")), qPrintable(message->text()));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
}

void TestTemplateDialog::unavailableApplicationIsDisabledWithReason()
{
    openCreate();
    // Valkey is only packaged for Rocky Linux 9; the dialog starts on Debian 12.
    auto *valkey = appItem(QStringLiteral("valkey"));
    QVERIFY(!(valkey->flags() & Qt::ItemIsEnabled));
    QVERIFY2(valkey->toolTip().contains(QStringLiteral("Not available for Debian 12")), qPrintable(valkey->toolTip()));
    QVERIFY2(valkey->toolTip().contains(QStringLiteral("Rocky Linux 9")), qPrintable(valkey->toolTip()));

    auto *distro = child<QComboBox>("distroCombo");
    distro->setCurrentIndex(distro->findData(QStringLiteral("rocky")));
    QCOMPARE(m_dialog->draft().os.key(), QStringLiteral("rocky:9"));
    QVERIFY(valkey->flags() & Qt::ItemIsEnabled);
    // Versions are those of the chosen OS.
    QVERIFY(!ApplicationCatalog::builtin().findApp(QStringLiteral("nginx"))->versionFor(QStringLiteral("rocky:9")).isEmpty());
    QVERIFY(appItem(QStringLiteral("nginx"))
                ->text()
                .endsWith(ApplicationCatalog::builtin().findApp(QStringLiteral("nginx"))->versionFor(QStringLiteral("rocky:9"))));
}

void TestTemplateDialog::scriptWithoutShebangBlocksSave()
{
    openCreate();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("web"));
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());
    auto *script = child<ScriptEditor>("scriptEdit");
    script->selectAll();
    QTest::keyClicks(script, QStringLiteral("echo hello"));
    QCOMPARE(script->script(), QStringLiteral("echo hello"));
    auto *message = child<FieldMessageLabel>("scriptMessage");
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("shebang")), qPrintable(message->text()));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
}

void TestTemplateDialog::testScriptHasTheUserScriptsRules()
{
    // Issue 19: the test script beside the user script, its own messages; the boot test on.
    openCreate();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("tested"));
    auto *boot = child<QCheckBox>("bootTestCheck");
    QVERIFY(boot->isChecked());
    auto *test = child<ScriptEditor>("testScriptEdit");
    QVERIFY(test->script().isEmpty());
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());
    QTest::keyClicks(test, QStringLiteral("curl -sf localhost"));
    auto *message = child<FieldMessageLabel>("testScriptMessage");
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("shebang")), qPrintable(message->text()));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
    QVERIFY(!child<FieldMessageLabel>("scriptMessage")->isVisible());         // the user script is fine
    test->setScript(QStringLiteral("#!/bin/bash -e\ncurl -sf localhost\n"));  // as a paste would
    QTRY_VERIFY(child<QPushButton>("saveButton")->isEnabled());
    boot->setChecked(false);
    QVERIFY(m_dialog->isDirty());
    const auto draft = m_dialog->draft();
    QCOMPARE(draft.testScript, QStringLiteral("#!/bin/bash -e\ncurl -sf localhost\n"));
    QCOMPARE(draft.bootTest, false);
}

void TestTemplateDialog::crlfIsShownAndConverted()
{
    openCreate();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("from-windows"));
    auto *script = child<ScriptEditor>("scriptEdit");
    auto *convert = child<QPushButton>("convertCrlfButton");
    QVERIFY(convert->isHidden());

    QApplication::clipboard()->setText(QStringLiteral("#!/bin/bash -e\r\napt-get update\r\n"));
    script->setFocus();
    script->selectAll();
    QTest::keyClick(script, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(script->script(), QStringLiteral("#!/bin/bash -e\r\napt-get update\r\n"));
    auto *message = child<FieldMessageLabel>("scriptMessage");
    QVERIFY2(message->text().contains(QStringLiteral("CRLF")), qPrintable(message->text()));
    QVERIFY(convert->isVisible());
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());

    QTest::mouseClick(convert, Qt::LeftButton);
    QCOMPARE(script->script(), QStringLiteral("#!/bin/bash -e\napt-get update\n"));
    QVERIFY(convert->isHidden());
    QVERIFY(message->isHidden());
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());
    // The conversion is an edit like any other: undo brings the text back.
    QVERIFY(script->document()->isUndoAvailable());
}

void TestTemplateDialog::createSavesToStore()
{
    openCreate();
    QSignalSpy saved(m_dialog.get(), &TemplateDialog::saved);
    test::typeText(child<QLineEdit>("nameEdit"), QStringLiteral("웹 서버"));
    appItem(QStringLiteral("nginx"))->setCheckState(Qt::Checked);
    appItem(QStringLiteral("docker"))->setCheckState(Qt::Checked);
    QTest::keyClicks(child<QPlainTextEdit>("descriptionEdit"), QStringLiteral("front end"));
    QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));

    auto stored = m_fixture->store->findTemplate(QStringLiteral("웹 서버"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->applications, (QStringList{QStringLiteral("nginx"), QStringLiteral("docker")}));
    QCOMPARE(stored->minStorageGb, 20);
    QCOMPARE(stored->description, QStringLiteral("front end"));
    QCOMPARE(stored->userScript, QStringLiteral("#!/bin/bash -e\n"));
    QCOMPARE(stored->os.key(), QStringLiteral("debian:12"));
    QCOMPARE(stored->revision, 1);
}

void TestTemplateDialog::takenNameShownNextToField()
{
    m_fixture->add(QStringLiteral("web"));
    openCreate();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("WEB"));
    auto *message = child<FieldMessageLabel>("nameMessage");
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("already exists")), qPrintable(message->text()));
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());

    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("-2"));
    QVERIFY(message->isHidden());
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());
}

void TestTemplateDialog::updateConflictKeepsEditsAndOverwrites()
{
    const auto original =
        m_fixture->add(QStringLiteral("api"), QStringLiteral("debian:12"), {QStringLiteral("nginx")}, QStringLiteral("first"));
    openUpdate(original);

    // Someone else, through their own store on the same file, saves first.
    {
        auto other = Store::open(m_fixture->path());
        QVERIFY(other.ok());
        TemplateService service(**other, ApplicationCatalog::builtin());
        ImageTemplate theirs = original;
        theirs.description = QStringLiteral("changed by ops");
        theirs.applications = {QStringLiteral("nginx"), QStringLiteral("redis")};
        QVERIFY(service.update(theirs).ok());
    }

    auto *name = child<QLineEdit>("nameEdit");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("api-v2"));
    child<QSpinBox>("minStorageSpin")->setValue(40);
    QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);

    auto *panel = child<QFrame>("conflictPanel");
    QTRY_VERIFY(panel->isVisible());
    QVERIFY(m_dialog->hasConflict());
    QVERIFY(m_dialog->isVisible());
    // Their revision and what they changed, in plain words; the user's edits stay.
    const auto title = child<QLabel>("conflictTitle")->text();
    QVERIFY2(title.contains(QStringLiteral("revision 2")) && title.contains(QStringLiteral("revision 1")), qPrintable(title));
    const auto text = child<QLabel>("conflictText")->text();
    QVERIFY2(text.contains(QStringLiteral("Description: they changed it to \u201cchanged by ops\u201d")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Applications: they changed it to \u201cNginx, Redis\u201d")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Name: you changed it to \u201capi-v2\u201d")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Minimum block storage: you changed it to \u201c40 GB\u201d")), qPrintable(text));
    QCOMPARE(name->text(), QStringLiteral("api-v2"));
    QCOMPARE(child<QSpinBox>("minStorageSpin")->value(), 40);
    // The focus is back in the fields (Save, which had it, is disabled now).
    QCOMPARE(m_dialog->focusWidget(), name);
    QVERIFY(!child<QPushButton>("saveButton")->isEnabled());
    // Nothing of ours was written.
    QCOMPARE(m_fixture->store->templateById(original.id)->name, QStringLiteral("api"));

    QSignalSpy saved(m_dialog.get(), &TemplateDialog::saved);
    QTest::mouseClick(child<QPushButton>("overwriteButton"), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    const auto stored = m_fixture->store->templateById(original.id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->revision, 3);
    QCOMPARE(stored->name, QStringLiteral("api-v2"));
    QCOMPARE(stored->minStorageGb, 40);
    QCOMPARE(stored->description, QStringLiteral("first"));
}

void TestTemplateDialog::updateConflictTakeTheirs()
{
    const auto original = m_fixture->add(QStringLiteral("db"), QStringLiteral("ubuntu:22.04"), {QStringLiteral("postgresql")});
    openUpdate(original);
    {
        auto other = Store::open(m_fixture->path());
        QVERIFY(other.ok());
        ImageTemplate theirs = original;
        theirs.description = QStringLiteral("theirs");
        QVERIFY((*other)->updateTemplate(theirs).ok());
    }
    QTest::keyClicks(child<QPlainTextEdit>("descriptionEdit"), QStringLiteral("mine"));
    QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);
    QTRY_VERIFY(m_dialog->hasConflict());
    QCOMPARE(child<QPlainTextEdit>("descriptionEdit")->toPlainText(), QStringLiteral("mine"));

    QTest::mouseClick(child<QPushButton>("takeTheirsButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->hasConflict());
    QCOMPARE(child<QPlainTextEdit>("descriptionEdit")->toPlainText(), QStringLiteral("theirs"));
    QCOMPARE(m_dialog->baseRevision(), 2);
    QVERIFY(m_dialog->isVisible());
    QVERIFY(child<QPushButton>("saveButton")->isEnabled());
}

void TestTemplateDialog::deletedWhileEditingSavesAsNew()
{
    const auto original = m_fixture->add(QStringLiteral("cache"), QStringLiteral("debian:12"), {QStringLiteral("redis")});
    openUpdate(original);
    QVERIFY(m_fixture->store->deleteTemplate(original.id).ok());
    QTest::keyClicks(child<QPlainTextEdit>("descriptionEdit"), QStringLiteral("still mine"));
    QTest::mouseClick(child<QPushButton>("saveButton"), Qt::LeftButton);
    auto *banner = child<QFrame>("errorBanner");
    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(child<QLabel>("errorText")->text().contains(QStringLiteral("deleted")), qPrintable(child<QLabel>("errorText")->text()));
    QCOMPARE(child<QPlainTextEdit>("descriptionEdit")->toPlainText(), QStringLiteral("still mine"));

    QSignalSpy saved(m_dialog.get(), &TemplateDialog::saved);
    QTest::mouseClick(child<QPushButton>("saveAsNewButton"), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    const auto stored = m_fixture->store->findTemplate(QStringLiteral("cache"));
    QVERIFY(stored.ok());
    QVERIFY(stored->id != original.id);
    QCOMPARE(stored->description, QStringLiteral("still mine"));
}

void TestTemplateDialog::dirtyDialogAsksBeforeDiscarding()
{
    // A clean dialog closes on Escape without a question.
    test::PromptLog prompts;
    const auto asked = [&prompts] { return prompts.count(QStringLiteral("discardTemplate")); };
    openCreate();
    QVERIFY(!m_dialog->isDirty());
    QTest::keyClick(m_dialog.get(), Qt::Key_Escape);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(asked(), 0);
    QCOMPARE(m_dialog->result(), int(QDialog::Rejected));

    // A dirty one asks on Escape, on Cancel and on the window's close; "keep editing" keeps
    // it open with every edit.
    openCreate();
    auto *name = child<QLineEdit>("nameEdit");
    QTest::keyClicks(name, QStringLiteral("half-done"));
    QVERIFY(m_dialog->isDirty());
    QTest::keyClick(name, Qt::Key_Escape);
    QCOMPARE(asked(), 1);
    QCOMPARE(prompts.all().last().text, QStringLiteral("Discard the new template?"));
    QCOMPARE(prompts.all().last().reject, QStringLiteral("Keep Editing"));
    QVERIFY(m_dialog->isVisible());
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(asked(), 2);
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_dialog->close());
    QCOMPARE(asked(), 3);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(name->text(), QStringLiteral("half-done"));
    // Create stays the default button: back in a field, Enter saves (a focused button
    // answers Enter itself, as everywhere in Qt).
    name->setFocus();
    QVERIFY(child<QPushButton>("saveButton")->isDefault());

    // Undoing the edit makes it clean again; a confirmed discard closes it.
    name->clear();
    QVERIFY(!m_dialog->isDirty());
    QTest::keyClicks(name, QStringLiteral("x"));
    prompts.answer = PromptAnswer::Accept;
    QTest::keyClick(name, Qt::Key_Escape);
    QCOMPARE(asked(), 4);
    QVERIFY(!m_dialog->isVisible());
    QVERIFY(!m_fixture->store->findTemplate(QStringLiteral("x")).ok());

    // Update: an unchanged template closes at once, a changed description asks.
    const auto stored = m_fixture->add(QStringLiteral("kept"));
    prompts.answer = PromptAnswer::Reject;
    openUpdate(stored);
    QVERIFY(!m_dialog->isDirty());
    QTest::keyClicks(child<QPlainTextEdit>("descriptionEdit"), QStringLiteral("more"));
    QTest::keyClick(child<QPlainTextEdit>("descriptionEdit"), Qt::Key_Escape);
    QCOMPARE(asked(), 5);
    QCOMPARE(prompts.all().last().text, QStringLiteral("Discard your changes to this template?"));
    QVERIFY(m_dialog->isVisible());
}

void TestTemplateDialog::enterAfterConvertKeepsTheTemplate()
{
    openCreate();
    test::PromptLog prompts;  // answers "keep editing": a discard would be the bug
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral("converted"));
    auto *script = child<ScriptEditor>("scriptEdit");
    script->setScript(QStringLiteral("#!/bin/bash -e\r\necho hi\r\n"));
    auto *convert = child<QPushButton>("convertCrlfButton");
    QTRY_VERIFY(convert->isVisible());
    // By keyboard, as a user who tabbed to it would: Space presses the focused button.
    convert->setFocus();
    QTest::keyClick(convert, Qt::Key_Space);
    QCOMPARE(script->script(), QStringLiteral("#!/bin/bash -e\necho hi\n"));
    QVERIFY(convert->isHidden());
    QCOMPARE(m_dialog->focusWidget(), script);
    QVERIFY(!convert->isDefault());
    QVERIFY(child<QPushButton>("saveButton")->isDefault());

    // The next Enter lands in the editor: a new line, the dialog stays with the template.
    QSignalSpy saved(m_dialog.get(), &TemplateDialog::saved);
    QTest::keyClick(m_dialog->focusWidget(), Qt::Key_Return);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), 0);
    QVERIFY(script->script().startsWith(QStringLiteral("#!/bin/bash -e\n")));
    QCOMPARE(child<QLineEdit>("nameEdit")->text(), QStringLiteral("converted"));

    // Enter in the name field saves (Create is the default button), nothing else.
    QTest::keyClick(child<QLineEdit>("nameEdit"), Qt::Key_Return);
    QTRY_COMPARE(saved.count(), 1);
    QVERIFY(m_fixture->store->findTemplate(QStringLiteral("converted")).ok());
}

void TestTemplateDialog::tabInScriptEditorMovesFocus()
{
    openCreate();
    auto *script = child<ScriptEditor>("scriptEdit");
    const QString before = script->script();
    script->setFocus();
    QTextCursor cursor = script->textCursor();
    cursor.movePosition(QTextCursor::Start);
    script->setTextCursor(cursor);
    QTest::keyClick(script, Qt::Key_Tab);
    QCOMPARE(script->script(), before);  // no tab before #!
    QVERIFY(m_dialog->focusWidget() != script);
    QTest::keyClick(m_dialog->focusWidget(), Qt::Key_Backtab);
    QCOMPARE(m_dialog->focusWidget(), script);
}

QTEST_MAIN(TestTemplateDialog)
#include "tst_templatedialog.moc"
