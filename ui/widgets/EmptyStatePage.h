#pragma once

#include <QWidget>

class QLabel;

namespace ib::ui {

// A centred title and explanation that says honestly why a view is empty.
class EmptyStatePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyStatePage)

public:
    explicit EmptyStatePage(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setText(const QString &text);
    QString title() const;
    QString text() const;

private:
    QLabel *m_title;
    QLabel *m_text;
};

}  // namespace ib::ui
