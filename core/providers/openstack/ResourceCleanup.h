#pragma once

#include "model/BuildTypes.h"
#include "providers/openstack/OpenStackClient.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <functional>

namespace ib::openstack {

// OpenStackProvider::destroy(): one resource of a build's ledger removed, by the process
// that made it or a later one (a sweep). The ledger's id is this machine's record, the
// cloud's answer is not: before a DELETE by id the cloud must describe the resource as
// the build's (its unique name, its port). A resource whose id never came back is found
// by that name or port. Calls ignore cancel(): cancelling must not leak what is removed.
class ResourceCleanup final
{
public:
    ResourceCleanup(OpenStackClient &client, std::chrono::milliseconds pollInterval, std::chrono::seconds deleteTimeout);

    // Idempotent: a resource already gone is not an error.
    Result<void> destroy(const BuildResource &resource);
    // The image `id`, if it is still named `name` (as the build named it).
    Result<void> destroyImage(const QString &id, const QString &name);

private:
    Result<void> deleteAndWait(Service service, const QString &path, const QString &what, bool waitGone);
    // Before a DELETE by the id this machine's ledger recorded: what the cloud says of the
    // resource at `path`. True when `ours` recognises it (the build's unique name, its
    // port), false when it is gone (404), an error when it is not the build's or the
    // answer says nothing: the id is then left alone.
    Result<bool> cloudSaysOurs(Service service, const QString &path, const QString &what,
                               const std::function<bool(const QJsonObject &)> &ours);
    // What to delete of a resource named by the build: the recorded `id` once the cloud says
    // it is the build's (none when it is gone), else, when the id never came back, what
    // `listNamed` finds under the build's unique `name`.
    Result<QStringList> namedResourceIds(Service service, const QString &path, const QString &what, const QString &id, const QString &name,
                                         const std::function<Result<QStringList>()> &listNamed);
    Result<void> destroyServer(const QString &id, const QString &name);
    Result<void> destroyVolume(const QString &id, const QString &name);
    Result<void> destroySecurityGroup(const QString &id, const QString &name);
    Result<void> destroyFloatingIp(const QString &id, const QString &name, const QString &portId);

    OpenStackClient &m_client;
    std::chrono::milliseconds m_pollInterval;
    std::chrono::seconds m_deleteTimeout;
};

}  // namespace ib::openstack
