#pragma once

#include "templates/ImageTemplate.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

class EmptyStatePage;

// The Details tab: every field of the selected template, read-only.
class TemplateDetailsWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateDetailsWidget)

public:
    explicit TemplateDetailsWidget(const ApplicationCatalog &catalog, QWidget *parent = nullptr);

    void setTemplate(const ImageTemplate &t);
    // What the table row knows (TemplateRow::summary()), until the whole template is read:
    // the user script and the creation time show as being read.
    void setSummary(const ImageTemplate &t);
    void clear();
    QString templateId() const { return m_id; }
    int revision() const { return m_shownRevision; }
    // False while only the summary is shown.
    bool isComplete() const { return m_complete; }

private:
    QLabel *addValue(const QString &objectName);

    const ApplicationCatalog &m_catalog;
    QString m_id;
    int m_shownRevision = 0;
    bool m_complete = false;
    QStackedWidget *m_stack;
    EmptyStatePage *m_empty;
    QWidget *m_page;
    QLabel *m_name = nullptr;
    QLabel *m_idLabel = nullptr;
    QLabel *m_os = nullptr;
    QLabel *m_applications = nullptr;
    QLabel *m_minStorage = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_revision = nullptr;
    QLabel *m_created = nullptr;
    QLabel *m_updated = nullptr;
    QLabel *m_bootTest = nullptr;
    QTabWidget *m_scripts = nullptr;
    QPlainTextEdit *m_script = nullptr;
    QPlainTextEdit *m_testScript = nullptr;
};

}  // namespace ib::ui
