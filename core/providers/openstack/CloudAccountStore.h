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
//
// A password is bound to what it was entered for: the keychain entry holds it with the
// sign-in details of that moment (auth URL, identity version, user and its domain,
// project/tenant and its domain, region). The row is shared with a team and anyone on it
// can rewrite it; when it no longer matches the binding, password() gives nothing and says
// what changed, and only rebind() with the password typed again accepts the new details.
// An http:// auth URL is refused unless it is this machine's loopback or the user opted in
// on this machine (IMAGEBUILDER_ALLOW_HTTP_AUTH=1; never a flag in the shared row).
class CloudAccountStore final
{
public:
    CloudAccountStore(Store &store, SecretStore *secrets);

    Result<QList<CloudAccount>> list();
    Result<CloudAccount> find(const QString &name);
    Result<void> add(const CloudAccount &account, const QString &password);
    Result<void> remove(const QString &name);
    Result<QString> password(const CloudAccount &account);
    // The user confirms the account's current details by entering its password again.
    Result<void> rebind(const CloudAccount &account, const QString &password);

    // Empty when the auth URL may carry a password; else what to change.
    static QString insecureAuthUrlProblem(const QString &authUrl);

private:
    Store &m_store;
    SecretStore *m_secrets;
};

}  // namespace ib::openstack
