#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ib::openstack::replies {

// The parsers of every reply body the provider reads, apart from the provider so that
// they can be tested (and fuzzed) with hostile bodies. A cloud reply is untrusted: any
// byte sequence (an HTML 502 page of a proxy, a truncated body, an array, a number where a
// string belongs) gives either a value or an error in words, never a crash.

// The body as a JSON object; anything else is an error naming what was being read
// (`what`: "the flavor list") and the first characters of the body.
Result<QJsonObject> object(const QByteArray &body, const QString &what);

// The one resource of a single-resource reply ({"server": {...}} gives {...}); a body
// of several keys or none is returned as it is.
QJsonObject entity(const QJsonObject &reply);

// The "status" of a single-resource reply, empty when there is none.
QString status(const QByteArray &body);

struct Flavor
{
    QString id;
    QString name;
    int vcpus = 0;
    int ramMb = 0;
    int diskGb = 0;  // 0: volume-backed only
    bool disabled = false;
};
// GET /flavors/detail; `next` receives the flavors_links "next" href (empty on the last page).
Result<QList<Flavor>> flavors(const QByteArray &body, QString *next = nullptr);

struct Network
{
    QString id;
    QString name;
    bool external = false;
    QStringList subnets;
};
Result<QList<Network>> networks(const QByteArray &body);

// GET /routers and GET /ports?device_owner=network:router_interface: the networks of the
// interfaces of the routers whose gateway is the external network `externalId`.
Result<QStringList> routedNetworks(const QByteArray &routers, const QByteArray &interfaces, const QString &externalId);

struct Subnet
{
    QString id;
    QString networkId;
    QString gatewayIp;
};
Result<QList<Subnet>> subnets(const QByteArray &body);

struct FloatingIp
{
    QString id;
    QString address;
    QString portId;
    QString label;        // NHN Cloud's field
    QString description;  // upstream Neutron's
};
Result<QList<FloatingIp>> floatingIps(const QByteArray &body);
// POST /floatingips's answer.
Result<FloatingIp> floatingIp(const QByteArray &body);

// {"servers": [...]}, {"security_groups": [...]}, {"ports": [...]}: the ids of the items
// whose "name" is `name` (every item when `name` is empty).
Result<QStringList> idsNamed(const QByteArray &body, const QString &collection, const QString &name);

struct Volume
{
    QString status;
    QStringList attachedServers;
};
Result<Volume> volume(const QByteArray &body);

struct VolumeType
{
    QString id;
    QString name;
};
// GET /types.
Result<QList<VolumeType>> volumeTypes(const QByteArray &body);

// The root volume of a volume-backed server: from the server's
// os-extended-volumes:volumes_attached, or os-volume_attachments's volumeAttachments.
QString rootVolumeOfServer(const QJsonObject &server);
QString firstVolumeAttachment(const QByteArray &body);

// The new image's id: createImage's {"image_id"} (microversion 2.45 and later) or its
// Location header (before), os-volume_upload_image's image_id.
QString createdImageId(const QByteArray &body, const QByteArray &location);
QString uploadedImageId(const QByteArray &body);

// A Glance image list page: the images and the `next` link (empty on the last page).
Result<QList<QJsonObject>> imagesPage(const QByteArray &body, QString *next);

}  // namespace ib::openstack::replies
