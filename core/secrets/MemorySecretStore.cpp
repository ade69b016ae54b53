#include "secrets/MemorySecretStore.h"

#include "logging/Logging.h"

namespace ib {

namespace {

Error unavailable()
{
    return makeError(ErrorKind::Unsupported, QStringLiteral("No keychain is available (test store set up without one)."));
}

}  // namespace

MemorySecretStore::MemorySecretStore(bool available)
    : m_available(available)
{}

Result<QString> MemorySecretStore::read(const QString &key)
{
    if (!m_available)
        return unavailable();
    QMutexLocker lock(&m_mutex);
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.cend())
        return makeError(ErrorKind::NotFound, QStringLiteral("Reading \"%1\": no entry.").arg(key));
    return it.value();
}

Result<void> MemorySecretStore::write(const QString &key, const QString &secret)
{
    logging::registerSecret(secret);
    if (!m_available)
        return unavailable();
    QMutexLocker lock(&m_mutex);
    m_secrets.insert(key, secret);
    return {};
}

Result<void> MemorySecretStore::remove(const QString &key)
{
    if (!m_available)
        return unavailable();
    QMutexLocker lock(&m_mutex);
    if (m_secrets.remove(key) == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("Removing \"%1\": no entry.").arg(key));
    return {};
}

}  // namespace ib
