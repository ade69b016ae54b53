#include "templates/TemplateDialog.h"

#include "catalog/ApplicationCatalog.h"
#include "templates/ScriptEditor.h"
#include "templates/TemplateController.h"
#include "templates/TemplateDiff.h"
#include "templates/TestScriptPanel.h"
#include "templates/UserScript.h"
#include "util/Background.h"
#include "util/DisplayTime.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "util/Result.h"
#include "util/Theme.h"
#include "widgets/FieldMessageLabel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

// "Debian 12 (bookworm)" → "Debian"; "Rocky Linux 9" → "Rocky Linux".
QString distroName(const OsEntry &os)
{
    const auto at = os.name.indexOf(os.version);
    const auto name = at > 0 ? os.name.left(at).trimmed() : QString();
    return name.isEmpty() ? os.distro : name;
}

// "Debian 12 (bookworm)" → "12 (bookworm)".
QString versionName(const OsEntry &os)
{
    const auto at = os.name.indexOf(os.version);
    return at >= 0 ? os.name.mid(at) : os.version;
}

RuleMessages forField(const RuleMessages &all, TemplateField field)
{
    RuleMessages out;
    for (const auto &m : all) {
        if (m.field == field)
            out.append(m);
    }
    return out;
}

}  // namespace

TemplateDialog::TemplateDialog(TemplateController &controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(&controller)
    , m_catalog(controller.catalog())
    , m_rules(m_catalog)
    , m_mode(Mode::Create)
{
    buildUi();
    connectController();
    ImageTemplate fresh;
    if (!m_catalog.operatingSystems().isEmpty()) {
        const auto &os = m_catalog.operatingSystems().first();
        fresh.os = OsSpec{os.type, os.distro, os.version};
    }
    fresh.userScript = userscript::defaultScript();
    fresh.minStorageGb = TemplateRules::MinStorageGb;
    loadTemplate(fresh);
    setWindowTitle(tr("Create Image Template"));
    m_saveButton->setText(tr("Create"));
}

TemplateDialog::TemplateDialog(TemplateController &controller, const ImageTemplate &existing, QWidget *parent)
    : QDialog(parent)
    , m_controller(&controller)
    , m_catalog(controller.catalog())
    , m_rules(m_catalog)
    , m_mode(Mode::Update)
{
    buildUi();
    connectController();
    loadTemplate(existing);
    setWindowTitle(tr("Update Image Template \u2014 %1").arg(existing.name));
    m_saveButton->setText(tr("Save"));
}

TemplateDialog::~TemplateDialog() = default;

void TemplateDialog::connectController()
{
    auto *c = m_controller.data();
    connect(c, &TemplateController::created, this, [this](quint64 ticket, const ImageTemplate &t) {
        if (!m_saves.isCurrent(ticket))
            return;
        setSaving(false);
        emit saved(t);
        accept();
    });
    connect(c, &TemplateController::updated, this, [this](quint64 ticket, const ImageTemplate &t) {
        if (!m_saves.isCurrent(ticket))
            return;
        setSaving(false);
        emit saved(t);
        accept();
    });
    connect(c, &TemplateController::conflict, this, [this](quint64 ticket, const ImageTemplate &current, const ImageTemplate &) {
        if (!m_saves.isCurrent(ticket))
            return;
        setSaving(false);
        showConflict(current);
    });
    connect(c, &TemplateController::invalid, this, [this](quint64 ticket, const QList<RuleMessage> &messages) {
        if (!m_saves.isCurrent(ticket))
            return;
        setSaving(false);
        m_saveMessages = messages;
        for (const auto &m : messages)
            m_touched.insert(m.field);
        revalidate();
    });
    connect(c, &TemplateController::failed, this, [this](quint64 ticket, const Error &error) {
        if (!m_saves.isCurrent(ticket))
            return;
        setSaving(false);
        const bool gone = m_mode == Mode::Update && error.kind == ErrorKind::NotFound;
        if (gone)
            showError(tr("This template was deleted by someone else while you edited it. Your edits are still here; "
                         "save them as a new template or cancel."),
                      true);
        else
            showError(tr("The template could not be saved: %1\nYour edits are still here; try again.").arg(error.shown()), false);
    });
    connect(c, &TemplateController::nameChecked, this, [this](quint64 ticket, const QString &name, bool taken) {
        if (!m_nameChecks.finish(ticket))
            return;
        m_nameTaken.insert(TemplateRules::nameKey(name), taken);
        revalidate();
    });
}

void TemplateDialog::loadTemplate(const ImageTemplate &t)
{
    m_loading = true;
    m_original = t;
    m_nameEdit->setText(t.name);
    const int typeIndex = m_osTypeCombo->findData(t.os.type.toLower());
    m_osTypeCombo->setCurrentIndex(typeIndex >= 0 ? typeIndex : 0);
    int distroIndex = m_distroCombo->findData(t.os.distro);
    if (distroIndex < 0 && !t.os.distro.isEmpty()) {
        // Not in the catalog (any more): keep the value so the rule can name the problem.
        m_distroCombo->addItem(t.os.distro, t.os.distro);
        distroIndex = m_distroCombo->count() - 1;
    }
    m_distroCombo->setCurrentIndex(std::max(distroIndex, 0));
    fillVersions();
    int versionIndex = m_versionCombo->findData(t.os.version);
    if (versionIndex < 0 && !t.os.version.isEmpty()) {
        m_versionCombo->addItem(t.os.version, t.os.version);
        versionIndex = m_versionCombo->count() - 1;
    }
    m_versionCombo->setCurrentIndex(std::max(versionIndex, 0));
    m_chosenApps = t.applications;
    m_minStorageSpin->setValue(t.minStorageGb);
    m_scriptEdit->setScript(t.userScript);
    m_testPanel->setValues(t.testScript, t.bootTest);
    m_descriptionEdit->setPlainText(t.description);
    m_loading = false;
    refreshApplications();
    revalidate();
    m_shellcheckTimer.start();
}

void TemplateDialog::fillDistros()
{
    const QSignalBlocker blocker(m_distroCombo);
    m_distroCombo->clear();
    for (const auto &os : m_catalog.operatingSystems()) {
        if (m_distroCombo->findData(os.distro) < 0)
            m_distroCombo->addItem(distroName(os), os.distro);
    }
}

void TemplateDialog::fillVersions()
{
    const QSignalBlocker blocker(m_versionCombo);
    const auto distro = m_distroCombo->currentData().toString();
    const auto previous = m_versionCombo->currentData().toString();
    m_versionCombo->clear();
    for (const auto &os : m_catalog.operatingSystems()) {
        if (os.distro == distro)
            m_versionCombo->addItem(versionName(os), os.version);
    }
    const int keep = m_versionCombo->findData(previous);
    m_versionCombo->setCurrentIndex(keep >= 0 ? keep : 0);
}

OsSpec TemplateDialog::selectedOs() const
{
    return OsSpec{m_osTypeCombo->currentData().toString(), m_distroCombo->currentData().toString(),
                  m_versionCombo->currentData().toString()};
}

void TemplateDialog::refreshApplications()
{
    const QSignalBlocker blocker(m_appList);
    const auto os = selectedOs();
    const auto *osEntry = m_catalog.findOs(os.key());
    const QString osName = osEntry ? osEntry->name : os.key();
    for (int i = 0; i < m_appList->count(); ++i) {
        auto *item = m_appList->item(i);
        const auto id = item->data(AppIdRole).toString();
        const auto *app = m_catalog.findApp(id);
        if (!app)
            continue;
        const bool checked = m_chosenApps.contains(id);
        const bool supported = app->supportsOs(os.key());
        const auto version = app->versionFor(os.key());
        QString text = version.isEmpty() ? app->name : tr("%1 %2", "application name and version").arg(app->name, version);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);

        QString reason;
        QString conflictingName;
        if (!supported) {
            QStringList where;
            for (const auto &s : app->supports) {
                if (const auto *o = m_catalog.findOs(s.osKey))
                    where.append(o->name);
            }
            reason = tr("Not available for %1; available for %2.").arg(osName, where.join(QStringLiteral(", ")));
        } else {
            for (const auto &other : std::as_const(m_chosenApps)) {
                if (other == id)
                    continue;
                if (const auto conflict = m_catalog.conflictBetween(id, other)) {
                    const auto *otherApp = m_catalog.findApp(other);
                    const QString otherName = otherApp ? otherApp->name : other;
                    conflictingName = otherName;
                    reason = conflict->reason.isEmpty() ? tr("Conflicts with %1.").arg(otherName)
                                                        : tr("Conflicts with %1: %2.").arg(otherName, conflict->reason);
                    break;
                }
            }
        }
        // A chosen application stays enabled so it can be unchecked; the rules flag it.
        const bool enabled = checked || reason.isEmpty();
        // Why an application cannot be chosen is visible without hovering.
        if (!supported)
            text = tr("%1 \u2014 not available for this OS").arg(app->name);
        else if (!reason.isEmpty() && !checked)
            text = tr("%1 \u2014 conflicts with %2").arg(text, conflictingName);
        item->setText(text);
        item->setFlags(enabled ? (Qt::ItemIsEnabled | Qt::ItemIsUserCheckable) : Qt::ItemIsUserCheckable);
        QStringList tip;
        if (!reason.isEmpty())
            tip.append(reason);
        tip.append(app->description);
        if (app->minDiskGb > TemplateRules::MinStorageGb)
            tip.append(tr("Needs at least %1 GB of block storage.").arg(app->minDiskGb));
        item->setToolTip(tip.join(QLatin1Char('\n')));
    }
    updateStorageHint();
}

void TemplateDialog::onApplicationChanged(QListWidgetItem *item)
{
    if (m_loading || !item)
        return;
    const auto id = item->data(AppIdRole).toString();
    const bool checked = item->checkState() == Qt::Checked;
    if (checked && !m_chosenApps.contains(id))
        m_chosenApps.append(id);
    else if (!checked)
        m_chosenApps.removeAll(id);
    touch(TemplateField::Applications);
    // Choosing an application that needs more disk raises the minimum; never lowers it.
    const int needed = m_rules.applicationsMinimumGb(m_chosenApps);
    if (checked && m_minStorageSpin->value() < needed)
        m_minStorageSpin->setValue(needed);
    refreshApplications();
    revalidate();
}

void TemplateDialog::updateStorageHint()
{
    const Application *largest = nullptr;
    for (const auto &id : std::as_const(m_chosenApps)) {
        const auto *app = m_catalog.findApp(id);
        if (app && app->minDiskGb > TemplateRules::MinStorageGb && (!largest || app->minDiskGb > largest->minDiskGb))
            largest = app;
    }
    if (largest)
        m_minStorageHint->setText(tr("%1 needs at least %2 GB").arg(largest->name).arg(largest->minDiskGb));
    else if (!m_chosenApps.isEmpty())
        m_minStorageHint->setText(tr("The chosen applications fit in %1 GB").arg(TemplateRules::MinStorageGb));
    else
        m_minStorageHint->setText(tr("%1 to %2 GB").arg(TemplateRules::MinStorageGb).arg(TemplateRules::MaxStorageGb));
}

ImageTemplate TemplateDialog::draft() const
{
    ImageTemplate t = m_original;
    t.name = m_nameEdit->text();
    t.os = selectedOs();
    t.applications = m_chosenApps;
    t.minStorageGb = m_minStorageSpin->value();
    t.userScript = m_scriptEdit->script();
    t.testScript = m_testPanel->testScript();
    t.bootTest = m_testPanel->bootTest();
    t.description = m_descriptionEdit->toPlainText();
    return t;
}

bool TemplateDialog::canSave() const
{
    return m_saveButton->isEnabled();
}

void TemplateDialog::revalidate()
{
    const auto t = draft();
    const auto taken = [this](const QString &name) { return m_nameTaken.value(TemplateRules::nameKey(name), false); };
    RuleMessages all = m_rules.validate(t, taken);
    for (const auto &m : std::as_const(m_saveMessages)) {
        const bool known = std::any_of(all.cbegin(), all.cend(), [&](const RuleMessage &x) { return x.message == m.message; });
        if (!known)
            all.append(m);
    }
    m_messages = all;

    auto show = [&](FieldMessageLabel *label, TemplateField field) {
        // A new template does not greet the user with errors about fields not yet touched.
        const bool visible = m_mode == Mode::Update || m_touched.contains(field);
        label->setMessages(visible ? forField(all, field) : RuleMessages{});
    };
    show(m_nameMessage, TemplateField::Name);
    show(m_osMessage, TemplateField::Os);
    show(m_appMessage, TemplateField::Applications);
    show(m_minStorageMessage, TemplateField::MinStorage);
    show(m_scriptMessage, TemplateField::UserScript);
    show(m_descriptionMessage, TemplateField::Description);
    m_testPanel->showMessages(all, m_mode == Mode::Update || m_touched.contains(TemplateField::TestScript));

    const int bytes = TemplateRules::nameBytes(t.name);
    m_nameCounter->setText(tr("%1/%2 bytes").arg(bytes).arg(TemplateRules::MaxNameBytes));
    Theme::setTextTone(m_nameCounter, bytes > TemplateRules::MaxNameBytes ? std::optional<Tone>(Tone::Error) : std::nullopt);
    const auto characters = t.description.toUcs4().size();
    m_descriptionCounter->setText(tr("%1/%2 characters").arg(characters).arg(TemplateRules::MaxDescriptionChars));
    Theme::setTextTone(m_descriptionCounter,
                       characters > TemplateRules::MaxDescriptionChars ? std::optional<Tone>(Tone::Error) : std::nullopt);

    if (const auto *os = m_catalog.findOs(t.os.key()); os && os->endOfSupport.isValid())
        m_osHint->setText(tr("Supported by the distribution until %1").arg(displayDate(os->endOfSupport)));
    else
        m_osHint->clear();
    m_osHint->setVisible(!m_osHint->text().isEmpty());

    const auto scriptMessages = forField(all, TemplateField::UserScript);
    m_convertButton->setVisible(std::any_of(scriptMessages.cbegin(), scriptMessages.cend(),
                                            [](const RuleMessage &m) { return m.fix == SuggestedFix::ConvertCrlf; }));

    m_saveButton->setEnabled(!TemplateRules::hasErrors(all) && !m_saves.waiting() && !m_theirs);
    if (m_theirs)
        refreshConflict();
}

void TemplateDialog::requestNameCheck()
{
    if (!m_controller)
        return;
    const auto name = m_nameEdit->text();
    if (TemplateRules::hasErrors(m_rules.checkName(name)))
        return;  // the name is wrong anyway; the store need not be asked
    if (m_mode == Mode::Update && TemplateRules::nameKey(name) == TemplateRules::nameKey(m_original.name))
        return;
    m_nameChecks.expect(m_controller->checkName(name, m_original.id));
}

void TemplateDialog::requestShellcheck()
{
    if (!userscript::shellcheckAvailable()) {
        m_scriptStatus->setText(tr("shellcheck is not installed: only the shebang and the line endings are checked."));
        return;
    }
    const auto script = m_scriptEdit->script();
    const quint64 generation = m_shellchecks.next();
    if (TemplateRules::hasErrors(TemplateRules::checkUserScript(script)) || script.isEmpty()) {
        applyShellcheck(generation, {});
        m_scriptStatus->clear();
        return;
    }
    m_scriptStatus->setText(tr("Checking with shellcheck\u2026"));
    runInBackground(
        nullptr, this, [script] { return userscript::shellcheckWarnings(script); },
        [this, generation](const RuleMessages &warnings) { applyShellcheck(generation, warnings); });
}

void TemplateDialog::applyShellcheck(quint64 generation, const RuleMessages &warnings)
{
    if (!m_shellchecks.isCurrent(generation))
        return;  // the script changed since
    // shellcheck reports each place; the same sentence twice reads as a glitch, so count it.
    RuleMessages shown;
    QList<int> counts;
    for (const auto &w : warnings) {
        const auto at = std::find_if(shown.cbegin(), shown.cend(), [&](const RuleMessage &m) { return m.message == w.message; });
        if (at == shown.cend()) {
            shown.append(w);
            counts.append(1);
        } else {
            ++counts[at - shown.cbegin()];
        }
    }
    for (qsizetype i = 0; i < shown.size(); ++i) {
        if (counts[i] > 1)
            shown[i].message = tr("%1 (%2 places)").arg(shown[i].message).arg(counts[i]);
    }
    m_scriptWarnings->setMessages(shown);
    if (warnings.isEmpty())
        m_scriptStatus->setText(tr("shellcheck found nothing to warn about."));
    else
        m_scriptStatus->setText(tr("shellcheck's warnings do not stop you from saving."));
}

void TemplateDialog::save()
{
    if (!m_controller || m_saves.waiting())
        return;
    m_errorBanner->setVisible(false);
    m_focusBeforeSave = focusWidget();
    const auto t = draft();
    m_saves.expect(m_mode == Mode::Create ? m_controller->create(t) : m_controller->update(t));
    setSaving(true);
}

void TemplateDialog::setSaving(bool saving)
{
    if (!saving)
        m_saves.drop();
    m_savingLabel->setText(saving ? tr("Saving\u2026") : QString());
    m_overwriteButton->setEnabled(!saving);
    m_takeTheirsButton->setEnabled(!saving);
    revalidate();
}

void TemplateDialog::showError(const QString &message, bool offerSaveAsNew)
{
    m_errorText->setText(message);
    m_saveAsNewButton->setVisible(offerSaveAsNew);
    m_errorBanner->setVisible(true);
    restoreFocus();
}

void TemplateDialog::restoreFocus()
{
    // Back where the user was before saving (a refused save disables Save, which had the
    // focus when clicked): the fields, not a button that throws the edits away.
    QWidget *target = m_focusBeforeSave;
    if (!target || !target->isEnabled() || !target->isVisible() || target == m_saveButton || m_buttons->isAncestorOf(target))
        target = m_nameEdit;
    target->setFocus(Qt::OtherFocusReason);
}

bool TemplateDialog::isDirty() const
{
    const auto t = draft();
    return t.name != m_original.name || !(t.os == m_original.os) || t.applications != m_original.applications ||
           t.minStorageGb != m_original.minStorageGb || t.userScript != m_original.userScript || t.description != m_original.description ||
           t.testScript != m_original.testScript || t.bootTest != m_original.bootTest;
}

void TemplateDialog::reject()
{
    if (!m_saves.waiting() && isDirty()) {
        Prompt prompt;
        prompt.id = QStringLiteral("discardTemplate");
        prompt.title = windowTitle();
        prompt.text = m_mode == Mode::Create ? tr("Discard the new template?") : tr("Discard your changes to this template?");
        prompt.informative = tr("What you entered is not saved anywhere else.");
        prompt.accept = tr("Discard");
        prompt.reject = tr("Keep Editing");
        if (prompts::ask(this, prompt) != PromptAnswer::Accept)
            return;
    }
    QDialog::reject();
}

void TemplateDialog::showConflict(const ImageTemplate &theirs)
{
    m_theirs = theirs;
    m_conflictPanel->setVisible(true);
    refreshConflict();
    revalidate();
    restoreFocus();
}

void TemplateDialog::refreshConflict()
{
    if (!m_theirs)
        return;
    const auto &theirs = *m_theirs;
    const auto when = displayDateTime(theirs.updatedAt);
    m_conflictTitle->setText(tr("Someone else saved this template first (revision %1, at %2). You were editing revision %3; "
                                "nothing of yours was saved and your edits are still in the fields below.")
                                 .arg(theirs.revision)
                                 .arg(when)
                                 .arg(m_original.revision));
    const auto differences = TemplateDiff::compare(m_original, theirs, draft(), m_catalog);
    QStringList lines;
    for (const auto &d : differences)
        lines.append(QStringLiteral("\u2022 ") + TemplateDiff::describe(d));
    if (lines.isEmpty())
        lines.append(tr("Their revision and your fields are now the same."));
    m_conflictText->setText(lines.join(QLatin1Char('\n')));
}

void TemplateDialog::hideConflict()
{
    m_theirs.reset();
    m_conflictPanel->setVisible(false);
    revalidate();
}

void TemplateDialog::overwriteWithMine()
{
    if (!m_theirs || m_saves.waiting())
        return;
    // Their revision becomes the one the edits start from; the fields stay as they are.
    m_original = *m_theirs;
    hideConflict();
    if (canSave())
        save();
}

void TemplateDialog::takeTheirs()
{
    if (!m_theirs || m_saves.waiting())
        return;
    const ImageTemplate theirs = *m_theirs;
    hideConflict();
    m_saveMessages.clear();
    loadTemplate(theirs);
}

void TemplateDialog::touch(TemplateField field)
{
    m_touched.insert(field);
}

void TemplateDialog::forgetSaveMessages(TemplateField field)
{
    m_saveMessages.removeIf([field](const RuleMessage &m) { return m.field == field; });
}

}  // namespace ib::ui
