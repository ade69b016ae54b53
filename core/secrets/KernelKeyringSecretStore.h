#pragma once

#include "secrets/SecretStore.h"

namespace ib {

// SecretStore in the Linux kernel's user keyring (keyctl): held by the kernel, shared by
// the user's processes, gone at reboot, never in a file. For headless machines without a
// Secret Service and for the tests (IMAGEBUILDER_SECRET_STORE=kernel-keyring); entries
// are "imagebuilder:<service>:<key>" so tests can keep theirs apart.
class KernelKeyringSecretStore final : public SecretStore
{
public:
    explicit KernelKeyringSecretStore(QString service);

    Result<QString> read(const QString &key) override;
    Result<void> write(const QString &key, const QString &secret) override;
    Result<void> remove(const QString &key) override;
    QString name() const override { return QStringLiteral("the kernel keyring"); }

private:
    QByteArray description(const QString &key) const;
    QString m_service;
};

}  // namespace ib
