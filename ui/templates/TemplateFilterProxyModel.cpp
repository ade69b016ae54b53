#include "templates/TemplateFilterProxyModel.h"

#include "templates/TemplateRules.h"
#include "templates/TemplateTableModel.h"

namespace ib::ui {

TemplateFilterProxyModel::TemplateFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TemplateTableModel::SortRole);
    setDynamicSortFilter(true);
}

void TemplateFilterProxyModel::setFilterText(const QString &text)
{
    const auto folded = TemplateRules::nameKey(text.trimmed());
    if (folded == m_filter)
        return;
    m_filter = folded;
    m_facetMatches.clear();
    // One rebuild in the model's (sorted) order and one layout change: an incremental
    // update would announce every run of rows that came or went, thousands at 100k rows.
    invalidate();
}

bool TemplateFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter.isEmpty())
        return true;
    if (const auto *templates = qobject_cast<const TemplateTableModel *>(sourceModel())) {
        const auto *row = templates->rowAt(sourceRow);
        if (!row)
            return false;
        if (row->nameSortKey.contains(m_filter))
            return true;
        // The OS and application texts are shared by many rows: each is searched once.
        const auto *facets = row->facets.get();
        if (const auto known = m_facetMatches.constFind(facets); known != m_facetMatches.cend())
            return known->second;
        const bool matches = facets->searchText.contains(m_filter);
        m_facetMatches.insert(facets, {row->facets, matches});
        return matches;
    }
    const auto index = sourceModel()->index(sourceRow, 0, sourceParent);
    return sourceModel()->data(index, TemplateTableModel::SearchRole).toString().contains(m_filter);
}

void TemplateFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (auto *templates = qobject_cast<TemplateTableModel *>(sourceModel())) {
        // The rows are sorted in the model; this proxy keeps its order and only filters.
        templates->sort(column, order);
        return;
    }
    QSortFilterProxyModel::sort(column, order);
}

}  // namespace ib::ui
