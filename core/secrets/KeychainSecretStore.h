#pragma once

#include "secrets/SecretStore.h"

namespace ib {

// SecretStore over QtKeychain: the Secret Service (GNOME Keyring, KWallet) on Linux, the
// Keychain on macOS, the Credential Manager on Windows. QtKeychain's insecure fallback (a
// plain QSettings file) stays off: without a keychain every call fails with
// ErrorKind::Unsupported and says so.
class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service);

    Result<QString> read(const QString &key) override;
    Result<void> write(const QString &key, const QString &secret) override;
    Result<void> remove(const QString &key) override;
    QString name() const override { return QStringLiteral("the OS keychain"); }

private:
    QString m_service;
};

}  // namespace ib
