#include "secrets/KeychainSecretStore.h"

#include "logging/Logging.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace ib {

namespace {

constexpr int kTimeoutMs = 15000;

// Without a session bus (a headless runner, ssh without a desktop session) there is no
// Secret Service to ask; say so at once instead of waiting for D-Bus to time out.
bool hasKeychainBackend(QString *why)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const bool defaultBus = !runtimeDir.isEmpty() && QFileInfo::exists(runtimeDir + QStringLiteral("/bus"));
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") && !defaultBus) {
        *why = QStringLiteral("no D-Bus session (a headless machine?), so no Secret Service keychain");
        return false;
    }
#endif
    if (!QCoreApplication::instance()) {
        *why = QStringLiteral("no application object to run the keychain job");
        return false;
    }
    return true;
}

Error keychainError(const QKeychain::Job &job, const QString &what)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return makeError(ErrorKind::NotFound, QStringLiteral("%1: no entry in the OS keychain.").arg(what));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1: no OS keychain is available here (%2).").arg(what, job.errorString()));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(ErrorKind::Io, QStringLiteral("%1: the OS keychain refused access (%2).").arg(what, job.errorString()));
    default:
        // Often a Secret Service that is not running: nothing to store in.
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1: the OS keychain failed (%2).").arg(what, job.errorString()));
    }
}

// QtKeychain's jobs are asynchronous; the callers of SecretStore want an answer.
bool runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(kTimeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    return finished;
}

// Runs the job; an error that says what was asked when the keychain does not answer in time
// or refuses.
Result<void> finishJob(QKeychain::Job &job, const QString &what)
{
    if (!runJob(job))
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("%1: the OS keychain did not answer within %2 s.").arg(what).arg(kTimeoutMs / 1000));
    if (job.error() != QKeychain::NoError)
        return keychainError(job, what);
    return {};
}

}  // namespace

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{}

Result<QString> KeychainSecretStore::read(const QString &key)
{
    const QString what = QStringLiteral("Reading \"%1\"").arg(key);
    if (QString why; !hasKeychainBackend(&why))
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1: %2.").arg(what, why));
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    if (auto done = finishJob(job, what); !done)
        return done.error();
    const QString secret = job.textData();
    logging::registerSecret(secret);
    return secret;
}

Result<void> KeychainSecretStore::write(const QString &key, const QString &secret)
{
    logging::registerSecret(secret);
    const QString what = QStringLiteral("Storing \"%1\"").arg(key);
    if (QString why; !hasKeychainBackend(&why))
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("%1: %2; nothing was written (a password is never kept in a plain file).").arg(what, why));
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setTextData(secret);
    return finishJob(job, what);
}

Result<void> KeychainSecretStore::remove(const QString &key)
{
    const QString what = QStringLiteral("Removing \"%1\"").arg(key);
    if (QString why; !hasKeychainBackend(&why))
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1: %2.").arg(what, why));
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    return finishJob(job, what);
}

}  // namespace ib
