#include "secrets/SecretStore.h"

#include "secrets/KeychainSecretStore.h"

namespace ib {

std::unique_ptr<SecretStore> SecretStore::systemKeychain()
{
    return std::make_unique<KeychainSecretStore>(QStringLiteral("imagebuilder"));
}

}  // namespace ib
