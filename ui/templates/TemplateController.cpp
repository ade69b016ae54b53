#include "templates/TemplateController.h"

#include "storage/Store.h"
#include "templates/TemplateMetaTypes.h"
#include "templates/TemplateWorker.h"
#include "util/Background.h"

namespace ib::ui {

TemplateController::TemplateController(Store &store, const ApplicationCatalog &catalog, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_thread(store)
    , m_worker(new TemplateWorker(store, catalog))
{
    qRegisterMetaType<ImageTemplate>();
    qRegisterMetaType<RuleMessage>();
    qRegisterMetaType<QList<RuleMessage>>();
    qRegisterMetaType<TemplateRow>();
    qRegisterMetaType<QList<TemplateRow>>();
    qRegisterMetaType<Error>();

    m_worker->moveToThread(m_thread.thread());
    connect(m_thread.thread(), &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &TemplateWorker::loaded, this, &TemplateController::loaded);
    connect(m_worker, &TemplateWorker::loadedMore, this, &TemplateController::loadedMore);
    connect(m_worker, &TemplateWorker::refreshed, this, &TemplateController::refreshed);
    connect(m_worker, &TemplateWorker::created, this, &TemplateController::created);
    connect(m_worker, &TemplateWorker::updated, this, &TemplateController::updated);
    connect(m_worker, &TemplateWorker::conflict, this, &TemplateController::conflict);
    connect(m_worker, &TemplateWorker::invalid, this, &TemplateController::invalid);
    connect(m_worker, &TemplateWorker::deleted, this, &TemplateController::deleted);
    connect(m_worker, &TemplateWorker::failed, this, &TemplateController::failed);
    connect(m_worker, &TemplateWorker::nameChecked, this, &TemplateController::nameChecked);
}

TemplateController::~TemplateController() = default;

QString TemplateController::storeLocation() const
{
    return m_store.location();
}

template <typename Call>
quint64 TemplateController::post(Call &&call)
{
    const quint64 ticket = m_nextTicket++;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, ticket, call = std::forward<Call>(call)]() { call(*worker, ticket); }, Qt::QueuedConnection);
    return ticket;
}

quint64 TemplateController::load()
{
    return post([](TemplateWorker &w, quint64 ticket) { w.load(ticket); });
}

quint64 TemplateController::refresh()
{
    return post([](TemplateWorker &w, quint64 ticket) { w.refresh(ticket); });
}

quint64 TemplateController::create(const ImageTemplate &draft)
{
    return post([draft](TemplateWorker &w, quint64 ticket) { w.create(ticket, draft); });
}

quint64 TemplateController::update(const ImageTemplate &edited)
{
    return post([edited](TemplateWorker &w, quint64 ticket) { w.update(ticket, edited); });
}

quint64 TemplateController::remove(const QString &id)
{
    return post([id](TemplateWorker &w, quint64 ticket) { w.remove(ticket, id); });
}

quint64 TemplateController::checkName(const QString &name, const QString &exceptId)
{
    return post([name, exceptId](TemplateWorker &w, quint64 ticket) { w.checkName(ticket, name, exceptId); });
}

}  // namespace ib::ui

namespace ib::ui {

quint64 TemplateController::fetch(const QString &id)
{
    const quint64 ticket = m_nextTicket++;
    Store *store = &m_store;
    readInBackground(
        store, this, [store, id] { return store->templateById(id); },
        [this, ticket, id](Result<ImageTemplate> read) { emit fetched(ticket, id, read ? read.value() : ImageTemplate{}); });
    return ticket;
}

}  // namespace ib::ui
