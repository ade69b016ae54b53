#include "providers/openstack/CloudAccountStore.h"

#include "logging/Logging.h"
#include "secrets/SecretStore.h"
#include "storage/SqlHelpers.h"
#include "storage/Store.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUrl>

namespace ib::openstack {

using namespace ib::sql;

namespace {

const char *const kColumns = "name, kind, auth_url, identity_version, region, tenant_id, user_name, settings, created_at";

CloudAccount fromQuery(const QSqlQuery &q)
{
    CloudAccount a;
    a.name = q.value(0).toString();
    a.kind = CloudAccount::kindFromName(q.value(1).toString());
    a.authUrl = q.value(2).toString();
    a.identityVersion = q.value(3).toString();
    a.region = q.value(4).toString();
    a.tenantId = q.value(5).toString();
    a.userName = q.value(6).toString();
    a.settingsFromJson(QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object());
    a.createdAt = parseTime(q.value(8).toString());
    return a;
}

const QLatin1String kEnvelopeTag("imagebuilder-password-binding");

// What a password was entered for, in the words a message can show.
QList<std::pair<QString, QString>> bindingFields(const CloudAccount &a)
{
    return {{QStringLiteral("auth URL"), a.authUrl},
            {QStringLiteral("identity version"), a.identityVersion},
            {QStringLiteral("user"), a.userName},
            {QStringLiteral("user domain"), a.userDomain},
            {QStringLiteral("project/tenant id"), a.tenantId},
            {QStringLiteral("project name"), a.projectName},
            {QStringLiteral("project domain"), a.projectDomain},
            {QStringLiteral("region"), a.region}};
}

QString envelope(const CloudAccount &a, const QString &password)
{
    QJsonObject bound;
    for (const auto &[field, value] : bindingFields(a))
        bound.insert(field, value);
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("format"), kEnvelopeTag},
                                                       {QStringLiteral("boundTo"), bound},
                                                       {QStringLiteral("password"), password}})
                                 .toJson(QJsonDocument::Compact));
}

}  // namespace

QString CloudAccountStore::insecureAuthUrlProblem(const QString &authUrl)
{
    const QUrl url(authUrl);
    if (url.scheme() != QLatin1String("http"))
        return {};
    const QString host = url.host();
    const QHostAddress address(host);
    if (host == QLatin1String("localhost") || (!address.isNull() && address.isLoopback()))
        return {};  // never leaves this machine
    if (qEnvironmentVariable("IMAGEBUILDER_ALLOW_HTTP_AUTH") == QLatin1String("1"))
        return {};
    return QStringLiteral("authUrl: %1 is plain http://, which would send the password unencrypted; use the https:// URL of the "
                          "identity service (or, on a network you trust, set IMAGEBUILDER_ALLOW_HTTP_AUTH=1 on this machine).")
        .arg(authUrl);
}

CloudAccountStore::CloudAccountStore(Store &store, SecretStore *secrets)
    : m_store(store)
    , m_secrets(secrets)
{}

Result<QList<CloudAccount>> CloudAccountStore::list()
{
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("SELECT %1 FROM cloud_accounts ORDER BY name").arg(QLatin1String(kColumns))))
        return dbError(QStringLiteral("Cannot read the cloud accounts"), q.lastError());
    QList<CloudAccount> out;
    while (q.next())
        out.append(fromQuery(q));
    return out;
}

Result<CloudAccount> CloudAccountStore::find(const QString &name)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT %1 FROM cloud_accounts WHERE name = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(name);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot read the cloud accounts"), q.lastError());
    if (!q.next())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("There is no cloud account \"%1\"; `cloud list` shows those there are.").arg(name));
    return fromQuery(q);
}

Result<void> CloudAccountStore::add(const CloudAccount &account, const QString &password)
{
    if (const auto problems = account.problems(); !problems.isEmpty())
        return makeError(ErrorKind::Invalid, problems.join(QLatin1Char('\n')));
    if (password.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("password: enter the account's API password."));
    if (const auto problem = insecureAuthUrlProblem(account.authUrl); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, problem);
    if (find(account.name))
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("name: a cloud account \"%1\" exists already; remove it first or choose another name.").arg(account.name));
    if (!m_secrets)
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("No keychain is available to keep the password; cloud passwords are never kept in a file."));
    logging::registerSecret(password);
    if (auto written = m_secrets->write(account.secretKey(), envelope(account, password)); !written)
        return written.error();
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("INSERT INTO cloud_accounts (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(QLatin1String(kColumns)));
    q.addBindValue(account.name);
    q.addBindValue(account.kindName());
    q.addBindValue(text(account.authUrl));
    q.addBindValue(text(account.identityVersion));
    q.addBindValue(text(account.region));
    q.addBindValue(text(account.tenantId));
    q.addBindValue(text(account.userName));
    q.addBindValue(QString::fromUtf8(QJsonDocument(account.settingsToJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(now());
    if (!q.exec()) {
        const auto error = q.lastError();
        (void)m_secrets->remove(account.secretKey());
        if (isUniqueViolation(error))
            return makeError(ErrorKind::Conflict, QStringLiteral("name: a cloud account \"%1\" exists already.").arg(account.name));
        return dbError(QStringLiteral("Cannot save the cloud account"), error);
    }
    return {};
}

Result<void> CloudAccountStore::remove(const QString &name)
{
    auto account = find(name);
    if (!account)
        return account.error();
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("DELETE FROM cloud_accounts WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot remove the cloud account"), q.lastError());
    if (m_secrets) {
        if (auto removed = m_secrets->remove(account->secretKey()); !removed && removed.error().kind != ErrorKind::NotFound)
            return removed.error();
    }
    return {};
}

Result<QString> CloudAccountStore::password(const CloudAccount &account)
{
    if (!m_secrets)
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("No keychain is available to read the password of cloud account %1.").arg(account.name));
    if (const auto problem = insecureAuthUrlProblem(account.authUrl); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("Cloud account %1: nothing was sent. %2").arg(account.name, problem));
    auto secret = m_secrets->read(account.secretKey());
    if (!secret) {
        if (secret.error().kind == ErrorKind::NotFound)
            return makeError(
                ErrorKind::NotFound,
                QStringLiteral("%1 has no password for cloud account %2; add the account again.").arg(m_secrets->name(), account.name));
        return secret.error();
    }
    logging::registerSecret(secret.value());
    const auto doc = QJsonDocument::fromJson(secret->toUtf8()).object();
    if (doc.value(QStringLiteral("format")).toString() != kEnvelopeTag)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("The password of cloud account %1 was saved before passwords were bound to the sign-in details "
                                        "they were entered for, so nothing was sent. Enter it again for %2 (user %3): remove the account "
                                        "and add it again.")
                             .arg(account.name, account.authUrl, account.userName));
    const QString password = doc.value(QStringLiteral("password")).toString();
    logging::registerSecret(password);
    const auto bound = doc.value(QStringLiteral("boundTo")).toObject();
    QStringList changes;
    for (const auto &[field, value] : bindingFields(account)) {
        const QString then = bound.value(field).toString();
        if (then != value)
            changes.append(QStringLiteral("%1 was \"%2\", is now \"%3\"").arg(field, then, value));
    }
    if (!changes.isEmpty())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("Cloud account %1 has changed since its password was entered on this machine (%2), so the "
                                        "password was not sent. If you made or expect this change, enter the password again to "
                                        "confirm it (`imagebuilder-cli cloud password %1`, or the account's Password in "
                                        "Settings > Clouds); otherwise someone with access to the team store changed the account.")
                             .arg(account.name, changes.join(QStringLiteral("; "))));
    return password;
}

Result<void> CloudAccountStore::rebind(const CloudAccount &account, const QString &password)
{
    if (!m_secrets)
        return makeError(ErrorKind::Unsupported, QStringLiteral("No keychain is available to keep the password."));
    if (password.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("password: enter the account's API password."));
    if (const auto problem = insecureAuthUrlProblem(account.authUrl); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, problem);
    logging::registerSecret(password);
    return m_secrets->write(account.secretKey(), envelope(account, password));
}

}  // namespace ib::openstack
