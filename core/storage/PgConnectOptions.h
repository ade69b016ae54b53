#pragma once

#include "util/Result.h"

#include <QString>
#include <QUrl>

namespace ib::pg {

// The libpq options of a PostgreSQL store URL (postgresql://user@host:port/db?sslmode=...).
// The URL's query options libpq knows for TLS and connections pass through; any other is
// refused with what to change. A server on another host gets sslmode=verify-full by
// default, with the operating system's CA bundle as sslrootcert when the user names none
// (libpq 15 has no sslrootcert=system): an explicit sslmode in the URL wins. A server on
// this machine (localhost, a loopback address, a socket folder) keeps libpq's default.
Result<QString> connectOptions(const QUrl &url);

// Which TLS mode is in force for a store URL, and why (Settings > Team Store words it).
struct TlsInForce
{
    enum class Source { Url, LocalServer, RootCertInUrl, UserRootCert, SystemBundle };
    Source source = Source::LocalServer;
    QString mode;      // sslmode: the URL's, "prefer" (libpq's default) or "verify-full"
    QString rootCert;  // the CA file checked against, where one is named or found
};
TlsInForce tlsInForce(const QUrl &url);

// One line for `store` messages: which TLS mode is in force.
QString describeTls(const QUrl &url);

// What to change when the server refused the connection over TLS, or empty when `error`
// (libpq's message) is not about TLS.
QString tlsHint(const QUrl &url, const QString &error);

// The first CA bundle of the operating system found (Debian, Fedora, Alpine, macOS), or empty.
QString systemCaBundle();

// Whether the URL's host is this machine (no TLS default applies).
bool isLocalHost(const QString &host);

}  // namespace ib::pg
