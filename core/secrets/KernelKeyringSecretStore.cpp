#include "secrets/KernelKeyringSecretStore.h"

#ifdef Q_OS_LINUX
#include <cerrno>
#include <cstring>
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ib {

namespace {

#ifdef Q_OS_LINUX
long findKey(const QByteArray &description)
{
    return ::syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", description.constData(), 0);
}
#endif

#ifndef Q_OS_LINUX
Error unsupported()
{
    return makeError(ErrorKind::Unsupported, QStringLiteral("The kernel keyring is only available on Linux; use the OS keychain."));
}
#endif

}  // namespace

KernelKeyringSecretStore::KernelKeyringSecretStore(QString service)
    : m_service(std::move(service))
{}

QByteArray KernelKeyringSecretStore::description(const QString &key) const
{
    return (QStringLiteral("imagebuilder:") + m_service + QLatin1Char(':') + key).toUtf8();
}

Result<QString> KernelKeyringSecretStore::read(const QString &key)
{
#ifdef Q_OS_LINUX
    const long id = findKey(description(key));
    if (id < 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("The kernel keyring has no entry %1.").arg(key));
    QByteArray buffer(4096, '\0');
    const long size = ::syscall(SYS_keyctl, KEYCTL_READ, id, buffer.data(), buffer.size());
    if (size < 0)
        return makeError(
            ErrorKind::Io,
            QStringLiteral("Cannot read %1 from the kernel keyring: %2.").arg(key, QString::fromLocal8Bit(std::strerror(errno))));
    buffer.truncate(std::min<long>(size, buffer.size()));
    return QString::fromUtf8(buffer);
#else
    Q_UNUSED(key)
    return unsupported();
#endif
}

Result<void> KernelKeyringSecretStore::write(const QString &key, const QString &secret)
{
#ifdef Q_OS_LINUX
    const QByteArray payload = secret.toUtf8();
    const long id = ::syscall(SYS_add_key, "user", description(key).constData(), payload.constData(), static_cast<size_t>(payload.size()),
                              KEY_SPEC_USER_KEYRING);
    if (id < 0)
        return makeError(
            ErrorKind::Io,
            QStringLiteral("Cannot write %1 to the kernel keyring: %2.").arg(key, QString::fromLocal8Bit(std::strerror(errno))));
    return {};
#else
    Q_UNUSED(key)
    Q_UNUSED(secret)
    return unsupported();
#endif
}

Result<void> KernelKeyringSecretStore::remove(const QString &key)
{
#ifdef Q_OS_LINUX
    const long id = findKey(description(key));
    if (id < 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("The kernel keyring has no entry %1.").arg(key));
    if (::syscall(SYS_keyctl, KEYCTL_UNLINK, id, KEY_SPEC_USER_KEYRING) < 0)
        return makeError(
            ErrorKind::Io,
            QStringLiteral("Cannot remove %1 from the kernel keyring: %2.").arg(key, QString::fromLocal8Bit(std::strerror(errno))));
    return {};
#else
    Q_UNUSED(key)
    return unsupported();
#endif
}

}  // namespace ib
