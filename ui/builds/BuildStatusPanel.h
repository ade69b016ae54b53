#pragma once

#include <QWidget>

class QStackedWidget;

namespace ib::ui {

class EmptyStatePage;

// The Build Status tab: the builds of the selected template. Until the build engine
// arrives it says so; the engine adds its build list as another page of m_stack and
// switches to it in setTemplate() when the template has builds.
class BuildStatusPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildStatusPanel)

public:
    explicit BuildStatusPanel(QWidget *parent = nullptr);

    // Empty id: no template selected.
    void setTemplate(const QString &templateId);
    QString templateId() const { return m_templateId; }
    QString emptyStateText() const;

private:
    QString m_templateId;
    QStackedWidget *m_stack;
    EmptyStatePage *m_empty;
};

}  // namespace ib::ui
