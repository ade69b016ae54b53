#include "templates/TemplateTableModel.h"

#include "templates/TemplateRules.h"

namespace ib::ui {

namespace {

constexpr int columnCountOf = static_cast<int>(TemplateTableModel::Column::Count);

}  // namespace

TemplateTableModel::TemplateTableModel(const ApplicationCatalog &catalog, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalog(catalog)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &TemplateTableModel::flushChanges);
}

TemplateTableModel::~TemplateTableModel() = default;

int TemplateTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TemplateTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : columnCountOf;
}

QVariant TemplateTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TemplateRow &row = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Name: return row.t.name;
        case Column::Os: return row.osName;
        case Column::Applications: return row.applicationNames.isEmpty() ? QStringLiteral("\u2014") : row.applicationNames;
        case Column::MinStorage: return tr("%1 GB").arg(row.t.minStorageGb);
        case Column::LastBuild: return row.lastBuild.isEmpty() ? QStringLiteral("\u2014") : row.lastBuild;
        case Column::Updated: return row.updatedText;
        case Column::Count: break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case Column::Name: return row.t.description.isEmpty() ? row.t.name : row.t.name + QLatin1Char('\n') + row.t.description;
        case Column::Os: return row.osName;
        case Column::Applications: return row.applicationsTip.isEmpty() ? tr("No applications") : row.applicationsTip;
        case Column::MinStorage: return tr("Instances from this template's images need at least %1 GB of block storage.").arg(row.t.minStorageGb);
        case Column::LastBuild: return row.lastBuild.isEmpty() ? tr("Not built yet") : row.lastBuild;
        case Column::Updated: return tr("Revision %1, saved %2").arg(row.t.revision).arg(row.updatedText);
        case Column::Count: break;
        }
        break;
    case SortRole:
        switch (column) {
        case Column::Name: return row.nameSortKey;
        case Column::Os: return row.osName;
        case Column::Applications: return row.applicationNames;
        case Column::MinStorage: return row.t.minStorageGb;
        case Column::LastBuild: return row.lastBuild;
        case Column::Updated: return row.t.updatedAt.toMSecsSinceEpoch();
        case Column::Count: break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == Column::MinStorage)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == Column::LastBuild && row.lastBuild.isEmpty())
            return QVariant::fromValue(Qt::AlignCenter);
        break;
    case IdRole:
        return row.t.id;
    case SearchRole:
        return row.searchText;
    default:
        break;
    }
    return {};
}

QVariant TemplateTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCountOf)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (static_cast<Column>(section)) {
        case Column::Name: return tr("Name");
        case Column::Os: return tr("OS");
        case Column::Applications: return tr("Applications");
        case Column::MinStorage: return tr("Min. storage");
        case Column::LastBuild: return tr("Last build");
        case Column::Updated: return tr("Updated");
        case Column::Count: break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case Column::MinStorage: return tr("Minimum block storage (GB)");
        case Column::LastBuild: return tr("State of the latest build from this template");
        case Column::Updated: return tr("When the template was last saved (local time)");
        default: break;
        }
    }
    return {};
}

Qt::ItemFlags TemplateTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void TemplateTableModel::setRows(QList<TemplateRow> rows)
{
    beginResetModel();
    m_dirtyFirst = m_dirtyLast = -1;
    m_flushTimer.stop();
    m_rows = std::move(rows);
    m_rowOfId.clear();
    m_rowOfId.reserve(m_rows.size());
    reindexFrom(0);
    endResetModel();
}

void TemplateTableModel::upsert(const ImageTemplate &t)
{
    const int existing = rowOf(t.id);
    if (existing >= 0) {
        TemplateRow row = TemplateRow::from(t, m_catalog);
        row.lastBuild = m_rows[existing].lastBuild;
        m_rows[existing] = std::move(row);
        markChanged(existing);
        return;
    }
    flushChanges();
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(TemplateRow::from(t, m_catalog));
    m_rowOfId.insert(t.id, at);
    endInsertRows();
}

void TemplateTableModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    flushChanges();
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowOfId.remove(id);
    reindexFrom(row);
    endRemoveRows();
}

void TemplateTableModel::setLastBuild(const QString &id, const QString &state)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows[row].lastBuild == state)
        return;
    m_rows[row].lastBuild = state;
    markChanged(row);
}

int TemplateTableModel::rowOf(const QString &id) const
{
    return m_rowOfId.value(id, -1);
}

const TemplateRow *TemplateTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

const TemplateRow *TemplateTableModel::rowById(const QString &id) const
{
    return rowAt(rowOf(id));
}

void TemplateTableModel::flushChanges()
{
    m_flushTimer.stop();
    if (m_dirtyFirst < 0)
        return;
    const int first = m_dirtyFirst;
    const int last = m_dirtyLast;
    m_dirtyFirst = m_dirtyLast = -1;
    emit dataChanged(index(first, 0), index(last, columnCountOf - 1));
}

void TemplateTableModel::markChanged(int row)
{
    m_dirtyFirst = m_dirtyFirst < 0 ? row : std::min(m_dirtyFirst, row);
    m_dirtyLast = std::max(m_dirtyLast, row);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TemplateTableModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_rowOfId.insert(m_rows.at(i).t.id, i);
}

}  // namespace ib::ui
