#pragma once

#include "util/Result.h"

#include <QString>

#include <memory>

namespace ib {

// Where passwords and tokens live: the OS keychain, never SQLite, an INI file or a log.
// `read` fails with ErrorKind::NotFound when there is no entry and ErrorKind::Unsupported
// when there is no keychain on this machine (a headless CI runner): callers then fall
// back to another route (libpq's ~/.pgpass), never to a plain file of our own.
//
// Calls are synchronous and may wait for the keychain (a prompt to unlock it): call them
// from the CLI or a worker thread, not from a UI slot.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    virtual Result<QString> read(const QString &key) = 0;
    virtual Result<void> write(const QString &key, const QString &secret) = 0;
    virtual Result<void> remove(const QString &key) = 0;
    // "the OS keychain", "memory": for messages.
    virtual QString name() const = 0;

    // The OS keychain through QtKeychain (service "imagebuilder").
    static std::unique_ptr<SecretStore> systemKeychain();
    // systemKeychain(), unless IMAGEBUILDER_SECRET_STORE says "kernel-keyring" (headless
    // Linux, tests; IMAGEBUILDER_SECRET_SERVICE names the entries' service) or "memory".
    static std::unique_ptr<SecretStore> forThisProcess();

protected:
    SecretStore() = default;
    SecretStore(const SecretStore &) = default;
    SecretStore &operator=(const SecretStore &) = default;
};

}  // namespace ib
