#pragma once

#include "templates/ImageTemplate.h"
#include "templates/TemplateRules.h"
#include "util/Latest.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QFrame;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

class FieldMessageLabel;
class ScriptEditor;
class TemplateController;
class TestScriptPanel;

// Create or update one image template. Every rule of core's TemplateRules is shown next to
// its field while the user types, and Save stays disabled until none is broken. Saving goes
// through the TemplateController (never blocking); a refused save keeps every edit, and an
// update that lost the race to someone else's shows what they changed and lets the user
// overwrite it or take it.
class TemplateDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateDialog)

public:
    enum class Mode { Create, Update };

    // Creates a new template.
    explicit TemplateDialog(TemplateController &controller, QWidget *parent = nullptr);
    // Updates `existing`, starting from its revision.
    TemplateDialog(TemplateController &controller, const ImageTemplate &existing, QWidget *parent = nullptr);
    ~TemplateDialog() override;

    Mode mode() const { return m_mode; }
    // The template as the fields hold it now.
    ImageTemplate draft() const;
    // Every rule's verdict on draft(), as shown next to the fields.
    RuleMessages messages() const { return m_messages; }
    bool canSave() const;
    bool isSaving() const { return m_saves.waiting(); }
    bool hasConflict() const { return m_theirs.has_value(); }
    int baseRevision() const { return m_original.revision; }

    void save();
    // True when the fields differ from what the dialog started with (or last took).
    bool isDirty() const;
    // Closing a dirty dialog (Escape, Cancel, the window's close button) asks "discard your
    // changes?" first, with Keep Editing as the default; a clean one closes at once.
    void reject() override;
    // After a conflict: save the user's fields on top of the other side's revision.
    void overwriteWithMine();
    // After a conflict: replace the user's fields with the other side's revision.
    void takeTheirs();

signals:
    void saved(const ib::ImageTemplate &t);

private:
    void buildUi();
    void buildBanners();
    QFormLayout *buildFieldsForm();
    QWidget *buildNameRow();
    QWidget *buildOsRow();
    void buildApplicationList();
    QWidget *buildStorageRow();
    QVBoxLayout *buildScriptColumn();
    QHBoxLayout *buildBottomRow();
    void connectFields();
    void connectButtons();
    // The application list's item role that holds the catalog id.
    static constexpr int AppIdRole = Qt::UserRole;
    void connectController();
    void loadTemplate(const ImageTemplate &t);
    void fillDistros();
    void fillVersions();
    OsSpec selectedOs() const;
    void refreshApplications();
    void onApplicationChanged(QListWidgetItem *item);
    void updateStorageHint();
    void revalidate();
    void requestNameCheck();
    void requestShellcheck();
    void applyShellcheck(quint64 generation, const RuleMessages &warnings);
    void setSaving(bool saving);
    void showError(const QString &message, bool offerSaveAsNew);
    void showConflict(const ImageTemplate &theirs);
    void refreshConflict();
    void hideConflict();
    void touch(TemplateField field);
    void restoreFocus();
    void forgetSaveMessages(TemplateField field);

    QPointer<TemplateController> m_controller;
    const ApplicationCatalog &m_catalog;
    TemplateRules m_rules;
    Mode m_mode;
    ImageTemplate m_original;               // the revision the edits start from (Update)
    std::optional<ImageTemplate> m_theirs;  // after a conflict: what is stored now
    QStringList m_chosenApps;               // in the order the user chose them
    QHash<QString, bool> m_nameTaken;       // TemplateRules::nameKey → taken, from the store
    RuleMessages m_saveMessages;            // from the last refused save, until the field changes
    RuleMessages m_messages;
    QSet<TemplateField> m_touched;
    Latest m_saves;       // the save under way, if any
    Latest m_nameChecks;  // the newest name asked about
    Latest m_shellchecks;
    bool m_loading = false;
    QPointer<QWidget> m_focusBeforeSave;  // gets the focus back after a refused save
    QTimer m_nameCheckTimer;
    QTimer m_shellcheckTimer;

    QFrame *m_errorBanner = nullptr;
    QLabel *m_errorText = nullptr;
    QPushButton *m_saveAsNewButton = nullptr;
    QFrame *m_conflictPanel = nullptr;
    QLabel *m_conflictTitle = nullptr;
    QLabel *m_conflictText = nullptr;
    QPushButton *m_overwriteButton = nullptr;
    QPushButton *m_takeTheirsButton = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QLabel *m_nameCounter = nullptr;
    FieldMessageLabel *m_nameMessage = nullptr;
    QComboBox *m_osTypeCombo = nullptr;
    QComboBox *m_distroCombo = nullptr;
    QComboBox *m_versionCombo = nullptr;
    QLabel *m_osHint = nullptr;
    FieldMessageLabel *m_osMessage = nullptr;
    QListWidget *m_appList = nullptr;
    FieldMessageLabel *m_appMessage = nullptr;
    QSpinBox *m_minStorageSpin = nullptr;
    QLabel *m_minStorageHint = nullptr;
    FieldMessageLabel *m_minStorageMessage = nullptr;
    ScriptEditor *m_scriptEdit = nullptr;
    TestScriptPanel *m_testPanel = nullptr;
    QPushButton *m_convertButton = nullptr;
    FieldMessageLabel *m_scriptMessage = nullptr;
    FieldMessageLabel *m_scriptWarnings = nullptr;
    QLabel *m_scriptStatus = nullptr;
    QPlainTextEdit *m_descriptionEdit = nullptr;
    QLabel *m_descriptionCounter = nullptr;
    FieldMessageLabel *m_descriptionMessage = nullptr;
    QLabel *m_savingLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_saveButton = nullptr;
};

}  // namespace ib::ui
