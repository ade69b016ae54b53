#include "providers/openstack/NeutronNetworking.h"

#include <QJsonObject>

namespace ib::openstack::neutron {

Result<QList<replies::Network>> listNetworks(OpenStackClient &client)
{
    auto reply = client.call("GET", Service::Network, QStringLiteral("/networks"));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("list the networks"));
    return replies::networks(reply->body);
}

Result<QStringList> routedNetworks(OpenStackClient &client, const QString &externalId)
{
    // A floating IP reaches a server only when its subnet is an interface of a router
    // whose gateway is the external network (Neutron's model; NHN: an internet gateway).
    auto routers = client.call("GET", Service::Network, QStringLiteral("/routers"));
    if (!routers)
        return routers.error();
    auto interfaces = client.call("GET", Service::Network, QStringLiteral("/ports?device_owner=network:router_interface"));
    if (!interfaces)
        return interfaces.error();
    if (!routers->ok() || !interfaces->ok())
        return makeError(ErrorKind::Unsupported, QStringLiteral("the cloud did not list its routers"));
    return replies::routedNetworks(routers->body, interfaces->body, externalId);
}

Result<QString> createSecurityGroup(OpenStackClient &client, const QString &name, const QString &description)
{
    auto reply =
        client.call("POST", Service::Network, QStringLiteral("/security-groups"),
                    jsonBody(QJsonObject{{QStringLiteral("security_group"),
                                          QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("description"), description}}}}));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("create the build's security group"));
    return reply->json().value(QStringLiteral("security_group")).toObject().value(QStringLiteral("id")).toString();
}

Result<void> allowSsh(OpenStackClient &client, const QString &groupId, int port, const QString &source)
{
    auto reply = client.call(
        "POST", Service::Network, QStringLiteral("/security-group-rules"),
        jsonBody(QJsonObject{{QStringLiteral("security_group_rule"), QJsonObject{{QStringLiteral("direction"), QStringLiteral("ingress")},
                                                                                 {QStringLiteral("protocol"), QStringLiteral("tcp")},
                                                                                 {QStringLiteral("ethertype"), QStringLiteral("IPv4")},
                                                                                 {QStringLiteral("port_range_min"), port},
                                                                                 {QStringLiteral("port_range_max"), port},
                                                                                 {QStringLiteral("remote_ip_prefix"), source},
                                                                                 {QStringLiteral("security_group_id"), groupId}}}}));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("allow SSH in the build's security group"));
    return {};
}

Result<QStringList> portsOf(OpenStackClient &client, const QString &serverId)
{
    auto reply = client.call("GET", Service::Network, QStringLiteral("/ports?device_id=") + serverId);
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("find the server's network port"));
    return replies::idsNamed(reply->body, QStringLiteral("ports"), QString());
}

Result<replies::FloatingIp> createFloatingIp(OpenStackClient &client, CloudKind kind, const QString &networkId, const QString &portId,
                                             const QString &name)
{
    QJsonObject request{{QStringLiteral("floating_network_id"), networkId}, {QStringLiteral("port_id"), portId}};
    // NHN Cloud: `label` (Floating IP API, "Creating a floating IP"); elsewhere Neutron's `description`.
    request.insert(kind == CloudKind::Nhn ? QStringLiteral("label") : QStringLiteral("description"), name);
    auto reply = client.call("POST", Service::Network, QStringLiteral("/floatingips"),
                             jsonBody(QJsonObject{{QStringLiteral("floatingip"), request}}));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("attach a floating IP to the server"));
    return replies::floatingIp(reply->body);
}

Result<QStringList> securityGroupsNamed(OpenStackClient &client, const QString &name)
{
    auto reply =
        client.call("GET", Service::Network, QStringLiteral("/security-groups?name=") + percentEncoded(name), {}, Cancellation::Ignore);
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("look for security group %1").arg(name));
    return replies::idsNamed(reply->body, QStringLiteral("security_groups"), name);
}

Result<QList<replies::FloatingIp>> listFloatingIps(OpenStackClient &client)
{
    auto reply = client.call("GET", Service::Network, QStringLiteral("/floatingips"), {}, Cancellation::Ignore);
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("look for the build's floating IP"));
    return replies::floatingIps(reply->body);
}

}  // namespace ib::openstack::neutron
