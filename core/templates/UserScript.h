#pragma once

#include "templates/TemplateRules.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace ib::userscript {

// The default a new template's script starts from (the console's advice).
QString defaultScript();

// The script's bytes as text, keeping a byte-order mark (as U+FEFF) so the rules can
// report it; nothing when the bytes hold a NUL or are not valid UTF-8.
std::optional<QString> decode(const QByteArray &bytes);

// CRLF → LF, as offered when a script written on Windows is pasted or loaded.
QString convertCrlfToLf(const QString &script);

struct Shebang
{
    bool present = false;
    QString interpreter;  // "/bin/bash"
    QString shell;        // "bash" (through /usr/bin/env too), empty if not a shell
};

// Parses line 1; `present` only when it starts with "#!" at the very first byte.
Shebang parseShebang(const QString &script);

bool shellcheckAvailable();

// shellcheck's findings as warnings (never errors), when shellcheck is on the machine.
// Blocks up to `timeoutMs`: call it off the UI thread. Empty when shellcheck is missing,
// when the script has no shell shebang, or when it finds nothing.
RuleMessages shellcheckWarnings(const QString &script, int timeoutMs = 10000);

}  // namespace ib::userscript
