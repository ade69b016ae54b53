#include "MainWindow.h"

#include "AboutDialog.h"
#include "builds/BuildDetailsWindow.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildService.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTableModel.h"
#include "builds/BuildTexts.h"
#include "builds/UnseenResults.h"
#include "diagnostics/DiagnosticsSaver.h"
#include "firstrun/FirstRunGuide.h"
#include "images/ImageListPanel.h"
#include "images/ImagesWindow.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "storage/Store.h"
#include "storage/StoreWatcher.h"
#include "templates/TemplateController.h"
#include "templates/TemplateDetailsWidget.h"
#include "templates/TemplateDialog.h"
#include "templates/TemplateExport.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateTableModel.h"
#include "util/Background.h"
#include "util/DesktopNotifier.h"
#include "util/GlyphIcon.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "widgets/EmptyStatePage.h"
#include "widgets/RecordTableView.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

constexpr int StatusTimeoutMs = 6000;

const QString GeometryKey = QStringLiteral("MainWindow/geometry");
const QString StateKey = QStringLiteral("MainWindow/state");
const QString SplitterKey = QStringLiteral("MainWindow/splitter");
const QString HeaderKey = QStringLiteral("MainWindow/templateHeader");

}  // namespace

MainWindow::MainWindow(TemplateController &controller, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(&controller)
    , m_model(new TemplateTableModel(controller.catalog(), this))
    , m_proxy(new TemplateFilterProxyModel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Image Builder"));
    m_proxy->setSourceModel(m_model);

    m_diagnostics = new DiagnosticsSaver(this);
    connect(m_diagnostics, &DiagnosticsSaver::finished, this, [this](bool ok, const QString &) {
        statusBar()->showMessage(ok ? tr("Diagnostics saved.") : tr("Diagnostics not saved."), StatusTimeoutMs);
    });
    buildActions();
    buildUi();
    connectController();
    restoreSettings();
    updateActions();
    updateCount();
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

MainWindow::~MainWindow() = default;

void MainWindow::setDeleteGuard(DeleteGuard guard)
{
    m_deleteGuard = std::move(guard);
}

namespace {

// The platform theme's icon (freedesktop names), else one that ships with Qt's style.
QIcon themedIcon(const QWidget *widget, const char *themeName, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(themeName), widget->style()->standardIcon(fallback));
}

QString withShortcut(const QString &tip, const QAction *action)
{
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    return keys.isEmpty() ? tip : MainWindow::tr("%1 (%2)").arg(tip, keys);
}

}  // namespace

void MainWindow::buildActions()
{
    // Qt's blank page (Fusion's SP_FileIcon) is white on white: a drawn plus in the text colour.
    m_createAction =
        new QAction(QIcon::fromTheme(QStringLiteral("document-new"), glyphIcon(Glyph::Plus)), tr("Create Image Template"), this);
    m_createAction->setObjectName(QStringLiteral("createAction"));
    m_createAction->setShortcut(QKeySequence::New);
    m_createAction->setToolTip(withShortcut(tr("Create an image template"), m_createAction));
    connect(m_createAction, &QAction::triggered, this, [this] { createTemplate(); });

    m_updateAction = new QAction(themedIcon(this, "document-edit", QStyle::SP_FileDialogDetailedView), tr("Update Image Template"), this);
    m_updateAction->setObjectName(QStringLiteral("updateAction"));
    m_updateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_updateAction->setToolTip(withShortcut(tr("Change the selected image template (Enter or double-click in the table)"), m_updateAction));
    connect(m_updateAction, &QAction::triggered, this, [this] { updateSelected(); });

    m_deleteAction = new QAction(themedIcon(this, "edit-delete", QStyle::SP_TrashIcon), tr("Delete Image Template"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    // Only in the template table: Delete in the filter box or a text field edits text.
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteAction->setToolTip(withShortcut(tr("Delete the selected image template"), m_deleteAction));
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    // Qt's own play triangle is dark grey, faint on a dark palette: a drawn one in the
    // palette's success tone stands in when the platform theme has no icon.
    m_buildAction =
        new QAction(QIcon::fromTheme(QStringLiteral("system-run"), glyphIcon(Glyph::Play, Tone::Success)), tr("Build Image"), this);
    m_buildAction->setObjectName(QStringLiteral("buildAction"));
    m_buildAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_buildAction->setEnabled(false);
    m_buildAction->setToolTip(withShortcut(tr("Build a private image from the selected template"), m_buildAction));
    connect(m_buildAction, &QAction::triggered, this, [this] { buildSelected(); });

    m_settingsAction = new QAction(themedIcon(this, "preferences-system", QStyle::SP_FileDialogInfoView), tr("Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    // The platform's Preferences keys; most Linux desktops define none, so Ctrl+, there.
    m_settingsAction->setShortcut(QKeySequence(QKeySequence::Preferences).isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma)
                                                                                    : QKeySequence(QKeySequence::Preferences));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_reloadAction = new QAction(themedIcon(this, "view-refresh", QStyle::SP_BrowserReload), tr("Refresh"), this);
    m_reloadAction->setObjectName(QStringLiteral("reloadAction"));
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_reloadAction->setToolTip(withShortcut(tr("Load the templates again, with changes saved elsewhere"), m_reloadAction));
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    auto *quitAction = new QAction(themedIcon(this, "application-exit", QStyle::SP_DialogCloseButton), tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction->setMenuRole(QAction::QuitRole);
    // Through closeEvent: running builds are asked about and cleaned up first.
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    auto *toolbar = addToolBar(tr("Templates"));
    toolbar->setObjectName(QStringLiteral("templateToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_createAction);
    toolbar->addAction(m_updateAction);
    toolbar->addAction(m_deleteAction);
    toolbar->addSeparator();
    toolbar->addAction(m_buildAction);
    toolbar->addSeparator();
    toolbar->addAction(m_reloadAction);
    toolbar->addAction(m_settingsAction);

    m_filterEdit = new QLineEdit(toolbar);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter by name, OS or application"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(320);
    m_filterEdit->setMinimumWidth(220);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(m_filterEdit);

    auto *findAction = new QAction(tr("&Filter Templates"), this);
    findAction->setObjectName(QStringLiteral("findAction"));
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, m_filterEdit, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    // Escape in the filter box clears it (and hands the focus back to the table once empty).
    auto *clearFilter = new QAction(m_filterEdit);
    clearFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    clearFilter->setShortcutContext(Qt::WidgetShortcut);
    connect(clearFilter, &QAction::triggered, this, [this] {
        if (m_filterEdit->text().isEmpty())
            m_view->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->clear();
    });
    m_filterEdit->addAction(clearFilter);

    // Menus show every command with its shortcut; the actions are shared with the toolbar.
    auto *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(quitAction);
    auto *templates = menuBar()->addMenu(tr("&Template"));
    templates->setObjectName(QStringLiteral("templateMenu"));
    templates->addAction(m_createAction);
    templates->addAction(m_updateAction);
    templates->addAction(m_deleteAction);
    templates->addSeparator();
    m_copyCommandAction = templates->addAction(tr("Copy as CLI &Command"), this, [this] { copyTemplateCommand(); });
    m_copyCommandAction->setObjectName(QStringLiteral("copyTemplateCommandAction"));
    m_copyCommandAction->setToolTip(
        tr("Copies one imagebuilder-cli command that makes this template, scripts and all, in another store or on another computer"));
    auto *build = menuBar()->addMenu(tr("&Build"));
    build->setObjectName(QStringLiteral("buildMenu"));
    build->addAction(m_buildAction);
    auto *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_reloadAction);
    view->addAction(findAction);
    view->addSeparator();
    auto *imagesAction = view->addAction(tr("&Images and Base Images\u2026"), this, [this] { showImagesWindow(); });
    imagesAction->setObjectName(QStringLiteral("imagesWindowAction"));
    imagesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    imagesAction->setToolTip(tr("Every image made (a deleted template's too) and the base image library"));
    auto *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    auto *guideAction = help->addAction(tr("Getting Started"), this, &MainWindow::showGettingStarted);
    guideAction->setObjectName(QStringLiteral("gettingStartedAction"));
    guideAction->setToolTip(tr("The three steps to a first image: a base image, a template from a starter, a build"));
    auto *diagnosticsAction = help->addAction(tr("Save &Diagnostics\u2026"), this, &MainWindow::saveDiagnostics);
    diagnosticsAction->setObjectName(QStringLiteral("saveDiagnosticsAction"));
    diagnosticsAction->setToolTip(
        tr("Versions, settings and logs in one zip for a bug report; passwords, tokens and private keys are redacted"));
    help->addSeparator();
    auto *aboutAction = help->addAction(tr("&About Image Builder"), this, [this] {
        AboutDialog about(this);
        about.exec();
    });
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
    aboutAction->setMenuRole(QAction::AboutRole);
    // Shortcuts of actions only in a menu work while the window has the focus.
    addActions({quitAction, findAction, imagesAction});
}

void MainWindow::buildUi()
{
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("templateView"));
    m_view->setModel(m_proxy);
    setUpRecordTableView(m_view);
    m_view->setTextElideMode(Qt::ElideRight);
    auto *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(static_cast<int>(TemplateTableModel::Column::Applications), QHeaderView::Stretch);
    header->resizeSection(static_cast<int>(TemplateTableModel::Column::Name), 240);
    header->resizeSection(static_cast<int>(TemplateTableModel::Column::Os), 220);
    header->resizeSection(static_cast<int>(TemplateTableModel::Column::MinStorage), 110);
    header->resizeSection(static_cast<int>(TemplateTableModel::Column::LastBuild), 110);
    header->resizeSection(static_cast<int>(TemplateTableModel::Column::Updated), 150);
    m_view->sortByColumn(static_cast<int>(TemplateTableModel::Column::Name), Qt::AscendingOrder);
    m_view->addAction(m_deleteAction);
    connect(m_view, &QTableView::doubleClicked, this, [this] { updateSelected(); });
    connect(m_view, &QTableView::activated, this, [this] { updateSelected(); });

    m_emptyPage = new QWidget(this);
    m_emptyState = new EmptyStatePage(m_emptyPage);
    m_emptyState->setObjectName(QStringLiteral("templatesEmptyState"));
    m_emptyButton = new QPushButton(m_emptyPage);
    m_emptyButton->setObjectName(QStringLiteral("emptyStateButton"));
    auto *emptyLayout = new QVBoxLayout(m_emptyPage);
    emptyLayout->addWidget(m_emptyState, 1);
    emptyLayout->addWidget(m_emptyButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(1);
    connect(m_emptyButton, &QPushButton::clicked, this, [this] {
        if (m_loaded)
            createTemplate();
        else
            reload();
    });

    m_tableStack = new QStackedWidget(this);
    m_tableStack->addWidget(m_view);
    m_tableStack->addWidget(m_emptyPage);

    m_guide = new FirstRunGuide(*m_controller, this);
    m_guide->setNameTaken([this](const QString &name) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->index(row, static_cast<int>(TemplateTableModel::Column::Name))
                    .data()
                    .toString()
                    .compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    });
    m_tableStack->addWidget(m_guide);
    connect(m_guide, &FirstRunGuide::buildRequested, this, &MainWindow::openBuildFromGuide);
    connect(m_guide, &FirstRunGuide::dismissRequested, this, [this] {
        m_guidePinned = false;
        m_guideDismissed = true;
        showTablePage();
    });

    m_details = new TemplateDetailsWidget(m_controller->catalog(), this);
    m_details->setObjectName(QStringLiteral("detailsTab"));
    m_builds = new BuildStatusPanel(this);
    m_builds->setObjectName(QStringLiteral("buildStatusTab"));
    m_images = new ImageListPanel(this);
    m_images->setObjectName(QStringLiteral("imagesTab"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("templateTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_details, tr("Details"));
    m_tabs->addTab(m_builds, tr("Build Status"));
    m_tabs->addTab(m_images, tr("Images"));

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_tableStack);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_storeLabel = new QLabel(this);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    m_storeLabel->setText(tr("Store: %1").arg(m_controller->storeLocation()));
    m_storeLabel->setToolTip(m_controller->storeLocation());
    m_buildsLabel = new QLabel(this);
    m_buildsLabel->setObjectName(QStringLiteral("buildsLabel"));
    m_buildsLabel->hide();
    statusBar()->addPermanentWidget(m_buildsLabel);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_storeLabel);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updateCount();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateSelectionViews();
        updateActions();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateSelectionViews();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { updateSelectionViews(); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateSelectionViews();
        updateActions();
        updateCount();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateSelectionViews();
        updateActions();
        updateCount();
    });
    resize(1180, 760);
}

void MainWindow::connectController()
{
    auto *c = m_controller.data();
    // A load comes in pages: the first screenful at once, the rest appended while the
    // window is already usable (selection, filter and sorting work on what has arrived).
    const auto finishLoad = [this] {
        m_loading = false;
        updateCount();
        loadLastBuilds();
        const int total = m_model->rowCount();
        statusBar()->showMessage(total == 1 ? tr("Loaded 1 template.") : tr("Loaded %1 templates.").arg(total), StatusTimeoutMs);
    };
    connect(c, &TemplateController::loaded, this, [this, finishLoad](quint64 ticket, const QList<TemplateRow> &rows, bool complete) {
        if (ticket != m_loadTicket)
            return;
        const QString keep = m_pendingSelection.isEmpty() ? selectedId() : m_pendingSelection;
        m_loaded = true;
        m_model->setRows(rows);
        showTablePage();
        if (!keep.isEmpty())
            selectTemplate(keep);
        if (selectedId().isEmpty() && m_proxy->rowCount() > 0)
            m_view->selectRow(0);  // the details tab is never empty when there is something to show
        if (complete)
            finishLoad();
    });
    connect(c, &TemplateController::loadedMore, this, [this, finishLoad](quint64 ticket, const QList<TemplateRow> &rows, bool complete) {
        if (ticket != m_loadTicket)
            return;
        m_model->appendRows(rows);
        if (!m_pendingSelection.isEmpty())
            selectTemplate(m_pendingSelection);
        if (complete)
            finishLoad();
    });
    connect(c, &TemplateController::refreshed, this, [this](quint64, const QList<TemplateRow> &changed, const QStringList &removed) {
        if (changed.isEmpty() && removed.isEmpty())
            return;
        m_model->applyChanges(changed, removed);
        showTablePage();
        if (!m_pendingSelection.isEmpty())
            selectTemplate(m_pendingSelection);
        updateSelectionViews();
    });
    connect(c, &TemplateController::created, this, [this](quint64, const ImageTemplate &t) {
        m_selected = t;  // selected next (TemplateDialog::saved): nothing to read
        m_model->upsert(t);
        showTablePage();
        statusBar()->showMessage(tr("Created \u201c%1\u201d.").arg(t.name), StatusTimeoutMs);
    });
    connect(c, &TemplateController::updated, this, [this](quint64, const ImageTemplate &t) {
        if (t.id == selectedId() || (m_selected && m_selected->id == t.id))
            m_selected = t;
        m_model->upsert(t);
        statusBar()->showMessage(tr("Saved \u201c%1\u201d (revision %2).").arg(t.name).arg(t.revision), StatusTimeoutMs);
    });
    // A conflict brings the other side's revision: show it in the table too.
    connect(c, &TemplateController::conflict, this, [this](quint64, const ImageTemplate &current, const ImageTemplate &) {
        if (current.id == selectedId())
            m_selected = current;
        m_model->upsert(current);
    });
    connect(c, &TemplateController::fetched, this, [this](quint64 ticket, const QString &id, const ImageTemplate &t) {
        if (ticket != m_fetchTicket)
            return;
        m_fetchTicket = 0;
        const auto *row = m_model->rowById(id);
        if (t.id.isEmpty())
            m_unreadable = {id, row ? row->revision : 0};  // not asked again until it changes
        else if (row && (!m_selected || m_selected->id != id || m_selected->revision <= t.revision))
            m_selected = t;
        updateSelectionViews();  // shows it, or reads the template selected meanwhile
        if (!m_updateWhenRead.isEmpty() && m_updateWhenRead == selectedId() && m_selected && m_selected->id == m_updateWhenRead) {
            m_updateWhenRead.clear();
            updateSelected();
        } else if (t.id.isEmpty() && m_updateWhenRead == id) {
            m_updateWhenRead.clear();
        }
    });
    connect(c, &TemplateController::deleted, this, [this](quint64, const QString &id) {
        const auto *row = m_model->rowById(id);
        const QString name = row ? row->name : id;
        m_model->remove(id);
        showTablePage();
        statusBar()->showMessage(tr("Deleted \u201c%1\u201d.").arg(name), StatusTimeoutMs);
    });
    connect(c, &TemplateController::failed, this, [this](quint64 ticket, int, const QString &message) {
        if (ticket == m_loadTicket)
            m_loading = false;
        if (ticket == m_loadTicket && !m_loaded) {
            m_emptyState->setTitle(tr("The templates could not be loaded"));
            m_emptyState->setText(message);
            m_emptyButton->setText(tr("Try Again"));
            m_emptyButton->setVisible(true);
            m_tableStack->setCurrentWidget(m_emptyPage);
        }
        statusBar()->showMessage(message, StatusTimeoutMs);
    });
}

void MainWindow::reload()
{
    if (!m_controller)
        return;
    if (m_loaded || m_loading) {
        // Only what changed: the rows, the selection and the scroll position stay. During a
        // load the worker answers after its last page, so nothing is missed.
        m_controller->refresh();
        return;
    }
    m_emptyState->setTitle(tr("Loading templates\u2026"));
    m_emptyState->setText(m_controller->storeLocation());
    m_emptyButton->setVisible(false);
    m_tableStack->setCurrentWidget(m_emptyPage);
    statusBar()->showMessage(tr("Loading templates\u2026"));
    m_loading = true;
    m_loadTicket = m_controller->load();
}

void MainWindow::showTablePage()
{
    if (!m_loaded)
        return;
    // The guide on an empty store, and after that while its flow runs (until its build
    // starts or it is hidden).
    // Without builds (no build service) it has nothing to offer unless asked for from Help.
    if (m_guide && !m_guideDismissed && (m_guidePinned || (m_buildService && m_model->rowCount() == 0))) {
        if (!m_guidePinned || m_tableStack->currentWidget() != m_guide)
            m_guide->refresh();
        m_guidePinned = true;
        m_tableStack->setCurrentWidget(m_guide);
        m_tabs->hide();  // nothing selected to show: the guide gets the whole window
        return;
    }
    m_tabs->show();
    if (m_model->rowCount() > 0) {
        m_tableStack->setCurrentWidget(m_view);
        return;
    }
    m_emptyState->setTitle(tr("No image templates yet"));
    m_emptyState->setText(tr("An image template names the OS, the applications and the user script of the private images you build."));
    m_emptyButton->setText(tr("Create Image Template"));
    m_emptyButton->setVisible(true);
    m_tableStack->setCurrentWidget(m_emptyPage);
}

QString MainWindow::selectedId() const
{
    const auto current = m_view->selectionModel()->selectedRows();
    if (current.isEmpty())
        return {};
    return current.first().data(TemplateTableModel::IdRole).toString();
}

void MainWindow::selectTemplate(const QString &id)
{
    const int sourceRow = m_model->rowOf(id);
    if (sourceRow < 0) {
        m_pendingSelection = id;
        return;
    }
    m_pendingSelection.clear();
    const auto index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return;  // filtered out
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

TemplateDialog *MainWindow::createTemplate()
{
    if (!m_controller)
        return nullptr;
    auto *dialog = new TemplateDialog(*m_controller, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TemplateDialog::saved, this, [this](const ImageTemplate &t) {
        m_guidePinned = false;  // made their own: the table, not the guide
        showTablePage();
        selectTemplate(t.id);
    });
    dialog->open();
    return dialog;
}

TemplateDialog *MainWindow::updateSelected()
{
    const auto id = selectedId();
    const auto *row = m_model->rowById(id);
    if (!row || !m_controller)
        return nullptr;
    if (!m_selected || m_selected->id != id || m_selected->revision < row->revision) {
        // The dialog edits the whole template: it opens once that has been read.
        m_updateWhenRead = id;
        updateSelectionViews();
        return nullptr;
    }
    m_updateWhenRead.clear();
    auto *dialog = new TemplateDialog(*m_controller, *m_selected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TemplateDialog::saved, this, [this](const ImageTemplate &t) { selectTemplate(t.id); });
    dialog->open();
    return dialog;
}

void MainWindow::deleteSelected()
{
    const auto id = selectedId();
    const auto *row = m_model->rowById(id);
    if (!row || !m_controller)
        return;
    const QString name = row->name;
    if (m_deleteGuard) {
        if (const auto reason = m_deleteGuard(id); !reason.isEmpty()) {
            statusBar()->showMessage(reason, StatusTimeoutMs);
            prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(name)), reason);
            return;
        }
    }
    if (!m_store) {
        askAndDelete(id, name, {});
        return;
    }
    // Its images first (a read of the store, off the UI thread), so the question can say
    // what becomes of them.
    Store *store = m_store;
    readInBackground(
        store, this, [store, id] { return store->listImages(id); },
        [this, id, name](Result<QList<ImageRecord>> images) {
            if (!m_model->rowById(id))
                return;  // gone meanwhile
            if (!images) {
                prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(name)), images.error().shown());
                return;
            }
            askAndDelete(id, name, images.value());
        });
}

// "Delete this template?", and when it has images, what becomes of them: Accept deletes
// them too, Alternative keeps them.
Prompt MainWindow::deletePrompt(const QString &name, const QList<ImageRecord> &images) const
{
    Prompt prompt;
    prompt.id = images.isEmpty() ? QStringLiteral("deleteTemplate") : QStringLiteral("deleteTemplateWithImages");
    prompt.title = tr("Delete Image Template");
    prompt.text = tr("Delete the image template \u201c%1\u201d?").arg(inertForLine(name));
    prompt.subject = name;
    if (images.isEmpty()) {
        prompt.informative = tr("The template and its saved revisions are removed. This cannot be undone.");
        prompt.accept = tr("Delete");
        return prompt;
    }
    qint64 bytes = 0;
    for (const auto &image : images) {
        bytes += image.sizeBytes;
        prompt.items.append(image.name);
    }
    prompt.informative = (images.size() == 1 ? tr("It has 1 image (%2).") : tr("It has %1 images (%2).").arg(images.size()))
                             .arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat)) +
                         QLatin1Char(' ') +
                         tr("Delete them too, or keep them: kept images stay on disk or in their cloud, and imagebuilder-cli image list "
                            "still shows them.");
    prompt.accept = images.size() == 1 ? tr("Delete Template and Image") : tr("Delete Template and Images");
    prompt.alternative = images.size() == 1 ? tr("Delete Template, Keep Image") : tr("Delete Template, Keep Images");
    return prompt;
}

void MainWindow::askAndDelete(const QString &id, const QString &name, const QList<ImageRecord> &images)
{
    if (!m_controller)
        return;
    const PromptAnswer answer = prompts::ask(this, deletePrompt(name, images));
    if (answer == PromptAnswer::Reject)
        return;
    if (images.isEmpty() || answer == PromptAnswer::Alternative) {
        m_controller->remove(id);
        return;
    }
    // The images go first; the template only once all of them are gone, so that a failure
    // leaves the template (and the way to them) in place.
    Store *store = m_store;
    BuildService *service = m_buildService.data();
    statusBar()->showMessage(tr("Deleting the images of \u201c%1\u201d\u2026").arg(inertForLine(name)));
    runInBackground(
        store, this,
        [store, service, images] {
            QStringList errors;
            QStringList notes;
            for (const auto &image : images) {
                QString note;
                if (const auto error = ImageListPanel::removeImage(store, service, image, &note); !error.isEmpty())
                    errors.append(QStringLiteral("%1: %2").arg(image.name, error));
                else if (!note.isEmpty())
                    notes.append(note);
            }
            return std::pair{errors, notes};
        },
        [this, id, name](const std::pair<QStringList, QStringList> &outcome) {
            const auto &[errors, notes] = outcome;
            refreshImages();
            if (!notes.isEmpty())
                prompts::warn(this, tr("Images of \u201c%1\u201d").arg(inertForLine(name)),
                              inertForTerminal(notes.join(QLatin1Char('\n'))));
            if (!errors.isEmpty()) {
                statusBar()->clearMessage();
                prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(name)),
                              tr("The template is kept: not every image could be deleted.\n%1")
                                  .arg(inertForTerminal(errors.join(QLatin1Char('\n')))));
                return;
            }
            if (m_controller)
                m_controller->remove(id);
        });
}

void MainWindow::updateActions()
{
    const bool selected = !selectedId().isEmpty();
    m_updateAction->setEnabled(selected);
    m_deleteAction->setEnabled(selected);
    m_copyCommandAction->setEnabled(selected && m_store);
    m_buildAction->setEnabled(selected && m_buildService);
}

void MainWindow::updateSelectionViews()
{
    const auto id = selectedId();
    const auto *row = m_model->rowById(id);
    if (!row) {
        m_details->clear();
    } else if (m_selected && m_selected->id == id && m_selected->revision >= row->revision) {
        if (m_details->templateId() != id || !m_details->isComplete() || m_details->revision() != m_selected->revision)
            m_details->setTemplate(*m_selected);
    } else {
        // The row's summary at once; the whole template (its user script) once read.
        if (m_details->templateId() != id || m_details->revision() != row->revision)
            m_details->setSummary(row->summary());
        if (m_fetchTicket == 0 && m_controller && !(m_unreadable.first == id && m_unreadable.second == row->revision))
            m_fetchTicket = m_controller->fetch(id);
    }
    if (m_builds->templateId() != (row ? id : QString())) {
        m_builds->setTemplate(row ? id : QString());
        if (m_unseen)
            showUnseen(m_builds->templateId());
    }
    if (m_images->templateId() != (row ? id : QString()))
        m_images->setTemplate(row ? id : QString());
}

void MainWindow::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    // Spelled out rather than with %n: English needs no translation file that way.
    if (m_proxy->filterText().isEmpty())
        m_countLabel->setText(total == 1 ? tr("1 template") : tr("%1 templates").arg(total));
    else
        m_countLabel->setText(total == 1 ? tr("%1 of 1 template shown").arg(shown) : tr("%1 of %2 templates shown").arg(shown).arg(total));
    if (m_loading && m_loaded)
        m_countLabel->setText(tr("%1 (loading\u2026)").arg(m_countLabel->text()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (const auto geometry = settings.value(GeometryKey).toByteArray(); !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const auto state = settings.value(StateKey).toByteArray(); !state.isEmpty())
        restoreState(state);
    if (const auto splitter = settings.value(SplitterKey).toByteArray(); !splitter.isEmpty())
        m_splitter->restoreState(splitter);
    else
        m_splitter->setSizes({440, 300});
    if (const auto header = settings.value(HeaderKey).toByteArray(); !header.isEmpty())
        m_view->horizontalHeader()->restoreState(header);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
    settings.setValue(HeaderKey, m_view->horizontalHeader()->saveState());
}

Prompt MainWindow::quitPrompt(int active) const
{
    Prompt prompt;
    prompt.id = QStringLiteral("quit");
    prompt.title = tr("Quit Image Builder");
    prompt.text = active == 1 ? tr("A build is still running. Cancel it and quit?")
                              : tr("%1 builds are still running. Cancel them and quit?").arg(active);
    prompt.informative = tr("Cancelled builds stop their VMs and save no image.");
    prompt.accept = tr("Cancel Builds and Quit");
    prompt.reject = tr("Keep Running");
    return prompt;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_buildService && !m_activeBuilds.isEmpty()) {
        if (!m_quitting) {
            if (prompts::ask(this, quitPrompt(activeBuildCount())) != PromptAnswer::Accept) {
                event->ignore();
                return;
            }
            m_quitting = true;
            const auto ids = m_activeBuilds.ids();
            for (const auto &id : ids) {
                if (auto cancelled = m_buildService->cancel(id); !cancelled)
                    m_activeBuilds.forget(id);  // nothing left to wait for
            }
        }
        if (!m_activeBuilds.isEmpty()) {
            // Clean-up (stopping VMs, removing files) takes a moment; the event loop runs
            // meanwhile and the window closes when the last build has finished.
            if (!m_cleanupDialog) {
                m_cleanupDialog = new QProgressDialog(this);
                m_cleanupDialog->setObjectName(QStringLiteral("cleanupDialog"));
                m_cleanupDialog->setWindowTitle(tr("Quitting"));
                m_cleanupDialog->setCancelButton(nullptr);
                m_cleanupDialog->setRange(0, 0);
                m_cleanupDialog->setMinimumDuration(0);
                m_cleanupDialog->setWindowModality(Qt::WindowModal);
            }
            m_cleanupDialog->setLabelText(m_activeBuilds.cleanupText());
            m_cleanupDialog->show();
            event->ignore();
            return;
        }
    }
    if (m_cleanupDialog)
        m_cleanupDialog->close();
    saveSettings();
    if (m_notifier && m_notifier->trayIcon())
        m_notifier->trayIcon()->hide();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveDiagnostics()
{
    QStringList lines;
    if (m_store)
        lines << QStringLiteral("Store: %1 (%2)")
                     .arg(m_store->location(), m_store->isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"));
    m_diagnostics->save(lines);
}

void MainWindow::setBuildService(BuildService *service, Store &store)
{
    m_buildService = service;
    m_store = &store;
    m_builds->setBuildService(service, &store);
    m_guide->setBuildService(service, &store);
    m_images->setStore(&store);
    m_images->setBuildService(service);
    if (!service)
        return;
    m_deleteGuard = [this](const QString &id) { return m_activeBuilds.deleteGuard(id); };
    m_notifier = new DesktopNotifier(this);
    m_notifier->trayIcon();  // shown while builds can run, where the desktop has a tray
    if (!m_unseen) {
        m_localState = std::make_shared<AppSettings>();
        m_unseen = new UnseenResults(*m_localState, this);
        connect(m_unseen, &UnseenResults::changed, this, &MainWindow::showUnseen);
        connect(m_builds, &BuildStatusPanel::detailsShown, m_unseen, &UnseenResults::markSeen);
        for (const auto &templateId : m_unseen->templateIds())
            showUnseen(templateId);
    }
    // A click on a build's notice opens its Build Details (the id is one this window gave).
    connect(m_notifier, &DesktopNotifier::activated, this, [this](const QString &buildId) {
        if (!m_buildService || !m_store)
            return;
        showNormal();
        raise();
        BuildDetailsWindow::showFor(m_buildService, *m_store, buildId, this);
        m_unseen->markSeen(buildId);
    });
    connectBuildService();
    updateActions();
    loadLastBuilds();
}

void MainWindow::showUnseen(const QString &templateId)
{
    m_model->setUnseen(templateId, m_unseen->countFor(templateId));
    const int unseen = m_unseen->countFor(m_builds->templateId());
    m_tabs->setTabText(m_tabs->indexOf(m_builds), unseen > 0 ? tr("Build Status (%1 new)").arg(unseen) : tr("Build Status"));
}

void MainWindow::connectBuildService()
{
    auto *service = m_buildService.data();
    connect(service, &BuildService::buildQueued, this, [this](const BuildRecord &build) {
        m_activeBuilds.queued(build.id, build.templateId, build.imageName);
        m_model->setLastBuild(build.templateId, BuildTexts::state(BuildState::Queued));
        updateBuildStatus();
    });
    connect(service, &BuildService::buildStepChanged, this, [this](const QString &buildId, BuildStep step) {
        const auto templateId = m_activeBuilds.stepChanged(buildId, BuildTexts::step(step));
        if (!templateId)
            return;
        m_model->setLastBuild(*templateId, BuildTexts::state(BuildState::Running));
        updateBuildStatus();
    });
    connect(service, &BuildService::buildFinished, this, &MainWindow::onBuildFinished);
    connect(service, &BuildService::buildVmKept, this, [this](const QString &buildId, const QString &, const QString &ssh) {
        const auto it = m_activeBuilds.vmKept(buildId);
        if (!it)
            return;
        m_model->setLastBuild(it->templateId, BuildTexts::state(BuildState::Failed));
        m_unseen->add(buildId, it->templateId);
        updateBuildStatus();
        const QString text = tr("The build of \u201c%1\u201d failed. VM kept: %2").arg(it->imageName, ssh);
        statusBar()->showMessage(text, StatusTimeoutMs);
        m_notifier->notify(tr("Build %1").arg(BuildTexts::state(BuildState::Failed)), text, DesktopNotifier::Urgency::Critical, buildId,
                           tr("Show Build Details"));
    });
}

void MainWindow::onBuildFinished(const QString &buildId, BuildState state, const QString &cause)
{
    const auto ended = m_activeBuilds.finished(buildId);
    if (!ended)
        return;
    const auto &build = *ended;
    m_model->setLastBuild(build.templateId, BuildTexts::state(state));
    updateBuildStatus();
    if (!m_quitting && build.vmKept) {
        statusBar()->showMessage(tr("Released the VM of the failed build of \u201c%1\u201d.").arg(build.imageName), StatusTimeoutMs);
    } else if (!m_quitting) {
        QString text;
        switch (state) {
        case BuildState::Succeeded:
            text = tr("The image “%1” is ready.").arg(build.imageName);
            break;
        case BuildState::Cancelled:
            text = tr("The build of “%1” was cancelled.").arg(build.imageName);
            break;
        default:
            text = tr("The build of “%1” failed: %2").arg(build.imageName, cause.section(QLatin1Char('\n'), 0, 0));
            break;
        }
        statusBar()->showMessage(text, StatusTimeoutMs);
        // A cancel was the user's own doing; a result they have not seen stays marked.
        if (state != BuildState::Cancelled)
            m_unseen->add(buildId, build.templateId);
        m_notifier->notify(tr("Build %1").arg(BuildTexts::state(state)), text,
                           state == BuildState::Failed ? DesktopNotifier::Urgency::Critical : DesktopNotifier::Urgency::Normal, buildId,
                           tr("Show Build Details"));
    }
    if (m_quitting && m_activeBuilds.isEmpty())
        close();
    else if (m_quitting && m_cleanupDialog)
        m_cleanupDialog->setLabelText(m_activeBuilds.cleanupText());
}

QString MainWindow::buildStatusText() const
{
    return m_buildsLabel->isHidden() ? QString() : m_buildsLabel->text();
}

void MainWindow::updateBuildStatus()
{
    const QString text = m_activeBuilds.statusText();
    m_buildsLabel->setText(text);
    m_buildsLabel->setVisible(!text.isEmpty());
}

void MainWindow::loadLastBuilds()
{
    if (!m_store || !m_loaded)
        return;
    Store *store = m_store;
    readInBackground(
        store, this, [store] { return store->latestBuildStates(); },
        [this](Result<QHash<QString, BuildState>> result) {
            if (!result)
                return;
            for (auto it = result->cbegin(); it != result->cend(); ++it) {
                if (m_model->rowOf(it.key()) >= 0 && !m_activeBuilds.hasTemplate(it.key()))
                    m_model->setLastBuild(it.key(), BuildTexts::state(it.value()));
            }
        });
}

void MainWindow::setStoreWatcher(StoreWatcher *watcher)
{
    if (m_watcher)
        disconnect(m_watcher, nullptr, this, nullptr);
    m_watcher = watcher;
    if (!watcher)
        return;
    const auto coalescer = [this](QTimer *&timer, void (MainWindow::*refresh)()) {
        if (!timer) {
            timer = new QTimer(this);
            timer->setSingleShot(true);
            timer->setInterval(RefreshCoalesceMs);
            connect(timer, &QTimer::timeout, this, refresh);
        }
        return timer;
    };
    auto *templates = coalescer(m_templatesRefresh, &MainWindow::reload);
    auto *builds = coalescer(m_buildsRefresh, &MainWindow::refreshBuilds);
    auto *images = coalescer(m_imagesRefresh, &MainWindow::refreshImages);
    // A burst (a colleague's import, a build's steps) restarts nothing: the first change
    // starts the timer, the rest ride along.
    const auto later = [](QTimer *timer) {
        if (!timer->isActive())
            timer->start();
    };
    connect(watcher, &StoreWatcher::templatesChanged, this, [templates, later] { later(templates); });
    connect(watcher, &StoreWatcher::buildsChanged, this, [builds, later] { later(builds); });
    connect(watcher, &StoreWatcher::buildLogAppended, this, [builds, later] { later(builds); });
    connect(watcher, &StoreWatcher::imagesChanged, this, [images, later] { later(images); });
    if (!watcher->isWatching())
        statusBar()->showMessage(watcher->lastError(), StatusTimeoutMs);
}

void MainWindow::refreshBuilds()
{
    loadLastBuilds();
    if (!m_builds->templateId().isEmpty())
        m_builds->reload();
    BuildDetailsWindow::storeChanged();
}

void MainWindow::refreshImages()
{
    if (!m_images->templateId().isEmpty())
        m_images->reload();
    if (m_imagesWindow)
        m_imagesWindow->reload();
}

BuildImageDialog *MainWindow::buildSelected()
{
    const auto *row = m_model->rowById(selectedId());
    if (!row || !m_buildService || !m_store || !m_controller)
        return nullptr;
    const auto id = selectedId();
    const ImageTemplate t = m_selected && m_selected->id == id && m_selected->revision >= row->revision ? *m_selected : row->summary();
    auto *dialog = new BuildImageDialog(*m_buildService, *m_store, m_controller->catalog(), t, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BuildImageDialog::buildStarted, this, [this](const BuildRecord &build) {
        m_tabs->setCurrentWidget(m_builds);
        m_builds->selectBuild(build.id);
        statusBar()->showMessage(tr("Build of “%1” queued.").arg(build.imageName), StatusTimeoutMs);
    });
    dialog->open();
    return dialog;
}

bool MainWindow::isGuideShown() const
{
    return m_tableStack->currentWidget() == m_guide;
}

void MainWindow::showGettingStarted()
{
    m_guideDismissed = false;
    m_guidePinned = true;
    if (m_loaded)
        showTablePage();
}

void MainWindow::openBuildFromGuide(const QString &templateId, const QString &baseImageId)
{
    m_filterEdit->clear();  // a filter must not hide the template to build
    selectTemplate(templateId);
    if (selectedId() != templateId)
        return;
    auto *dialog = buildSelected();
    if (!dialog)
        return;
    dialog->setPreferredBaseImage(baseImageId);
    // One click from the guide: an image name from the template's, within the name rule.
    QString name = m_model->rowById(templateId)->name;
    name.remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9 ._-]")));
    name = name.simplified();
    if (!name.isEmpty())
        dialog->imageNameEdit()->setText(name + QStringLiteral(" v1"));
    connect(dialog, &BuildImageDialog::buildStarted, this, [this] {
        // The first image is on its way: the table with its Build Status tab takes over.
        m_guidePinned = false;
        showTablePage();
    });
}

void MainWindow::openSettings()
{
    auto settings = std::make_shared<AppSettings>();
    auto *dialog = new SettingsDialog(*settings, this);
    dialog->setStore(m_store);
    dialog->setBuildService(m_buildService);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, this, [settings] {});  // keeps the settings alive as long as the dialog
    dialog->open();
}

ImagesWindow *MainWindow::showImagesWindow()
{
    if (!m_store || !m_buildService)
        return nullptr;
    if (!m_imagesWindow) {
        m_imagesWindow = new ImagesWindow(*m_store, m_buildService.data(), m_controller->catalog(), m_buildService->settings(), this);
        m_imagesWindow->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        m_imagesWindow->reload();
    }
    m_imagesWindow->show();
    m_imagesWindow->raise();
    m_imagesWindow->activateWindow();
    return m_imagesWindow;
}

void MainWindow::copyTemplateCommand()
{
    const QString id = selectedId();
    if (id.isEmpty() || !m_store)
        return;
    // The table holds summaries; the command carries the scripts, so the whole template is read.
    Store *store = m_store;
    readInBackground(
        store, this, [store, id] { return store->templateById(id); },
        [this](const Result<ImageTemplate> &t) {
            if (!t) {
                statusBar()->showMessage(tr("The template could not be read: %1").arg(t.error().shown()), 8000);
                return;
            }
            QGuiApplication::clipboard()->setText(templateImportCommand(t.value()));
            statusBar()->showMessage(tr("Copied the command that makes \u201c%1\u201d with imagebuilder-cli.").arg(inertForLine(t->name)),
                                     6000);
        });
}

}  // namespace ib::ui
