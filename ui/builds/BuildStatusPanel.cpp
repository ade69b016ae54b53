#include "builds/BuildStatusPanel.h"

#include "builds/BuildDetailsWindow.h"
#include "builds/BuildService.h"
#include "builds/BuildTableModel.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "widgets/EmptyStatePage.h"
#include "widgets/RecordTableView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QHostInfo>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ib::ui {

BuildStatusPanel::BuildStatusPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new BuildTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStatePage(m_stack))
    , m_listPage(new QWidget(m_stack))
    , m_view(new QTableView(m_listPage))
    , m_detailsButton(new QPushButton(tr("Build Details"), m_listPage))
    , m_cancelButton(new QPushButton(tr("Cancel Build"), m_listPage))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BuildTableModel::SortRole);
    m_view->setObjectName(QStringLiteral("buildView"));
    m_view->setModel(m_proxy);
    setUpRecordTableView(m_view);
    auto *header = m_view->horizontalHeader();
    header->setSectionResizeMode(static_cast<int>(BuildTableModel::Column::State), QHeaderView::Stretch);
    header->resizeSection(static_cast<int>(BuildTableModel::Column::ImageName), 200);
    header->resizeSection(static_cast<int>(BuildTableModel::Column::BaseImage), 200);
    header->resizeSection(static_cast<int>(BuildTableModel::Column::Provider), 80);
    header->resizeSection(static_cast<int>(BuildTableModel::Column::Started), 150);
    header->resizeSection(static_cast<int>(BuildTableModel::Column::Duration), 80);
    header->resizeSection(static_cast<int>(BuildTableModel::Column::RunsOn), 130);
    m_view->sortByColumn(static_cast<int>(BuildTableModel::Column::Started), Qt::DescendingOrder);
    m_detailsButton->setObjectName(QStringLiteral("buildDetailsButton"));
    m_cancelButton->setObjectName(QStringLiteral("cancelBuildButton"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_detailsButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch(1);
    auto *listLayout = new QVBoxLayout(m_listPage);
    listLayout->setContentsMargins(6, 6, 6, 6);
    listLayout->addLayout(buttons);
    listLayout->addWidget(m_view, 1);

    m_empty->setObjectName(QStringLiteral("buildsEmptyState"));
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_listPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_detailsButton, &QPushButton::clicked, this, [this] { showDetails(); });
    connect(m_cancelButton, &QPushButton::clicked, this, &BuildStatusPanel::cancelSelected);
    connect(m_view, &QTableView::doubleClicked, this, [this] { showDetails(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BuildStatusPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &BuildStatusPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        updatePage();
        if (!m_pendingSelection.isEmpty())
            selectBuild(m_pendingSelection);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &BuildStatusPanel::updatePage);
    setTemplate({});
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

BuildStatusPanel::~BuildStatusPanel() = default;

void BuildStatusPanel::setBuildService(BuildService *service, Store *store)
{
    m_service = service;
    m_store = store;
    if (!service)
        return;
    connect(service, &BuildService::buildQueued, this, [this](const BuildRecord &build) {
        // A read under way began before this build's row was written: its answer would
        // replace the rows without it. Ask again (the newer answer wins).
        if (!m_loaded && build.templateId == m_templateId)
            reload();
        m_model->addBuild(build);
        if (build.templateId == m_templateId && m_model->rowCount() == 1)
            selectBuild(build.id);
    });
    connect(service, &BuildService::buildStepChanged, m_model, &BuildTableModel::setStep);
    connect(service, &BuildService::buildFinished, m_model, &BuildTableModel::setFinished);
    // Failed now for the user; the VM waits for Release VM (the Cancel button).
    connect(service, &BuildService::buildVmKept, this, [this](const QString &id, const QString &cause, const QString &) {
        m_model->setFinished(id, BuildState::Failed, cause);
        updateButtons();
    });
    reload();
}

void BuildStatusPanel::setTemplate(const QString &templateId)
{
    m_templateId = templateId;
    m_model->setTemplateId(templateId);
    reload();
}

void BuildStatusPanel::reload()
{
    m_loaded = false;
    const quint64 ticket = m_loads.next();
    updatePage();
    if (!m_store || m_templateId.isEmpty())
        return;
    Store *store = m_store;
    const QString id = m_templateId;
    readInBackground(
        store, this, [store, id] { return store->listBuilds(id); },
        [this, ticket, id](Result<QList<BuildRecord>> result) {
            if (!m_loads.isCurrent(ticket) || id != m_templateId)
                return;
            const QString keep = selectedBuildId();
            m_loaded = true;
            if (result) {
                // Builds of this process are further along than the store may say (the
                // signals are newer); the store's rows are the truth for the rest.
                m_model->setBuilds(result.value());
            } else {
                m_empty->setTitle(tr("The builds could not be loaded"));
                m_empty->setText(result.error().shown());
            }
            updatePage();
            // A refresh keeps the selected row (and leaves the scroll position alone).
            if (!keep.isEmpty() && selectedBuildId() != keep)
                selectBuild(keep);
            else if (keep.isEmpty() && m_model->rowCount() > 0)
                m_view->selectRow(0);
        });
}

QString BuildStatusPanel::emptyStateText() const
{
    return m_empty->title();
}

void BuildStatusPanel::updatePage()
{
    if (m_templateId.isEmpty()) {
        m_empty->setTitle(tr("No template selected"));
        m_empty->setText(tr("Select an image template to see its builds."));
        m_stack->setCurrentWidget(m_empty);
    } else if (m_model->rowCount() > 0) {
        m_stack->setCurrentWidget(m_listPage);
    } else if (!m_service) {
        m_empty->setTitle(tr("No builds yet"));
        m_empty->setText(tr("Builds of this template will be listed here, with their progress, log and result."));
        m_stack->setCurrentWidget(m_empty);
    } else {
        m_empty->setTitle(m_loaded || !m_store ? tr("No builds yet") : tr("Loading builds\u2026"));
        m_empty->setText(tr("Build Image starts a build of this template; it is listed here with its progress, log and result."));
        m_stack->setCurrentWidget(m_empty);
    }
    updateButtons();
}

QString BuildStatusPanel::selectedBuildId() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(BuildTableModel::IdRole).toString();
}

void BuildStatusPanel::selectBuild(const QString &buildId)
{
    const int row = m_model->rowOf(buildId);
    if (row < 0) {
        m_pendingSelection = buildId;
        return;
    }
    m_pendingSelection.clear();
    const auto index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void BuildStatusPanel::updateButtons()
{
    const auto *build = m_model->buildById(selectedBuildId());
    m_detailsButton->setEnabled(build && m_store);
    bool cancellable = false;
    const bool vmKept = build && m_service && build->state == BuildState::Failed && m_service->isActive(build->id);
    if (build && m_service)
        cancellable = build->state == BuildState::Queued || build->state == BuildState::Running || vmKept;
    m_cancelButton->setEnabled(cancellable);
    m_cancelButton->setText(vmKept ? tr("Release VM") : tr("Cancel Build"));
    QString tip;
    if (vmKept)
        tip = tr("Stops and removes the VM kept for debugging after the build failed.");
    else if (build && !cancellable)
        tip = tr("Only queued and running builds can be cancelled.");
    else if (build && !build->ownerHost.isEmpty() && build->ownerHost != QHostInfo::localHostName())
        tip = tr("%1 runs this build: only it stops the VM. Cancel Build asks it to, through the store.").arg(build->ownerHost);
    m_cancelButton->setToolTip(tip);
}

BuildDetailsWindow *BuildStatusPanel::showDetails()
{
    const auto id = selectedBuildId();
    if (id.isEmpty() || !m_store)
        return nullptr;
    auto *details = BuildDetailsWindow::showFor(m_service, *m_store, id, window());
    emit detailsShown(id);
    return details;
}

void BuildStatusPanel::cancelSelected()
{
    const auto *build = m_model->buildById(selectedBuildId());
    if (!build || !m_service || !m_cancelButton->isEnabled())
        return;
    const QString id = build->id;
    const QString name = build->imageName;
    // Releasing a kept VM needs no confirmation: the build has already failed.
    const bool vmKept = build->state == BuildState::Failed;
    if (!vmKept) {
        Prompt prompt;
        prompt.id = QStringLiteral("cancelBuild");
        prompt.title = tr("Cancel Build");
        prompt.text = tr("Cancel the build of \u201c%1\u201d?").arg(inertForLine(name));
        prompt.informative = tr("The VM is stopped and removed; no image is saved.");
        prompt.subject = name;
        prompt.accept = tr("Cancel Build");
        prompt.reject = tr("Keep Building");
        if (prompts::ask(this, prompt) != PromptAnswer::Accept)
            return;
    }
    m_service->cancel(id, this, [this, name](const Result<void> &cancelled) {
        if (!cancelled)
            prompts::warn(this, tr("Cannot Cancel \u201c%1\u201d").arg(inertForLine(name)), cancelled.error().shown());
    });
}

}  // namespace ib::ui
