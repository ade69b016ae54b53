#pragma once

#include "providers/openstack/CloudAccount.h"
#include "util/Result.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

namespace ib::openstack {

// How this installation reaches a cloud's endpoints from an enterprise network (issue 16):
// through the proxy the environment names (https_proxy, http_proxy, no_proxy, as curl and
// openstackclient read them), trusting the system's CA certificates and the cloud's own
// (clouds.yaml `cacert`, `cloud add --ca-file`, Settings > Clouds > CA file).
namespace endpoints {

// Once per process, before the first request: Qt's system proxy configuration reads
// http_proxy, https_proxy and no_proxy on Linux; the upper-case HTTPS_PROXY and NO_PROXY
// that curl and Python's requests also accept are copied to their lower-case names when
// those are unset (HTTP_PROXY is not: a CGI environment sets it from a request header).
void useEnvironmentProxies();

// The system's CA certificates plus the account's CA file. Fails, saying what to change,
// when the file cannot be read or holds no PEM certificate.
Result<QSslConfiguration> sslConfiguration(const CloudAccount &account);

// The same trust for a transfer outside Qt (libcurl's upload): empty when the account has
// no CA file (the transfer keeps the system's own trust), else the system's CA certificates
// plus the file's. Fails as sslConfiguration does.
Result<QList<QSslCertificate>> caCertificates(const CloudAccount &account);

// The CA file's problem in words, empty when there is none or it is usable.
QString caFileProblem(const QString &caFile);

// A refused certificate in words, with what to change.
QString describeTlsErrors(const QString &host, const QList<QSslError> &errors, const CloudAccount &account);
// The same, with the reason already in words (libcurl's).
QString describeUntrusted(const QString &host, const QString &why, const CloudAccount &account);

}  // namespace endpoints
}  // namespace ib::openstack
