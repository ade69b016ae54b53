#pragma once

#include "templates/TemplateRow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

// The image templates as a table. Rows are kept in arrival order; a QSortFilterProxyModel
// sorts (SortRole) and filters (SearchRole). Created, updated and deleted templates change
// one row each; changes to existing rows within one event-loop turn are announced with one
// dataChanged.
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

    // Replaces everything (a full load).
    void setRows(QList<TemplateRow> rows);
    // Inserts a new template or updates the row of a known one.
    void upsert(const ImageTemplate &t);
    void remove(const QString &id);
    // For the build engine: the last build's state as the table should show it.
    void setLastBuild(const QString &id, const QString &state);

    int rowOf(const QString &id) const;
    const TemplateRow *rowAt(int row) const;
    const TemplateRow *rowById(const QString &id) const;

    // Announces pending row changes now instead of at the end of the event-loop turn.
    void flushChanges();

private:
    void markChanged(int row);
    void reindexFrom(int row);

    const ApplicationCatalog &m_catalog;
    QList<TemplateRow> m_rows;
    QHash<QString, int> m_rowOfId;
    int m_dirtyFirst = -1;
    int m_dirtyLast = -1;
    QTimer m_flushTimer;
};

}  // namespace ib::ui
