#pragma once

#include <QHash>
#include <QSortFilterProxyModel>

#include <memory>
#include <utility>

namespace ib::ui {

struct TemplateFacets;

// Keeps the rows of the template table whose name, OS or applications contain the filter
// text, ignoring case (Unicode case folding, so Korean and accented names match as typed).
// Sorting happens in TemplateTableModel, so a filter change never re-sorts 100k rows.
class TemplateFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateFilterProxyModel)

public:
    explicit TemplateFilterProxyModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    // Over a TemplateTableModel: sorts the model itself (see there); otherwise as usual.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QString filterText() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filter;  // case-folded
    // Whether the filter matches the OS and applications of rows sharing these facets
    // (held, so that no other facets take their address while the answer is kept).
    mutable QHash<const TemplateFacets *, std::pair<std::shared_ptr<const TemplateFacets>, bool>> m_facetMatches;
};

}  // namespace ib::ui
