#pragma once

#include "templates/TemplateRow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

#include <functional>

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

// The image templates as a table, kept sorted here (sort()): at 100k rows sorting in a
// QSortFilterProxyModel made every filter change re-sort everything, so the proxy on top
// (TemplateFilterProxyModel) only filters. Created, updated and deleted templates change
// one row each (a row whose sort key changed moves); changes to existing rows within one
// event-loop turn are announced with one dataChanged.
class TemplateTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateTableModel)

public:
    enum class Column { Name, Os, Applications, MinStorage, LastBuild, Updated, Count };
    enum Role {
        SortRole = Qt::UserRole + 1,
        IdRole,
        SearchRole,
    };

    explicit TemplateTableModel(const ApplicationCatalog &catalog, QObject *parent = nullptr);
    ~TemplateTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Whether row a comes before row b in the current order.
    bool before(const TemplateRow &a, const TemplateRow &b) const;

    // Replaces everything (the first page of a load).
    void setRows(QList<TemplateRow> rows);
    // Adds the further pages of a load: one insertion per page. Rows already known (a save
    // that arrived while the load ran) are updated instead.
    void appendRows(const QList<TemplateRow> &rows);
    // Changes made elsewhere: rows updated in place or added, and rows removed, keeping
    // every other row (and so the view's selection and scroll position).
    void applyChanges(const QList<TemplateRow> &changed, const QStringList &removed);
    // Inserts a new template or updates the row of a known one.
    void upsert(const ImageTemplate &t);
    void remove(const QString &id);
    // For the build engine: the last build's state as the table should show it.
    void setLastBuild(const QString &id, const QString &state);
    // How many of the template's builds ended unseen (UnseenResults): its last build's cell
    // is marked (bold, a dot after the words, said in the tooltip) while it is above 0.
    void setUnseen(const QString &id, int count);

    int rowOf(const QString &id) const;
    const TemplateRow *rowAt(int row) const;
    const TemplateRow *rowById(const QString &id) const;

    // Announces pending row changes now instead of at the end of the event-loop turn.
    void flushChanges();

private:
    QVariant displayText(const TemplateRow &row, Column column) const;
    QVariant toolTip(const TemplateRow &row, Column column) const;
    static QVariant sortKey(const TemplateRow &row, Column column);
    QHash<QString, int> m_unseen;  // by template id; kept for rows not loaded yet
    void upsertRow(TemplateRow row);
    // Rows [0, first) and [first, end) are each in order: merges them into one order.
    void mergeFrom(int first);
    void rearrange(const std::function<void()> &reorder);
    int insertionPoint(const TemplateRow &row) const;
    void insertAt(int at, TemplateRow row);
    void markChanged(int row);
    void reindexFrom(int row);

    const ApplicationCatalog &m_catalog;
    QList<TemplateRow> m_rows;
    QHash<QString, int> m_rowOfId;
    int m_sortColumn = static_cast<int>(Column::Name);
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_dirtyFirst = -1;
    int m_dirtyLast = -1;
    QTimer m_flushTimer;
};

}  // namespace ib::ui
