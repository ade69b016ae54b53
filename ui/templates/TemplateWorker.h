#pragma once

#include "templates/ImageTemplate.h"
#include "templates/TemplateRow.h"
#include "templates/TemplateRules.h"
#include "templates/TemplateService.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

// Lives on TemplateController's thread and does the store work there: the Store hands
// this thread its own connection on first use. Every answer carries the request's ticket.
class TemplateWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateWorker)

public:
    TemplateWorker(Store &store, const ApplicationCatalog &catalog);
    ~TemplateWorker() override;

    // Reads every template and sends them in pages: the first (FirstPageRows, one screen)
    // as soon as it is ready, the rest in pages of PageRows, so that the table fills while
    // the window is already usable.
    void load(quint64 ticket);
    // Compares the store with what this worker last sent (its ids and revisions) and sends
    // only the difference. Without a load before, it loads.
    void refresh(quint64 ticket);
    void create(quint64 ticket, const ImageTemplate &draft);
    void update(quint64 ticket, const ImageTemplate &edited);
    void remove(quint64 ticket, const QString &id);
    void checkName(quint64 ticket, const QString &name, const QString &exceptId);

signals:
    // The first page of a load: replaces what the table shows. `complete`: no page follows.
    void loaded(quint64 ticket, const QList<ib::ui::TemplateRow> &rows, bool complete);
    // A further page of the same load: appended.
    void loadedMore(quint64 ticket, const QList<ib::ui::TemplateRow> &rows, bool complete);
    // Templates created or changed elsewhere (`changed`) and removed (`removed`) since the
    // last load or refresh.
    void refreshed(quint64 ticket, const QList<ib::ui::TemplateRow> &changed, const QStringList &removed);
    void created(quint64 ticket, const ib::ImageTemplate &t);
    void updated(quint64 ticket, const ib::ImageTemplate &t);
    void conflict(quint64 ticket, const ib::ImageTemplate &current, const ib::ImageTemplate &yours);
    void invalid(quint64 ticket, const QList<ib::RuleMessage> &messages);
    void deleted(quint64 ticket, const QString &id);
    void failed(quint64 ticket, const ib::Error &error);
    void nameChecked(quint64 ticket, const QString &name, bool taken);

public:
    static constexpr int FirstPageRows = 200;
    static constexpr int PageRows = 2000;

private:
    void reportSaveError(quint64 ticket, const TemplateError &error, const ImageTemplate &yours);

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    TemplateService m_service;
    // What the UI was sent: id -> revision. Kept in step with saves made through here.
    QHash<QString, int> m_known;
    bool m_loaded = false;
};

}  // namespace ib::ui
