#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace ib::openstack {

enum class CloudKind { Nhn, OpenStack };

// A cloud a build may run on. Only what is not secret: the password lives in the
// SecretStore under secretKey(), tokens only in the memory of the process using them.
struct CloudAccount
{
    QString name;  // the provider id of builds on it ("nhn-kr1"); never "local"
    CloudKind kind = CloudKind::OpenStack;
    QString authUrl;          // Keystone, without a trailing slash
    QString identityVersion;  // "2.0" (NHN Cloud) or "3"
    QString region;           // NHN: KR1, KR2, KR3, JP1
    QString tenantId;         // NHN tenant ID = project id
    QString projectName;      // Keystone v3 scope when there is no project id
    QString projectDomain = QStringLiteral("Default");
    QString userName;
    QString userDomain = QStringLiteral("Default");
    QString interface = QStringLiteral("public");
    // Where builds launch; empty: the first that fits (smallest flavor with 1 GB RAM or
    // more, the first internal network, the first external network).
    QString flavor;
    QString network;
    QString floatingNetwork;
    QString volumeType;  // of the root volume, by name or id; empty: the cloud's default
    int sshPort = 22;
    QString sshSource = QStringLiteral("0.0.0.0/0");  // remote_ip_prefix of the SSH rule
    // CA certificates (PEM) the cloud's endpoints are trusted with, besides the system's:
    // clouds.yaml `cacert`; empty: the system's only.
    QString caFile;
    QDateTime createdAt;

    // The keychain entry of the API password: "imagebuilder-cloud:NAME".
    QString secretKey() const { return QStringLiteral("imagebuilder-cloud:") + name; }
    QString kindName() const { return kind == CloudKind::Nhn ? QStringLiteral("nhn") : QStringLiteral("openstack"); }
    static CloudKind kindFromName(const QString &name);

    // NHN Cloud's public identity service (Keystone v2.0).
    static QString nhnAuthUrl();
    static QStringList nhnRegions();  // KR1, KR2, KR3, JP1
    // An NHN Cloud account as its console describes one.
    static CloudAccount nhn(const QString &name, const QString &region, const QString &tenantId, const QString &userName);

    // "field: message" lines, empty when the account can be saved.
    QStringList problems() const;

    QJsonObject settingsToJson() const;  // the launch settings kept in one column
    void settingsFromJson(const QJsonObject &o);
};

}  // namespace ib::openstack
