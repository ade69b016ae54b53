// The OpenStack client against the API double (API only, no targets): Keystone v2.0 and
// v3, the catalog, token renewal, Glance paging, retries and errors in plain words.
#include "OpenStackDouble.h"

#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/OpenStackClient.h"
#include "providers/openstack/OpenStackProvider.h"

#include "TestSupport.h"
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QThread>
#include <QTranslator>

using namespace ib;
using namespace ib::openstack;
using ib::test::OpenStackDouble;

class TestOpenStackClient final : public QObject
{
    Q_OBJECT

private:
    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::None;
        o.imagePageSize = 2;
        return o;
    }()};

    CloudAccount nhnAccount() const
    {
        auto a = CloudAccount::nhn(QStringLiteral("nhn-test"), m_double.region(), m_double.tenantId(), m_double.username());
        a.authUrl = m_double.identityV2Url();
        return a;
    }

    CloudAccount v3Account() const
    {
        CloudAccount a;
        a.name = QStringLiteral("os-test");
        a.authUrl = m_double.identityV3Url();
        a.identityVersion = QStringLiteral("3");
        a.region = m_double.region();
        a.projectName = m_double.tenantName();
        a.userName = m_double.username();
        return a;
    }

    static ClientOptions fast()
    {
        ClientOptions o;
        o.firstBackoff = std::chrono::milliseconds(20);
        o.maxBackoff = std::chrono::milliseconds(100);
        o.maxAttempts = 4;
        return o;
    }

    QJsonArray requestsSince(qint64 since)
    {
        QString error;
        auto r = m_double.requests(since, &error);
        return r;
    }

    qint64 lastSeq()
    {
        const auto all = m_double.requests();
        return all.isEmpty() ? 0 : all.last().toObject().value(QStringLiteral("seq")).toInteger();
    }

private slots:
    void initTestCase()
    {
        const auto error = m_double.start(60000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void init() { QCOMPARE(m_double.clearFaults(), QString()); }

    void keystoneV2AsNhnDocumentsIt()
    {
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        QVERIFY(client.authenticate().ok());
        auto compute = client.serviceUrl(Service::Compute);
        QVERIFY2(compute, compute ? "" : qPrintable(compute.error().message));
        QVERIFY2(compute->endsWith(QStringLiteral("/v2/") + m_double.tenantId()), qPrintable(compute.value()));
        QVERIFY(client.serviceUrl(Service::Image)->endsWith(QStringLiteral("/image/v2")));
        QVERIFY(client.serviceUrl(Service::Network)->endsWith(QStringLiteral("/network/v2.0")));
        const qint64 since = lastSeq();
        auto reply = client.call("GET", Service::Compute, QStringLiteral("/flavors/detail"));
        QVERIFY(reply && reply->status == 200);
        QVERIFY(reply->json().value(QStringLiteral("flavors")).toArray().size() >= 4);
        // The request carried the token as X-Auth-Token (the double logs which token came).
        const auto log = requestsSince(since);
        QVERIFY(!log.isEmpty());
        QVERIFY(!log.last().toObject().value(QStringLiteral("token")).toString().isEmpty());
        QCOMPARE(client.authenticationCount(), 1);
    }

    void keystoneV3TokenFromTheSubjectHeader()
    {
        OpenStackClient client(v3Account(), m_double.password(), fast());
        auto ok = client.authenticate();
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message));
        QCOMPARE(client.projectId(), m_double.tenantId());
        auto reply = client.call("GET", Service::Network, QStringLiteral("/networks"));
        QVERIFY(reply && reply->status == 200);
    }

    void wrongPasswordSaysWhatToCheck()
    {
        OpenStackClient client(nhnAccount(), QStringLiteral("not-the-password"), fast());
        auto ok = client.authenticate();
        QVERIFY(!ok);
        QCOMPARE(ok.error().kind, ErrorKind::Invalid);
        QVERIFY2(ok.error().message.contains(QStringLiteral("API password")), qPrintable(ok.error().message));

        // In the Korean UI the Clouds page shows it in Korean; the log keeps the English.
        QTranslator korean;
        QVERIFY(korean.load(qEnvironmentVariable("IB_KO_QM")));
        QCoreApplication::installTranslator(&korean);
        OpenStackClient again(nhnAccount(), QStringLiteral("not-the-password"), fast());
        auto refused = again.authenticate();
        const auto problems = CloudAccount::nhn(QString(), QStringLiteral("KR9"), QString(), QString()).problems();
        QCoreApplication::removeTranslator(&korean);
        QVERIFY(!refused);
        QVERIFY2(refused.error().shown().contains(QStringLiteral("API 비밀번호")), qPrintable(refused.error().shown()));
        QVERIFY2(refused.error().message.contains(QStringLiteral("API password")), qPrintable(refused.error().message));
        // The field stays English (the page routes by it), the sentence is Korean.
        QVERIFY2(problems.join(QLatin1Char('\n')).contains(QStringLiteral("name: 영문자")), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(problems.join(QLatin1Char('\n')).contains(QStringLiteral("region: NHN Cloud 리전은")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void expiredTokenIsRenewedOnce()
    {
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        QVERIFY(client.authenticate().ok());
        QCOMPARE(m_double.expireTokens(), QString());
        auto reply = client.call("GET", Service::Compute, QStringLiteral("/servers"));
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(client.authenticationCount(), 2);
    }

    void tokenNearExpiryIsRenewedBeforeUse()
    {
        // A 4 s token: renewed from half its life on (renewBefore is capped at half the life).
        QCOMPARE(
            m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("token_lifetime")}, {QStringLiteral("seconds"), 4}}),
            QString());
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        QVERIFY(client.authenticate().ok());
        auto fresh = client.call("GET", Service::Compute, QStringLiteral("/servers"));
        QVERIFY(fresh && fresh->status == 200);
        QCOMPARE(client.authenticationCount(), 1);
        QTest::qWait(2600);
        const qint64 since = lastSeq();
        auto reply = client.call("GET", Service::Compute, QStringLiteral("/servers"));
        QVERIFY(reply && reply->status == 200);
        QCOMPARE(client.authenticationCount(), 2);
        // Renewed first: no request was refused with 401.
        for (const auto &r : requestsSince(since))
            QVERIFY(r.toObject().value(QStringLiteral("status")).toInt() != 401);
        QCOMPARE(
            m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("token_lifetime")}, {QStringLiteral("seconds"), 3600}}),
            QString());
    }

    void glancePagingFollowsNext()
    {
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        const qint64 since = lastSeq();
        auto images = glance::list(client, QStringLiteral("status=active"), 2);
        QVERIFY2(images, images ? "" : qPrintable(images.error().message));
        QVERIFY2(images->size() >= 7, qPrintable(QString::number(images->size())));
        int pages = 0;
        for (const auto &r : requestsSince(since)) {
            if (r.toObject().value(QStringLiteral("path")).toString().endsWith(QStringLiteral("/v2/images")))
                ++pages;
        }
        QVERIFY2(pages >= 4, qPrintable(QString::number(pages)));
    }

    void baseImagesMapToTheCatalogsOs()
    {
        OpenStackProvider provider(nhnAccount(), m_double.password(), &ApplicationCatalog::builtin());
        auto list = provider.listBaseImages();
        QVERIFY2(list, list ? "" : qPrintable(list.error().message));
        bool debian = false;
        for (const auto &b : list.value()) {
            if (b.os.key() == QLatin1String("debian:12")) {
                debian = true;
                QCOMPARE(b.loginUser, QStringLiteral("debian"));
                QCOMPARE(b.provider, QStringLiteral("nhn-test"));
                QVERIFY(b.sizeBytes > 0);
                auto one = provider.baseImage(b.id);
                QVERIFY(one);
                QCOMPARE(one->os.key(), QStringLiteral("debian:12"));
            }
        }
        QVERIFY(debian);
        auto missing = provider.baseImage(QStringLiteral("00000000-0000-0000-0000-000000000000"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void serverErrorsAreRetriedWithBackoff()
    {
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("http_error")},
                                               {QStringLiteral("method"), QStringLiteral("GET")},
                                               {QStringLiteral("path_regex"), QStringLiteral("/flavors")},
                                               {QStringLiteral("status"), 503},
                                               {QStringLiteral("count"), 2}}),
                 QString());
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        QStringList told;
        client.setNotifier([&told](const QString &line) { told.append(line); });
        auto reply = client.call("GET", Service::Compute, QStringLiteral("/flavors"));
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(told.filter(QStringLiteral("trying again")).size(), 2);

        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("http_error")},
                                               {QStringLiteral("method"), QStringLiteral("GET")},
                                               {QStringLiteral("path_regex"), QStringLiteral("/flavors")},
                                               {QStringLiteral("status"), 429},
                                               {QStringLiteral("count"), 1}}),
                 QString());
        reply = client.call("GET", Service::Compute, QStringLiteral("/flavors"));
        QVERIFY(reply && reply->status == 200);

        // Always failing: the last answer, in plain words, after maxAttempts.
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("http_error")},
                                               {QStringLiteral("method"), QStringLiteral("GET")},
                                               {QStringLiteral("path_regex"), QStringLiteral("/flavors")},
                                               {QStringLiteral("status"), 500},
                                               {QStringLiteral("count"), -1}}),
                 QString());
        reply = client.call("GET", Service::Compute, QStringLiteral("/flavors"));
        QVERIFY(reply);
        QCOMPARE(reply->status, 500);
        const auto error = client.errorFor(reply.value(), QStringLiteral("list the flavors"));
        QVERIFY2(error.message.contains(QStringLiteral("after 4 attempts")), qPrintable(error.message));
    }

    void networkErrorsAreRetried()
    {
        auto account = nhnAccount();
        OpenStackClient client(account, m_double.password(), fast());
        QVERIFY(client.authenticate().ok());
        const quint16 closed = ib::test::freeTcpPort();
        QElapsedTimer timer;
        timer.start();
        auto reply = client.callUrl("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/servers").arg(closed)));
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, ErrorKind::Io);
        QVERIFY2(reply.error().message.contains(QStringLiteral("Cannot reach")), qPrintable(reply.error().message));
        QVERIFY(timer.elapsed() >= 20 + 40 + 80);  // three back-offs
    }

    void errorsInPlainWords_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("words");
        QTest::newRow("403") << 403 << QStringLiteral("/servers") << int(ErrorKind::Unsupported) << QStringLiteral("not allowed");
        QTest::newRow("404") << 404 << QStringLiteral("/servers") << int(ErrorKind::NotFound) << QStringLiteral("does not know it");
        QTest::newRow("409") << 409 << QStringLiteral("/servers") << int(ErrorKind::Conflict) << QStringLiteral("try again");
    }

    void errorsInPlainWords()
    {
        QFETCH(int, status);
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(QString, words);
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("http_error")},
                                               {QStringLiteral("method"), QStringLiteral("GET")},
                                               {QStringLiteral("path_regex"), QString(path + QLatin1Char('$'))},
                                               {QStringLiteral("status"), status},
                                               {QStringLiteral("message"), QStringLiteral("what the cloud said")}}),
                 QString());
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        auto reply = client.call("GET", Service::Compute, path);
        QVERIFY(reply);
        QCOMPARE(reply->status, status);
        const auto error = client.errorFor(reply.value(), QStringLiteral("list the servers"));
        QCOMPARE(int(error.kind), kind);
        QVERIFY2(error.message.contains(words), qPrintable(error.message));
        QVERIFY2(error.message.contains(QStringLiteral("what the cloud said")), qPrintable(error.message));
    }

    void quotaExceededInPlainWords()
    {
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("floatingip_quota")}}), QString());
        OpenStackClient client(nhnAccount(), m_double.password(), fast());
        auto nets = client.call("GET", Service::Network, QStringLiteral("/networks?router:external=true"));
        QVERIFY(nets && nets->ok());
        const auto external =
            nets->json().value(QStringLiteral("networks")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        auto reply = client.call(
            "POST", Service::Network, QStringLiteral("/floatingips"),
            QJsonDocument(QJsonObject{{QStringLiteral("floatingip"), QJsonObject{{QStringLiteral("floating_network_id"), external}}}})
                .toJson());
        QVERIFY(reply);
        QCOMPARE(reply->status, 409);
        const auto error = client.errorFor(reply.value(), QStringLiteral("attach a floating IP"));
        QCOMPARE(error.kind, ErrorKind::InUse);
        QVERIFY2(error.message.contains(QStringLiteral("quota")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QStringLiteral("floatingip")), qPrintable(error.message));
    }

    void cancelEndsABackoffFromAnotherThread()
    {
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("http_error")},
                                               {QStringLiteral("method"), QStringLiteral("GET")},
                                               {QStringLiteral("path_regex"), QStringLiteral("/flavors")},
                                               {QStringLiteral("status"), 503},
                                               {QStringLiteral("count"), -1}}),
                 QString());
        auto options = fast();
        options.firstBackoff = std::chrono::milliseconds(5000);
        options.maxBackoff = std::chrono::milliseconds(5000);
        OpenStackClient client(nhnAccount(), m_double.password(), options);
        QVERIFY(client.authenticate().ok());
        QThread *canceller = QThread::create([&client] {
            QThread::msleep(300);
            client.cancel();
        });
        canceller->start();
        QElapsedTimer timer;
        timer.start();
        auto reply = client.call("GET", Service::Compute, QStringLiteral("/flavors"));
        canceller->wait();
        delete canceller;
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, ErrorKind::Cancelled);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        // Clean-up calls ignore the cancel flag.
        QCOMPARE(m_double.clearFaults(), QString());
        auto cleanup = client.call("GET", Service::Compute, QStringLiteral("/flavors"), {}, Cancellation::Ignore);
        QVERIFY(cleanup && cleanup->status == 200);
    }

    void cleanupTestCase() { m_double.stop(); }
};

QTEST_GUILESS_MAIN(TestOpenStackClient)
#include "tst_openstackclient.moc"
