#include "MainWindow.h"

#include "builds/BuildStatusPanel.h"
#include "diagnostics/DiagnosticsSaver.h"
#include "firstrun/FirstRunGuide.h"
#include "images/ImageListPanel.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "storage/Store.h"
#include "storage/StoreWatcher.h"
#include "templates/TemplateController.h"
#include "templates/TemplateDetailsWidget.h"
#include "templates/TemplateDialog.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateTableModel.h"
#include "util/Background.h"
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
#include <QPushButton>
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

void MainWindow::buildUi()
{
    buildTemplateArea();
    buildTabs();
    buildStatusBar();
    connectSelection();
    resize(1180, 760);
}

// The template table, and in its place while there is nothing to show, the empty page or
// the first-run guide.
void MainWindow::buildTemplateArea()
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
}

// The selected template's Details, Build Status and Images, under the table.
void MainWindow::buildTabs()
{
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
}

void MainWindow::buildStatusBar()
{
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
}

// The filter, the selection and the model's changes keep the views, actions and count current.
void MainWindow::connectSelection()
{
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
}

void MainWindow::connectController()
{
    connectLoads();
    connectEdits();
}

void MainWindow::connectLoads()
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
        if (!m_loads.isCurrent(ticket))
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
        if (!m_loads.isCurrent(ticket))
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
}

// Saves, reads and deletes asked for by this window (and the failures of any request).
void MainWindow::connectEdits()
{
    auto *c = m_controller.data();
    connect(c, &TemplateController::created, this, [this](quint64, const ImageTemplate &t) {
        m_selected = t;  // selected next (TemplateDialog::saved): nothing to read
        m_model->upsert(t);
        showTablePage();
        statusBar()->showMessage(tr("Created \u201c%1\u201d.").arg(inertForLine(t.name)), StatusTimeoutMs);
    });
    connect(c, &TemplateController::updated, this, [this](quint64, const ImageTemplate &t) {
        if (t.id == selectedId() || (m_selected && m_selected->id == t.id))
            m_selected = t;
        m_model->upsert(t);
        statusBar()->showMessage(tr("Saved \u201c%1\u201d (revision %2).").arg(inertForLine(t.name)).arg(t.revision), StatusTimeoutMs);
    });
    // A conflict brings the other side's revision: show it in the table too.
    connect(c, &TemplateController::conflict, this, [this](quint64, const ImageTemplate &current, const ImageTemplate &) {
        if (current.id == selectedId())
            m_selected = current;
        m_model->upsert(current);
    });
    connect(c, &TemplateController::fetched, this, [this](quint64 ticket, const QString &id, const ImageTemplate &t) {
        if (!m_fetches.finish(ticket))
            return;
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
        statusBar()->showMessage(tr("Deleted \u201c%1\u201d.").arg(inertForLine(name)), StatusTimeoutMs);
    });
    connect(c, &TemplateController::failed, this, [this](quint64 ticket, const Error &error) {
        const bool load = m_loads.isCurrent(ticket);
        if (load)
            m_loading = false;
        if (load && !m_loaded) {
            m_emptyState->setTitle(tr("The templates could not be loaded"));
            m_emptyState->setText(error.shown());
            m_emptyButton->setText(tr("Try Again"));
            m_emptyButton->setVisible(true);
            m_tableStack->setCurrentWidget(m_emptyPage);
        }
        statusBar()->showMessage(error.shown(), StatusTimeoutMs);
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
    m_loads.expect(m_controller->load());
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
        if (!m_fetches.waiting() && m_controller && !(m_unreadable.first == id && m_unreadable.second == row->revision))
            m_fetches.expect(m_controller->fetch(id));
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

void MainWindow::saveDiagnostics()
{
    QStringList lines;
    if (m_store)
        lines << QStringLiteral("Store: %1 (%2)")
                     .arg(m_store->location(), m_store->isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"));
    m_diagnostics->save(lines);
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

}  // namespace ib::ui
