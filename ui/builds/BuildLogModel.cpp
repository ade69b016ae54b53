#include "builds/BuildLogModel.h"

#include "util/InertText.h"

namespace ib::ui {

BuildLogModel::BuildLogModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_maxLines(20000)
{}

BuildLogModel::~BuildLogModel() = default;

int BuildLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}

QVariant BuildLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    // A build VM's output: its escape sequences show as ^[ and never act.
    if (role == Qt::DisplayRole)
        return inertForTerminal(m_lines.at(index.row()));
    if (role == Qt::EditRole)
        return m_lines.at(index.row());
    return {};
}

Qt::ItemFlags BuildLogModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

int BuildLogModel::setMaxLines(int lines)
{
    m_maxLines = std::max(1, lines);
    return trim();
}

int BuildLogModel::append(const QStringList &lines)
{
    if (lines.isEmpty())
        return 0;
    // Lines that would be dropped at once never become rows.
    const qsizetype skip = std::max<qsizetype>(0, lines.size() - m_maxLines);
    const qsizetype count = lines.size() - skip;
    const int first = static_cast<int>(m_lines.size());
    beginInsertRows({}, first, first + static_cast<int>(count) - 1);
    m_lines.append(skip == 0 ? lines : lines.mid(skip));
    endInsertRows();
    return trim();
}

void BuildLogModel::setLines(const QStringList &lines)
{
    beginResetModel();
    m_lines = lines.size() > m_maxLines ? lines.mid(lines.size() - m_maxLines) : lines;
    endResetModel();
}

int BuildLogModel::trim()
{
    const int excess = static_cast<int>(m_lines.size()) - m_maxLines;
    if (excess <= 0)
        return 0;
    beginRemoveRows({}, 0, excess - 1);
    m_lines.remove(0, excess);
    endRemoveRows();
    return excess;
}

}  // namespace ib::ui
