#pragma once

#include "storage/Store.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <optional>
#include <type_traits>

namespace ib::ui {

// Runs `work` on a short-lived thread and hands its result to `done` on the thread of
// `context` (the UI), unless `context` is gone by then. The thread closes its own store
// connection before it ends (QtSql's rule: one connection per thread), and the store
// waits for it before it closes (Store::Use). For the few
// store reads and file reads the UI must not wait for.
template <typename Work, typename Done>
void runInBackground(Store *store, QObject *context, Work work, Done done)
{
    using R = std::invoke_result_t<Work &>;
    auto result = std::make_shared<std::optional<R>>();
    // Taken here, on the store's thread: the store cannot close until the work is done.
    auto use = store ? std::make_unique<Store::Use>(*store) : nullptr;
    QThread *thread = QThread::create([store, result, use = std::move(use), work = std::move(work)]() mutable {
        result->emplace(work());
        if (store)
            store->releaseThreadConnection();
        use.reset();
    });
    QObject::connect(thread, &QThread::finished, context, [result, done = std::move(done)]() mutable { done(std::move(**result)); });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

}  // namespace ib::ui
