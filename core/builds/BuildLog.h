#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

#include <deque>
#include <memory>

namespace spdlog {
class logger;
}

namespace ib {

class Store;

// A build's log: every line goes to the build's own file (through spdlog) and into a
// bounded in-memory tail for live views. Thread-safe: the runner appends from its worker
// thread, views read the tail and listen to lineAppended from the UI thread.
class BuildLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLog)

public:
    static constexpr int DefaultTailLines = 5000;
    // The store sink writes a chunk when this much time has passed since the last one...
    static constexpr int StoreChunkIntervalMs = 1000;
    // ...or this much text is waiting, whichever comes first (and at flush()).
    static constexpr qsizetype StoreChunkBytes = qsizetype{64} * 1024;

    // A build's log is bounded on disk and in the store alike: the first half of MaxBytes
    // is written as it comes, then the newest half is held back and written when the log
    // ends (finish(), or its destruction), after a line that says how much was left out.
    // A `yes` in a user script fills neither the disk nor a team's database.
    static constexpr qint64 DefaultMaxBytes = 16LL * 1024 * 1024;

    BuildLog(const QString &buildId, const QString &filePath, int tailLines = DefaultTailLines, qint64 maxBytes = DefaultMaxBytes);
    ~BuildLog() override;  // finish()

    // "12:00:01.234 [install] text"; `source` names the step or stream.
    void append(const QString &source, const QString &text);
    QStringList tail() const;
    // The last `count` lines; for the failure cause.
    QStringList lastLines(int count) const;
    QString filePath() const { return m_path; }
    // Also writes pending lines to the store sink, if any.
    void flush();
    // Writes what was held back (see DefaultMaxBytes) and flushes; later lines are dropped
    // from the file and the store. Idempotent.
    void finish();

    // Optional: also write the log to `store` as chunks (Store::appendLogChunk), so that
    // every member of a team store can read it while the build runs. Lines are batched
    // and a chunk is written from the thread that appends (the runner's: the Store gives
    // each thread its own connection) every StoreChunkIntervalMs or StoreChunkBytes.
    // `store` must outlive this log (or be unset with nullptr first).
    void setStoreSink(Store *store, const QString &buildId);

    // A finished build's log, read back from disk (the last maxLines lines). Only a regular
    // file is read (a device such as /dev/zero, a FIFO or a socket named by a shared row
    // would never end); anything else gives one line that says so.
    static QStringList readFile(const QString &path, int maxLines = DefaultTailLines);
    // Where the log of build `buildId` lives: derived from the builds folder and the id,
    // never taken from a stored row. Empty when `buildId` is not a build id (a UUID).
    static QString pathFor(const QString &buildsDirectory, const QString &buildId);

signals:
    void lineAppended(const QString &line);

private:
    QString m_path;
    int m_tailLines;
    mutable QMutex m_mutex;
    std::deque<QString> m_tail;

    // The bound (guarded by m_capMutex).
    QMutex m_capMutex;
    qint64 m_maxBytes;
    qint64 m_headBytes = 0;
    bool m_holding = false;
    bool m_finished = false;
    std::deque<QString> m_held;
    qint64 m_heldBytes = 0;
    qint64 m_omittedLines = 0;
    qint64 m_omittedBytes = 0;
    void write(const QString &line);
    std::shared_ptr<spdlog::logger> m_logger;

    // The store sink; m_sinkMutex also keeps chunks in order when two threads append.
    void writeChunk(bool force);
    QMutex m_sinkMutex;
    Store *m_store = nullptr;
    QString m_sinkBuildId;
    QString m_pending;
    QElapsedTimer m_sinceChunk;
    bool m_sinkFailed = false;
};

}  // namespace ib
