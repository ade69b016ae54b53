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
    invalidateFilter();
}

bool TemplateFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter.isEmpty())
        return true;
    if (const auto *templates = qobject_cast<const TemplateTableModel *>(sourceModel())) {
        const auto *row = templates->rowAt(sourceRow);
        return row && row->searchText.contains(m_filter);
    }
    const auto index = sourceModel()->index(sourceRow, 0, sourceParent);
    return sourceModel()->data(index, TemplateTableModel::SearchRole).toString().contains(m_filter);
}

bool TemplateFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto *templates = qobject_cast<const TemplateTableModel *>(sourceModel());
    const auto *a = templates ? templates->rowAt(left.row()) : nullptr;
    const auto *b = templates ? templates->rowAt(right.row()) : nullptr;
    if (!a || !b || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);
    using Column = TemplateTableModel::Column;
    int order = 0;
    switch (static_cast<Column>(left.column())) {
    case Column::Name: order = a->nameSortKey.compare(b->nameSortKey); break;
    case Column::Os: order = a->osName.compare(b->osName); break;
    case Column::Applications: order = a->applicationNames.compare(b->applicationNames); break;
    case Column::MinStorage: order = a->t.minStorageGb - b->t.minStorageGb; break;
    case Column::LastBuild: order = a->lastBuild.compare(b->lastBuild); break;
    case Column::Updated: order = a->t.updatedAt < b->t.updatedAt ? -1 : (b->t.updatedAt < a->t.updatedAt ? 1 : 0); break;
    case Column::Count: break;
    }
    // Ties by name, so equal values keep a stable, meaningful order.
    return order != 0 ? order < 0 : a->nameSortKey < b->nameSortKey;
}

}  // namespace ib::ui
