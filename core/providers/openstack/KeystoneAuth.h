#pragma once

#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/HttpReply.h"
#include "providers/openstack/KeystoneToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QUrl>

namespace ib::openstack {

// The password request of Keystone v2.0 (NHN Cloud's documented way) and v3, and the
// reading of their answers. No I/O here: OpenStackClient sends what this writes.
namespace keystone {

QUrl tokensUrl(const CloudAccount &account);
QByteArray requestBody(const CloudAccount &account, const QString &password);
// v2.0: the token is access.token.id; v3: the X-Subject-Token header of a 201.
Result<KeystoneToken> parseReply(const CloudAccount &account, const HttpReply &reply);

}  // namespace keystone
}  // namespace ib::openstack
