#pragma once

#include "templates/ImageTemplate.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

// Build Image's "who changed what I am about to run" (issue 15): on a team store a
// colleague's template script runs with this user's credentials. Shows who saved the
// revision about to be built and, against the template as this computer last built it
// (its own ledger, not the shared store), what changed: the fields, and the scripts as a
// line diff. A template never built here shows its scripts in full. Read on a worker thread.
class TemplateChangesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateChangesView)

public:
    TemplateChangesView(Store &store, const ApplicationCatalog &catalog, QString dataDirectory, const ImageTemplate &t,
                        QWidget *parent = nullptr);

    bool isLoaded() const { return m_loaded; }
    QString summary() const;
    QString details() const;
    // True when the template differs from what this computer last built (or was never built here).
    bool hasChanges() const { return m_changed; }

signals:
    void loaded();

private:
    struct Read;
    void show(const Read &read);

    const ApplicationCatalog &m_catalog;
    ImageTemplate m_template;
    bool m_loaded = false;
    bool m_changed = false;
    QLabel *m_summary;
    QPlainTextEdit *m_details;
};

}  // namespace ib::ui
