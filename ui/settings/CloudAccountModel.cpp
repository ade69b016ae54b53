#include "settings/CloudAccountModel.h"
#include "util/Theme.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>

namespace ib::ui {

CloudAccountModel::CloudAccountModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int CloudAccountModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_accounts.size());
}

int CloudAccountModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant CloudAccountModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_accounts.size())
        return {};
    const auto &a = m_accounts.at(index.row());
    if (role == NameRole)
        return a.name;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::ForegroundRole && column == Column::SignIn && m_signIn.contains(a.name))
        return QBrush(Theme::toneColor(m_signIn.value(a.name).ok ? Tone::Success : Tone::Error, QGuiApplication::palette()));
    if (role == Qt::ToolTipRole && column == Column::SignIn)
        return m_signIn.value(a.name).text;
    if (role == Qt::ToolTipRole && column == Column::Name)
        return a.authUrl;
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Name:
        return a.name;
    case Column::Cloud:
        return a.kind == openstack::CloudKind::Nhn ? tr("NHN Cloud") : tr("OpenStack");
    case Column::Region:
        if (a.kind == openstack::CloudKind::Nhn || a.projectName.isEmpty())
            return a.region;
        return a.region.isEmpty() ? a.projectName : tr("%1, project %2").arg(a.region, a.projectName);
    case Column::User:
        return a.userName;
    case Column::SignIn:
        return m_signIn.contains(a.name) ? m_signIn.value(a.name).text.section(QLatin1Char('\n'), 0, 0) : tr("not checked");
    case Column::Count:
        break;
    }
    return {};
}

QVariant CloudAccountModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Column::Name:
        return tr("Name");
    case Column::Cloud:
        return tr("Cloud");
    case Column::Region:
        return tr("Region");
    case Column::User:
        return tr("User");
    case Column::SignIn:
        return tr("Sign-in");
    case Column::Count:
        break;
    }
    return {};
}

Qt::ItemFlags CloudAccountModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void CloudAccountModel::setAccounts(QList<openstack::CloudAccount> accounts)
{
    beginResetModel();
    m_accounts = std::move(accounts);
    endResetModel();
}

void CloudAccountModel::setSignIn(const QString &name, const QString &text, bool ok)
{
    m_signIn.insert(name, SignIn{text, ok});
    const int row = rowOf(name);
    if (row < 0)
        return;
    const auto cell = index(row, static_cast<int>(Column::SignIn));
    emit dataChanged(cell, cell, {Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole});
}

const openstack::CloudAccount *CloudAccountModel::accountAt(int row) const
{
    return row >= 0 && row < m_accounts.size() ? &m_accounts.at(row) : nullptr;
}

int CloudAccountModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_accounts.size(); ++i)
        if (m_accounts.at(i).name == name)
            return i;
    return -1;
}

}  // namespace ib::ui
