// TemplateDialog, part: its widgets, section by section, and what each edit sets off.

#include "catalog/ApplicationCatalog.h"
#include "templates/ScriptEditor.h"
#include "templates/TemplateDialog.h"
#include "templates/TestScriptPanel.h"
#include "util/PlainText.h"
#include "util/Theme.h"
#include "widgets/FieldMessageLabel.h"

#include <QComboBox>
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

constexpr int NameCheckDelayMs = 300;
constexpr int ShellcheckDelayMs = 500;

QWidget *stacked(QWidget *parent, std::initializer_list<QWidget *> widgets)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    for (auto *w : widgets)
        layout->addWidget(w);
    return box;
}

// Tinted in the tone from the palette in use; its text is the palette's own.
QFrame *banner(QWidget *parent, const QString &objectName, Tone tone)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(objectName);
    frame->setFrameShape(QFrame::StyledPanel);
    Theme::setBannerTone(frame, tone);
    frame->setVisible(false);
    return frame;
}

}  // namespace

void TemplateDialog::buildUi()
{
    setObjectName(QStringLiteral("TemplateDialog"));
    setSizeGripEnabled(true);
    buildBanners();

    auto *formColumn = new QVBoxLayout;
    formColumn->addLayout(buildFieldsForm());
    formColumn->addStretch(1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(formColumn, 5);
    columns->addSpacing(12);
    columns->addLayout(buildScriptColumn(), 4);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_errorBanner);
    layout->addWidget(m_conflictPanel);
    layout->addLayout(columns, 1);
    layout->addLayout(buildBottomRow());

    fillDistros();
    resize(1040, 640);
    connectFields();
    connectButtons();
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

// Banners: a failed save, and an update that lost the race.
void TemplateDialog::buildBanners()
{
    m_errorBanner = banner(this, QStringLiteral("errorBanner"), Tone::Error);
    m_errorText = new QLabel(m_errorBanner);
    m_errorText->setObjectName(QStringLiteral("errorText"));
    m_errorText->setWordWrap(true);
    m_errorText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_saveAsNewButton = new QPushButton(tr("Save as a New Template"), m_errorBanner);
    m_saveAsNewButton->setObjectName(QStringLiteral("saveAsNewButton"));
    auto *errorLayout = new QHBoxLayout(m_errorBanner);
    errorLayout->addWidget(m_errorText, 1);
    errorLayout->addWidget(m_saveAsNewButton, 0, Qt::AlignTop);

    m_conflictPanel = banner(this, QStringLiteral("conflictPanel"), Tone::Warning);
    m_conflictTitle = new QLabel(m_conflictPanel);
    m_conflictTitle->setObjectName(QStringLiteral("conflictTitle"));
    m_conflictTitle->setWordWrap(true);
    QFont bold = m_conflictTitle->font();
    bold.setBold(true);
    m_conflictTitle->setFont(bold);
    m_conflictText = new QLabel(m_conflictPanel);
    m_conflictText->setObjectName(QStringLiteral("conflictText"));
    m_conflictText->setWordWrap(true);
    m_conflictText->setTextFormat(Qt::PlainText);
    m_conflictText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_overwriteButton = new QPushButton(tr("Overwrite with Mine"), m_conflictPanel);
    m_overwriteButton->setObjectName(QStringLiteral("overwriteButton"));
    m_overwriteButton->setToolTip(tr("Save your fields as they are now, on top of their revision"));
    m_takeTheirsButton = new QPushButton(tr("Take Theirs"), m_conflictPanel);
    m_takeTheirsButton->setObjectName(QStringLiteral("takeTheirsButton"));
    m_takeTheirsButton->setToolTip(tr("Replace your edits with their revision; nothing is saved"));
    auto *conflictButtons = new QHBoxLayout;
    conflictButtons->addStretch(1);
    conflictButtons->addWidget(m_overwriteButton);
    conflictButtons->addWidget(m_takeTheirsButton);
    auto *conflictLayout = new QVBoxLayout(m_conflictPanel);
    conflictLayout->addWidget(m_conflictTitle);
    conflictLayout->addWidget(m_conflictText);
    conflictLayout->addLayout(conflictButtons);
}

// Left column: name, OS, applications, storage, description.
QFormLayout *TemplateDialog::buildFieldsForm()
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto addRow = [&](const QString &label, QWidget *buddy, std::initializer_list<QWidget *> widgets) {
        auto *l = new QLabel(label, this);
        l->setBuddy(buddy);
        form->addRow(l, stacked(this, widgets));
    };
    QWidget *nameRow = buildNameRow();
    addRow(tr("&Name"), m_nameEdit, {nameRow, m_nameMessage});
    QWidget *osRow = buildOsRow();
    addRow(tr("&OS"), m_distroCombo, {osRow, m_osHint, m_osMessage});
    buildApplicationList();
    addRow(tr("&Applications"), m_appList, {m_appList, m_appMessage});
    QWidget *storageRow = buildStorageRow();
    addRow(tr("&Minimum block\nstorage"), m_minStorageSpin, {storageRow, m_minStorageMessage});
    m_descriptionEdit = new QPlainTextEdit(this);
    m_descriptionEdit->setObjectName(QStringLiteral("descriptionEdit"));
    m_descriptionEdit->setTabChangesFocus(true);
    m_descriptionEdit->setFixedHeight(m_descriptionEdit->fontMetrics().lineSpacing() * 3 + 14);
    m_descriptionCounter = new QLabel(this);
    m_descriptionCounter->setObjectName(QStringLiteral("descriptionCounter"));
    m_descriptionCounter->setAlignment(Qt::AlignRight);
    m_descriptionMessage = new FieldMessageLabel(this);
    m_descriptionMessage->setObjectName(QStringLiteral("descriptionMessage"));
    addRow(tr("&Description"), m_descriptionEdit, {m_descriptionEdit, m_descriptionCounter, m_descriptionMessage});
    return form;
}

QWidget *TemplateDialog::buildNameRow()
{
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. web-server-base"));
    m_nameCounter = new QLabel(this);
    m_nameCounter->setObjectName(QStringLiteral("nameCounter"));
    m_nameCounter->setToolTip(tr("Up to 255 bytes: 255 English letters or 85 Korean syllables"));
    m_nameMessage = new FieldMessageLabel(this);
    m_nameMessage->setObjectName(QStringLiteral("nameMessage"));
    auto *nameRow = new QWidget(this);
    auto *nameRowLayout = new QHBoxLayout(nameRow);
    nameRowLayout->setContentsMargins(0, 0, 0, 0);
    nameRowLayout->addWidget(m_nameEdit, 1);
    nameRowLayout->addWidget(m_nameCounter);
    return nameRow;
}

QWidget *TemplateDialog::buildOsRow()
{
    m_osTypeCombo = new QComboBox(this);
    m_osTypeCombo->setObjectName(QStringLiteral("osTypeCombo"));
    m_osTypeCombo->addItem(tr("Linux"), QStringLiteral("linux"));
    m_osTypeCombo->setToolTip(tr("Only Linux images can be built today"));
    m_distroCombo = new QComboBox(this);
    m_distroCombo->setObjectName(QStringLiteral("distroCombo"));
    m_versionCombo = new QComboBox(this);
    m_versionCombo->setObjectName(QStringLiteral("versionCombo"));
    m_versionCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_osHint = new QLabel(this);
    m_osHint->setObjectName(QStringLiteral("osHint"));
    m_osHint->setForegroundRole(QPalette::PlaceholderText);
    m_osMessage = new FieldMessageLabel(this);
    m_osMessage->setObjectName(QStringLiteral("osMessage"));
    auto *osRow = new QWidget(this);
    auto *osRowLayout = new QHBoxLayout(osRow);
    osRowLayout->setContentsMargins(0, 0, 0, 0);
    osRowLayout->addWidget(m_osTypeCombo);
    osRowLayout->addWidget(m_distroCombo);
    osRowLayout->addWidget(m_versionCombo, 1);
    return osRow;
}

void TemplateDialog::buildApplicationList()
{
    m_appList = new QListWidget(this);
    m_appList->setObjectName(QStringLiteral("applicationList"));
    m_appList->setSelectionMode(QAbstractItemView::NoSelection);
    m_appList->setUniformItemSizes(true);
    for (const auto &app : m_catalog.applications()) {
        auto *item = new QListWidgetItem(app.name, m_appList);
        item->setData(AppIdRole, app.id);
        item->setCheckState(Qt::Unchecked);
    }
    // Tall enough for the whole catalog: a checklist that scrolls hides choices.
    m_appList->setFixedHeight(m_appList->sizeHintForRow(0) * static_cast<int>(m_appList->count()) + 2 * m_appList->frameWidth() + 4);
    m_appMessage = new FieldMessageLabel(this);
    m_appMessage->setObjectName(QStringLiteral("applicationsMessage"));
}

QWidget *TemplateDialog::buildStorageRow()
{
    m_minStorageSpin = new QSpinBox(this);
    m_minStorageSpin->setObjectName(QStringLiteral("minStorageSpin"));
    m_minStorageSpin->setRange(TemplateRules::MinStorageGb, TemplateRules::MaxStorageGb);
    m_minStorageSpin->setSuffix(tr(" GB"));
    m_minStorageSpin->setAccelerated(true);
    m_minStorageHint = new QLabel(this);
    m_minStorageHint->setObjectName(QStringLiteral("minStorageHint"));
    m_minStorageHint->setWordWrap(true);
    m_minStorageMessage = new FieldMessageLabel(this);
    m_minStorageMessage->setObjectName(QStringLiteral("minStorageMessage"));
    auto *storageRow = new QWidget(this);
    auto *storageRowLayout = new QHBoxLayout(storageRow);
    storageRowLayout->setContentsMargins(0, 0, 0, 0);
    storageRowLayout->addWidget(m_minStorageSpin);
    storageRowLayout->addWidget(m_minStorageHint, 1);
    return storageRow;
}

// Right column: the user script, its messages and the image test.
QVBoxLayout *TemplateDialog::buildScriptColumn()
{
    auto *scriptLabel = new QLabel(tr("&User script"), this);
    auto *scriptHelp = new QLabel(tr("Runs as the image's default user after the applications are installed; "
                                     "use sudo for commands that need root. Line 1 must be a shebang, usually #!/bin/bash -e."),
                                  this);
    scriptHelp->setWordWrap(true);
    scriptHelp->setForegroundRole(QPalette::PlaceholderText);
    m_scriptEdit = new ScriptEditor(this);
    m_scriptEdit->setObjectName(QStringLiteral("scriptEdit"));
    m_scriptEdit->setMinimumWidth(380);
    scriptLabel->setBuddy(m_scriptEdit);
    m_convertButton = new QPushButton(tr("Convert to LF"), this);
    m_convertButton->setObjectName(QStringLiteral("convertCrlfButton"));
    m_convertButton->setToolTip(tr("Replace the Windows (CRLF) line endings with Linux (LF) ones"));
    m_convertButton->setVisible(false);
    m_scriptMessage = new FieldMessageLabel(this);
    m_scriptMessage->setObjectName(QStringLiteral("scriptMessage"));
    m_scriptWarnings = new FieldMessageLabel(this);
    m_scriptWarnings->setObjectName(QStringLiteral("scriptWarnings"));
    m_scriptStatus = new QLabel(this);
    m_scriptStatus->setObjectName(QStringLiteral("scriptStatus"));
    m_scriptStatus->setForegroundRole(QPalette::PlaceholderText);
    m_scriptStatus->setWordWrap(true);
    auto *scriptMessageRow = new QHBoxLayout;
    scriptMessageRow->addWidget(m_scriptMessage, 1);
    scriptMessageRow->addWidget(m_convertButton, 0, Qt::AlignTop);
    auto *scriptColumn = new QVBoxLayout;
    scriptColumn->addWidget(scriptLabel);
    scriptColumn->addWidget(scriptHelp);
    scriptColumn->addWidget(m_scriptEdit, 1);
    scriptColumn->addLayout(scriptMessageRow);
    scriptColumn->addWidget(m_scriptWarnings);
    scriptColumn->addWidget(m_scriptStatus);
    m_testPanel = new TestScriptPanel(this);
    scriptColumn->addWidget(m_testPanel, 1);
    return scriptColumn;
}

// The saving state and Create/Save, Cancel.
QHBoxLayout *TemplateDialog::buildBottomRow()
{
    m_savingLabel = new QLabel(this);
    m_savingLabel->setObjectName(QStringLiteral("savingLabel"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_saveButton = m_buttons->button(QDialogButtonBox::Ok);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    // Enter saves from any field (once the rules allow it), whichever button had the focus last.
    m_saveButton->setDefault(true);
    m_convertButton->setAutoDefault(false);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_savingLabel, 1);
    bottom->addWidget(m_buttons);
    return bottom;
}

// Every edit marks its field touched, drops the save messages it makes stale and checks again.
void TemplateDialog::connectFields()
{
    m_nameCheckTimer.setSingleShot(true);
    m_nameCheckTimer.setInterval(NameCheckDelayMs);
    connect(&m_nameCheckTimer, &QTimer::timeout, this, &TemplateDialog::requestNameCheck);
    m_shellcheckTimer.setSingleShot(true);
    m_shellcheckTimer.setInterval(ShellcheckDelayMs);
    connect(&m_shellcheckTimer, &QTimer::timeout, this, &TemplateDialog::requestShellcheck);

    connect(m_nameEdit, &QLineEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        touch(TemplateField::Name);
        forgetSaveMessages(TemplateField::Name);
        m_nameCheckTimer.start();
        revalidate();
    });
    connect(m_distroCombo, &QComboBox::currentIndexChanged, this, [this] {
        fillVersions();
        if (m_loading)
            return;
        touch(TemplateField::Os);
        refreshApplications();
        revalidate();
    });
    connect(m_versionCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (m_loading)
            return;
        touch(TemplateField::Os);
        refreshApplications();
        revalidate();
    });
    connect(m_appList, &QListWidget::itemChanged, this, &TemplateDialog::onApplicationChanged);
    connect(m_minStorageSpin, &QSpinBox::valueChanged, this, [this] {
        if (m_loading)
            return;
        touch(TemplateField::MinStorage);
        revalidate();
    });
    connect(m_descriptionEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        touch(TemplateField::Description);
        revalidate();
    });
    connect(m_scriptEdit, &ScriptEditor::scriptChanged, this, [this] {
        if (m_loading)
            return;
        touch(TemplateField::UserScript);
        forgetSaveMessages(TemplateField::UserScript);
        m_shellcheckTimer.start();
        revalidate();
    });
    connect(m_testPanel, &TestScriptPanel::testScriptChanged, this, [this] {
        if (m_loading)
            return;
        touch(TemplateField::TestScript);
        forgetSaveMessages(TemplateField::TestScript);
        revalidate();
    });
    connect(m_testPanel, &TestScriptPanel::bootTestChanged, this, [this] {
        if (!m_loading)
            revalidate();
    });
}

void TemplateDialog::connectButtons()
{
    connect(m_convertButton, &QPushButton::clicked, this, [this] {
        // The button hides once nothing is left to convert; without this the focus would
        // move on to Cancel, and the next Enter would throw the template away.
        m_scriptEdit->convertToLf();
        m_scriptEdit->setFocus(Qt::OtherFocusReason);
    });
    connect(m_saveButton, &QPushButton::clicked, this, &TemplateDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TemplateDialog::reject);
    connect(m_overwriteButton, &QPushButton::clicked, this, &TemplateDialog::overwriteWithMine);
    connect(m_takeTheirsButton, &QPushButton::clicked, this, &TemplateDialog::takeTheirs);
    connect(m_saveAsNewButton, &QPushButton::clicked, this, [this] {
        m_mode = Mode::Create;
        m_original.id.clear();
        m_original.revision = 0;
        setWindowTitle(tr("Create Image Template"));
        m_saveButton->setText(tr("Create"));
        save();
    });
}

}  // namespace ib::ui
