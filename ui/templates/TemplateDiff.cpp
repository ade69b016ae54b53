#include "templates/TemplateDiff.h"

#include "catalog/ApplicationCatalog.h"

namespace ib::ui {

namespace {

constexpr TemplateField AllFields[] = {TemplateField::Name,       TemplateField::Os,         TemplateField::Applications,
                                       TemplateField::MinStorage, TemplateField::UserScript, TemplateField::Description,
                                       TemplateField::TestScript, TemplateField::BootTest};

QString shortened(const QString &text)
{
    constexpr int Max = 60;
    QString line = text;
    line.replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 "));
    return line.size() > Max ? line.left(Max) + QStringLiteral("\u2026") : line;
}

}  // namespace

QString TemplateDiff::fieldLabel(TemplateField field)
{
    switch (field) {
    case TemplateField::Name:
        return tr("Name");
    case TemplateField::Os:
        return tr("OS");
    case TemplateField::Applications:
        return tr("Applications");
    case TemplateField::MinStorage:
        return tr("Minimum block storage");
    case TemplateField::UserScript:
        return tr("User script");
    case TemplateField::Description:
        return tr("Description");
    case TemplateField::TestScript:
        return tr("Test script");
    case TemplateField::BootTest:
        return tr("Boot test");
    }
    return {};
}

QString TemplateDiff::valueText(TemplateField field, const ImageTemplate &t, const ApplicationCatalog &catalog)
{
    switch (field) {
    case TemplateField::Name:
        return t.name;
    case TemplateField::Os: {
        const auto *os = catalog.findOs(t.os.key());
        return os ? os->name : t.os.key();
    }
    case TemplateField::Applications: {
        if (t.applications.isEmpty())
            return tr("(none)");
        QStringList names;
        for (const auto &id : t.applications) {
            const auto *app = catalog.findApp(id);
            names.append(app ? app->name : id);
        }
        return names.join(QStringLiteral(", "));
    }
    case TemplateField::MinStorage:
        return tr("%1 GB").arg(t.minStorageGb);
    case TemplateField::UserScript:
    case TemplateField::TestScript: {
        const auto &script = field == TemplateField::UserScript ? t.userScript : t.testScript;
        if (script.isEmpty())
            return tr("(none)");
        const auto lines = script.count(QLatin1Char('\n')) + (script.endsWith(QLatin1Char('\n')) ? 0 : 1);
        return lines == 1 ? tr("1 line") : tr("%1 lines").arg(lines);
    }
    case TemplateField::Description:
        return t.description.isEmpty() ? tr("(none)") : t.description;
    case TemplateField::BootTest:
        return t.bootTest ? tr("on") : tr("off");
    }
    return {};
}

QList<FieldDifference> TemplateDiff::compare(const ImageTemplate &base, const ImageTemplate &theirs, const ImageTemplate &yours,
                                             const ApplicationCatalog &catalog)
{
    auto raw = [](TemplateField field, const ImageTemplate &t) -> QString {
        switch (field) {
        case TemplateField::Name:
            return t.name;
        case TemplateField::Os:
            return t.os.type + QLatin1Char('/') + t.os.key();
        case TemplateField::Applications:
            return t.applications.join(QLatin1Char(','));
        case TemplateField::MinStorage:
            return QString::number(t.minStorageGb);
        case TemplateField::UserScript:
            return t.userScript;
        case TemplateField::Description:
            return t.description;
        case TemplateField::TestScript:
            return t.testScript;
        case TemplateField::BootTest:
            return t.bootTest ? QStringLiteral("1") : QStringLiteral("0");
        }
        return {};
    };
    QList<FieldDifference> out;
    for (const auto field : AllFields) {
        const auto b = raw(field, base);
        const auto th = raw(field, theirs);
        const auto yo = raw(field, yours);
        if (th == yo)
            continue;
        FieldDifference d{field,
                          fieldLabel(field),
                          valueText(field, base, catalog),
                          valueText(field, theirs, catalog),
                          valueText(field, yours, catalog),
                          th != b,
                          yo != b};
        if ((field == TemplateField::UserScript || field == TemplateField::TestScript) && d.theirs == d.yours) {
            // Same length, different text: say that rather than show two equal summaries.
            d.theirs = tr("%1 (their text)").arg(d.theirs);
            d.yours = tr("%1 (your text)").arg(d.yours);
        }
        out.append(d);
    }
    return out;
}

QString TemplateDiff::describe(const FieldDifference &d)
{
    const auto theirs = shortened(d.theirs);
    const auto yours = shortened(d.yours);
    if (d.theyChanged && d.youChanged)
        return tr("%1: they changed it to \u201c%2\u201d; you changed it to \u201c%3\u201d.").arg(d.label, theirs, yours);
    if (d.theyChanged)
        return tr("%1: they changed it to \u201c%2\u201d; you left it as \u201c%3\u201d.").arg(d.label, theirs, yours);
    return tr("%1: you changed it to \u201c%2\u201d; they left it as \u201c%3\u201d.").arg(d.label, yours, theirs);
}

}  // namespace ib::ui
