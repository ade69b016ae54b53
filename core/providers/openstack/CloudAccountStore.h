#pragma once

#include "providers/openstack/CloudAccount.h"
#include "util/Result.h"

#include <QList>

namespace ib {
class SecretStore;
class Store;
}  // namespace ib

namespace ib::openstack {

// Cloud accounts: their settings in the store (table cloud_accounts, schema 4), their
// passwords in the SecretStore under CloudAccount::secretKey(). Adding writes the secret
// first, so a machine without a keychain saves nothing rather than half an account.
class CloudAccountStore final
{
public:
    CloudAccountStore(Store &store, SecretStore *secrets);

    Result<QList<CloudAccount>> list();
    Result<CloudAccount> find(const QString &name);
    Result<void> add(const CloudAccount &account, const QString &password);
    Result<void> remove(const QString &name);
    Result<QString> password(const CloudAccount &account);

private:
    Store &m_store;
    SecretStore *m_secrets;
};

}  // namespace ib::openstack
