#include "templates/TemplateRow.h"

#include "catalog/ApplicationCatalog.h"
#include "templates/TemplateRules.h"
#include "util/DisplayTime.h"

#include <QStringList>

namespace ib::ui {

namespace {

std::shared_ptr<const TemplateFacets> makeFacets(const ImageTemplate &t, const ApplicationCatalog &catalog)
{
    auto facets = std::make_shared<TemplateFacets>();
    facets->osKey = t.os.key();
    facets->osType = t.os.type;
    const auto *os = catalog.findOs(facets->osKey);
    facets->osName = os ? os->name : t.os.distro + QLatin1Char(' ') + t.os.version;
    facets->applications = t.applications;
    QStringList names;
    QStringList tips;
    names.reserve(t.applications.size());
    for (const auto &id : t.applications) {
        const auto *app = catalog.findApp(id);
        const QString name = app ? app->name : id;
        names.append(name);
        const QString version = app ? app->versionFor(facets->osKey) : QString();
        tips.append(version.isEmpty() ? name : name + QLatin1Char(' ') + version);
    }
    facets->applicationNames = names.join(QStringLiteral(", "));
    facets->applicationsTip = tips.join(QLatin1Char('\n'));
    facets->searchText = TemplateRules::nameKey(facets->osName + QLatin1Char('\n') + facets->applicationNames);
    return facets;
}

}  // namespace

std::shared_ptr<const TemplateFacets> TemplateRow::FacetCache::facetsFor(const ImageTemplate &t, const ApplicationCatalog &catalog)
{
    const QString key = t.os.type + QLatin1Char('\n') + t.os.key() + QLatin1Char('\n') + t.applications.join(QLatin1Char('\n'));
    if (const auto known = m_byChoice.constFind(key); known != m_byChoice.cend())
        return *known;
    auto facets = makeFacets(t, catalog);
    m_byChoice.insert(key, facets);
    return facets;
}

QString TemplateRow::updatedText() const
{
    return displayDateTime(QDateTime::fromMSecsSinceEpoch(updatedMs));
}

ImageTemplate TemplateRow::summary() const
{
    ImageTemplate t;
    t.id = id;
    t.name = name;
    const auto colon = facets->osKey.indexOf(QLatin1Char(':'));
    t.os = {facets->osType, facets->osKey.left(colon), facets->osKey.mid(colon + 1)};
    t.applications = facets->applications;
    t.minStorageGb = minStorageGb;
    t.description = description;
    t.revision = revision;
    t.updatedAt = QDateTime::fromMSecsSinceEpoch(updatedMs, Qt::UTC);
    return t;
}

TemplateRow TemplateRow::from(const ImageTemplate &t, const ApplicationCatalog &catalog, FacetCache *cache)
{
    TemplateRow row;
    row.id = t.id;
    row.name = t.name;
    row.nameSortKey = TemplateRules::nameKey(t.name);
    if (row.nameSortKey == row.name)
        row.nameSortKey = row.name;  // one copy of the text
    row.description = t.description;
    row.facets = cache ? cache->facetsFor(t, catalog) : makeFacets(t, catalog);
    row.updatedMs = t.updatedAt.toMSecsSinceEpoch();
    row.minStorageGb = t.minStorageGb;
    row.revision = t.revision;
    return row;
}

}  // namespace ib::ui
