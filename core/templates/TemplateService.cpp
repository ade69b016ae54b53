#include "templates/TemplateService.h"

#include "storage/Store.h"

namespace ib {

namespace {

TemplateError fromStoreError(const Error &e)
{
    return TemplateError{e.kind, e.message, {}, std::nullopt};
}

}  // namespace

TemplateService::TemplateService(Store &store, const ApplicationCatalog &catalog)
    : m_store(store)
    , m_rules(catalog)
{}

RuleMessages TemplateService::validate(const ImageTemplate &t) const
{
    const auto taken = [&](const QString &name) {
        auto r = m_store.nameTaken(name, t.id);
        return r.ok() && r.value();
    };
    return m_rules.validate(t, taken);
}

Result<ImageTemplate, TemplateError> TemplateService::create(const ImageTemplate &draft)
{
    ImageTemplate t = draft;
    t.id.clear();
    const auto messages = validate(t);
    if (TemplateRules::hasErrors(messages))
        return TemplateError{ErrorKind::Invalid, QStringLiteral("The template breaks %1 rule(s).").arg(messages.size()), messages,
                             std::nullopt};
    auto created = m_store.createTemplate(t);
    if (!created) {
        if (created.error().kind == ErrorKind::Conflict)  // the name, taken between check and save
            return TemplateError{ErrorKind::Invalid,
                                 created.error().message,
                                 {{TemplateField::Name, Severity::Error, created.error().message}},
                                 std::nullopt};
        return fromStoreError(created.error());
    }
    return std::move(created).value();
}

Result<ImageTemplate, TemplateError> TemplateService::update(const ImageTemplate &edited)
{
    auto current = m_store.templateById(edited.id);
    if (!current)
        return fromStoreError(current.error());
    if (current->revision != edited.revision) {
        return TemplateError{ErrorKind::Conflict,
                             QStringLiteral("\"%1\" was changed by someone else (now at revision %2, you edited revision %3); "
                                            "nothing was overwritten. Review their changes and apply yours again.")
                                 .arg(current->name)
                                 .arg(current->revision)
                                 .arg(edited.revision),
                             {},
                             current.value()};
    }
    const auto messages = validate(edited);
    if (TemplateRules::hasErrors(messages))
        return TemplateError{ErrorKind::Invalid, QStringLiteral("The template breaks %1 rule(s).").arg(messages.size()), messages,
                             std::nullopt};
    if (edited.sameContent(current.value()))
        return current.value();  // nothing changed: no new revision
    auto saved = m_store.updateTemplate(edited);
    if (!saved) {
        if (saved.error().kind == ErrorKind::Conflict) {
            auto now = m_store.templateById(edited.id);
            if (now && now->revision != edited.revision)
                return TemplateError{ErrorKind::Conflict, saved.error().message, {}, now.value()};
            return TemplateError{
                ErrorKind::Invalid, saved.error().message, {{TemplateField::Name, Severity::Error, saved.error().message}}, std::nullopt};
        }
        return fromStoreError(saved.error());
    }
    return std::move(saved).value();
}

Result<void, TemplateError> TemplateService::remove(const QString &id)
{
    if (auto removed = m_store.deleteTemplate(id); !removed)
        return fromStoreError(removed.error());
    return {};
}

}  // namespace ib
