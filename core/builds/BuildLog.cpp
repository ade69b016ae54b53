#include "builds/BuildLog.h"

#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "storage/Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <algorithm>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

namespace ib {

BuildLog::BuildLog(const QString &buildId, const QString &filePath, int tailLines, qint64 maxBytes)
    : m_path(filePath)
    , m_tailLines(tailLines)
    , m_maxBytes(std::max<qint64>(maxBytes, 1024))
{
    QDir().mkpath(QFileInfo(filePath).absolutePath());
    try {
        auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(filePath.toStdString(), false);
        m_logger = std::make_shared<spdlog::logger>("build-" + buildId.left(8).toStdString(), sink);
        m_logger->set_pattern("%v");
        m_logger->flush_on(spdlog::level::info);
    } catch (const spdlog::spdlog_ex &e) {
        logging::get("build")->error("cannot write the build log {}: {}", filePath.toStdString(), e.what());
    }
}

BuildLog::~BuildLog()
{
    finish();
}

void BuildLog::write(const QString &line)
{
    if (m_logger)
        m_logger->info(line.toStdString());
    QMutexLocker lock(&m_sinkMutex);
    if (m_store) {
        m_pending += line;
        m_pending += QLatin1Char('\n');
    }
}

void BuildLog::finish()
{
    std::deque<QString> held;
    qint64 omittedLines = 0;
    qint64 omittedBytes = 0;
    {
        QMutexLocker lock(&m_capMutex);
        if (m_finished)
            return;
        m_finished = true;
        held.swap(m_held);
        omittedLines = m_omittedLines;
        omittedBytes = m_omittedBytes;
    }
    if (omittedLines > 0)
        write(QStringLiteral("[... %1 lines (%2 KiB) left out here: a build's log keeps its first and last %3 KiB ...]")
                  .arg(omittedLines)
                  .arg(omittedBytes / 1024)
                  .arg(m_maxBytes / 2 / 1024));
    for (const auto &line : held)
        write(line);
    flush();
}

void BuildLog::append(const QString &source, const QString &text)
{
    const QString line =
        QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz")) + QStringLiteral(" [") + source + QStringLiteral("] ") + text;
    {
        QMutexLocker lock(&m_mutex);
        m_tail.push_back(line);
        while (static_cast<int>(m_tail.size()) > m_tailLines)
            m_tail.pop_front();
    }
    bool now = false;
    {
        QMutexLocker lock(&m_capMutex);
        const qint64 size = line.size() + 1;  // UTF-16 units: close to bytes for logs, and cheap
        if (m_finished) {
            // After the end: dropped from the file and the store (the live views see it).
        } else if (!m_holding && m_headBytes + size <= m_maxBytes / 2) {
            m_headBytes += size;
            now = true;
        } else {
            m_holding = true;
            m_held.push_back(line);
            m_heldBytes += size;
            while (m_heldBytes > m_maxBytes / 2 && m_held.size() > 1) {
                const qint64 dropped = m_held.front().size() + 1;
                m_heldBytes -= dropped;
                m_omittedBytes += dropped;
                ++m_omittedLines;
                m_held.pop_front();
            }
        }
    }
    if (now)
        write(line);
    writeChunk(false);
    emit lineAppended(line);
}

void BuildLog::setStoreSink(Store *store, const QString &buildId)
{
    writeChunk(true);
    QMutexLocker lock(&m_sinkMutex);
    m_store = store;
    m_sinkBuildId = buildId;
    m_sinceChunk.start();
}

void BuildLog::writeChunk(bool force)
{
    QMutexLocker lock(&m_sinkMutex);
    if (!m_store || m_pending.isEmpty())
        return;
    // After a failed write, the next try waits the interval whatever the size: a chatty
    // build would otherwise try the unreachable store at every line.
    if (!force && (m_pending.size() < StoreChunkBytes || m_sinkFailed) && m_sinceChunk.isValid() &&
        m_sinceChunk.elapsed() < StoreChunkIntervalMs)
        return;
    if (auto written = m_store->appendLogChunk(m_sinkBuildId, m_pending); !written) {
        // The file has every line; the store gets them with the next chunk.
        logging::get("build")->warn("cannot write the log of build {} to the store: {}", m_sinkBuildId.toStdString(),
                                    written.error().message.toStdString());
        if (m_pending.size() < 16 * StoreChunkBytes) {
            m_sinkFailed = true;
            m_sinceChunk.start();
            return;
        }
    }
    m_sinkFailed = false;
    m_pending.clear();
    m_sinceChunk.start();
}

QStringList BuildLog::tail() const
{
    QMutexLocker lock(&m_mutex);
    return QStringList(m_tail.begin(), m_tail.end());
}

QStringList BuildLog::lastLines(int count) const
{
    QMutexLocker lock(&m_mutex);
    const auto n = std::min<std::size_t>(m_tail.size(), static_cast<std::size_t>(std::max(count, 0)));
    return QStringList(m_tail.end() - static_cast<std::ptrdiff_t>(n), m_tail.end());
}

void BuildLog::flush()
{
    if (m_logger)
        m_logger->flush();
    writeChunk(true);
}

QString BuildLog::pathFor(const QString &buildsDirectory, const QString &buildId)
{
    if (!trusted::isBuildId(buildId))
        return {};
    return buildsDirectory + QLatin1Char('/') + buildId + QStringLiteral("/build.log");
}

QStringList BuildLog::readFile(const QString &path, int maxLines)
{
    if (!trusted::isRegularFile(path))
        return {
            QStringLiteral("(%1 is not a regular file; Image Builder reads logs only from regular files in its builds folder.)").arg(path)};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // Read only the end of a large log.
    constexpr qint64 maxBytes = 8LL * 1024 * 1024;
    if (file.size() > maxBytes)
        file.seek(file.size() - maxBytes);
    auto lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.size() > maxLines)
        lines = lines.mid(lines.size() - maxLines);
    return lines;
}

}  // namespace ib
