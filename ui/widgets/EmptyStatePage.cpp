#include "widgets/EmptyStatePage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ib::ui {

EmptyStatePage::EmptyStatePage(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
{
    m_title->setObjectName(QStringLiteral("emptyTitle"));
    m_text->setObjectName(QStringLiteral("emptyText"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_title);
    layout->addWidget(m_text);
    layout->addStretch(1);
}

void EmptyStatePage::setTitle(const QString &title)
{
    m_title->setText(title);
}

void EmptyStatePage::setText(const QString &text)
{
    m_text->setText(text);
}

QString EmptyStatePage::title() const
{
    return m_title->text();
}

QString EmptyStatePage::text() const
{
    return m_text->text();
}

}  // namespace ib::ui
