#pragma once

#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/OpenStackClient.h"
#include "util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ib::openstack {

// Neutron's calls of a build: the networks and the routers between them, the build's
// security group and its SSH rule, the server's port, the floating IP, and the clean-up's
// look-ups. The request bodies are built and the replies read here; the order of the steps,
// the ledger and the log are the provider's.
namespace neutron {

Result<QList<replies::Network>> listNetworks(OpenStackClient &client);
// The internal networks a router joins to the external network `externalId`.
Result<QStringList> routedNetworks(OpenStackClient &client, const QString &externalId);

// POST /security-groups: the new group's id.
Result<QString> createSecurityGroup(OpenStackClient &client, const QString &name, const QString &description);
// POST /security-group-rules: SSH in, TCP `port` from `source` (a CIDR), IPv4.
Result<void> allowSsh(OpenStackClient &client, const QString &groupId, int port, const QString &source);

// The ports of server `serverId` (none yet is no error).
Result<QStringList> portsOf(OpenStackClient &client, const QString &serverId);

// POST /floatingips: one from `networkId` on `portId`, labelled `name` where `kind`'s API
// has a field for it.
Result<replies::FloatingIp> createFloatingIp(OpenStackClient &client, CloudKind kind, const QString &networkId, const QString &portId,
                                             const QString &name);

// The clean-up's (cancel() does not end them): the ids of the security groups named
// `name`, and every floating IP of the project.
Result<QStringList> securityGroupsNamed(OpenStackClient &client, const QString &name);
Result<QList<replies::FloatingIp>> listFloatingIps(OpenStackClient &client);

}  // namespace neutron
}  // namespace ib::openstack
