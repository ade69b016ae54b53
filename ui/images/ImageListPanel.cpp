#include "images/ImageListPanel.h"

#include "builds/BuildService.h"
#include "images/ImageTableModel.h"
#include "images/PublishImageDialog.h"
#include "providers/openstack/CloudAccountStore.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "util/Theme.h"
#include "widgets/EmptyStatePage.h"
#include "widgets/RecordTableView.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

// What the store and the clouds are asked for: one template's images, or (empty) all.
QString storeFilter(const QString &templateId)
{
    return templateId == ImageListPanel::AllTemplates ? QString() : templateId;
}

struct Removal
{
    QString error;  // empty: removed
    QString note;   // what was left in place, and why
};

}  // namespace

ImageListPanel::ImageListPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ImageTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStatePage(m_stack))
    , m_listPage(new QWidget(m_stack))
    , m_view(new QTableView(m_listPage))
    , m_deleteButton(new QPushButton(tr("Delete Image"), m_listPage))
    , m_publishButton(new QPushButton(tr("P&ublish to Cloud\u2026"), m_listPage))
    , m_copyIdButton(new QPushButton(tr("Copy ID"), m_listPage))
    , m_copyPathButton(new QPushButton(tr("Copy Path"), m_listPage))
    , m_showButton(new QPushButton(tr("Show in File Manager"), m_listPage))
    , m_cloudStatus(new QLabel(this))
{
    m_openUrl = [](const QUrl &url) { QDesktopServices::openUrl(url); };
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ImageTableModel::SortRole);
    m_view->setObjectName(QStringLiteral("imageView"));
    m_view->setModel(m_proxy);
    setUpRecordTableView(m_view);
    auto *header = m_view->horizontalHeader();
    header->setSectionResizeMode(static_cast<int>(ImageTableModel::Column::Name), QHeaderView::Stretch);
    header->resizeSection(static_cast<int>(ImageTableModel::Column::Provider), 80);
    header->resizeSection(static_cast<int>(ImageTableModel::Column::Test), 80);
    header->resizeSection(static_cast<int>(ImageTableModel::Column::Size), 100);
    header->resizeSection(static_cast<int>(ImageTableModel::Column::Created), 150);
    header->resizeSection(static_cast<int>(ImageTableModel::Column::BuildId), 100);
    header->resizeSection(static_cast<int>(ImageTableModel::Column::Template), 200);
    m_view->sortByColumn(static_cast<int>(ImageTableModel::Column::Created), Qt::DescendingOrder);
    m_deleteButton->setObjectName(QStringLiteral("deleteImageButton"));
    m_publishButton->setObjectName(QStringLiteral("publishImageButton"));
    m_publishButton->setToolTip(tr("Upload this local image to a cloud account as a private image"));
    m_copyIdButton->setObjectName(QStringLiteral("copyImageIdButton"));
    m_copyPathButton->setObjectName(QStringLiteral("copyImagePathButton"));
    m_showButton->setObjectName(QStringLiteral("showImageButton"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_publishButton);
    buttons->addWidget(m_copyIdButton);
    buttons->addWidget(m_copyPathButton);
    buttons->addWidget(m_showButton);
    buttons->addStretch(1);
    auto *listLayout = new QVBoxLayout(m_listPage);
    listLayout->setContentsMargins(6, 6, 6, 6);
    listLayout->addLayout(buttons);
    listLayout->addWidget(m_view, 1);

    m_empty->setObjectName(QStringLiteral("imagesEmptyState"));
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_listPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    m_cloudStatus->setObjectName(QStringLiteral("cloudImagesStatus"));
    m_cloudStatus->setWordWrap(true);
    m_cloudStatus->setContentsMargins(6, 0, 6, 6);
    m_cloudStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cloudStatus->hide();
    layout->addWidget(m_cloudStatus);

    connect(m_deleteButton, &QPushButton::clicked, this, &ImageListPanel::deleteSelected);
    connect(m_publishButton, &QPushButton::clicked, this, [this] { publishSelected(); });
    connect(m_copyIdButton, &QPushButton::clicked, this, &ImageListPanel::copyId);
    connect(m_copyPathButton, &QPushButton::clicked, this, &ImageListPanel::copyPath);
    connect(m_showButton, &QPushButton::clicked, this, &ImageListPanel::showInFileManager);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ImageListPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ImageListPanel::updatePage);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ImageListPanel::updatePage);
    setTemplate({});
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

ImageListPanel::~ImageListPanel() = default;

void ImageListPanel::setStore(Store *store)
{
    m_store = store;
    reload();
}

void ImageListPanel::setBuildService(BuildService *service)
{
    m_service = service;
    if (!service)
        return;
    connect(service, &BuildService::buildFinished, this, [this](const QString &, BuildState state, const QString &) {
        if (state == BuildState::Succeeded)
            reload();  // a build's new image: here at once, before the store watcher's next look
    });
    reloadCloud();
}

void ImageListPanel::setTemplate(const QString &templateId)
{
    m_templateId = templateId;
    m_view->setColumnHidden(static_cast<int>(ImageTableModel::Column::Template), !showsAll());
    m_localImages.clear();
    m_cloudImages.clear();
    m_model->setImages({});
    reload();
}

void ImageListPanel::reload()
{
    m_loaded = false;
    const quint64 ticket = m_loads.next();
    updatePage();
    reloadCloud();
    if (!m_store || m_templateId.isEmpty())
        return;
    Store *store = m_store;
    const QString id = m_templateId;
    struct Loaded
    {
        Result<QList<ImageRecord>> images;
        QHash<QString, QString> templateNames;  // AllTemplates only
    };
    readInBackground(
        store, this,
        [store, id] {
            Loaded loaded{store->listImages(storeFilter(id)), {}};
            if (id == AllTemplates && loaded.images) {
                if (auto visited =
                        store->forEachTemplateSummary([&](const ImageTemplate &t) { loaded.templateNames.insert(t.id, t.name); });
                    !visited)
                    loaded.images = visited.error();
            }
            return loaded;
        },
        [this, ticket, id](Loaded loaded) {
            if (!m_loads.isCurrent(ticket) || id != m_templateId)
                return;
            m_loaded = true;
            const auto &result = loaded.images;
            m_model->setTemplateNames(showsAll() ? std::optional(std::move(loaded.templateNames)) : std::nullopt);
            m_localImages = result ? result.value() : QList<ImageRecord>();
            showImages();
            if (!result) {
                m_empty->setTitle(tr("The images could not be loaded"));
                m_empty->setText(result.error().shown());
            }
        });
}

void ImageListPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!event->spontaneous() && m_loaded)
        reload();
}

void ImageListPanel::reloadCloud()
{
    m_cloudLoaded = false;
    const quint64 ticket = m_cloudLoads.next();
    if (!m_store || !m_service || m_templateId.isEmpty()) {
        m_cloudStatus->hide();
        return;
    }
    Store *store = m_store;
    BuildService *service = m_service.data();
    const QString id = m_templateId;
    // The accounts from the store thread; Glance, only when there are any, from a task of its
    // own (the network must not hold up the store thread's other reads).
    readInBackground(
        store, this,
        [store] {
            openstack::CloudAccountStore accounts(*store, nullptr);
            return accounts.list();
        },
        [this, ticket, store, service, id](const Result<QList<openstack::CloudAccount>> &listed) {
            if (!m_cloudLoads.isCurrent(ticket) || id != m_templateId)
                return;
            if (!listed || listed.value().isEmpty()) {
                showCloudListing(listed ? CloudListing{} : CloudListing{{}, {listed.error().shown()}});
                return;
            }
            runInBackground(
                store, this,
                [service, id, accounts = listed.value()] {
                    // Glance, not the store: images built by colleagues or another store show too.
                    CloudListing out;
                    for (const auto &account : accounts) {
                        auto provider = service->makeProvider(account.name);
                        auto images = provider ? provider->listImages(storeFilter(id))
                                               : Result<QList<ImageRecord>>(makeError(ErrorKind::NotFound, QString()));
                        if (images)
                            out.images.append(images.value());
                        else
                            out.errors.append(ImageListPanel::tr("The images on \u201c%1\u201d could not be listed: %2")
                                                  .arg(account.name, images.error().shown()));
                    }
                    return out;
                },
                [this, ticket, id](const CloudListing &listing) {
                    if (m_cloudLoads.isCurrent(ticket) && id == m_templateId)
                        showCloudListing(listing);
                });
        });
}

void ImageListPanel::showCloudListing(const CloudListing &listing)
{
    m_cloudLoaded = true;
    m_cloudImages = listing.images;
    m_cloudStatus->setText(listing.errors.join(QLatin1Char('\n')));
    Theme::setTextTone(m_cloudStatus, Tone::Error);
    m_cloudStatus->setVisible(!listing.errors.isEmpty());
    showImages();
}

void ImageListPanel::showImages()
{
    // A cloud image is both in the store (built here) and in Glance: listed once.
    QList<ImageRecord> all = m_localImages;
    QSet<QString> known;
    for (const auto &i : all)
        known.insert(i.provider + QLatin1Char('/') + i.location);
    for (const auto &i : std::as_const(m_cloudImages))
        if (!known.contains(i.provider + QLatin1Char('/') + i.location))
            all.append(i);
    const QString keep = selectedImageId();
    m_model->setImages(all);
    updatePage();
    if (!keep.isEmpty() && m_model->rowOf(keep) >= 0)
        selectImage(keep);
    else if (m_model->rowCount() > 0)
        m_view->selectRow(0);
}

QString ImageListPanel::cloudStatusText() const
{
    return m_cloudStatus->isHidden() ? QString() : m_cloudStatus->text();
}

QString ImageListPanel::emptyStateText() const
{
    return m_empty->title();
}

void ImageListPanel::updatePage()
{
    if (m_templateId.isEmpty()) {
        m_empty->setTitle(tr("No template selected"));
        m_empty->setText(tr("Select an image template to see the images built from it."));
        m_stack->setCurrentWidget(m_empty);
    } else if (m_model->rowCount() > 0) {
        m_stack->setCurrentWidget(m_listPage);
    } else if (showsAll()) {
        m_empty->setTitle(tr("No images yet"));
        m_empty->setText(tr("Every private image Image Builder made, from any template, will be listed here."));
        m_stack->setCurrentWidget(m_empty);
    } else {
        m_empty->setTitle(tr("No images yet"));
        m_empty->setText(tr("Private images built from this template will be listed here."));
        m_stack->setCurrentWidget(m_empty);
    }
    updateButtons();
}

void ImageListPanel::updateButtons()
{
    const auto *image = m_model->imageById(selectedImageId());
    const bool local = image && image->provider == QLatin1String("local");
    m_deleteButton->setEnabled(image && m_store);
    // Issue 20: an arm64 image (HVF on Apple Silicon) stays local: the clouds boot x86-64.
    const bool publishable = local && image->architecture == QLatin1String(ArchX86);
    m_publishButton->setEnabled(publishable && m_store && m_service);
    m_publishButton->setToolTip(local && !publishable
                                    ? tr("This image boots on arm64 CPUs only (built on Apple Silicon); the clouds boot x86-64 "
                                         "images, so it stays on this computer")
                                    : tr("Upload this local image to a cloud account as a private image"));
    m_copyIdButton->setEnabled(image);
    m_copyPathButton->setEnabled(image && !image->location.isEmpty());
    m_showButton->setEnabled(local);
}

QString ImageListPanel::selectedImageId() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ImageTableModel::IdRole).toString();
}

void ImageListPanel::selectImage(const QString &imageId)
{
    const int row = m_model->rowOf(imageId);
    if (row < 0)
        return;
    const auto index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ImageListPanel::deleteSelected()
{
    const auto *image = m_model->imageById(selectedImageId());
    if (!image || !m_store)
        return;
    const ImageRecord doomed = *image;
    Prompt prompt;
    prompt.id = QStringLiteral("deleteImage");
    prompt.title = tr("Delete Image");
    prompt.text = tr("Delete the image \u201c%1\u201d?").arg(inertForLine(doomed.name));
    prompt.informative =
        doomed.provider != QLatin1String("local")
            ? tr("It is removed from the image service of \u201c%1\u201d. This cannot be undone.").arg(inertForLine(doomed.provider))
            : tr("Its disk file is removed. This cannot be undone.");
    prompt.subject = doomed.name;
    prompt.accept = tr("Delete");
    if (prompts::ask(this, prompt) != PromptAnswer::Accept)
        return;
    m_deleteButton->setEnabled(false);
    Store *store = m_store;
    BuildService *service = m_service.data();
    runInBackground(
        store, this,
        [store, service, doomed] {
            Removal removal;
            removal.error = removeImage(store, service, doomed, &removal.note);
            return removal;
        },
        [this, doomed](const Removal &removal) {
            if (!removal.error.isEmpty()) {
                prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(doomed.name)), removal.error);
                updateButtons();
                return;
            }
            if (!removal.note.isEmpty())
                prompts::warn(this, tr("Deleted \u201c%1\u201d").arg(inertForLine(doomed.name)), removal.note);
            m_localImages.removeIf([&doomed](const ImageRecord &i) { return i.id == doomed.id; });
            m_cloudImages.removeIf([&doomed](const ImageRecord &i) { return i.id == doomed.id; });
            m_model->remove(doomed.id);
        });
}

QString ImageListPanel::removeImage(Store *store, BuildService *service, const ImageRecord &doomed, QString *note)
{
    // Core's delete: a local file goes only when it lies inside this installation's images
    // folder (a record on a team store may name any path), a cloud image only when it
    // carries this project's tags.
    if (service) {
        auto removed = service->deleteImage(doomed);
        if (!removed)
            return removed.error().shown();
        if (note)
            *note = removed.value();
        return {};
    }
    // Without builds there is no images folder to trust: only the record goes.
    if (auto removed = store->removeImage(doomed.id); !removed && removed.error().kind != ErrorKind::NotFound)
        return removed.error().shown();
    if (note && doomed.provider == QLatin1String("local") && !doomed.location.isEmpty())
        *note = tr("The file %1 was left in place.").arg(QDir::toNativeSeparators(doomed.location));
    return {};
}

PublishImageDialog *ImageListPanel::publishSelected()
{
    const auto *image = m_model->imageById(selectedImageId());
    if (!image || image->provider != QLatin1String("local") || !m_publishButton->isEnabled() || !m_store || !m_service)
        return nullptr;
    auto *dialog = new PublishImageDialog(m_store, m_service->settings(), *image, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PublishImageDialog::published, this, [this](const QString &) { reload(); });
    dialog->show();
    return dialog;
}

void ImageListPanel::copyId() const
{
    if (const auto *image = m_model->imageById(selectedImageId()))
        QApplication::clipboard()->setText(image->id);
}

void ImageListPanel::copyPath() const
{
    if (const auto *image = m_model->imageById(selectedImageId()))
        QApplication::clipboard()->setText(QDir::toNativeSeparators(image->location));
}

void ImageListPanel::showInFileManager()
{
    const auto *image = m_model->imageById(selectedImageId());
    if (!image || image->provider != QLatin1String("local"))
        return;
    m_openUrl(QUrl::fromLocalFile(QFileInfo(image->location).absolutePath()));
}

}  // namespace ib::ui
