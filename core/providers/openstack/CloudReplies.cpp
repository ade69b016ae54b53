#include "providers/openstack/CloudReplies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QUrl>

namespace ib::openstack::replies {

namespace {

// A short, printable start of a body for a message (an HTML page's title shows).
QString excerpt(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(120)).simplified();
    for (auto &c : text) {
        if (!c.isPrint())
            c = QLatin1Char('?');
    }
    if (body.size() > 120)
        text += QStringLiteral("...");
    return text.isEmpty() ? QStringLiteral("an empty body") : QStringLiteral("\"%1\"").arg(text);
}

QString text(const QJsonObject &o, const char *key)
{
    const auto v = o.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return {};
}

int number(const QJsonObject &o, const char *key)
{
    const auto v = o.value(QLatin1String(key));
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d > 0 && d < 1e9 ? static_cast<int>(d) : 0;
    }
    if (v.isString())
        return v.toString().toInt();
    return 0;
}

Result<QJsonArray> array(const QByteArray &body, const char *key, const QString &what)
{
    auto o = object(body, what);
    if (!o)
        return o.error();
    const auto v = o->value(QLatin1String(key));
    if (!v.isArray())
        return makeError(
            ErrorKind::Io,
            QStringLiteral("The cloud's answer to %1 has no \"%2\" list; it said %3.").arg(what, QLatin1String(key), excerpt(body)));
    return v.toArray();
}

}  // namespace

Result<QJsonObject> object(const QByteArray &body, const QString &what)
{
    QJsonParseError error{};
    const auto document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return makeError(ErrorKind::Io, QStringLiteral("The cloud's answer to %1 is not the JSON object its API describes (it said %2); "
                                                       "a proxy or the cloud may be failing, try again later.")
                                            .arg(what, excerpt(body)));
    return document.object();
}

QJsonObject entity(const QJsonObject &reply)
{
    if (reply.size() == 1) {
        const auto only = reply.constBegin().value();
        if (only.isObject())
            return only.toObject();
    }
    return reply;
}

QString status(const QByteArray &body)
{
    const auto document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return {};
    return text(entity(document.object()), "status");
}

Result<QList<Flavor>> flavors(const QByteArray &body, QString *next)
{
    auto list = array(body, "flavors", QStringLiteral("the flavor list"));
    if (!list)
        return list.error();
    QList<Flavor> out;
    for (const auto &f : std::as_const(list.value())) {
        const auto o = f.toObject();
        Flavor flavor{text(o, "id"),    text(o, "name"),   number(o, "vcpus"),
                      number(o, "ram"), number(o, "disk"), o.value(QStringLiteral("OS-FLV-DISABLED:disabled")).toBool()};
        if (!flavor.id.isEmpty())
            out.append(flavor);
    }
    if (next) {
        next->clear();
        const auto root = QJsonDocument::fromJson(body).object();
        for (const QJsonArray jsonItems = root.value(QStringLiteral("flavors_links")).toArray(); const auto &l : jsonItems) {
            if (l.toObject().value(QStringLiteral("rel")).toString() == QLatin1String("next"))
                *next = l.toObject().value(QStringLiteral("href")).toString();
        }
    }
    return out;
}

Result<QList<Network>> networks(const QByteArray &body)
{
    auto list = array(body, "networks", QStringLiteral("the network list"));
    if (!list)
        return list.error();
    QList<Network> out;
    for (const auto &n : std::as_const(list.value())) {
        const auto o = n.toObject();
        Network network{text(o, "id"), text(o, "name"), o.value(QStringLiteral("router:external")).toBool(), {}};
        for (const QJsonArray jsonItems = o.value(QStringLiteral("subnets")).toArray(); const auto &s : jsonItems) {
            if (s.isString())
                network.subnets.append(s.toString());
        }
        if (!network.id.isEmpty())
            out.append(network);
    }
    return out;
}

Result<QStringList> routedNetworks(const QByteArray &routers, const QByteArray &interfaces, const QString &externalId)
{
    auto r = object(routers, QStringLiteral("the router list"));
    if (!r)
        return r.error();
    QStringList gateways;
    for (const QJsonArray jsonItems = r->value(QStringLiteral("routers")).toArray(); const auto &router : jsonItems) {
        const auto o = router.toObject();
        if (o.value(QStringLiteral("external_gateway_info")).toObject().value(QStringLiteral("network_id")).toString() == externalId)
            gateways.append(o.value(QStringLiteral("id")).toString());
    }
    auto p = object(interfaces, QStringLiteral("the router interface list"));
    if (!p)
        return p.error();
    QStringList routed;
    for (const QJsonArray jsonItems = p->value(QStringLiteral("ports")).toArray(); const auto &port : jsonItems) {
        const auto o = port.toObject();
        if (gateways.contains(o.value(QStringLiteral("device_id")).toString()))
            routed.append(o.value(QStringLiteral("network_id")).toString());
    }
    return routed;
}

Result<QList<Subnet>> subnets(const QByteArray &body)
{
    auto list = array(body, "subnets", QStringLiteral("the subnet list"));
    if (!list)
        return list.error();
    QList<Subnet> out;
    for (const auto &s : std::as_const(list.value())) {
        const auto o = s.toObject();
        out.append(Subnet{text(o, "id"), text(o, "network_id"), text(o, "gateway_ip")});
    }
    return out;
}

namespace {

FloatingIp floatingIpOf(const QJsonObject &o)
{
    return FloatingIp{text(o, "id"), text(o, "floating_ip_address"), text(o, "port_id"), text(o, "label"), text(o, "description")};
}

}  // namespace

Result<QList<FloatingIp>> floatingIps(const QByteArray &body)
{
    auto list = array(body, "floatingips", QStringLiteral("the floating IP list"));
    if (!list)
        return list.error();
    QList<FloatingIp> out;
    for (const auto &f : std::as_const(list.value()))
        out.append(floatingIpOf(f.toObject()));
    return out;
}

Result<FloatingIp> floatingIp(const QByteArray &body)
{
    auto o = object(body, QStringLiteral("the floating IP request"));
    if (!o)
        return o.error();
    auto ip = floatingIpOf(o->value(QStringLiteral("floatingip")).toObject());
    if (ip.id.isEmpty())
        return makeError(ErrorKind::Io,
                         QStringLiteral("The cloud made a floating IP but its answer names none (it said %1).").arg(excerpt(body)));
    return ip;
}

Result<QStringList> idsNamed(const QByteArray &body, const QString &collection, const QString &name)
{
    auto list = array(body, collection.toLatin1().constData(), QStringLiteral("the %1 list").arg(collection));
    if (!list)
        return list.error();
    QStringList ids;
    for (const auto &item : std::as_const(list.value())) {
        const auto o = item.toObject();
        const auto id = text(o, "id");
        if (!id.isEmpty() && (name.isEmpty() || text(o, "name") == name))
            ids.append(id);
    }
    return ids;
}

Result<Volume> volume(const QByteArray &body)
{
    auto o = object(body, QStringLiteral("a volume query"));
    if (!o)
        return o.error();
    const auto v = o->value(QStringLiteral("volume")).toObject();
    Volume out{text(v, "status"), {}};
    for (const QJsonArray jsonItems = v.value(QStringLiteral("attachments")).toArray(); const auto &a : jsonItems) {
        const auto server = text(a.toObject(), "server_id");
        if (!server.isEmpty())
            out.attachedServers.append(server);
    }
    return out;
}

Result<QList<VolumeType>> volumeTypes(const QByteArray &body)
{
    auto listed = object(body, QStringLiteral("the volume type list"));
    if (!listed)
        return listed.error();
    QList<VolumeType> out;
    for (const QJsonArray jsonItems = listed->value(QStringLiteral("volume_types")).toArray(); const auto &t : jsonItems) {
        const auto o = t.toObject();
        out.append(VolumeType{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString()});
    }
    return out;
}

QString rootVolumeOfServer(const QJsonObject &server)
{
    const auto attached = server.value(QStringLiteral("os-extended-volumes:volumes_attached")).toArray();
    return attached.isEmpty() ? QString() : text(attached.first().toObject(), "id");
}

QString firstVolumeAttachment(const QByteArray &body)
{
    const auto list = QJsonDocument::fromJson(body).object().value(QStringLiteral("volumeAttachments")).toArray();
    return list.isEmpty() ? QString() : text(list.first().toObject(), "volumeId");
}

QString createdImageId(const QByteArray &body, const QByteArray &location)
{
    auto id = text(QJsonDocument::fromJson(body).object(), "image_id");
    if (!id.isEmpty())
        return id;
    return QUrl(QString::fromLatin1(location)).path().section(QLatin1Char('/'), -1);
}

QString uploadedImageId(const QByteArray &body)
{
    return text(QJsonDocument::fromJson(body).object().value(QStringLiteral("os-volume_upload_image")).toObject(), "image_id");
}

Result<QList<QJsonObject>> imagesPage(const QByteArray &body, QString *next)
{
    auto list = array(body, "images", QStringLiteral("the image list"));
    if (!list)
        return list.error();
    QList<QJsonObject> out;
    for (const auto &i : std::as_const(list.value())) {
        if (i.isObject() && i.toObject().value(QStringLiteral("id")).isString())
            out.append(i.toObject());
    }
    if (next)
        *next = text(QJsonDocument::fromJson(body).object(), "next");
    return out;
}

}  // namespace ib::openstack::replies
