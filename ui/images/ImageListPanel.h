#pragma once

#include "model/BuildTypes.h"
#include "util/Latest.h"

#include <QList>
#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace ib {
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

class EmptyStatePage;
class PublishImageDialog;
class ImageTableModel;

// The Images tab: the private images built from the selected template, with Delete, Copy
// ID / Copy Path and Show in File Manager. Refreshed when a build of the template succeeds.
class ImageListPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageListPanel)

public:
    using OpenUrl = std::function<void(const QUrl &url)>;

    explicit ImageListPanel(QWidget *parent = nullptr);
    ~ImageListPanel() override;

    // Removes one image through BuildService::deleteImage: its file (local, only inside the
    // images folder) or its Glance image (cloud, only with this project's tags), then its record.
    // Returns why it could not, or empty. On a worker thread (files, the network); the
    // template's Delete uses it too.
    // `note` (optional) gets what was left in place and why (a file outside the images folder).
    static QString removeImage(Store *store, BuildService *service, const ImageRecord &image, QString *note = nullptr);

    void setStore(Store *store);
    // Refreshes when a build of the shown template succeeds.
    void setBuildService(BuildService *service);
    void setOpenUrl(OpenUrl open) { m_openUrl = std::move(open); }

    // Empty id: no template selected. AllTemplates: every image in the store and the clouds,
    // with the Template column (the Images window).
    static inline const QString AllTemplates = QStringLiteral("*");
    void setTemplate(const QString &templateId);
    QString templateId() const { return m_templateId; }
    QString emptyStateText() const;
    void reload();
    bool isLoaded() const { return m_loaded; }
    // The cloud accounts' images (a Glance query each, on a worker thread) are in too.
    bool isCloudLoaded() const { return m_cloudLoaded; }
    // Why a cloud's images are missing, or empty.
    QString cloudStatusText() const;

    ImageTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString selectedImageId() const;
    void selectImage(const QString &imageId);

    void deleteSelected();
    // "Publish to Cloud…": opens the publish dialog for the selected local image (issue 19);
    // the list reloads when it has published. Null when no local image is selected.
    PublishImageDialog *publishSelected();
    void copyId() const;
    void copyPath() const;
    void showInFileManager();

protected:
    // Opening the tab asks again: a cloud's images change without a build of this app.
    void showEvent(QShowEvent *event) override;

private:
    struct CloudListing
    {
        QList<ImageRecord> images;
        QStringList errors;  // one sentence per account that could not be asked
    };

    void updatePage();
    void updateButtons();
    void reloadCloud();
    void showCloudListing(const CloudListing &listing);
    void showImages();
    bool showsAll() const { return m_templateId == AllTemplates; }

    Store *m_store = nullptr;
    QPointer<BuildService> m_service;
    OpenUrl m_openUrl;
    QString m_templateId;
    Latest m_loads;
    bool m_loaded = false;
    bool m_cloudLoaded = false;
    Latest m_cloudLoads;
    QList<ImageRecord> m_localImages;
    QList<ImageRecord> m_cloudImages;

    ImageTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QStackedWidget *m_stack;
    EmptyStatePage *m_empty;
    QWidget *m_listPage;
    QTableView *m_view;
    QPushButton *m_deleteButton;
    QPushButton *m_publishButton;
    QPushButton *m_copyIdButton;
    QPushButton *m_copyPathButton;
    QPushButton *m_showButton;
    QLabel *m_cloudStatus;
};

}  // namespace ib::ui
