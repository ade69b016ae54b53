#include "providers/openstack/CloudAccount.h"

#include "providers/openstack/EndpointTrust.h"

#include <QCoreApplication>
#include <QDir>

#include <QRegularExpression>

namespace ib::openstack {

CloudKind CloudAccount::kindFromName(const QString &name)
{
    return name == QLatin1String("nhn") ? CloudKind::Nhn : CloudKind::OpenStack;
}

QString CloudAccount::nhnAuthUrl()
{
    return QStringLiteral("https://api-identity-infrastructure.nhncloudservice.com/v2.0");
}

QStringList CloudAccount::nhnRegions()
{
    return {QStringLiteral("KR1"), QStringLiteral("KR2"), QStringLiteral("KR3"), QStringLiteral("JP1")};
}

CloudAccount CloudAccount::nhn(const QString &name, const QString &region, const QString &tenantId, const QString &userName)
{
    CloudAccount a;
    a.name = name;
    a.kind = CloudKind::Nhn;
    a.authUrl = nhnAuthUrl();
    a.identityVersion = QStringLiteral("2.0");
    a.region = region.toUpper();
    a.tenantId = tenantId;
    a.userName = userName;
    return a;
}

QStringList CloudAccount::problems() const
{
    // The field stays English (the Clouds page and the CLI route a message by it); the
    // sentence is in the user's language in the GUI. These never reach a build log.
    const auto said = [](const char *text) { return QCoreApplication::translate("ib::openstack::CloudAccount", text); };
    QStringList out;
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
    if (!namePattern.match(name).hasMatch())
        out.append(QStringLiteral("name: ") +
                   said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount",
                                          "use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit.")));
    else if (name == QLatin1String("local"))
        out.append(QStringLiteral("name: ") + said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount",
                                                                     "\"local\" is this machine's QEMU provider; choose another name.")));
    if (!authUrl.startsWith(QLatin1String("http://")) && !authUrl.startsWith(QLatin1String("https://")))
        out.append(QStringLiteral("authUrl: ") +
                   said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "give the identity service's URL (https://...).")));
    if (identityVersion != QLatin1String("2.0") && identityVersion != QLatin1String("3"))
        out.append(QStringLiteral("identityVersion: ") +
                   said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "Keystone 2.0 (NHN Cloud) or 3 are supported.")));
    if (kind == CloudKind::Nhn && !nhnRegions().contains(region))
        out.append(QStringLiteral("region: ") + said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "NHN Cloud regions are %1."))
                                                    .arg(nhnRegions().join(QStringLiteral(", "))));
    if (kind == CloudKind::Nhn && tenantId.isEmpty())
        out.append(QStringLiteral("tenant: ") +
                   said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount",
                                          "give the tenant ID shown under Compute > Instance > Set API Endpoint in the console.")));
    if (kind == CloudKind::OpenStack && tenantId.isEmpty() && projectName.isEmpty())
        out.append(QStringLiteral("project: ") +
                   said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "give the project name or id the builds run in.")));
    if (userName.isEmpty())
        out.append(QStringLiteral("user: ") +
                   said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "give the user name (NHN Cloud: the console login e-mail).")));
    if (sshPort < 1 || sshPort > 65535)
        out.append(QStringLiteral("sshPort: ") + said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "give a port from 1 to 65535.")));
    if (!caFile.isEmpty() && !QDir::isAbsolutePath(caFile))
        out.append(
            QStringLiteral("caFile: ") +
            said(QT_TRANSLATE_NOOP("ib::openstack::CloudAccount", "give the CA file's absolute path (%1 is relative).")).arg(caFile));
    else if (const auto problem = endpoints::caFileProblem(caFile); !problem.isEmpty())
        out.append(QStringLiteral("caFile: ") + problem);
    return out;
}

QJsonObject CloudAccount::settingsToJson() const
{
    return QJsonObject{{QStringLiteral("projectName"), projectName},
                       {QStringLiteral("projectDomain"), projectDomain},
                       {QStringLiteral("userDomain"), userDomain},
                       {QStringLiteral("interface"), interface},
                       {QStringLiteral("flavor"), flavor},
                       {QStringLiteral("network"), network},
                       {QStringLiteral("floatingNetwork"), floatingNetwork},
                       {QStringLiteral("volumeType"), volumeType},
                       {QStringLiteral("sshPort"), sshPort},
                       {QStringLiteral("sshSource"), sshSource},
                       {QStringLiteral("caFile"), caFile}};
}

void CloudAccount::settingsFromJson(const QJsonObject &o)
{
    projectName = o.value(QStringLiteral("projectName")).toString();
    projectDomain = o.value(QStringLiteral("projectDomain")).toString(QStringLiteral("Default"));
    userDomain = o.value(QStringLiteral("userDomain")).toString(QStringLiteral("Default"));
    interface = o.value(QStringLiteral("interface")).toString(QStringLiteral("public"));
    flavor = o.value(QStringLiteral("flavor")).toString();
    network = o.value(QStringLiteral("network")).toString();
    floatingNetwork = o.value(QStringLiteral("floatingNetwork")).toString();
    volumeType = o.value(QStringLiteral("volumeType")).toString();
    sshPort = o.value(QStringLiteral("sshPort")).toInt(22);
    sshSource = o.value(QStringLiteral("sshSource")).toString(QStringLiteral("0.0.0.0/0"));
    caFile = o.value(QStringLiteral("caFile")).toString();
}

}  // namespace ib::openstack
