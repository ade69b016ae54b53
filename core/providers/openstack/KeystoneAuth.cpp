#include "providers/openstack/KeystoneAuth.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ib::openstack::keystone {

namespace {

QString base(const CloudAccount &account)
{
    QString url = account.authUrl;
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

QDateTime parseTime(const QString &text)
{
    // "2026-11-27T11:00:00Z", "2026-11-27T11:00:00.000000Z", "...+09:00"
    auto t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime && !text.contains(QLatin1Char('+')))
        t.setTimeSpec(Qt::UTC);  // Keystone's times without a zone are UTC
    return t.toUTC();
}

}  // namespace

QUrl tokensUrl(const CloudAccount &account)
{
    const QString b = base(account);
    if (account.identityVersion == QLatin1String("2.0"))
        return QUrl(b.endsWith(QLatin1String("/v2.0")) ? b + QStringLiteral("/tokens") : b + QStringLiteral("/v2.0/tokens"));
    return QUrl(b.endsWith(QLatin1String("/v3")) ? b + QStringLiteral("/auth/tokens") : b + QStringLiteral("/v3/auth/tokens"));
}

QByteArray requestBody(const CloudAccount &account, const QString &password)
{
    if (account.identityVersion == QLatin1String("2.0")) {
        QJsonObject auth{{QStringLiteral("passwordCredentials"),
                          QJsonObject{{QStringLiteral("username"), account.userName}, {QStringLiteral("password"), password}}}};
        if (!account.tenantId.isEmpty())
            auth.insert(QStringLiteral("tenantId"), account.tenantId);
        else
            auth.insert(QStringLiteral("tenantName"), account.projectName);
        return QJsonDocument(QJsonObject{{QStringLiteral("auth"), auth}}).toJson(QJsonDocument::Compact);
    }
    const QJsonObject user{{QStringLiteral("name"), account.userName},
                           {QStringLiteral("domain"), QJsonObject{{QStringLiteral("name"), account.userDomain}}},
                           {QStringLiteral("password"), password}};
    const QJsonObject project = account.tenantId.isEmpty()
                                    ? QJsonObject{{QStringLiteral("name"), account.projectName},
                                                  {QStringLiteral("domain"), QJsonObject{{QStringLiteral("name"), account.projectDomain}}}}
                                    : QJsonObject{{QStringLiteral("id"), account.tenantId}};
    const QJsonObject auth{
        {QStringLiteral("identity"), QJsonObject{{QStringLiteral("methods"), QJsonArray{QStringLiteral("password")}},
                                                 {QStringLiteral("password"), QJsonObject{{QStringLiteral("user"), user}}}}},
        {QStringLiteral("scope"), QJsonObject{{QStringLiteral("project"), project}}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("auth"), auth}}).toJson(QJsonDocument::Compact);
}

Result<KeystoneToken> parseReply(const CloudAccount &account, const HttpReply &reply)
{
    const auto root = reply.json();
    KeystoneToken token;
    if (account.identityVersion == QLatin1String("2.0")) {
        const auto access = root.value(QStringLiteral("access")).toObject();
        const auto t = access.value(QStringLiteral("token")).toObject();
        token.id = t.value(QStringLiteral("id")).toString();
        token.expiresAt = parseTime(t.value(QStringLiteral("expires")).toString());
        token.projectId = t.value(QStringLiteral("tenant")).toObject().value(QStringLiteral("id")).toString();
        token.catalog = ServiceCatalog::fromV2(access.value(QStringLiteral("serviceCatalog")).toArray());
    } else {
        const auto t = root.value(QStringLiteral("token")).toObject();
        token.id = QString::fromLatin1(reply.header("x-subject-token"));
        token.expiresAt = parseTime(t.value(QStringLiteral("expires_at")).toString());
        token.projectId = t.value(QStringLiteral("project")).toObject().value(QStringLiteral("id")).toString();
        token.catalog = ServiceCatalog::fromV3(t.value(QStringLiteral("catalog")).toArray());
    }
    if (token.id.isEmpty())
        return makeError(
            ErrorKind::Io,
            QStringLiteral("The identity service at %1 answered without a token; check the account's identity URL.").arg(account.authUrl));
    if (!token.expiresAt.isValid())
        token.expiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);  // unknown: renew hourly
    if (token.projectId.isEmpty())
        token.projectId = account.tenantId;
    if (token.catalog.isEmpty())
        return makeError(ErrorKind::Io,
                         QStringLiteral("The token of %1 lists no services; check that the user may use the project.").arg(account.name));
    return token;
}

}  // namespace ib::openstack::keystone
