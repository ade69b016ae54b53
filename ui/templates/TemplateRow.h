#pragma once

#include "templates/ImageTemplate.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

// What the rows of one OS and application choice share: their display and search texts,
// made once per choice rather than once per row (100k rows have a few hundred choices).
struct TemplateFacets
{
    QString osKey;             // "debian:12"
    QString osType;            // "linux"
    QString osName;            // "Debian 12 (bookworm)"
    QStringList applications;  // catalog ids, in the order chosen
    QString applicationNames;  // "Nginx, Docker Engine"
    QString applicationsTip;   // one "Nginx 1.22" per line
    QString searchText;        // case-folded OS and application names, for the filter box
};

// One template as the table shows it: compact (no user script, the shared parts in
// TemplateFacets), so that 100k rows stay small; the full template is read from the store
// when one is selected. The texts are computed on the worker thread for a load, so that
// data() and the filter only read strings.
struct TemplateRow
{
    // Shares the facets of rows already made with the same OS and applications.
    class FacetCache
    {
    public:
        std::shared_ptr<const TemplateFacets> facetsFor(const ImageTemplate &t, const ApplicationCatalog &catalog);

    private:
        QHash<QString, std::shared_ptr<const TemplateFacets>> m_byChoice;
    };

    QString id;
    QString name;
    QString nameSortKey;  // case-folded name; shares the name's text when they are the same
    QString description;
    QString lastBuild;  // filled by the build engine; empty: no build yet
    std::shared_ptr<const TemplateFacets> facets;
    qint64 updatedMs = 0;  // since the epoch
    int minStorageGb = 0;
    int revision = 0;

    const QString &osKey() const { return facets->osKey; }
    const QString &osName() const { return facets->osName; }
    const QStringList &applications() const { return facets->applications; }
    // Local time, short format.
    QString updatedText() const;
    // Whether the name, OS or applications contain `folded` (TemplateRules::nameKey).
    bool matches(const QString &folded) const { return nameSortKey.contains(folded) || facets->searchText.contains(folded); }
    // The template without what a row does not keep (the user script, the creation time):
    // enough for the Build Image dialog and for the details shown until the rest is read.
    ImageTemplate summary() const;

    static TemplateRow from(const ImageTemplate &t, const ApplicationCatalog &catalog, FacetCache *cache = nullptr);
};

}  // namespace ib::ui

Q_DECLARE_TYPEINFO(ib::ui::TemplateRow, Q_RELOCATABLE_TYPE);
