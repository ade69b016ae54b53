#include "storage/StoreLocation.h"

#include "secrets/MemorySecretStore.h"
#include "secrets/SecretStore.h"
#include "settings/Settings.h"
#include "storage/Store.h"

namespace ib {

QString StoreLocation::resolve(const QString &explicitLocation)
{
    if (!explicitLocation.isEmpty())
        return explicitLocation;
    if (auto fromEnv = qEnvironmentVariable("IMAGEBUILDER_DB"); !fromEnv.isEmpty())
        return fromEnv;
    if (auto set = configured(); !set.isEmpty())
        return set;
    return Store::defaultLocation();
}

QString StoreLocation::configured()
{
    return Settings().storeLocation();
}

std::unique_ptr<SecretStore> StoreLocation::passwordSource(const QString &location)
{
    if (!Store::isPostgresLocation(location))
        return nullptr;
    const QString handed = qEnvironmentVariable(PasswordVariable);
    if (!handed.isEmpty()) {
        qunsetenv(PasswordVariable);
        auto memory = std::make_unique<MemorySecretStore>();
        if (!memory->write(Store::secretKey(location), handed))
            return SecretStore::systemKeychain();
        return memory;
    }
    return SecretStore::systemKeychain();
}

}  // namespace ib
