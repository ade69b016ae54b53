#pragma once

#include "templates/TemplateRules.h"
#include "util/Result.h"

#include <optional>

namespace ib {

class ApplicationCatalog;
class Store;

// Why a save was refused: the broken rules, or a conflict with the revision now stored.
struct TemplateError
{
    ErrorKind kind = ErrorKind::Invalid;
    QString message;
    RuleMessages violations;               // kind == Invalid: one per broken rule
    std::optional<ImageTemplate> current;  // kind == Conflict: what the other side saved
};

// Saves templates through the rules: the one path the dialogs, the CLI and imports take.
class TemplateService final
{
public:
    TemplateService(Store &store, const ApplicationCatalog &catalog);

    // Every rule, with the store's answer to "is this name taken by another template".
    RuleMessages validate(const ImageTemplate &t) const;

    Result<ImageTemplate, TemplateError> create(const ImageTemplate &draft);
    // `edited.revision` is the revision the user started from.
    Result<ImageTemplate, TemplateError> update(const ImageTemplate &edited);
    Result<void, TemplateError> remove(const QString &id);

    const TemplateRules &rules() const { return m_rules; }

private:
    Store &m_store;
    TemplateRules m_rules;
};

}  // namespace ib
