// The parsers of cloud replies, Nova's request body, the network rules and clouds.yaml,
// with hostile input (issue 15 item 8): no double, no network. Split from tst_nhncloud,
// which drives the provider against the API double.
#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/CloudsYaml.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/KeystoneAuth.h"
#include "providers/openstack/LaunchRules.h"
#include "providers/openstack/NovaCompute.h"
#include "providers/openstack/OpenStackClient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::openstack;

namespace {

QByteArray body(const char *text)
{
    return QByteArray(text);
}

}  // namespace

class TestCloudReplies final : public QObject
{
    Q_OBJECT

private:
    static CloudAccount account()
    {
        auto a = CloudAccount::nhn(QStringLiteral("nhn-test"), QStringLiteral("KR1"), QStringLiteral("tenant"), QStringLiteral("user"));
        a.authUrl = QStringLiteral("https://api-identity-infrastructure.nhncloudservice.com/v2.0");
        return a;
    }

private slots:
    void networkCandidates()
    {
        const QList<replies::Network> networks{{QStringLiteral("i1"), QStringLiteral("private"), false, {}},
                                               {QStringLiteral("e1"), QStringLiteral("public"), true, {}},
                                               {QStringLiteral("i2"), QStringLiteral("other"), false, {}}};
        auto a = account();
        QCOMPARE(candidateNetworks(networks, a, false).value(), (QStringList{QStringLiteral("i1"), QStringLiteral("i2")}));
        QCOMPARE(candidateNetworks(networks, a, true).value(), QStringList{QStringLiteral("e1")});
        a.network = QStringLiteral("other");
        a.floatingNetwork = QStringLiteral("e1");
        QCOMPARE(candidateNetworks(networks, a, false).value(), QStringList{QStringLiteral("i2")});
        QCOMPARE(candidateNetworks(networks, a, true).value(), QStringList{QStringLiteral("e1")});
        a.network = QStringLiteral("gone");
        QVERIFY(candidateNetworks(networks, a, false).error().message.contains(QStringLiteral("has no network \"gone\"")));
        QVERIFY(!candidateNetworks({networks.at(1)}, account(), false));
        QVERIFY(!candidateNetworks({networks.at(0)}, account(), true));
    }

    // Nova's server request: the root disk a volume of the template's size (and the
    // account's type) on a volume-backed flavor, the flavor's local disk from the image else.
    void serverRequestBody()
    {
        nova::ServerRequest request{.name = QStringLiteral("imagebuilder-1"),
                                    .flavorId = QStringLiteral("f"),
                                    .networkId = QStringLiteral("n"),
                                    .imageId = QStringLiteral("img"),
                                    .userData = "dXNlcg==",
                                    .buildId = QStringLiteral("b"),
                                    .volumeBacked = true,
                                    .rootGb = 30,
                                    .volumeType = QStringLiteral("General SSD")};
        auto server = nova::serverBody(request).value(QStringLiteral("server")).toObject();
        auto device = server.value(QStringLiteral("block_device_mapping_v2")).toArray().first().toObject();
        QCOMPARE(server.value(QStringLiteral("key_name")).toString(), QStringLiteral("imagebuilder-1"));
        QVERIFY(!server.contains(QStringLiteral("imageRef")));
        QCOMPARE(device.value(QStringLiteral("destination_type")).toString(), QStringLiteral("volume"));
        QCOMPARE(device.value(QStringLiteral("volume_size")).toInt(), 30);
        QCOMPARE(device.value(QStringLiteral("volume_type")).toString(), QStringLiteral("General SSD"));
        request.volumeBacked = false;
        server = nova::serverBody(request).value(QStringLiteral("server")).toObject();
        device = server.value(QStringLiteral("block_device_mapping_v2")).toArray().first().toObject();
        QCOMPARE(server.value(QStringLiteral("imageRef")).toString(), QStringLiteral("img"));
        QCOMPARE(device.value(QStringLiteral("destination_type")).toString(), QStringLiteral("local"));
        QVERIFY(!device.contains(QStringLiteral("volume_size")));
    }

    // Every reply parser with bodies no cloud should send: an error in words or a value, never
    // a crash or a negative size (the fuzz test, label fuzz, feeds them random bodies too).
    void hostileReplies_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("html 502") << body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("array") << body("[1,2,3]");
        QTest::newRow("number") << body("42");
        QTest::newRow("truncated") << body("{\"flavors\": [{\"id\": \"a\", \"ram\": 10");
        QTest::newRow("wrong types") << body(
            "{\"flavors\": {\"id\": 1}, \"networks\": \"x\", \"floatingips\": [1, null, {\"id\": []}], \"server\": [], "
            "\"images\": [null, 3, {\"id\": 5}], \"next\": 7, \"volume\": {\"attachments\": \"no\"}}");
        QTest::newRow("nested empty") << body("{\"server\": {}}");
        QTest::newRow("huge numbers") << body("{\"flavors\": [{\"id\": \"f\", \"ram\": 1e308, \"vcpus\": -1e308, \"disk\": \"NaN\"}]}");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe{\x01", 5);
        QTest::newRow("keystone shapes") << body("{\"access\": {\"token\": [], \"serviceCatalog\": {\"a\": 1}}, \"token\": "
                                                 "{\"catalog\": [null, 1, {\"endpoints\": \"x\"}], \"expires_at\": 5}}");
    }
    void hostileReplies()
    {
        QFETCH(QByteArray, reply);
        QString next;
        const auto f = replies::flavors(reply, &next);
        if (!f)
            QVERIFY(!f.error().message.isEmpty());
        else
            for (const auto &flavor : f.value())
                QVERIFY(flavor.ramMb >= 0 && flavor.vcpus >= 0);
        (void)replies::networks(reply);
        (void)replies::subnets(reply);
        (void)replies::floatingIps(reply);
        (void)replies::floatingIp(reply);
        (void)replies::idsNamed(reply, QStringLiteral("servers"), QStringLiteral("x"));
        (void)replies::volume(reply);
        (void)replies::status(reply);
        (void)replies::firstVolumeAttachment(reply);
        (void)replies::createdImageId(reply, reply);
        (void)replies::uploadedImageId(reply);
        (void)replies::imagesPage(reply, &next);
        (void)replies::routedNetworks(reply, reply, QStringLiteral("x"));
        (void)replies::volumeTypes(reply);
        // Keystone's answers too, in both identity versions and with any status.
        for (const int status : {200, 201, 401, 502}) {
            HttpReply r;
            r.status = status;
            r.body = reply;
            r.headers.insert("x-subject-token", reply.left(40));
            auto v2 = account();
            (void)keystone::parseReply(v2, r);
            v2.identityVersion = QStringLiteral("3");
            (void)keystone::parseReply(v2, r);
            (void)OpenStackClient::serviceMessage(r);
        }
        const auto entity = replies::entity(QJsonDocument::fromJson(reply).object());
        (void)replies::rootVolumeOfServer(entity);
        QString fault;
        (void)nova::hasStarted(entity, &fault);
        (void)nova::hasStopped(entity);
        (void)glance::isSaved(entity);
        const auto o = replies::object(reply, QStringLiteral("a test"));
        if (!o) {
            QVERIFY(o.error().message.contains(QStringLiteral("a test")));
            QVERIFY(!o.error().message.contains(QLatin1Char('\0')));
        }
    }

    // clouds.yaml of any shape (an administrator's file): an error in words, never a crash.
    void cloudsYamlOfAnyShape_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::newRow("scalar root") << body("hello\n");
        QTest::newRow("scalar cloud") << body("clouds:\n  mine: just-a-string\n");
        QTest::newRow("non-scalar key") << body("clouds:\n  ? [a, b]\n  : {auth: {auth_url: x}}\n");
        QTest::newRow("list clouds") << body("clouds:\n  - mine\n");
        QTest::newRow("auth scalar") << body("clouds:\n  mine:\n    auth: 5\n");
        QTest::newRow("broken") << body("clouds: [\n");
        QTest::newRow("anchors") << body("a: &a [*a]\nclouds: *a\n");
    }
    void cloudsYamlOfAnyShape()
    {
        QFETCH(QByteArray, yaml);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("clouds.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(yaml);
        f.close();
        QFile secure(dir.filePath(QStringLiteral("secure.yaml")));
        QVERIFY(secure.open(QIODevice::WriteOnly));
        secure.write(yaml);
        secure.close();
        auto names = CloudsYaml::cloudNames(file);
        auto entry = CloudsYaml::read(QStringLiteral("mine"), QString(), file);
        QVERIFY(!entry);
        QVERIFY(!entry.error().message.isEmpty());
        if (!names)
            QVERIFY(!names.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCloudReplies)
#include "tst_cloudreplies.moc"
