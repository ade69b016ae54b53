#pragma once

#include <QObject>
#include <QThread>

#include <functional>

namespace ib {

class Store;

// The one long-lived thread for quick store work, with the one store connection it keeps
// (QtSql's rule: a connection per thread). In the desktop app every quick read of the UI
// (readInBackground), the template worker's loads and saves and BuildService's cancel
// polls run here, one at a time, in the order asked. On a PostgreSQL team store that is
// one session for the window's whole life, where a thread per read cost a TCP connect and
// a sign-in each.
//
// Slow work (a build, a cloud sign-in, an upload, making a base image) does not belong
// here: it would hold up every read behind it. It runs as a task (TaskRunner).
//
// Made and destroyed on the UI thread, before the store closes; the destructor lets the
// job in progress finish, drops the ones still queued and closes the connection.
class StoreThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreThread)

public:
    explicit StoreThread(Store &store, QObject *parent = nullptr);
    ~StoreThread() override;

    // The store thread serving `store`, or null when none was made (a dialog or panel on
    // its own in a test: readInBackground then runs the read on a short-lived thread).
    static StoreThread *of(const Store *store);

    Store &store() const { return m_store; }
    // The thread itself: for a worker QObject that lives there (moveToThread).
    QThread *thread() { return &m_thread; }
    // Runs `job` on the thread, after the jobs posted before it.
    void post(std::function<void()> job);
    // Runs `fn` on the UI thread (this object's), unless this object is gone by then.
    void deliver(std::function<void()> fn);

private:
    Store &m_store;
    QThread m_thread;
    QObject *m_context;  // lives on m_thread: the jobs' receiver
};

}  // namespace ib
