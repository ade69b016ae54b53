#include "providers/openstack/ResourceCleanup.h"

#include "providers/openstack/CinderVolumes.h"
#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/NeutronNetworking.h"
#include "providers/openstack/NovaCompute.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace ib::openstack {

namespace {

// What a resource of the build carries: the name the build gave it (not empty).
std::function<bool(const QJsonObject &)> namedAs(const QString &name)
{
    return [name](const QJsonObject &o) { return !name.isEmpty() && o.value(QStringLiteral("name")).toString() == name; };
}

// The build's floating IP: on the build's port (recorded before the request), or labelled
// with the build's name (upstream Neutron's description, NHN's label) and on no other port.
bool buildsFloatingIp(const replies::FloatingIp &ip, const QString &name, const QString &portId)
{
    const bool onOurPort = !portId.isEmpty() && ip.portId == portId;
    const bool named =
        !name.isEmpty() && (ip.description == name || ip.label == name) && (ip.portId.isEmpty() || portId.isEmpty() || ip.portId == portId);
    return onOurPort || named;
}

QString fromDetail(const QString &detail, const char *key)
{
    return QJsonDocument::fromJson(detail.toUtf8()).object().value(QLatin1String(key)).toString();
}

}  // namespace

ResourceCleanup::ResourceCleanup(OpenStackClient &client, std::chrono::milliseconds pollInterval, std::chrono::seconds deleteTimeout)
    : m_client(client)
    , m_pollInterval(pollInterval)
    , m_deleteTimeout(deleteTimeout)
{}

Result<void> ResourceCleanup::deleteAndWait(Service service, const QString &path, const QString &what, bool waitGone)
{
    QElapsedTimer timer;
    timer.start();
    const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(m_deleteTimeout).count();
    bool deleted = false;
    while (true) {
        if (!deleted) {
            auto reply = m_client.call("DELETE", service, path, {}, Cancellation::Ignore);
            if (!reply)
                return reply.error();
            if (reply->status == 404)
                return {};
            if (reply->ok()) {
                deleted = true;
                if (!waitGone)
                    return {};
            } else if ((reply->status != 409 && reply->status != 400) || timer.elapsed() > limit) {
                return m_client.errorFor(reply.value(), QStringLiteral("delete ") + what);
            }
            // 409/400: still in use (a server going away); try again shortly.
        } else {
            auto reply = m_client.call("GET", service, path, {}, Cancellation::Ignore);
            if (!reply)
                return reply.error();
            if (reply->status == 404)
                return {};
            // Any body (an HTML 502 of a proxy too) gives a status or none: the loop asks again.
            const auto status = replies::status(reply->body);
            if (status.compare(QLatin1String("deleted"), Qt::CaseInsensitive) == 0)
                return {};
            if (status == QLatin1String("ERROR") || status == QLatin1String("error_deleting"))
                deleted = false;  // ask again
            if (timer.elapsed() > limit)
                return makeError(ErrorKind::Io, QStringLiteral("%1 is still there %2 s after it was deleted (status %3).")
                                                    .arg(what)
                                                    .arg(m_deleteTimeout.count())
                                                    .arg(status));
        }
        m_client.pause(m_pollInterval, Cancellation::Ignore);
    }
}

Result<bool> ResourceCleanup::cloudSaysOurs(Service service, const QString &path, const QString &what,
                                            const std::function<bool(const QJsonObject &)> &ours)
{
    auto reply = m_client.call("GET", service, path, {}, Cancellation::Ignore);
    if (!reply)
        return reply.error();
    if (reply->status == 404)
        return false;
    if (!reply->ok())
        return m_client.errorFor(reply.value(), QStringLiteral("check %1 before deleting it").arg(what));
    auto answer = replies::object(reply->body, QStringLiteral("the check of ") + what);
    if (!answer)
        return answer.error();
    const auto resource = replies::entity(answer.value());
    if (!ours(resource))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("Refused to delete %1: the cloud says it is not this build's (its name is \u201c%2\u201d). "
                                        "It is left as it is; if it was the build's, delete it in the cloud's console.")
                             .arg(what, resource.value(QStringLiteral("name")).toString()));
    return true;
}

Result<QStringList> ResourceCleanup::namedResourceIds(Service service, const QString &path, const QString &what, const QString &id,
                                                      const QString &name, const std::function<Result<QStringList>()> &listNamed)
{
    if (!id.isEmpty()) {
        // The build's resource carries the build's unique name.
        auto ours = cloudSaysOurs(service, path, what, namedAs(name));
        if (!ours)
            return ours.error();
        return *ours ? QStringList{id} : QStringList{};
    }
    if (name.isEmpty())
        return QStringList{};
    // The create call's answer never came: find it by its unique name.
    return listNamed();
}

Result<void> ResourceCleanup::destroyServer(const QString &id, const QString &name)
{
    const auto ids = namedResourceIds(Service::Compute, nova::serverPath(id), QStringLiteral("server ") + id, id, name,
                                      [&] { return nova::serversNamed(m_client, name); });
    if (!ids)
        return ids.error();
    for (const auto &serverId : ids.value()) {
        // Waiting until it is gone lets its volume, port and security group go next.
        if (auto r = deleteAndWait(Service::Compute, nova::serverPath(serverId), QStringLiteral("server ") + serverId, true); !r)
            return r;
    }
    return {};
}

Result<void> ResourceCleanup::destroyVolume(const QString &id, const QString &name)
{
    if (id.isEmpty())
        return {};  // never known: it went with its server (delete_on_termination)
    QElapsedTimer timer;
    timer.start();
    const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(m_deleteTimeout).count();
    while (true) {
        auto found = cinder::volume(m_client, id);
        if (!found)
            return found.error();
        if (!found.value())
            return {};  // gone
        const replies::Volume volume = *found.value();
        const auto status = volume.status;
        if (status == QLatin1String("available") || status == QLatin1String("error") || status == QLatin1String("error_deleting")) {
            if (auto deleted = cinder::deleteVolume(m_client, id); !deleted)
                return deleted;
        }
        // Still attached to the build's own server (a clean-up that ran out of order, a
        // sweep): that server goes first. Only a server of this build's unique name.
        if (status == QLatin1String("in-use") && !name.isEmpty()) {
            for (const auto &serverId : std::as_const(volume.attachedServers)) {
                if (nova::serverName(m_client, serverId) == name) {
                    if (auto r = destroyServer(serverId, name); !r)
                        return r;
                }
            }
        }
        // in-use, detaching, uploading, deleting: its server or an upload is finishing.
        if (timer.elapsed() > limit)
            return makeError(
                ErrorKind::Io,
                QStringLiteral("Volume %1 is still %2 after %3 s; delete it in the console.").arg(id, status).arg(m_deleteTimeout.count()));
        m_client.pause(m_pollInterval, Cancellation::Ignore);
    }
}

Result<void> ResourceCleanup::destroySecurityGroup(const QString &id, const QString &name)
{
    const auto ids = namedResourceIds(Service::Network, QStringLiteral("/security-groups/") + id, QStringLiteral("security group ") + id,
                                      id, name, [&] { return neutron::securityGroupsNamed(m_client, name); });
    if (!ids)
        return ids.error();
    for (const auto &groupId : ids.value()) {
        // 409 while the server's port still uses it: deleteAndWait asks again.
        if (auto r = deleteAndWait(Service::Network, QStringLiteral("/security-groups/") + groupId,
                                   QStringLiteral("security group ") + groupId, false);
            !r)
            return r;
    }
    return {};
}

Result<void> ResourceCleanup::destroyFloatingIp(const QString &id, const QString &name, const QString &portId)
{
    QStringList ids;
    if (!id.isEmpty()) {
        // One that was moved to another port is not deleted.
        auto ours = cloudSaysOurs(Service::Network, QStringLiteral("/floatingips/") + id, QStringLiteral("floating IP ") + id,
                                  [&name, &portId](const QJsonObject &o) {
                                      replies::FloatingIp ip;
                                      ip.portId = o.value(QStringLiteral("port_id")).toString();
                                      ip.description = o.value(QStringLiteral("description")).toString();
                                      ip.label = o.value(QStringLiteral("label")).toString();
                                      return buildsFloatingIp(ip, name, portId);
                                  });
        if (!ours)
            return ours.error();
        if (!*ours)
            return {};
        ids.append(id);
    } else if (!portId.isEmpty() || !name.isEmpty()) {
        // The answer never came: the build's floating IP is the one on the build's port
        // (recorded before the request). Upstream Neutron also has the description; NHN's
        // label is matched in case a cloud set it. Never a floating IP of another port.
        auto ips = neutron::listFloatingIps(m_client);
        if (!ips)
            return ips.error();
        for (const auto &ip : std::as_const(ips.value())) {
            if (buildsFloatingIp(ip, name, portId))
                ids.append(ip.id);
        }
    }
    for (const auto &ipId : std::as_const(ids)) {
        if (auto r = deleteAndWait(Service::Network, QStringLiteral("/floatingips/") + ipId, QStringLiteral("floating IP ") + ipId, false);
            !r)
            return r;
    }
    return {};
}

Result<void> ResourceCleanup::destroyImage(const QString &id, const QString &name)
{
    if (id.isEmpty())
        return {};  // the request's answer never came; an image named like a user's is not ours to guess at
    // The capture's image, by the id its request answered: still named as the build named it.
    auto ours = cloudSaysOurs(Service::Image, QStringLiteral("/images/") + id, QStringLiteral("image ") + id, namedAs(name));
    if (!ours)
        return ours.error();
    if (!*ours)
        return {};
    return deleteAndWait(Service::Image, QStringLiteral("/images/") + id, QStringLiteral("image ") + id, false);
}

Result<void> ResourceCleanup::destroy(const BuildResource &resource)
{
    const QString name = fromDetail(resource.detail, "name");
    const auto &id = resource.identifier;
    if (resource.kind == QLatin1String("server"))
        return destroyServer(id, name);
    if (resource.kind == QLatin1String("volume"))
        return destroyVolume(id, name);
    if (resource.kind == QLatin1String("floating-ip"))
        return destroyFloatingIp(id, name, fromDetail(resource.detail, "port"));
    if (resource.kind == QLatin1String("security-group"))
        return destroySecurityGroup(id, name);
    if (resource.kind == QLatin1String("image"))
        return destroyImage(id, name);
    if (resource.kind == QLatin1String("keypair")) {
        const QString keyName = id.isEmpty() ? name : id;
        if (keyName.isEmpty())
            return {};
        return deleteAndWait(Service::Compute, nova::keyPairPath(keyName), QStringLiteral("key pair ") + keyName, false);
    }
    return makeError(ErrorKind::Unsupported,
                     QStringLiteral("The OpenStack provider does not know resources of kind %1.").arg(resource.kind));
}

}  // namespace ib::openstack
