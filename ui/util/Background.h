#pragma once

#include "storage/Store.h"
#include "tasks/StoreThread.h"
#include "tasks/TaskRunner.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <type_traits>

namespace ib::ui {

// The UI's task runner: at most MaxTasks at once (more wait their turn). Made on the UI
// thread at the first task; owned by the application object, which waits for its tasks.
TaskRunner &uiTasks();
constexpr int MaxTasks = 8;

// A task: runs `work` on the UI's TaskRunner and hands its result to `done` on the UI
// thread, unless `context` is gone by then. For slow work the UI must not wait for and the
// store thread must not queue behind (the network, a keychain, large files): a quick store
// read is readInBackground.
template <typename Work, typename Done>
void runInBackground(Store *store, QObject *context, Work work, Done done)
{
    using R = std::invoke_result_t<Work &>;
    TaskRunner *runner = &uiTasks();
    auto job = std::make_shared<std::pair<Work, Done>>(std::move(work), std::move(done));
    runner->start(store, [runner, job, guard = QPointer<QObject>(context)] {
        auto result = std::make_shared<R>(job->first());
        // Checked on the UI thread (the runner's), where `context` lives and dies.
        QMetaObject::invokeMethod(
            runner,
            [job, result, guard] {
                if (guard)
                    job->second(std::move(*result));
            },
            Qt::QueuedConnection);
    });
}

// A quick store read: runs `work` on the store's StoreThread, after the reads asked before
// it, and hands its result to `done` on the UI thread unless `context` is gone by then. The
// thread's one connection serves every read (on a team store: no new session per read).
// Without a StoreThread for `store` (a panel on its own in a test), a task as above.
template <typename Work, typename Done>
void readInBackground(Store *store, QObject *context, Work work, Done done)
{
    StoreThread *thread = StoreThread::of(store);
    if (!thread) {
        runInBackground(store, context, std::move(work), std::move(done));
        return;
    }
    using R = std::invoke_result_t<Work &>;
    // std::function wants copies; the work and the answer are moved once, through these.
    auto job = std::make_shared<std::pair<Work, Done>>(std::move(work), std::move(done));
    thread->post([thread, job, guard = QPointer<QObject>(context)] {
        auto result = std::make_shared<R>(job->first());
        // Checked on the UI thread, where `context` lives and dies.
        thread->deliver([job, result, guard] {
            if (guard)
                job->second(std::move(*result));
        });
    });
}

}  // namespace ib::ui
