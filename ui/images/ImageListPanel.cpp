#include "images/ImageListPanel.h"

#include "widgets/EmptyStatePage.h"

#include <QStackedWidget>
#include <QVBoxLayout>

namespace ib::ui {

ImageListPanel::ImageListPanel(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStatePage(m_stack))
{
    m_empty->setObjectName(QStringLiteral("imagesEmptyState"));
    m_stack->addWidget(m_empty);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setTemplate({});
}

void ImageListPanel::setTemplate(const QString &templateId)
{
    m_templateId = templateId;
    if (templateId.isEmpty()) {
        m_empty->setTitle(tr("No template selected"));
        m_empty->setText(tr("Select an image template to see the images built from it."));
    } else {
        m_empty->setTitle(tr("No images yet"));
        m_empty->setText(tr("Private images built from this template will be listed here."));
    }
    m_stack->setCurrentWidget(m_empty);
}

QString ImageListPanel::emptyStateText() const
{
    return m_empty->title();
}

}  // namespace ib::ui
