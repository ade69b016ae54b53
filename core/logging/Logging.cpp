#include "logging/Logging.h"

#include <QDir>
#include <QStandardPaths>
#include <QtGlobal>

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ib::logging {

namespace {

// Replaces registered secrets before a message reaches any real sink.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    void addSink(spdlog::sink_ptr sink) { m_sinks.push_back(std::move(sink)); }

    void addSecret(std::string secret)
    {
        std::lock_guard lock(mutex_);
        if (secret.size() >= 4)  // shorter ones would redact ordinary words
            m_secrets.insert(std::move(secret));
    }

    void removeSecret(const std::string &secret)
    {
        std::lock_guard lock(mutex_);
        m_secrets.erase(secret);
    }

    // For text that never passed through the log (Save Diagnostics): the same replacement.
    std::string redact(std::string text)
    {
        std::lock_guard lock(mutex_);
        redactLocked(text);
        return text;
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        std::string text(msg.payload.data(), msg.payload.size());
        redactLocked(text);
        spdlog::details::log_msg copy(msg);
        copy.payload = text;
        for (auto &sink : m_sinks) {
            if (sink->should_log(copy.level))
                sink->log(copy);
        }
    }

    void flush_() override
    {
        for (auto &sink : m_sinks)
            sink->flush();
    }

private:
    void redactLocked(std::string &text) const
    {
        for (const auto &secret : m_secrets) {
            for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
                text.replace(pos, secret.size(), "[REDACTED]");
        }
    }

    std::vector<spdlog::sink_ptr> m_sinks;
    std::set<std::string, std::greater<>> m_secrets;  // longest-first is not needed: distinct secrets
};

struct State
{
    std::mutex mutex;
    std::shared_ptr<RedactingSink> sink;
    QString filePath;
    bool initialised = false;
};

State &state()
{
    static State s;
    return s;
}

// In tests, Qt Test's own handler (installed before ours) still sees warnings, so that
// QTest::failOnWarning and QTest::ignoreMessage work on what the code under test says.
QtMessageHandler g_testHandler = nullptr;

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_testHandler && (type == QtWarningMsg || type == QtCriticalMsg))
        g_testHandler(type, context, message);
    auto logger = get("qt");
    const std::string text = message.toStdString();
    const char *category = context.category ? context.category : "default";
    switch (type) {
    case QtDebugMsg:
        logger->debug("[{}] {}", category, text);
        break;
    case QtInfoMsg:
        logger->info("[{}] {}", category, text);
        break;
    case QtWarningMsg:
        logger->warn("[{}] {}", category, text);
        break;
    case QtCriticalMsg:
        logger->error("[{}] {}", category, text);
        break;
    case QtFatalMsg:
        logger->critical("[{}] {}", category, text);
        logger->flush();
        std::abort();
    }
}

std::shared_ptr<RedactingSink> ensureSink()
{
    auto &s = state();
    std::lock_guard lock(s.mutex);
    if (!s.sink)
        s.sink = std::make_shared<RedactingSink>();
    return s.sink;
}

}  // namespace

void init(Target target, const QString &logDirectory)
{
    auto &s = state();
    auto sink = ensureSink();
    {
        std::lock_guard lock(s.mutex);
        if (s.initialised)
            return;
        s.initialised = true;

        if (target != Target::Tests) {
            QString dir = logDirectory;
            if (dir.isEmpty())
                dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/logs");
            QDir().mkpath(dir);
            s.filePath = dir + QStringLiteral("/imagebuilder.log");
            try {
                auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(s.filePath.toStdString(), 5 * 1024 * 1024, 3);
                file->set_level(spdlog::level::debug);
                sink->addSink(file);
            } catch (const spdlog::spdlog_ex &e) {
                // No log file is no reason not to start; say so on stderr.
                auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
                sink->addSink(err);
                s.filePath.clear();
                fprintf(stderr, "imagebuilder: cannot write the log file: %s\n", e.what());
            }
        }
        if (target == Target::Cli || target == Target::Tests) {
            auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
            err->set_level(target == Target::Cli ? spdlog::level::warn : spdlog::level::info);
            err->set_pattern(target == Target::Cli ? "%n: %v" : "[%H:%M:%S.%e] [%n] [%l] %v");
            sink->addSink(err);
        }
    }
    sink->set_level(spdlog::level::debug);
    spdlog::flush_every(std::chrono::seconds(2));
    spdlog::flush_on(spdlog::level::warn);
    const QtMessageHandler previous = qInstallMessageHandler(qtMessageHandler);
    if (target == Target::Tests && previous != qtMessageHandler)
        g_testHandler = previous;
    get("app")->info("Image Builder started; log file: {}", s.filePath.toStdString());
}

std::shared_ptr<spdlog::logger> get(const char *name)
{
    if (auto existing = spdlog::get(name))
        return existing;
    auto sink = ensureSink();
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(spdlog::level::debug);
    try {
        spdlog::register_logger(logger);
    } catch (const spdlog::spdlog_ex &) {
        // Another thread registered it first.
        if (auto existing = spdlog::get(name))
            return existing;
    }
    return logger;
}

void registerSecret(const QString &secret)
{
    if (!secret.isEmpty())
        ensureSink()->addSecret(secret.toStdString());
}

void forgetSecret(const QString &secret)
{
    ensureSink()->removeSecret(secret.toStdString());
}

std::string redact(std::string text)
{
    return ensureSink()->redact(std::move(text));
}

QString logFilePath()
{
    auto &s = state();
    std::lock_guard lock(s.mutex);
    return s.filePath;
}

}  // namespace ib::logging
