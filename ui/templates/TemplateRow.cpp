#include "templates/TemplateRow.h"

#include "catalog/ApplicationCatalog.h"
#include "templates/TemplateRules.h"

#include <QLocale>
#include <QStringList>

namespace ib::ui {

TemplateRow TemplateRow::from(const ImageTemplate &t, const ApplicationCatalog &catalog)
{
    TemplateRow row;
    row.t = t;
    const auto osKey = t.os.key();
    const auto *os = catalog.findOs(osKey);
    row.osName = os ? os->name : t.os.distro + QLatin1Char(' ') + t.os.version;

    QStringList names;
    QStringList tips;
    names.reserve(t.applications.size());
    for (const auto &id : t.applications) {
        const auto *app = catalog.findApp(id);
        const QString name = app ? app->name : id;
        names.append(name);
        const QString version = app ? app->versionFor(osKey) : QString();
        tips.append(version.isEmpty() ? name : name + QLatin1Char(' ') + version);
    }
    row.applicationNames = names.join(QStringLiteral(", "));
    row.applicationsTip = tips.join(QLatin1Char('\n'));
    row.updatedText = QLocale().toString(t.updatedAt.toLocalTime(), QLocale::ShortFormat);
    row.nameSortKey = TemplateRules::nameKey(t.name);
    row.searchText = TemplateRules::nameKey(t.name + QLatin1Char('\n') + row.osName + QLatin1Char('\n') + row.applicationNames);
    return row;
}

}  // namespace ib::ui
