#pragma once

#include <QDateTime>
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

// A build's log: every line goes to the build's own file (through spdlog) and into a
// bounded in-memory tail for live views. Thread-safe: the runner appends from its worker
// thread, views read the tail and listen to lineAppended from the UI thread.
class BuildLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLog)

public:
    static constexpr int DefaultTailLines = 5000;

    BuildLog(const QString &buildId, const QString &filePath, int tailLines = DefaultTailLines);
    ~BuildLog() override;

    // "12:00:01.234 [install] text"; `source` names the step or stream.
    void append(const QString &source, const QString &text);
    QStringList tail() const;
    // The last `count` lines; for the failure cause.
    QStringList lastLines(int count) const;
    QString filePath() const { return m_path; }
    void flush();

    // A finished build's log, read back from disk (the last maxLines lines).
    static QStringList readFile(const QString &path, int maxLines = DefaultTailLines);

signals:
    void lineAppended(const QString &line);

private:
    QString m_path;
    int m_tailLines;
    mutable QMutex m_mutex;
    std::deque<QString> m_tail;
    std::shared_ptr<spdlog::logger> m_logger;
};

}  // namespace ib
