#include "builds/BuildStatusPanel.h"

#include "widgets/EmptyStatePage.h"

#include <QStackedWidget>
#include <QVBoxLayout>

namespace ib::ui {

BuildStatusPanel::BuildStatusPanel(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStatePage(m_stack))
{
    m_empty->setObjectName(QStringLiteral("buildsEmptyState"));
    m_stack->addWidget(m_empty);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setTemplate({});
}

void BuildStatusPanel::setTemplate(const QString &templateId)
{
    m_templateId = templateId;
    if (templateId.isEmpty()) {
        m_empty->setTitle(tr("No template selected"));
        m_empty->setText(tr("Select an image template to see its builds."));
    } else {
        m_empty->setTitle(tr("No builds yet"));
        m_empty->setText(tr("Builds of this template will be listed here, with their progress, log and result. "
                            "Building arrives with the build engine."));
    }
    m_stack->setCurrentWidget(m_empty);
}

QString BuildStatusPanel::emptyStateText() const
{
    return m_empty->title();
}

}  // namespace ib::ui
