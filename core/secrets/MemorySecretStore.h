#pragma once

#include "secrets/SecretStore.h"

#include <QHash>
#include <QMutex>

namespace ib {

// A SecretStore in memory, for tests; `available = false` behaves like a machine without
// a keychain (every call fails with ErrorKind::Unsupported).
class MemorySecretStore final : public SecretStore
{
public:
    explicit MemorySecretStore(bool available = true);

    Result<QString> read(const QString &key) override;
    Result<void> write(const QString &key, const QString &secret) override;
    Result<void> remove(const QString &key) override;
    QString name() const override { return QStringLiteral("memory"); }

private:
    bool m_available;
    QMutex m_mutex;
    QHash<QString, QString> m_secrets;
};

}  // namespace ib
