#pragma once

#include "settings/BuildSettings.h"

#include <QWidget>

class QTabWidget;

namespace ib {
class ApplicationCatalog;
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

class BaseImagesPanel;
class ImageListPanel;

// View > Images and Base Images: every image Image Builder made (local and on the cloud
// accounts, a deleted template's included, with its template and revision) and the base
// image library. One window per main window; Escape or Ctrl+W closes it.
class ImagesWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImagesWindow)

public:
    ImagesWindow(Store &store, BuildService *service, const ApplicationCatalog &catalog, const BuildSettings &settings,
                 QWidget *parent = nullptr);
    ~ImagesWindow() override;

    ImageListPanel *images() const { return m_images; }
    BaseImagesPanel *baseImages() const { return m_baseImages; }
    void showBaseImages();
    void reload();

private:
    QTabWidget *m_tabs;
    ImageListPanel *m_images;
    BaseImagesPanel *m_baseImages;
};

}  // namespace ib::ui
