// Issue 16, enterprise networks: a cloud whose endpoints have a certificate from its own CA,
// reached through an HTTPS proxy. Real parts: the API double over TLS (a CA and a server
// certificate made here with openssl), Debian's tinyproxy as the proxy. API-only double,
// no root: seconds.
#include "OpenStackDouble.h"

#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudsYaml.h"
#include "providers/openstack/CurlUpload.h"
#include "providers/openstack/EndpointTrust.h"
#include "providers/openstack/OpenStackClient.h"
#include "providers/openstack/OpenStackProvider.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::openstack;
using ib::test::OpenStackDouble;

namespace {

QString run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 %2 failed: %3").arg(program, arguments.join(u' '), QString::fromLocal8Bit(p.readAll()));
    return {};
}

// One of this machine's own IPv4 addresses that is not loopback: Qt sends no request for a
// loopback address through a proxy (QGlobalNetworkProxy::proxyForQuery), curl does.
QString ownAddress()
{
    for (const auto &a : QNetworkInterface::allAddresses())
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && !a.isLinkLocal())
            return a.toString();
    return {};
}

// A CA and a server certificate for `address` signed by it; a second CA that signed nothing.
QString makeCertificates(const QTemporaryDir &dir, const QString &address)
{
    QFile ext(dir.filePath(QStringLiteral("san.ext")));
    if (!ext.open(QIODevice::WriteOnly) || ext.write(QStringLiteral("subjectAltName=IP:%1\n").arg(address).toLatin1()) < 0)
        return QStringLiteral("cannot write san.ext");
    ext.close();
    // Words of an openssl command line; those that start with '@' are files in the folder.
    const auto command = [&dir](std::initializer_list<const char *> words) {
        QStringList out;
        for (const char *w : words)
            out.append(w[0] == '@' ? dir.filePath(QLatin1String(w + 1)) : QLatin1String(w));
        return out;
    };
    for (const auto &args : {command({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Image Builder test CA",
                                      "-keyout", "@ca.key", "-out", "@ca.pem"}),
                             command({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Another CA", "-keyout",
                                      "@other.key", "-out", "@other.pem"}),
                             command({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Image Builder test API", "-keyout",
                                      "@server.key", "-out", "@server.csr"}),
                             command({"x509", "-req", "-in", "@server.csr", "-CA", "@ca.pem", "-CAkey", "@ca.key", "-CAcreateserial",
                                      "-days", "2", "-extfile", "@san.ext", "-out", "@server.pem"})}) {
        if (const auto e = run(QStringLiteral("openssl"), args); !e.isEmpty())
            return e;
    }
    return {};
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

}  // namespace

class TestCloudNetwork final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<OpenStackDouble> m_double;
    QProcess m_proxy;
    quint16 m_proxyPort = 0;
    QString m_address;  // where the double listens

    CloudAccount account(const QString &caFile) const
    {
        CloudAccount a;
        a.name = QStringLiteral("tls-test");
        a.kind = CloudKind::OpenStack;
        a.authUrl = m_double->identityV3Url();
        a.identityVersion = QStringLiteral("3");
        a.region = m_double->region();
        a.tenantId = m_double->tenantId();
        a.userName = m_double->username();
        a.caFile = caFile;
        return a;
    }

    Result<void> signIn(const QString &caFile) const
    {
        ProviderOptions o;
        o.client.maxAttempts = 2;
        o.client.firstBackoff = std::chrono::milliseconds(20);
        o.client.requestTimeout = std::chrono::milliseconds(15000);
        OpenStackProvider provider(account(caFile), m_double->password(), &ApplicationCatalog::builtin(), o);
        return provider.checkSignIn();
    }

    // The CONNECT requests tinyproxy has logged so far.
    int proxiedConnects() const
    {
        QFile log(m_dir.filePath(QStringLiteral("tinyproxy.log")));
        if (!log.open(QIODevice::ReadOnly))
            return 0;
        const auto port = QUrl(m_double->url()).port();
        return static_cast<int>(log.readAll().count(QStringLiteral("CONNECT %1:%2 ").arg(m_address).arg(port).toLatin1()));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("tinyproxy")).isEmpty())
            QFAIL("tinyproxy is missing: packaging/setup/deps.sh test installs tinyproxy-bin");
        m_address = ownAddress();
        if (m_address.isEmpty())
            QFAIL("this machine has no IPv4 address besides loopback, and Qt never sends a loopback request through a proxy");
        const auto made = makeCertificates(m_dir, m_address);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::None;
        o.tlsCert = m_dir.filePath(QStringLiteral("server.pem"));
        o.tlsKey = m_dir.filePath(QStringLiteral("server.key"));
        o.tlsCaFile = m_dir.filePath(QStringLiteral("ca.pem"));
        o.extraArguments = {QStringLiteral("--listen"), m_address};
        m_double = std::make_unique<OpenStackDouble>(o);
        const auto started = m_double->start(60000);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(m_double->url().startsWith(QLatin1String("https://")));

        m_proxyPort = freePort();
        QFile conf(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 60\nLogFile \"%2\"\nLogLevel Connect\nMaxClients 20\n")
                       .arg(m_proxyPort)
                       .arg(m_dir.filePath(QStringLiteral("tinyproxy.log")))
                       .toUtf8());
        conf.close();
        m_proxy.setProcessChannelMode(QProcess::MergedChannels);
        m_proxy.start(QStringLiteral("tinyproxy"), {QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName()});
        QVERIFY(m_proxy.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile(m_dir.filePath(QStringLiteral("tinyproxy.log"))).size() > 0, 10000);
        qunsetenv("https_proxy");
        qunsetenv("HTTPS_PROXY");
        qunsetenv("no_proxy");
        qunsetenv("NO_PROXY");
    }

    void cleanupTestCase()
    {
        m_proxy.kill();
        m_proxy.waitForFinished();
        if (m_double)
            m_double->stop();
    }

    void untrustedCertificateSaysWhatToSet()
    {
        auto signedIn = signIn(QString());
        QVERIFY(!signedIn);
        const auto message = signedIn.error().message;
        QVERIFY2(message.contains(QLatin1String("is not trusted")) && message.contains(QLatin1String("cacert")), qPrintable(message));
        QCOMPARE(signedIn.error().kind, ErrorKind::Invalid);  // told at once, not retried as a network error
    }

    void theCloudsCaIsTrusted()
    {
        auto signedIn = signIn(m_dir.filePath(QStringLiteral("ca.pem")));
        QVERIFY2(signedIn, signedIn ? "" : qPrintable(signedIn.error().message));
    }

    void anotherCaIsNotEnough()
    {
        auto signedIn = signIn(m_dir.filePath(QStringLiteral("other.pem")));
        QVERIFY(!signedIn);
        QVERIFY2(signedIn.error().message.contains(QLatin1String("not even with the CA file")), qPrintable(signedIn.error().message));
    }

    void aFileThatIsNoCertificateIsNamed()
    {
        const auto notPem = m_dir.filePath(QStringLiteral("server.csr"));
        auto signedIn = signIn(notPem);
        QVERIFY(!signedIn);
        QVERIFY2(signedIn.error().message.contains(QLatin1String("holds no PEM certificate")), qPrintable(signedIn.error().message));
        const auto problems = account(notPem).problems();
        QVERIFY2(problems.size() == 1 && problems.first().startsWith(QLatin1String("caFile: ")), qPrintable(problems.join(u'\n')));
        QVERIFY(account(QStringLiteral("relative.pem")).problems().first().contains(QLatin1String("absolute path")));
    }

    void throughTheProxy()
    {
        const int before = proxiedConnects();
        qputenv("https_proxy", QStringLiteral("http://127.0.0.1:%1").arg(m_proxyPort).toLatin1());
        auto signedIn = signIn(m_dir.filePath(QStringLiteral("ca.pem")));
        qunsetenv("https_proxy");
        QVERIFY2(signedIn, signedIn ? "" : qPrintable(signedIn.error().message));
        QVERIFY2(proxiedConnects() > before, "the sign-in did not go through https_proxy");
    }

    void noProxyIsHonoured()
    {
        const int before = proxiedConnects();
        qputenv("https_proxy", QStringLiteral("http://127.0.0.1:%1").arg(m_proxyPort).toLatin1());
        qputenv("no_proxy", QStringLiteral("example.org,%1").arg(m_address).toLatin1());
        auto signedIn = signIn(m_dir.filePath(QStringLiteral("ca.pem")));
        qunsetenv("https_proxy");
        qunsetenv("no_proxy");
        QVERIFY2(signedIn, signedIn ? "" : qPrintable(signedIn.error().message));
        QCOMPARE(proxiedConnects(), before);
    }

    void aProxyThatIsDownIsNamed()
    {
        qputenv("https_proxy", QStringLiteral("http://127.0.0.1:%1").arg(freePort()).toLatin1());
        auto signedIn = signIn(m_dir.filePath(QStringLiteral("ca.pem")));
        qunsetenv("https_proxy");
        QVERIFY(!signedIn);
        QVERIFY2(signedIn.error().message.contains(QLatin1String("roxy")), qPrintable(signedIn.error().message));
    }

    // The image upload goes through libcurl, not Qt (CurlUpload.h): the same CA file and the
    // same proxy must hold for it. Signed in, an image created, 3 MiB sent through the proxy.
    void uploadTrustsTheCloudsCaThroughTheProxy()
    {
        OpenStackClient client(account(m_dir.filePath(QStringLiteral("ca.pem"))), m_double->password());
        auto created = client.call("POST", Service::Image, QStringLiteral("/images"),
                                   R"({"name":"tls-upload","disk_format":"qcow2","container_format":"bare"})");
        QVERIFY2(created && created->status == 201, created ? created->body.constData() : qPrintable(created.error().message));
        const QString id = created->json().value(QStringLiteral("id")).toString();
        QByteArray bytes(3 << 20, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>(i * 7 + i / 4096);
        QBuffer data(&bytes);
        QVERIFY(data.open(QIODevice::ReadOnly));
        auto base = client.serviceUrl(Service::Image);
        QVERIFY(base);
        const int before = proxiedConnects();
        qint64 lastSent = 0;
        qputenv("https_proxy", QStringLiteral("http://127.0.0.1:%1").arg(m_proxyPort).toLatin1());
        auto sent = client.upload(QUrl(base.value() + QStringLiteral("/images/") + id + QStringLiteral("/file")), &data, bytes.size(),
                                  [&lastSent](qint64 n, qint64) { lastSent = n; });
        qunsetenv("https_proxy");
        QVERIFY2(sent, sent ? "" : qPrintable(sent.error().message));
        QVERIFY2(sent->ok(), sent->body.constData());
        QCOMPARE(lastSent, bytes.size());
        QVERIFY2(proxiedConnects() > before, "the upload did not go through https_proxy");
        auto image = client.call("GET", Service::Image, QStringLiteral("/images/") + id);
        QVERIFY(image && image->ok());
        QCOMPARE(image->json().value(QStringLiteral("size")).toInteger(), bytes.size());
        QCOMPARE(image->json().value(QStringLiteral("checksum")).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex()));
    }

    // Without the cloud's CA (the system's trust only), or with another CA, no byte is sent
    // and the failure says it is the certificate; through OpenStackClient it names the CA file.
    void uploadRefusesAnUntrustedCertificate()
    {
        QByteArray bytes(1024, 'x');
        for (const auto &cas : {QList<QSslCertificate>(), QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("other.pem")))}) {
            QBuffer data(&bytes);
            QVERIFY(data.open(QIODevice::ReadOnly));
            CurlUpload request;
            request.url = QUrl(m_double->url() + QStringLiteral("/image/v2/images/x/file"));
            request.device = &data;
            request.size = bytes.size();
            request.caCertificates = cas;
            auto sent = curlUpload(request);
            QVERIFY(!sent);
            QCOMPARE(sent.error().kind, CurlFailure::Untrusted);
            QCOMPARE(data.pos(), 0);
        }
        const auto words = endpoints::describeUntrusted(QStringLiteral("h"), QStringLiteral("why"), account(QStringLiteral("/x.pem")));
        QVERIFY2(words.contains(QLatin1String("not even with the CA file /x.pem")), qPrintable(words));
    }

    void cloudsYamlCacert()
    {
        QFile yaml(m_dir.filePath(QStringLiteral("clouds.yaml")));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write("clouds:\n"
                   "  corp:\n"
                   "    auth: {auth_url: 'https://keystone.example.com/v3', username: u, password: p, project_name: x}\n"
                   "    cacert: ca.pem\n"
                   "  lax:\n"
                   "    auth: {auth_url: 'https://keystone.example.com/v3', username: u, password: p, project_name: x}\n"
                   "    verify: false\n");
        yaml.close();
        auto corp = CloudsYaml::read(QStringLiteral("corp"), QString(), yaml.fileName());
        QVERIFY2(corp, corp ? "" : qPrintable(corp.error().message));
        QCOMPARE(corp->account.caFile, m_dir.filePath(QStringLiteral("ca.pem")));  // beside clouds.yaml
        QVERIFY(corp->account.problems().isEmpty());
        auto lax = CloudsYaml::read(QStringLiteral("lax"), QString(), yaml.fileName());
        QVERIFY(!lax);
        QVERIFY2(lax.error().message.contains(QLatin1String("verify: false")), qPrintable(lax.error().message));
    }
};

QTEST_GUILESS_MAIN(TestCloudNetwork)
#include "tst_cloudnetwork.moc"
