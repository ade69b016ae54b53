#pragma once

#include "templates/ImageTemplate.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>

namespace ib {

class ApplicationCatalog;

enum class TemplateField { Name, Os, Applications, MinStorage, UserScript, Description, TestScript, BootTest };

enum class Severity { Error, Warning };

// A fix the user can accept with one click (or a CLI flag).
enum class SuggestedFix { None, ConvertCrlf };

// One rule's verdict about one field: a sentence that says what to change.
struct RuleMessage
{
    TemplateField field;
    Severity severity = Severity::Error;
    QString message;
    SuggestedFix fix = SuggestedFix::None;
};

using RuleMessages = QList<RuleMessage>;

// The seed's rules for image templates, one clear message per broken rule. Shared by the
// dialogs, the CLI and the store; nothing outside core re-implements them.
class TemplateRules final
{
    // The messages show next to the dialog's fields in the user's language; the CLI
    // installs no translator, so it prints them in English.
    Q_DECLARE_TR_FUNCTIONS(ib::TemplateRules)

public:
    static constexpr int MaxNameBytes = 255;
    static constexpr int MinStorageGb = 10;  // NHN Cloud's block storage range
    static constexpr int MaxStorageGb = 2000;
    static constexpr int MaxScriptBytes = 64 * 1024;
    static constexpr int MaxDescriptionChars = 255;

    // True when another template (not the one being edited) already has this name.
    using NameTaken = std::function<bool(const QString &name)>;

    explicit TemplateRules(const ApplicationCatalog &catalog);

    RuleMessages checkName(const QString &name, const NameTaken &taken = {}) const;
    RuleMessages checkOs(const OsSpec &os) const;
    RuleMessages checkApplications(const OsSpec &os, const QStringList &applications) const;
    RuleMessages checkMinStorage(int gigabytes, const QStringList &applications) const;
    RuleMessages checkDescription(const QString &description) const;
    // The user script as text (what a template holds).
    static RuleMessages checkUserScript(const QString &script);
    // The user script as bytes from a file: also checks UTF-8 and NUL bytes.
    static RuleMessages checkUserScriptBytes(const QByteArray &bytes);
    // The test script (issue 19): the user script's rules, reported for its own field.
    static RuleMessages checkTestScript(const QString &script);
    static RuleMessages checkTestScriptBytes(const QByteArray &bytes);

    // Every rule; errors and warnings, grouped by field in the order of the dialog.
    RuleMessages validate(const ImageTemplate &t, const NameTaken &taken = {}) const;

    // The largest minimum disk of the chosen applications, and never below MinStorageGb.
    int applicationsMinimumGb(const QStringList &applications) const;

    static int nameBytes(const QString &name) { return static_cast<int>(name.toUtf8().size()); }
    // Names are unique regardless of case (and of Unicode normalization).
    static QString nameKey(const QString &name);
    static bool hasErrors(const RuleMessages &messages);
    static QString fieldKey(TemplateField field);  // "name", "os", "minStorage", ...

private:
    const ApplicationCatalog &m_catalog;
};

}  // namespace ib
