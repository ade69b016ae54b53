#pragma once

#include "templates/ImageTemplate.h"
#include "templates/TemplateRow.h"
#include "templates/TemplateRules.h"
#include "util/Result.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>

#include "tasks/StoreThread.h"

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

class TemplateWorker;

// The UI's way to the template store without blocking: every request returns a ticket at
// once and is answered by one signal carrying that ticket, from a worker on the UI's
// StoreThread (made and owned here, so it lives as long as the window's parts need it;
// every quick read of the UI runs there too, on its one connection). Answers are broadcast: the main window keeps its table in
// step with every save, a dialog picks out its own ticket.
class TemplateController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateController)

public:
    TemplateController(Store &store, const ApplicationCatalog &catalog, QObject *parent = nullptr);
    // Lets the request in progress finish, then stops the store thread.
    ~TemplateController() override;

    const ApplicationCatalog &catalog() const { return m_catalog; }
    QString storeLocation() const;

    // A full load, answered by `loaded` (the first page) and `loadedMore` (the rest).
    quint64 load();
    // Only what changed in the store since the last answer (saves by others), answered by
    // `refreshed`; a load if nothing was loaded yet.
    quint64 refresh();
    quint64 create(const ImageTemplate &draft);
    // `edited.revision` is the revision the user started from.
    quint64 update(const ImageTemplate &edited);
    quint64 remove(const QString &id);
    // Whether another template (not `exceptId`) has this name, ignoring case.
    quint64 checkName(const QString &name, const QString &exceptId = {});
    // One whole template (the table's rows leave out the user script), answered by
    // `fetched`. Queued behind a load in progress (one connection serves both).
    quint64 fetch(const QString &id);

signals:
    // The first page of a load (replaces the rows shown); `complete`: no page follows.
    void loaded(quint64 ticket, const QList<ib::ui::TemplateRow> &rows, bool complete);
    // A further page of that load (appended).
    void loadedMore(quint64 ticket, const QList<ib::ui::TemplateRow> &rows, bool complete);
    void refreshed(quint64 ticket, const QList<ib::ui::TemplateRow> &changed, const QStringList &removed);
    void created(quint64 ticket, const ib::ImageTemplate &t);
    void updated(quint64 ticket, const ib::ImageTemplate &t);
    // Someone else saved first: `current` is what is stored now, `yours` what was sent.
    void conflict(quint64 ticket, const ib::ImageTemplate &current, const ib::ImageTemplate &yours);
    void invalid(quint64 ticket, const QList<ib::RuleMessage> &messages);
    void deleted(quint64 ticket, const QString &id);
    // A load, save or delete that failed for another reason than the rules or a conflict.
    void failed(quint64 ticket, const ib::Error &error);
    void nameChecked(quint64 ticket, const QString &name, bool taken);
    // `t` is empty (no id) when the template could not be read (e.g. it was deleted).
    void fetched(quint64 ticket, const QString &id, const ib::ImageTemplate &t);

private:
    template <typename Call>
    quint64 post(Call &&call);

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    StoreThread m_thread;
    TemplateWorker *m_worker;  // lives on m_thread's thread, deleted when it finishes
    quint64 m_nextTicket = 1;
};

}  // namespace ib::ui
