#pragma once

#include "providers/openstack/ServiceCatalog.h"

#include <QDateTime>
#include <QString>

namespace ib::openstack {

// A token and what came with it. Kept in memory only, and registered with the logging
// sinks as a secret the moment it arrives.
struct KeystoneToken
{
    QString id;
    QDateTime expiresAt;  // UTC
    QString projectId;
    ServiceCatalog catalog;

    bool isValid() const { return !id.isEmpty(); }
};

}  // namespace ib::openstack
