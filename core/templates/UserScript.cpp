#include "templates/UserScript.h"

#include "platform/Process.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QStringDecoder>

namespace ib::userscript {

namespace {

const QStringList &shells()
{
    static const QStringList list{QStringLiteral("sh"), QStringLiteral("bash"), QStringLiteral("dash"), QStringLiteral("zsh"),
                                  QStringLiteral("ksh")};
    return list;
}

}  // namespace

QString defaultScript()
{
    return QStringLiteral("#!/bin/bash -e\n");
}

std::optional<QString> decode(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

QString convertCrlfToLf(const QString &script)
{
    // Every run of CRs before an LF goes, not just one: "\r\r\n" (a file converted to CRLF
    // twice) left "\r\n" behind after one pass, and the rule then still reported CRLF
    // after the user accepted the conversion (found by the user_script fuzz target). A CR
    // not followed by LF stays: it is not a line end.
    QString out;
    out.reserve(script.size());
    qsizetype pendingCr = 0;
    for (const QChar ch : script) {
        if (ch == QLatin1Char('\r')) {
            ++pendingCr;
            continue;
        }
        if (ch != QLatin1Char('\n'))
            out.append(QString(pendingCr, QLatin1Char('\r')));
        pendingCr = 0;
        out.append(ch);
    }
    out.append(QString(pendingCr, QLatin1Char('\r')));
    return out;
}

Shebang parseShebang(const QString &script)
{
    Shebang result;
    if (!script.startsWith(QLatin1String("#!")))
        return result;
    result.present = true;
    auto line = script.section(QLatin1Char('\n'), 0, 0).mid(2);
    if (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    const auto words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        return result;
    result.interpreter = words.first();
    auto program = QFileInfo(result.interpreter).fileName();
    if (program == QLatin1String("env")) {
        // "#!/usr/bin/env bash" and "#!/usr/bin/env -S bash -e"
        program.clear();
        for (qsizetype i = 1; i < words.size(); ++i) {
            if (words[i].startsWith(QLatin1Char('-')) || words[i].contains(QLatin1Char('=')))
                continue;
            program = QFileInfo(words[i]).fileName();
            break;
        }
    }
    if (shells().contains(program))
        result.shell = program;
    return result;
}

bool shellcheckAvailable()
{
    return !QStandardPaths::findExecutable(QStringLiteral("shellcheck")).isEmpty();
}

RuleMessages shellcheckWarnings(const QString &script, int timeoutMs)
{
    RuleMessages out;
    const auto shebang = parseShebang(script);
    if (shebang.shell.isEmpty() || !shellcheckAvailable())
        return out;
    // shellcheck knows sh, bash, dash and ksh; zsh scripts are not checked.
    if (shebang.shell == QLatin1String("zsh"))
        return out;

    platform::ProcessSpec spec;
    spec.program = QStringLiteral("shellcheck");
    spec.arguments = {QStringLiteral("--format=json1"), QStringLiteral("--shell=") + shebang.shell, QStringLiteral("-")};
    spec.input = convertCrlfToLf(script).toUtf8();
    spec.startTimeoutMs = timeoutMs;
    spec.timeoutMs = timeoutMs;
    const auto run = platform::runProcess(spec);
    if (run.outcome == platform::ProcessResult::Outcome::NotStarted)
        return out;
    if (run.outcome == platform::ProcessResult::Outcome::TimedOut) {
        out.append({TemplateField::UserScript, Severity::Warning,
                    QStringLiteral("shellcheck did not finish in time; the script was not checked.")});
        return out;
    }
    const auto doc = QJsonDocument::fromJson(run.standardOutput);
    for (const QJsonArray jsonItems = doc.object().value(QStringLiteral("comments")).toArray(); const auto &v : jsonItems) {
        const auto c = v.toObject();
        out.append({TemplateField::UserScript, Severity::Warning,
                    QStringLiteral("line %1: %2 (shellcheck SC%3)")
                        .arg(c.value(QStringLiteral("line")).toInt())
                        .arg(c.value(QStringLiteral("message")).toString())
                        .arg(c.value(QStringLiteral("code")).toInt())});
    }
    return out;
}

}  // namespace ib::userscript
