#pragma once

#include <QString>

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace ib::logging {

enum class Target {
    GuiApp,  // rotating file in the app's data folder
    Cli,     // rotating file, and warnings and errors on stderr
    Tests,   // stderr only, so test output shows what went wrong
};

// Sets up spdlog once: the named loggers (app, build, ssh, db, cloud, ui) share one set
// of sinks, and Qt's own messages (qDebug, qWarning) are bridged into the "qt" logger.
// Safe to call more than once; the first call wins.
void init(Target target, const QString &logDirectory = {});

// The logger of that name, created on first use with the shared sinks.
std::shared_ptr<spdlog::logger> get(const char *name);

// Never logged in clear: every message that contains the secret is written with
// "[REDACTED]" in its place. Passwords, tokens and private keys are registered as soon
// as they are known.
void registerSecret(const QString &secret);
void forgetSecret(const QString &secret);
// `text` with every registered secret replaced, as the log would write it.
std::string redact(std::string text);

// Where the rotating log file lives (empty for Target::Tests).
QString logFilePath();

}  // namespace ib::logging
