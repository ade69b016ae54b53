#include "templates/TemplateRules.h"

#include "catalog/ApplicationCatalog.h"
#include "templates/UserScript.h"
#include "util/InertText.h"

#include <QSet>

namespace ib {

namespace {

RuleMessage error(TemplateField field, QString message, SuggestedFix fix = SuggestedFix::None)
{
    return RuleMessage{field, Severity::Error, std::move(message), fix};
}

QString describeCodePoint(char32_t c)
{
    switch (c) {
    case U'\n':
        return TemplateRules::tr("a line break");
    case U'\r':
        return TemplateRules::tr("a carriage return");
    case U'\t':
        return TemplateRules::tr("a tab");
    default:
        return TemplateRules::tr("the control character U+%1")
            .arg(QString::number(static_cast<uint>(c), 16).rightJustified(4, QLatin1Char('0')).toUpper());
    }
}

}  // namespace

TemplateRules::TemplateRules(const ApplicationCatalog &catalog)
    : m_catalog(catalog)
{}

QString TemplateRules::fieldKey(TemplateField field)
{
    switch (field) {
    case TemplateField::Name:
        return QStringLiteral("name");
    case TemplateField::Os:
        return QStringLiteral("os");
    case TemplateField::Applications:
        return QStringLiteral("applications");
    case TemplateField::MinStorage:
        return QStringLiteral("minStorage");
    case TemplateField::UserScript:
        return QStringLiteral("userScript");
    case TemplateField::Description:
        return QStringLiteral("description");
    case TemplateField::TestScript:
        return QStringLiteral("testScript");
    case TemplateField::BootTest:
        return QStringLiteral("bootTest");
    }
    return {};
}

QString TemplateRules::nameKey(const QString &name)
{
    return name.normalized(QString::NormalizationForm_C).toCaseFolded();
}

bool TemplateRules::hasErrors(const RuleMessages &messages)
{
    return std::any_of(messages.cbegin(), messages.cend(), [](const RuleMessage &m) { return m.severity == Severity::Error; });
}

RuleMessages TemplateRules::checkName(const QString &name, const NameTaken &taken) const
{
    RuleMessages out;
    if (name.isEmpty()) {
        out.append(error(TemplateField::Name, tr("Enter a name for the template.")));
        return out;
    }
    if (name.trimmed().isEmpty()) {
        out.append(error(TemplateField::Name, tr("The name cannot be only spaces; enter a name.")));
        return out;
    }
    const auto codePoints = name.toUcs4();
    for (qsizetype i = 0; i < codePoints.size(); ++i) {
        if (isRefusedInName(codePoints[i])) {
            out.append(error(TemplateField::Name, tr("The name contains %1 at character %2; remove it (a name is one line of text).")
                                                      .arg(describeCodePoint(codePoints[i]))
                                                      .arg(i + 1)));
            break;
        }
    }
    if (name.front().isSpace() || name.back().isSpace())
        out.append(error(TemplateField::Name, tr("Remove the spaces at the start or end of the name.")));
    const int bytes = nameBytes(name);
    if (bytes > MaxNameBytes) {
        out.append(error(TemplateField::Name,
                         tr("The name uses %1 of %2 bytes; shorten it by %3 bytes "
                            "(an English letter takes 1 byte, a Korean syllable 3: at most 255 English or 85 Korean characters).")
                             .arg(bytes)
                             .arg(MaxNameBytes)
                             .arg(bytes - MaxNameBytes)));
    }
    if (taken && taken(name))
        out.append(error(TemplateField::Name,
                         tr("A template named \"%1\" already exists (names are compared ignoring case); choose another name.").arg(name)));
    return out;
}

RuleMessages TemplateRules::checkOs(const OsSpec &os) const
{
    RuleMessages out;
    QStringList known;
    for (const auto &entry : m_catalog.operatingSystems())
        known.append(entry.key());
    if (os.type.compare(QLatin1String("linux"), Qt::CaseInsensitive) != 0) {
        out.append(error(TemplateField::Os, tr("Only Linux images can be built (OS type \"%1\" is not supported); choose one of: %2.")
                                                .arg(os.type, known.join(QStringLiteral(", ")))));
        return out;
    }
    if (os.distro.isEmpty() || os.version.isEmpty()) {
        out.append(error(TemplateField::Os, tr("Choose an OS distribution and version: %1.").arg(known.join(QStringLiteral(", ")))));
        return out;
    }
    if (!m_catalog.findOs(os.distro, os.version)) {
        out.append(
            error(TemplateField::Os,
                  tr("%1 %2 is not in the OS catalog; choose one of: %3.").arg(os.distro, os.version, known.join(QStringLiteral(", ")))));
    }
    return out;
}

RuleMessages TemplateRules::checkApplications(const OsSpec &os, const QStringList &applications) const
{
    RuleMessages out;
    const auto *osEntry = m_catalog.findOs(os.distro, os.version);
    QSet<QString> seen;
    QList<const Application *> chosen;
    for (const auto &id : applications) {
        const auto *app = m_catalog.findApp(id);
        if (!app) {
            out.append(error(TemplateField::Applications, tr("\"%1\" is not in the application catalog; remove it.").arg(id)));
            continue;
        }
        if (seen.contains(id)) {
            out.append(error(TemplateField::Applications, tr("%1 is chosen twice; choose it once.").arg(app->name)));
            continue;
        }
        seen.insert(id);
        chosen.append(app);
        if (osEntry && !app->supportsOs(osEntry->key())) {
            QStringList where;
            for (const auto &s : app->supports) {
                if (const auto *o = m_catalog.findOs(s.osKey))
                    where.append(o->name);
            }
            out.append(error(TemplateField::Applications, tr("%1 is not available for %2; remove it or choose an OS it supports (%3).")
                                                              .arg(app->name, osEntry->name, where.join(QStringLiteral(", ")))));
        }
    }
    for (qsizetype i = 0; i < chosen.size(); ++i) {
        for (qsizetype j = i + 1; j < chosen.size(); ++j) {
            if (const auto conflict = m_catalog.conflictBetween(chosen[i]->id, chosen[j]->id)) {
                out.append(error(TemplateField::Applications,
                                 conflict->reason.isEmpty()
                                     ? tr("%1 and %2 cannot be chosen together; remove one of them.").arg(chosen[i]->name, chosen[j]->name)
                                     : tr("%1 and %2 cannot be chosen together (%3); remove one of them.")
                                           .arg(chosen[i]->name, chosen[j]->name, conflict->reason)));
            }
        }
    }
    return out;
}

int TemplateRules::applicationsMinimumGb(const QStringList &applications) const
{
    int minimum = MinStorageGb;
    for (const auto &id : applications) {
        if (const auto *app = m_catalog.findApp(id))
            minimum = std::max(minimum, app->minDiskGb);
    }
    return minimum;
}

RuleMessages TemplateRules::checkMinStorage(int gigabytes, const QStringList &applications) const
{
    RuleMessages out;
    if (gigabytes < MinStorageGb || gigabytes > MaxStorageGb) {
        out.append(error(TemplateField::MinStorage,
                         tr("Minimum block storage must be a whole number of GB from %1 to %2; %3 is outside that range.")
                             .arg(MinStorageGb)
                             .arg(MaxStorageGb)
                             .arg(gigabytes < 0 ? tr("the value given") : QString::number(gigabytes))));
        return out;
    }
    const Application *largest = nullptr;
    for (const auto &id : applications) {
        const auto *app = m_catalog.findApp(id);
        if (app && app->minDiskGb > gigabytes && (!largest || app->minDiskGb > largest->minDiskGb))
            largest = app;
    }
    if (largest) {
        out.append(error(TemplateField::MinStorage, tr("%1 needs at least %2 GB of block storage; raise the minimum to %2 GB or more.")
                                                        .arg(largest->name)
                                                        .arg(largest->minDiskGb)));
    }
    return out;
}

RuleMessages TemplateRules::checkDescription(const QString &description) const
{
    RuleMessages out;
    const auto characters = description.toUcs4().size();
    if (characters > MaxDescriptionChars) {
        out.append(error(TemplateField::Description, tr("The description has %1 characters; at most %2 are allowed, so shorten it by %3.")
                                                         .arg(characters)
                                                         .arg(MaxDescriptionChars)
                                                         .arg(characters - MaxDescriptionChars)));
    }
    if (description.contains(QChar(0)))
        out.append(error(TemplateField::Description, tr("The description contains a NUL character; remove it.")));
    return out;
}

RuleMessages TemplateRules::checkUserScriptBytes(const QByteArray &bytes)
{
    if (const auto text = userscript::decode(bytes))
        return checkUserScript(*text);
    if (const auto nul = bytes.indexOf('\0'); nul >= 0)
        return {error(TemplateField::UserScript, tr("The script contains a NUL byte at offset %1; it must be a text file.").arg(nul))};
    return {error(TemplateField::UserScript, tr("The script is not valid UTF-8; save it with UTF-8 encoding."))};
}

static RuleMessages asTestScript(RuleMessages messages)
{
    for (auto &m : messages)
        m.field = TemplateField::TestScript;
    return messages;
}

RuleMessages TemplateRules::checkTestScript(const QString &script)
{
    return asTestScript(checkUserScript(script));
}

RuleMessages TemplateRules::checkTestScriptBytes(const QByteArray &bytes)
{
    return asTestScript(checkUserScriptBytes(bytes));
}

RuleMessages TemplateRules::checkUserScript(const QString &script)
{
    RuleMessages out;
    if (script.isEmpty())
        return out;  // optional
    const auto bytes = script.toUtf8().size();
    if (bytes > MaxScriptBytes) {
        out.append(error(TemplateField::UserScript, tr("The script is %1 bytes; at most %2 bytes (64 KiB) are allowed. "
                                                       "Move large content to files the script downloads or builds.")
                                                        .arg(bytes)
                                                        .arg(MaxScriptBytes)));
    }
    if (script.contains(QChar(0))) {
        out.append(error(TemplateField::UserScript, tr("The script contains a NUL character; it must be text.")));
        return out;
    }
    if (script.startsWith(QChar(0xFEFF))) {
        out.append(error(TemplateField::UserScript,
                         tr("The script starts with a byte-order mark (BOM); remove it so line 1 starts with \"#!\".")));
        return out;
    }
    if (script.contains(QLatin1String("\r\n"))) {
        out.append(
            error(TemplateField::UserScript,
                  tr("The script has Windows (CRLF) line endings, which break the shebang and every command on Linux; convert them to LF."),
                  SuggestedFix::ConvertCrlf));
    }
    const auto shebang = userscript::parseShebang(script);
    if (!shebang.present) {
        const auto firstLine = script.section(QLatin1Char('\n'), 0, 0);
        if (firstLine.trimmed().isEmpty())
            out.append(error(TemplateField::UserScript, tr("Line 1 is blank; the shebang must be on line 1, e.g. \"#!/bin/bash -e\".")));
        else if (firstLine.trimmed().startsWith(QLatin1String("#!")))
            out.append(error(TemplateField::UserScript,
                             tr("Remove what stands before \"#!\" on line 1; the shebang must start at the first character.")));
        else
            out.append(error(TemplateField::UserScript, tr("Line 1 must be a shebang naming a shell, e.g. \"#!/bin/bash -e\".")));
        return out;
    }
    if (shebang.interpreter.isEmpty()) {
        out.append(error(TemplateField::UserScript, tr("The shebang names no interpreter; write e.g. \"#!/bin/bash -e\".")));
    } else if (!shebang.interpreter.startsWith(QLatin1Char('/'))) {
        out.append(
            error(TemplateField::UserScript,
                  tr("The shebang's interpreter \"%1\" must be an absolute path, e.g. \"#!/bin/bash -e\" or \"#!/usr/bin/env bash\".")
                      .arg(shebang.interpreter)));
    } else if (shebang.shell.isEmpty()) {
        out.append(error(
            TemplateField::UserScript,
            tr("User scripts must be shell scripts: the shebang names \"%1\"; use sh, bash, dash, zsh or ksh, e.g. \"#!/bin/bash -e\".")
                .arg(shebang.interpreter)));
    }
    return out;
}

RuleMessages TemplateRules::validate(const ImageTemplate &t, const NameTaken &taken) const
{
    RuleMessages out;
    out += checkName(t.name, taken);
    const auto os = checkOs(t.os);
    out += os;
    if (os.isEmpty())
        out += checkApplications(t.os, t.applications);
    out += checkMinStorage(t.minStorageGb, t.applications);
    out += checkUserScript(t.userScript);
    out += checkDescription(t.description);
    out += checkTestScript(t.testScript);
    return out;
}

}  // namespace ib
