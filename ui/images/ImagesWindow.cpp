#include "images/ImagesWindow.h"

#include "baseimages/BaseImagesPanel.h"
#include "images/ImageListPanel.h"

#include <QKeySequence>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ib::ui {

ImagesWindow::ImagesWindow(Store &store, BuildService *service, const ApplicationCatalog &catalog, const BuildSettings &settings,
                           QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_tabs(new QTabWidget(this))
    , m_images(new ImageListPanel(m_tabs))
    , m_baseImages(new BaseImagesPanel(store, catalog, settings, m_tabs))
{
    setObjectName(QStringLiteral("imagesWindow"));
    setWindowTitle(tr("Images and Base Images"));
    m_tabs->setObjectName(QStringLiteral("imagesWindowTabs"));
    m_images->setObjectName(QStringLiteral("allImages"));
    m_images->setTemplate(ImageListPanel::AllTemplates);
    m_images->setStore(&store);
    m_images->setBuildService(service);
    m_tabs->addTab(m_images, tr("Images"));
    m_tabs->addTab(m_baseImages, tr("Base Images"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    for (const auto &keys : {QKeySequence(Qt::Key_Escape), QKeySequence(QKeySequence::Close)})
        connect(new QShortcut(keys, this), &QShortcut::activated, this, &QWidget::close);
    resize(1060, 480);
}

ImagesWindow::~ImagesWindow() = default;

void ImagesWindow::showBaseImages()
{
    m_tabs->setCurrentWidget(m_baseImages);
}

void ImagesWindow::reload()
{
    m_images->reload();
    m_baseImages->reload();
}

}  // namespace ib::ui
