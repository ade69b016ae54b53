#include "templates/TemplateTableModel.h"

#include "builds/BuildStateStyle.h"
#include "templates/TemplateRules.h"
#include "util/PlainText.h"

#include <QFont>
#include <QGuiApplication>

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
        return displayText(row, column);
    case Qt::FontRole:
        if (column == Column::LastBuild && m_unseen.value(row.id) > 0) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case Qt::ForegroundRole:
    case Qt::DecorationRole:
        // The last build's state as a chip beside its words, as in Build Status.
        if (column == Column::LastBuild) {
            if (const auto state = BuildStateStyle::fromText(row.lastBuild)) {
                const QPalette palette = QGuiApplication::palette();
                return role == Qt::ForegroundRole ? QVariant(BuildStateStyle::color(*state, palette))
                                                  : QVariant(BuildStateStyle::icon(*state, palette));
            }
        }
        break;
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case SortRole:
        return sortKey(row, column);
    case Qt::TextAlignmentRole:
        if (column == Column::MinStorage)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == Column::LastBuild && row.lastBuild.isEmpty())
            return QVariant::fromValue(Qt::AlignCenter);
        break;
    case IdRole:
        return row.id;
    case SearchRole:
        return QString(row.nameSortKey + QLatin1Char('\n') + row.facets->searchText);
    default:
        break;
    }
    return {};
}

QVariant TemplateTableModel::displayText(const TemplateRow &row, Column column) const
{
    switch (column) {
    case Column::Name:
        return inertForLine(row.name);
    case Column::Os:
        return row.osName();
    case Column::Applications:
        return row.facets->applicationNames.isEmpty() ? QStringLiteral("\u2014") : row.facets->applicationNames;
    case Column::MinStorage:
        return tr("%1 GB").arg(row.minStorageGb);
    case Column::LastBuild:
        if (row.lastBuild.isEmpty())
            return QStringLiteral("\u2014");
        return m_unseen.value(row.id) > 0 ? row.lastBuild + QStringLiteral(" \u25CF") : row.lastBuild;
    case Column::Updated:
        return row.updatedText();
    case Column::Count:
        break;
    }
    return {};
}

QVariant TemplateTableModel::toolTip(const TemplateRow &row, Column column) const
{
    switch (column) {
    case Column::Name:
        return plainToolTip(row.description.isEmpty() ? row.name : row.name + QLatin1Char('\n') + row.description);
    case Column::Os:
        return row.osName();
    case Column::Applications:
        return row.facets->applicationsTip.isEmpty() ? tr("No applications") : row.facets->applicationsTip;
    case Column::MinStorage:
        return tr("Instances from this template's images need at least %1 GB of block storage.").arg(row.minStorageGb);
    case Column::LastBuild:
        if (row.lastBuild.isEmpty())
            return tr("Not built yet");
        if (const int unseen = m_unseen.value(row.id); unseen > 0)
            return QString(row.lastBuild + QLatin1Char('\n') +
                           (unseen == 1 ? tr("1 build ended that you have not opened yet (Build Status, Build Details)")
                                        : tr("%1 builds ended that you have not opened yet (Build Status, Build Details)").arg(unseen)));
        return row.lastBuild;
    case Column::Updated:
        return tr("Revision %1, saved %2").arg(row.revision).arg(row.updatedText());
    case Column::Count:
        break;
    }
    return {};
}

QVariant TemplateTableModel::sortKey(const TemplateRow &row, Column column)
{
    switch (column) {
    case Column::Name:
        return row.nameSortKey;
    case Column::Os:
        return row.osName();
    case Column::Applications:
        return row.facets->applicationNames;
    case Column::MinStorage:
        return row.minStorageGb;
    case Column::LastBuild:
        return row.lastBuild;
    case Column::Updated:
        return row.updatedMs;
    case Column::Count:
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
        case Column::Name:
            return tr("Name");
        case Column::Os:
            return tr("OS");
        case Column::Applications:
            return tr("Applications");
        case Column::MinStorage:
            return tr("Min. storage");
        case Column::LastBuild:
            return tr("Last build");
        case Column::Updated:
            return tr("Updated");
        case Column::Count:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case Column::MinStorage:
            return tr("Minimum block storage (GB)");
        case Column::LastBuild:
            return tr("State of the latest build from this template");
        case Column::Updated:
            return tr("When the template was last saved (local time)");
        default:
            break;
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

bool TemplateTableModel::before(const TemplateRow &a, const TemplateRow &b) const
{
    int order = 0;
    switch (static_cast<Column>(m_sortColumn)) {
    case Column::Name:
        order = a.nameSortKey.compare(b.nameSortKey);
        break;
    case Column::Os:
        order = a.facets == b.facets ? 0 : a.osName().compare(b.osName());
        break;
    case Column::Applications:
        order = a.facets == b.facets ? 0 : a.facets->applicationNames.compare(b.facets->applicationNames);
        break;
    case Column::MinStorage:
        order = a.minStorageGb - b.minStorageGb;
        break;
    case Column::LastBuild:
        order = a.lastBuild.compare(b.lastBuild);
        break;
    case Column::Updated:
        order = a.updatedMs < b.updatedMs ? -1 : (b.updatedMs < a.updatedMs ? 1 : 0);
        break;
    case Column::Count:
        break;
    }
    // Ties by name, then id: a total order, so equal values keep a stable, meaningful order.
    if (order == 0)
        order = a.nameSortKey.compare(b.nameSortKey);
    if (order == 0)
        order = a.id.compare(b.id);
    return m_sortOrder == Qt::AscendingOrder ? order < 0 : order > 0;
}

void TemplateTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= columnCountOf)
        return;
    flushChanges();
    m_sortColumn = column;
    m_sortOrder = order;
    rearrange([this] {
        std::stable_sort(m_rows.begin(), m_rows.end(), [this](const TemplateRow &a, const TemplateRow &b) { return before(a, b); });
        reindexFrom(0);
    });
}

void TemplateTableModel::mergeFrom(int first)
{
    const auto less = [this](const TemplateRow &a, const TemplateRow &b) { return before(a, b); };
    const int changedFrom =
        static_cast<int>(std::upper_bound(m_rows.cbegin(), m_rows.cbegin() + first, m_rows.at(first), less) - m_rows.cbegin());
    rearrange([&] {
        std::inplace_merge(m_rows.begin(), m_rows.begin() + first, m_rows.end(), less);
        reindexFrom(changedFrom);
    });
}

// Moves rows around (a sort, a merge) with the views told, and every persistent index
// (selection, current row) following its template.
void TemplateTableModel::rearrange(const std::function<void()> &reorder)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const auto persistent = persistentIndexList();
    QStringList persistentIds;
    persistentIds.reserve(persistent.size());
    for (const auto &index : persistent)
        persistentIds.append(m_rows.at(index.row()).id);
    reorder();
    QModelIndexList moved;
    moved.reserve(persistent.size());
    for (int i = 0; i < persistent.size(); ++i)
        moved.append(index(rowOf(persistentIds.at(i)), persistent.at(i).column()));
    changePersistentIndexList(persistent, moved);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int TemplateTableModel::insertionPoint(const TemplateRow &row) const
{
    return static_cast<int>(
        std::upper_bound(m_rows.cbegin(), m_rows.cend(), row, [this](const TemplateRow &a, const TemplateRow &b) { return before(a, b); }) -
        m_rows.cbegin());
}

void TemplateTableModel::insertAt(int at, TemplateRow row)
{
    flushChanges();
    beginInsertRows({}, at, at);
    m_rows.insert(at, std::move(row));
    reindexFrom(at);
    endInsertRows();
}

void TemplateTableModel::setRows(QList<TemplateRow> rows)
{
    const auto less = [this](const TemplateRow &a, const TemplateRow &b) { return before(a, b); };
    if (!std::is_sorted(rows.cbegin(), rows.cend(), less))
        std::stable_sort(rows.begin(), rows.end(), less);
    beginResetModel();
    m_dirtyFirst = m_dirtyLast = -1;
    m_flushTimer.stop();
    m_rows = std::move(rows);
    m_rowOfId.clear();
    m_rowOfId.reserve(m_rows.size());
    reindexFrom(0);
    endResetModel();
}

void TemplateTableModel::appendRows(const QList<TemplateRow> &rows)
{
    QList<TemplateRow> fresh;
    fresh.reserve(rows.size());
    for (const auto &row : rows) {
        if (rowOf(row.id) >= 0)
            upsertRow(row);
        else
            fresh.append(row);
    }
    if (fresh.isEmpty())
        return;
    flushChanges();
    const auto less = [this](const TemplateRow &a, const TemplateRow &b) { return before(a, b); };
    if (!std::is_sorted(fresh.cbegin(), fresh.cend(), less))
        std::stable_sort(fresh.begin(), fresh.end(), less);
    const bool amongShown = !m_rows.isEmpty() && before(fresh.first(), m_rows.last());
    if (fresh.size() <= 16 || (amongShown && fresh.size() <= 64)) {
        // A few rows, or rows that belong among the shown ones: each at its place.
        for (auto &row : fresh) {
            const int at = insertionPoint(row);  // before the row is moved from (argument order is unspecified)
            insertAt(at, std::move(row));
        }
        return;
    }
    // The usual page of a load sorts after everything shown: one insertion. Many rows that
    // belong among the shown ones (a page in another order than the table's, e.g. sorted
    // by another column) are appended, then merged into place in one pass (one layout
    // change, not thousands of inserts, and no re-sort of everything).
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    m_rows.append(std::move(fresh));
    reindexFrom(first);
    endInsertRows();
    if (amongShown)
        mergeFrom(first);
}

void TemplateTableModel::applyChanges(const QList<TemplateRow> &changed, const QStringList &removed)
{
    for (const auto &id : removed)
        remove(id);
    QList<TemplateRow> added;
    for (const auto &row : changed) {
        if (rowOf(row.id) >= 0)
            upsertRow(row);
        else
            added.append(row);
    }
    appendRows(added);
}

void TemplateTableModel::upsert(const ImageTemplate &t)
{
    upsertRow(TemplateRow::from(t, m_catalog));
}

void TemplateTableModel::upsertRow(TemplateRow row)
{
    const int existing = rowOf(row.id);
    if (existing >= 0) {
        // An answer older than what is shown (a refresh that crossed a save) changes nothing.
        if (row.revision < m_rows[existing].revision)
            return;
        row.lastBuild = m_rows[existing].lastBuild;
        const QString id = row.id;
        m_rows[existing] = std::move(row);
        // A changed sort key (a rename): the row moves to its new place.
        const bool early = existing > 0 && before(m_rows.at(existing), m_rows.at(existing - 1));
        const bool late = existing + 1 < m_rows.size() && before(m_rows.at(existing + 1), m_rows.at(existing));
        if (early || late) {
            flushChanges();
            TemplateRow moving = m_rows.takeAt(existing);
            const int to = insertionPoint(moving);  // its index once moved
            m_rows.insert(existing, std::move(moving));
            const int destination = to >= existing ? to + 1 : to;  // before the move, as beginMoveRows counts
            if (to != existing) {
                beginMoveRows({}, existing, existing, {}, destination);
                m_rows.move(existing, to);
                endMoveRows();
                reindexFrom(std::min(existing, to));
            }
        }
        markChanged(rowOf(id));
        return;
    }
    const int at = insertionPoint(row);  // before the row is moved from (argument order is unspecified)
    insertAt(at, std::move(row));
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

void TemplateTableModel::setUnseen(const QString &id, int count)
{
    if (m_unseen.value(id) == count)
        return;
    if (count > 0)
        m_unseen.insert(id, count);
    else
        m_unseen.remove(id);
    if (const int row = rowOf(id); row >= 0)
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
        m_rowOfId.insert(m_rows.at(i).id, i);
}

}  // namespace ib::ui
