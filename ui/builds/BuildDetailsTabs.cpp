#include "builds/BuildDetailsTabs.h"

#include "builds/BuildDetailsWindow.h"
#include "util/InertText.h"

#include <QKeySequence>
#include <QShortcut>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ib::ui {

BuildDetailsTabs *BuildDetailsTabs::of(QWidget *owner)
{
    if (auto *existing = owner->findChild<BuildDetailsTabs *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new BuildDetailsTabs(owner);
}

BuildDetailsTabs::BuildDetailsTabs(QWidget *owner)
    : QWidget(owner, Qt::Window)
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("buildDetailsTabs"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Build Details"));
    resize(1000, 760);
    m_tabs->setObjectName(QStringLiteral("buildDetailsTabBar"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (auto *page = m_tabs->widget(index))
            page->close();  // deletes itself; QTabWidget drops its tab
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (auto *page = qobject_cast<BuildDetailsWindow *>(m_tabs->widget(index))) {
            setWindowTitle(page->windowTitle());
            page->setFocus(Qt::TabFocusReason);  // its shortcuts (Escape, Ctrl+F, Ctrl+J) work in it
        }
    });
    auto *closeTab = new QShortcut(QKeySequence::Close, this);
    connect(closeTab, &QShortcut::activated, this, [this] {
        if (auto *page = m_tabs->currentWidget())
            page->close();
    });
}

void BuildDetailsTabs::showPage(BuildDetailsWindow *page)
{
    int index = m_tabs->indexOf(page);
    if (index < 0) {
        index = m_tabs->addTab(page, QString());
        retitle(page);
        connect(page, &QWidget::windowTitleChanged, this, [this, page] { retitle(page); });
        // The last tab gone (closed, or Escape in it): the window goes too, once the tab is.
        connect(page, &QObject::destroyed, this, [this] {
            QTimer::singleShot(0, this, [this] {
                if (m_tabs->count() == 0)
                    close();
            });
        });
    }
    m_tabs->setCurrentIndex(index);
    show();
    raise();
    activateWindow();
    page->setFocus(Qt::OtherFocusReason);
}

void BuildDetailsTabs::retitle(BuildDetailsWindow *page)
{
    const int index = m_tabs->indexOf(page);
    if (index < 0)
        return;
    const QString name = page->build().imageName;
    m_tabs->setTabText(index, name.isEmpty() ? page->buildId().left(8) : inertForLine(name));
    m_tabs->setTabToolTip(index, page->windowTitle());
    if (m_tabs->currentIndex() == index)
        setWindowTitle(page->windowTitle());
}

}  // namespace ib::ui
