#include "providers/openstack/EndpointTrust.h"

#include <QFile>
#include <QNetworkProxyFactory>
#include <QSslCertificate>

#include <mutex>

namespace ib::openstack::endpoints {

void useEnvironmentProxies()
{
    static std::once_flag once;
    std::call_once(once, [] {
        for (const auto *name : {"https_proxy", "no_proxy"}) {
            const QByteArray upper = QByteArray(name).toUpper();
            if (!qEnvironmentVariableIsSet(name) && qEnvironmentVariableIsSet(upper.constData()))
                qputenv(name, qgetenv(upper.constData()));
        }
        QNetworkProxyFactory::setUseSystemConfiguration(true);
    });
}

namespace {

QList<QSslCertificate> readCertificates(const QString &caFile, QString *problem)
{
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = QStringLiteral("Cannot read the CA file %1: %2. Give the PEM file of the CA that signed the cloud's certificate.")
                       .arg(caFile, file.errorString());
        return {};
    }
    // A CA bundle is small; anything over 4 MiB is not one.
    if (file.size() > 4LL * 1024 * 1024) {
        *problem = QStringLiteral("The CA file %1 is %2 bytes, too large for CA certificates; give the PEM file of the cloud's CA.")
                       .arg(caFile)
                       .arg(file.size());
        return {};
    }
    auto certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        *problem = QStringLiteral("The CA file %1 holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\"); "
                                  "give the CA certificate in PEM form (convert DER with: openssl x509 -inform der -in FILE).")
                       .arg(caFile);
    return certificates;
}

}  // namespace

QString caFileProblem(const QString &caFile)
{
    if (caFile.isEmpty())
        return {};
    QString problem;
    readCertificates(caFile, &problem);
    return problem;
}

namespace {

// The account's own CA certificates: none without a CA file.
Result<QList<QSslCertificate>> cloudCertificates(const CloudAccount &account)
{
    if (account.caFile.isEmpty())
        return QList<QSslCertificate>();
    QString problem;
    auto certificates = readCertificates(account.caFile, &problem);
    if (!problem.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("Cloud %1: %2").arg(account.name, problem));
    return certificates;
}

}  // namespace

Result<QSslConfiguration> sslConfiguration(const CloudAccount &account)
{
    auto certificates = cloudCertificates(account);
    if (!certificates)
        return certificates.error();
    auto configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificates(certificates.value());
    return configuration;
}

Result<QList<QSslCertificate>> caCertificates(const CloudAccount &account)
{
    auto certificates = cloudCertificates(account);
    if (!certificates || certificates->isEmpty())
        return certificates;
    return QSslConfiguration::systemCaCertificates() + certificates.value();
}

QString describeTlsErrors(const QString &host, const QList<QSslError> &errors, const CloudAccount &account)
{
    QStringList reasons;
    for (const auto &e : errors)
        reasons.append(e.errorString());
    reasons.removeDuplicates();
    return describeUntrusted(host, reasons.join(QStringLiteral("; ")), account);
}

QString describeUntrusted(const QString &host, const QString &why, const CloudAccount &account)
{
    if (account.caFile.isEmpty())
        return QStringLiteral("The certificate of %1 is not trusted (%2). If the cloud uses its own certificate authority, give its "
                              "CA certificate (PEM) as the cloud's CA file: `cacert` in clouds.yaml, `cloud add --ca-file FILE`, "
                              "or Settings > Clouds > CA file.")
            .arg(host, why);
    return QStringLiteral("The certificate of %1 is not trusted (%2), not even with the CA file %3: give the CA that signed this "
                          "certificate (an enterprise proxy that inspects TLS signs with its own CA).")
        .arg(host, why, account.caFile);
}

}  // namespace ib::openstack::endpoints
