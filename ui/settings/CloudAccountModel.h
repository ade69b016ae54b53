#pragma once

#include "providers/openstack/CloudAccount.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace ib::ui {

// The cloud accounts of Settings > Clouds, with the last sign-in check's verdict.
class CloudAccountModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudAccountModel)

public:
    enum class Column { Name, Cloud, Region, User, SignIn, Count };
    enum Role { NameRole = Qt::UserRole + 1 };

    explicit CloudAccountModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    void setAccounts(QList<openstack::CloudAccount> accounts);
    // The sign-in column of `name`; `ok` colours it.
    void setSignIn(const QString &name, const QString &text, bool ok);
    const openstack::CloudAccount *accountAt(int row) const;
    int rowOf(const QString &name) const;
    QString signInText(const QString &name) const { return m_signIn.value(name).text; }

private:
    struct SignIn
    {
        QString text;
        bool ok = false;
    };
    QList<openstack::CloudAccount> m_accounts;
    QHash<QString, SignIn> m_signIn;
};

}  // namespace ib::ui
