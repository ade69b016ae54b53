#include "providers/openstack/CinderVolumes.h"

#include <QJsonObject>

namespace ib::openstack::cinder {

namespace {

QString volumePath(const QString &volumeId)
{
    return QStringLiteral("/volumes/") + volumeId;
}

}  // namespace

Result<QList<replies::VolumeType>> listVolumeTypes(OpenStackClient &client)
{
    auto types = client.call("GET", Service::Volume, QStringLiteral("/types"));
    if (!types)
        return types.error();
    if (!types->ok())
        return client.errorFor(types.value(), QStringLiteral("list the volume types"));
    return replies::volumeTypes(types->body);
}

Result<HttpReply> uploadToImage(OpenStackClient &client, const QString &volumeId, const QString &imageName)
{
    const QJsonObject upload{{QStringLiteral("image_name"), imageName},
                             {QStringLiteral("force"), true},
                             {QStringLiteral("disk_format"), QStringLiteral("qcow2")},
                             {QStringLiteral("container_format"), QStringLiteral("bare")},
                             {QStringLiteral("visibility"), QStringLiteral("private")},
                             {QStringLiteral("protected"), false}};
    return client.call("POST", Service::Volume, QStringLiteral("/volumes/%1/action").arg(volumeId),
                       jsonBody(QJsonObject{{QStringLiteral("os-volume_upload_image"), upload}}));
}

Result<std::optional<replies::Volume>> volume(OpenStackClient &client, const QString &volumeId)
{
    auto reply = client.call("GET", Service::Volume, volumePath(volumeId), {}, Cancellation::Ignore);
    if (!reply)
        return reply.error();
    if (reply->status == 404)
        return std::optional<replies::Volume>();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("check volume %1").arg(volumeId));
    auto volume = replies::volume(reply->body);
    if (!volume)
        return volume.error();
    return std::optional<replies::Volume>(volume.value());
}

Result<void> deleteVolume(OpenStackClient &client, const QString &volumeId)
{
    auto deleted = client.call("DELETE", Service::Volume, volumePath(volumeId), {}, Cancellation::Ignore);
    if (!deleted)
        return deleted.error();
    if (!deleted->ok() && deleted->status != 404 && deleted->status != 400 && deleted->status != 409)
        return client.errorFor(deleted.value(), QStringLiteral("delete volume %1").arg(volumeId));
    return {};
}

}  // namespace ib::openstack::cinder
