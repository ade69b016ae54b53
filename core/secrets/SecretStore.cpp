#include "secrets/SecretStore.h"

#include "secrets/KernelKeyringSecretStore.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/MemorySecretStore.h"

namespace ib {

std::unique_ptr<SecretStore> SecretStore::systemKeychain()
{
    return std::make_unique<KeychainSecretStore>(QStringLiteral("imagebuilder"));
}

std::unique_ptr<SecretStore> SecretStore::forThisProcess()
{
    const auto choice = qEnvironmentVariable("IMAGEBUILDER_SECRET_STORE");
    if (choice == QLatin1String("kernel-keyring")) {
        const auto service = qEnvironmentVariable("IMAGEBUILDER_SECRET_SERVICE", QStringLiteral("imagebuilder"));
        return std::make_unique<KernelKeyringSecretStore>(service);
    }
    if (choice == QLatin1String("memory"))
        return std::make_unique<MemorySecretStore>();
    return systemKeychain();
}

}  // namespace ib
