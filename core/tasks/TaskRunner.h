#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>

namespace ib {

class Store;

// The one runner of slow work off the calling thread (issue 17): a build, a cloud sign-in
// or listing, an upload, making or importing a base image, a store copy. At most
// `maxThreads` tasks run at once (more wait their turn); threads are kept for a while and
// reused. A task that reads or writes `store` gets the calling thread's rules for it:
// the store stays open until the task has ended (Store::Use), and the task's store
// connection is closed on its own thread before the thread serves the next task (QtSql's
// rule: one connection per thread; a pooled thread outlives its task).
//
// Quick store reads do not come here: they queue on the one StoreThread instead.
//
// The destructor waits for the tasks still running; a task that may run long must watch
// a cancel flag its owner sets first (BuildRunner::cancel, the dialogs' cancel buttons).
class TaskRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskRunner)

public:
    TaskRunner(const QString &name, int maxThreads, QObject *parent = nullptr);
    ~TaskRunner() override;

    // Runs `work` on one of the runner's threads, named `threadName` while it runs (empty:
    // the runner's name). `store` may be null (work that touches no store).
    void start(Store *store, std::function<void()> work, const QString &threadName = {});
    // Waits until every task started so far has ended.
    void waitForDone();
    // For tasks started from now on; those running go on.
    void setMaxThreads(int maxThreads);
    int activeCount() const;

private:
    QThreadPool m_pool;
};

}  // namespace ib
