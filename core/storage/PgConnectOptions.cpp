#include "storage/PgConnectOptions.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QStringList>
#include <QUrlQuery>

namespace ib::pg {

namespace {

// The libpq connection keywords a store URL may carry (libpq "Parameter Key Words").
const QStringList &passedThrough()
{
    static const QStringList keys{QStringLiteral("sslmode"),
                                  QStringLiteral("sslrootcert"),
                                  QStringLiteral("sslcert"),
                                  QStringLiteral("sslkey"),
                                  QStringLiteral("sslcrl"),
                                  QStringLiteral("sslcrldir"),
                                  QStringLiteral("sslsni"),
                                  QStringLiteral("ssl_min_protocol_version"),
                                  QStringLiteral("ssl_max_protocol_version"),
                                  QStringLiteral("channel_binding"),
                                  QStringLiteral("gssencmode"),
                                  QStringLiteral("krbsrvname"),
                                  QStringLiteral("target_session_attrs"),
                                  QStringLiteral("connect_timeout"),
                                  QStringLiteral("keepalives"),
                                  QStringLiteral("keepalives_idle"),
                                  QStringLiteral("keepalives_interval"),
                                  QStringLiteral("keepalives_count"),
                                  QStringLiteral("tcp_user_timeout"),
                                  QStringLiteral("application_name")};
    return keys;
}

bool userHasRootCert()
{
    return !qEnvironmentVariable("PGSSLROOTCERT").isEmpty() ||
           QFileInfo::exists(QDir::homePath() + QStringLiteral("/.postgresql/root.crt"));
}

}  // namespace

bool isLocalHost(const QString &host)
{
    if (host.isEmpty() || host.startsWith(QLatin1Char('/')) || host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString systemCaBundle()
{
    for (const auto *candidate :
         {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem"}) {
        if (QFileInfo(QLatin1String(candidate)).isFile())
            return QLatin1String(candidate);
    }
    return {};
}

Result<QString> connectOptions(const QUrl &url)
{
    QStringList options;
    bool timeout = false;
    bool name = false;
    QString sslmode;
    QString rootcert;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!passedThrough().contains(key))
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("The store URL's option \"%1\" is not one Image Builder passes to PostgreSQL; remove it (known: "
                               "%2).")
                    .arg(key, passedThrough().join(QStringLiteral(", "))));
        if (value.isEmpty() || value.contains(QLatin1Char(';')) || value.contains(QLatin1Char(' ')) || value.contains(QLatin1Char('\'')) ||
            value.contains(QLatin1Char('\\')))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("The store URL's option %1=\"%2\" is empty or holds a space, ';', a quote or "
                                            "a backslash; give a plain value (a file path without spaces).")
                                 .arg(key, value));
        timeout = timeout || key == QLatin1String("connect_timeout");
        name = name || key == QLatin1String("application_name");
        if (key == QLatin1String("sslmode"))
            sslmode = value;
        if (key == QLatin1String("sslrootcert"))
            rootcert = value;
        options.append(key + QLatin1Char('=') + value);
    }
    if (!timeout)
        options.append(QStringLiteral("connect_timeout=10"));
    if (!name)
        options.append(QStringLiteral("application_name=imagebuilder"));
    if (sslmode.isEmpty() && !isLocalHost(url.host())) {
        options.append(QStringLiteral("sslmode=verify-full"));
        if (rootcert.isEmpty() && !userHasRootCert()) {
            const QString bundle = systemCaBundle();
            if (!bundle.isEmpty())
                options.append(QStringLiteral("sslrootcert=") + bundle);
        }
    }
    return options.join(QLatin1Char(';'));
}

TlsInForce tlsInForce(const QUrl &url)
{
    const QUrlQuery query(url);
    const QString mode = query.queryItemValue(QStringLiteral("sslmode"));
    const QString root = query.queryItemValue(QStringLiteral("sslrootcert"));
    if (!mode.isEmpty())
        return {TlsInForce::Source::Url, mode, root};
    if (isLocalHost(url.host()))
        return {TlsInForce::Source::LocalServer, QStringLiteral("prefer"), {}};
    if (!root.isEmpty())
        return {TlsInForce::Source::RootCertInUrl, QStringLiteral("verify-full"), root};
    if (userHasRootCert())
        return {TlsInForce::Source::UserRootCert, QStringLiteral("verify-full"), QStringLiteral("~/.postgresql/root.crt")};
    return {TlsInForce::Source::SystemBundle, QStringLiteral("verify-full"), systemCaBundle()};
}

QString describeTls(const QUrl &url)
{
    const auto tls = tlsInForce(url);
    switch (tls.source) {
    case TlsInForce::Source::Url:
        return QStringLiteral("TLS: sslmode=%1 (from the URL)").arg(tls.mode);
    case TlsInForce::Source::LocalServer:
        return QStringLiteral("TLS: libpq's default (prefer) for a server on this machine");
    case TlsInForce::Source::RootCertInUrl:
        return QStringLiteral("TLS: verify-full against %1").arg(tls.rootCert);
    case TlsInForce::Source::UserRootCert:
        return QStringLiteral("TLS: verify-full against your ~/.postgresql/root.crt (or PGSSLROOTCERT)");
    case TlsInForce::Source::SystemBundle:
        break;
    }
    return QStringLiteral("TLS: verify-full against the system's CA bundle %1").arg(tls.rootCert);
}

QString tlsHint(const QUrl &url, const QString &error)
{
    const QString e = error.toLower();
    if (!e.contains(QLatin1String("ssl")) && !e.contains(QLatin1String("certificate")) && !e.contains(QLatin1String("tls")))
        return {};
    const QString mode = QUrlQuery(url).queryItemValue(QStringLiteral("sslmode"));
    if (e.contains(QLatin1String("does not support ssl")))
        return QStringLiteral(" The server does not offer TLS but the connection requires it (sslmode=%1). Turn TLS on in the server "
                              "(ssl = on in postgresql.conf), or, on a network you trust only, add ?sslmode=disable to the URL.")
            .arg(mode.isEmpty() ? QStringLiteral("verify-full, the default for a server on another host") : mode);
    return QStringLiteral(" The server's TLS certificate could not be verified (%1). Add ?sslrootcert=PATH naming your CA's certificate, "
                          "check that the URL's host name is the one in the certificate, or add ?sslmode=require to encrypt without "
                          "checking who the server is.")
        .arg(mode.isEmpty() ? QStringLiteral("sslmode=verify-full is the default for a server on another host")
                            : QStringLiteral("sslmode=") + mode);
}

}  // namespace ib::pg
