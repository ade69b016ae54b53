#include "providers/openstack/CloudAccountService.h"

#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudAccountStore.h"
#include "providers/openstack/OpenStackProvider.h"

namespace ib::openstack {

CloudAccountService::CloudAccountService(Store &store, SecretStore *secrets)
    : m_store(store)
    , m_secrets(secrets)
{}

std::optional<CloudAccountService::Failure> CloudAccountService::add(const CloudAccount &account, const QString &password, bool check,
                                                                     const std::function<bool()> &abandoned)
{
    if (check) {
        OpenStackProvider provider(account, password, &ApplicationCatalog::builtin());
        if (auto signedIn = provider.checkSignIn(); !signedIn)
            return Failure{Failure::Step::SignIn, signedIn.error()};
    }
    if (abandoned && abandoned())
        return Failure{Failure::Step::Save, makeError(ErrorKind::Cancelled, QStringLiteral("Nothing was saved: the form was closed."))};
    CloudAccountStore accounts(m_store, m_secrets);
    if (auto added = accounts.add(account, password); !added)
        return Failure{Failure::Step::Save, added.error()};
    return std::nullopt;
}

}  // namespace ib::openstack
