#include "tasks/TaskRunner.h"

#include "storage/Store.h"

#include <QThread>

#include <memory>

namespace ib {

TaskRunner::TaskRunner(const QString &name, int maxThreads, QObject *parent)
    : QObject(parent)
{
    setObjectName(name);
    m_pool.setObjectName(name);
    m_pool.setMaxThreadCount(maxThreads);
}

TaskRunner::~TaskRunner()
{
    waitForDone();
}

void TaskRunner::start(Store *store, std::function<void()> work, const QString &threadName)
{
    // Taken here, on the calling thread: the store cannot close until the work is done.
    auto use = store ? std::make_shared<Store::Use>(*store) : nullptr;
    const QString name = threadName.isEmpty() ? objectName() : threadName;
    m_pool.start([store, use, name, work = std::move(work)]() mutable {
        QThread::currentThread()->setObjectName(name);
        work();
        work = nullptr;  // what the work holds goes before the store may close
        if (store)
            store->releaseThreadConnection();
        use.reset();
    });
}

void TaskRunner::waitForDone()
{
    m_pool.waitForDone();
}

void TaskRunner::setMaxThreads(int maxThreads)
{
    m_pool.setMaxThreadCount(maxThreads);
}

int TaskRunner::activeCount() const
{
    return m_pool.activeThreadCount();
}

}  // namespace ib
