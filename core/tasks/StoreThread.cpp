#include "tasks/StoreThread.h"

#include "storage/Store.h"

#include <QHash>

namespace ib {

namespace {

// Made and read on the UI thread only.
QHash<const Store *, StoreThread *> &registry()
{
    static QHash<const Store *, StoreThread *> threads;
    return threads;
}

}  // namespace

StoreThread::StoreThread(Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_context(new QObject)
{
    m_thread.setObjectName(QStringLiteral("store"));
    m_context->moveToThread(&m_thread);
    // Before the thread ends, on the thread: its connection is closed by its own thread.
    connect(
        &m_thread, &QThread::finished, m_context, [this] { m_store.releaseThreadConnection(); }, Qt::DirectConnection);
    m_thread.start();
    // The first one made for a store serves it (a second, in a test, keeps its own jobs).
    registry().insert(&store, registry().value(&store, this));
}

StoreThread::~StoreThread()
{
    if (registry().value(&m_store) == this)
        registry().remove(&m_store);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

StoreThread *StoreThread::of(const Store *store)
{
    return store ? registry().value(store) : nullptr;
}

void StoreThread::post(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_context, std::move(job), Qt::QueuedConnection);
}

void StoreThread::deliver(std::function<void()> fn)
{
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

}  // namespace ib
