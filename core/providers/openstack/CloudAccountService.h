#pragma once

#include "providers/openstack/CloudAccount.h"
#include "util/Result.h"

#include <functional>

#include <optional>

namespace ib {
class SecretStore;
class Store;
}  // namespace ib

namespace ib::openstack {

// Adding a cloud account, as both front ends do it (Settings > Clouds and `cloud add`): sign
// in once with the password, so that a wrong password or tenant is told now rather than an
// hour into a build, then save the account and its password together (CloudAccountStore).
class CloudAccountService final
{
public:
    CloudAccountService(Store &store, SecretStore *secrets);

    // Where adding stopped: the sign-in (nothing was saved) or the save itself.
    struct Failure
    {
        enum class Step { SignIn, Save };
        Step step = Step::Save;
        Error error;
    };

    // Nothing when the account was saved. check false saves without signing in (the CLI's
    // --no-check, for a cloud that cannot be reached from here yet). `abandoned`, when given,
    // is asked after the sign-in: true stops before anything is saved (a closed form).
    std::optional<Failure> add(const CloudAccount &account, const QString &password, bool check = true,
                               const std::function<bool()> &abandoned = {});

private:
    Store &m_store;
    SecretStore *m_secrets;
};

}  // namespace ib::openstack
