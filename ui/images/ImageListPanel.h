#pragma once

#include <QWidget>

class QStackedWidget;

namespace ib::ui {

class EmptyStatePage;

// The Images tab: the private images built from the selected template. An honest empty
// state until images exist; the image list joins m_stack as another page.
class ImageListPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageListPanel)

public:
    explicit ImageListPanel(QWidget *parent = nullptr);

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
