#include "providers/openstack/NovaCompute.h"

#include <QJsonArray>
#include <QSet>
#include <QUrl>

namespace ib::openstack::nova {

Result<QList<replies::Flavor>> listFlavors(OpenStackClient &client)
{
    // NHN Cloud documents no paging of the flavor list (undocumented; handled both ways):
    // every page is read when the reply carries a flavors_links "next".
    QList<replies::Flavor> all;
    QSet<QString> seen;
    auto reply = client.call("GET", Service::Compute, QStringLiteral("/flavors/detail"));
    for (int page = 0; page < 1000; ++page) {
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return client.errorFor(reply.value(), QStringLiteral("list the flavors"));
        QString next;
        auto flavors = replies::flavors(reply->body, &next);
        if (!flavors)
            return flavors.error();
        int added = 0;
        for (const auto &f : std::as_const(flavors.value())) {
            if (!seen.contains(f.id)) {
                seen.insert(f.id);
                all.append(f);
                ++added;
            }
        }
        if (next.isEmpty() || added == 0)
            break;
        reply = client.callUrl("GET", QUrl(next));
    }
    return all;
}

Result<HttpReply> importKeyPair(OpenStackClient &client, const QString &name, const QString &publicKey)
{
    return client.call("POST", Service::Compute, QStringLiteral("/os-keypairs"),
                       jsonBody(QJsonObject{{QStringLiteral("keypair"),
                                             QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("public_key"), publicKey}}}}));
}

Result<HttpReply> createKeyPair(OpenStackClient &client, const QString &name)
{
    return client.call("POST", Service::Compute, QStringLiteral("/os-keypairs"),
                       jsonBody(QJsonObject{{QStringLiteral("keypair"), QJsonObject{{QStringLiteral("name"), name}}}}));
}

QString keyPairPath(const QString &name)
{
    return QStringLiteral("/os-keypairs/") + percentEncoded(name);
}

QJsonObject serverBody(const ServerRequest &request)
{
    QJsonObject device{{QStringLiteral("source_type"), QStringLiteral("image")},
                       {QStringLiteral("uuid"), request.imageId},
                       {QStringLiteral("boot_index"), 0},
                       {QStringLiteral("delete_on_termination"), true}};
    if (request.volumeBacked) {
        device.insert(QStringLiteral("destination_type"), QStringLiteral("volume"));
        device.insert(QStringLiteral("volume_size"), request.rootGb);
        if (!request.volumeType.isEmpty())
            device.insert(QStringLiteral("volume_type"), request.volumeType);
    } else {
        device.insert(QStringLiteral("destination_type"), QStringLiteral("local"));
    }
    QJsonObject server{{QStringLiteral("name"), request.name},
                       {QStringLiteral("flavorRef"), request.flavorId},
                       {QStringLiteral("key_name"), request.name},
                       {QStringLiteral("networks"), QJsonArray{QJsonObject{{QStringLiteral("uuid"), request.networkId}}}},
                       {QStringLiteral("security_groups"), QJsonArray{QJsonObject{{QStringLiteral("name"), request.name}}}},
                       {QStringLiteral("user_data"), QString::fromLatin1(request.userData)},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("imagebuilder_build"), request.buildId}}},
                       {QStringLiteral("block_device_mapping_v2"), QJsonArray{device}}};
    if (!request.volumeBacked)
        server.insert(QStringLiteral("imageRef"), request.imageId);
    return QJsonObject{{QStringLiteral("server"), server}};
}

Result<QString> createServer(OpenStackClient &client, const ServerRequest &request)
{
    auto reply = client.call("POST", Service::Compute, QStringLiteral("/servers"), jsonBody(serverBody(request)));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("create the server"));
    return reply->json().value(QStringLiteral("server")).toObject().value(QStringLiteral("id")).toString();
}

QString serverPath(const QString &serverId)
{
    return QStringLiteral("/servers/") + serverId;
}

Result<bool> hasStarted(const QJsonObject &server, QString *fault)
{
    const auto status = server.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("ERROR")) {
        *fault = server.value(QStringLiteral("fault")).toObject().value(QStringLiteral("message")).toString();
        return makeError(ErrorKind::Io, QStringLiteral("The cloud could not start the server: %1")
                                            .arg(fault->isEmpty() ? QStringLiteral("it went into ERROR without saying why.") : *fault));
    }
    return status == QLatin1String("ACTIVE");
}

Result<bool> hasStopped(const QJsonObject &server)
{
    const auto status = server.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("ERROR"))
        return makeError(ErrorKind::Io,
                         QStringLiteral("The server went into ERROR while stopping: %1")
                             .arg(server.value(QStringLiteral("fault")).toObject().value(QStringLiteral("message")).toString()));
    return status == QLatin1String("SHUTOFF");
}

Result<void> stopServer(OpenStackClient &client, const QString &serverId)
{
    auto reply = client.call("POST", Service::Compute, QStringLiteral("/servers/%1/action").arg(serverId), R"({"os-stop":null})");
    if (!reply)
        return reply.error();
    if (!reply->ok() && reply->status != 409)
        return client.errorFor(reply.value(), QStringLiteral("stop the server"));
    return {};
}

QString rootVolume(OpenStackClient &client, const QString &serverId, const QJsonObject &server)
{
    QString volumeId = replies::rootVolumeOfServer(server);
    if (volumeId.isEmpty()) {
        auto reply = client.call("GET", Service::Compute, QStringLiteral("/servers/%1/os-volume_attachments").arg(serverId));
        if (reply && reply->ok())
            volumeId = replies::firstVolumeAttachment(reply->body);
    }
    return volumeId;
}

Result<HttpReply> createImage(OpenStackClient &client, const QString &serverId, const QString &name)
{
    return client.call("POST", Service::Compute, QStringLiteral("/servers/%1/action").arg(serverId),
                       jsonBody(QJsonObject{{QStringLiteral("createImage"),
                                             QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("metadata"), QJsonObject()}}}}));
}

Result<QStringList> serversNamed(OpenStackClient &client, const QString &name)
{
    auto reply = client.call("GET", Service::Compute, QStringLiteral("/servers?name=") + percentEncoded(name), {}, Cancellation::Ignore);
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("look for server %1").arg(name));
    return replies::idsNamed(reply->body, QStringLiteral("servers"), name);
}

QString serverName(OpenStackClient &client, const QString &serverId)
{
    auto server = client.call("GET", Service::Compute, serverPath(serverId), {}, Cancellation::Ignore);
    if (!server || !server->ok())
        return {};
    return replies::entity(server->json()).value(QStringLiteral("name")).toString();
}

}  // namespace ib::openstack::nova
