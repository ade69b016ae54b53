// Issue 19, publish: a local image (a zstd-compressed qcow2 like a capture) uploaded to the
// API double's Glance. The bytes arrive intact (the double hashes what it read), the
// properties are set at creation, the record names its source; cancel at about 50 %, a
// dropped connection and a checksum the cloud gets wrong each leave no image in the double,
// no copy in the builds folder and nothing open in the ledger. API-only double, no root.
#include "OpenStackDouble.h"

#include "ledger/ResourceLedger.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/OpenStackClient.h"
#include "publish/ImagePublisher.h"
#include "publish/PublishRules.h"
#include "storage/Store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::openstack;
using namespace ib::publish;
using ib::test::OpenStackDouble;

class TestPublish final : public QObject
{
    Q_OBJECT

    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::None;
        return o;
    }()};
    QTemporaryDir m_dir;
    BuildSettings m_settings;
    CloudAccount m_account;
    ImageRecord m_local;
    QString m_expectedMd5;  // of `qemu-img convert -O qcow2` of the local image, made by the test

    static bool run(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral("qemu-img"), args);
        return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    PublishRequest request() const
    {
        PublishRequest r;
        r.source = m_local;
        r.account = m_account;
        r.password = m_double.password();
        r.name = QStringLiteral("published web");
        return r;
    }

    QJsonArray doubleImages() const
    {
        QJsonArray mine;
        for (const auto &v : m_double.resources().value(QStringLiteral("images")).toArray())
            mine.append(v);
        return mine;
    }

    // Nothing of a failed or cancelled publish is left: no image, no copy, no open ledger entry.
    void checkNothingLeft(int imagesBefore)
    {
        QCOMPARE(doubleImages().size(), imagesBefore);
        QDirIterator it(m_settings.buildsDirectory(), QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        QVERIFY2(files.isEmpty(), qPrintable(files.join(QLatin1Char(' '))));
        ResourceLedger ledger(m_settings.dataDirectory);
        auto open = ledger.openBuilds();
        QVERIFY(open);
        QCOMPARE(open->size(), 0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto error = m_double.start(60000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_settings = BuildSettings::defaults();
        m_settings.dataDirectory = m_dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_settings.imagesDirectory()));
        m_account = CloudAccount::nhn(QStringLiteral("double"), m_double.region(), m_double.tenantId(), m_double.username());
        m_account.kind = CloudKind::OpenStack;
        m_account.authUrl = m_double.identityV2Url();

        // 8 MiB of random data as a disk, captured like a build: zstd-compressed qcow2.
        const QString raw = m_dir.filePath(QStringLiteral("disk.raw"));
        QFile f(raw);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray block(1024 * 1024, '\0');
        for (int i = 0; i < 8; ++i) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            QVERIFY(f.write(block) == block.size());
        }
        f.close();
        m_local.id = QStringLiteral("1b7e4c1e-5a0c-4d6c-9c61-2f0f8f7b3a10");
        m_local.name = QStringLiteral("web");
        m_local.location = m_settings.imagesDirectory() + QStringLiteral("/web.qcow2");
        QVERIFY(run({QStringLiteral("convert"), QStringLiteral("-c"), QStringLiteral("-f"), QStringLiteral("raw"), QStringLiteral("-O"),
                     QStringLiteral("qcow2"), QStringLiteral("-o"), QStringLiteral("compression_type=zstd"), raw, m_local.location}));
        m_local.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        m_local.loginUser = QStringLiteral("debian");
        m_local.templateId = QStringLiteral("7d0b3f4e-1c2a-4b5d-8e9f-0a1b2c3d4e5f");
        m_local.templateRevision = 3;
        m_local.buildId = QStringLiteral("c1a2b3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        m_local.datasources = {QStringLiteral("OpenStack"), QStringLiteral("None")};

        // What the cloud must receive: the same conversion, made here.
        const QString expected = m_dir.filePath(QStringLiteral("expected.qcow2"));
        QVERIFY(run({QStringLiteral("convert"), QStringLiteral("-f"), QStringLiteral("qcow2"), QStringLiteral("-O"),
                     QStringLiteral("qcow2"), m_local.location, expected}));
        QFile e(expected);
        QVERIFY(e.open(QIODevice::ReadOnly));
        QCryptographicHash md5(QCryptographicHash::Md5);
        QVERIFY(md5.addData(&e));
        m_expectedMd5 = QString::fromLatin1(md5.result().toHex());
    }

    void cleanup()
    {
        m_double.clearFaults();
        QCOMPARE(m_double.changeSettings(QJsonObject{{QStringLiteral("upload_delay"), 0.0}}), QString());
    }

    void publishesIntactWithProperties()
    {
        ImagePublisher publisher(m_settings);
        qint64 lastSent = 0;
        qint64 lastConverted = -1;
        qint64 convertTotal = 0;
        connect(&publisher, &ImagePublisher::progress, this, [&](const PublishProgress &p) {
            if (p.phase == PublishPhase::Uploading)
                lastSent = p.sentBytes;
            if (p.phase == PublishPhase::Converting) {
                lastConverted = p.sentBytes;
                convertTotal = p.totalBytes;
            }
        });
        auto published = publisher.publish(request());
        QVERIFY2(published, published ? "" : qPrintable(published.error().message));
        QCOMPARE(published->provider, m_account.name);
        QCOMPARE(published->sourceImageId, m_local.id);
        QCOMPARE(published->checksum, QStringLiteral("md5:") + m_expectedMd5);
        QCOMPARE(lastSent, published->sizeBytes);
        // The conversion reports qemu-img's own progress (-p), up to the whole virtual disk.
        QCOMPARE(convertTotal, 8LL * 1024 * 1024);
        QCOMPARE(lastConverted, convertTotal);

        OpenStackClient client(m_account, m_double.password());
        auto image = glance::get(client, published->location);
        QVERIFY2(image, image ? "" : qPrintable(image.error().message));
        // The double's md5 and sha512 are of the bytes it read from the socket.
        QCOMPARE(image->value(QStringLiteral("checksum")).toString(), m_expectedMd5);
        QCOMPARE(image->value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QCOMPARE(image->value(QStringLiteral("visibility")).toString(), QStringLiteral("private"));
        QCOMPARE(image->value(QStringLiteral("disk_format")).toString(), QStringLiteral("qcow2"));
        QCOMPARE(image->value(QStringLiteral("virtual_size")).toInteger(), 8 * 1024 * 1024);
        QCOMPARE(image->value(QStringLiteral("os_type")).toString(), QStringLiteral("linux"));
        QCOMPARE(image->value(QStringLiteral("os_distro")).toString(), QStringLiteral("debian"));
        QCOMPARE(image->value(QStringLiteral("os_version")).toString(), QStringLiteral("12"));
        QCOMPARE(image->value(QStringLiteral("login_username")).toString(), QStringLiteral("debian"));
        QCOMPARE(image->value(QStringLiteral("min_disk")).toInt(), 1);
        QCOMPARE(image->value(QLatin1String(glance::TemplateProperty)).toString(), m_local.templateId);
        QCOMPARE(image->value(QLatin1String(SourceImageProperty)).toString(), m_local.id);
        // No PATCH: everything came with the creation.
        for (const auto &r : m_double.requests())
            QVERIFY(r.toObject().value(QStringLiteral("method")).toString() != QLatin1String("PATCH"));

        // The record lists under the cloud, linked to the local image.
        auto store = Store::open(m_dir.filePath(QStringLiteral("ib.sqlite")));
        QVERIFY(store);
        QVERIFY((*store)->addImage(m_local));
        QVERIFY((*store)->addImage(published.value()));
        auto listed = (*store)->listImages();
        QVERIFY(listed);
        bool found = false;
        for (const auto &i : listed.value())
            found = found || (i.provider == m_account.name && i.location == published->location && i.sourceImageId == m_local.id);
        QVERIFY(found);
        QVERIFY(publisher.lastUploadMs() >= 0);
        checkNothingLeft(1);
        QCOMPARE(client.call("DELETE", Service::Image, QStringLiteral("/images/") + published->location)->status, 204);
    }

    void refusesDatasourcesThatCannotWork()
    {
        ImagePublisher publisher(m_settings);
        auto r = request();
        r.source.datasources = {QStringLiteral("NoCloud"), QStringLiteral("None")};
        auto refused = publisher.publish(r);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("[ NoCloud, None ]")), qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QLatin1String("Rebuild it from a base image")));
        r.source.datasources.clear();
        auto unknown = publisher.check(r);
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().message.contains(QLatin1String("--skip-datasource-check")), qPrintable(unknown.error().message));
        r.skipDatasourceCheck = true;
        QVERIFY(publisher.check(r));
        r.source.datasources = {QStringLiteral("ConfigDrive")};
        r.skipDatasourceCheck = false;
        QVERIFY(publisher.check(r));
        r.name = QString(256, QLatin1Char('n'));
        auto longName = publisher.check(r);
        QVERIFY(!longName);
        QVERIFY(longName.error().message.contains(QLatin1String("at most 255")));
        r.name.clear();
        // Issue 20: an arm64 image (built with HVF on Apple Silicon) stays local, and so
        // does one whose stored architecture this program does not know.
        r.source.architecture = QStringLiteral("aarch64");
        auto arm = publisher.check(r);
        QVERIFY(!arm);
        QCOMPARE(arm.error().kind, ErrorKind::Unsupported);
        QVERIFY2(arm.error().message.contains(QLatin1String("boots on arm64 CPUs only and stays local")), qPrintable(arm.error().message));
        r.source.architecture = architectureFromText(QStringLiteral("sparc"));
        QVERIFY(!publisher.check(r));
        r.source.architecture = QStringLiteral("x86_64");
        QVERIFY(publisher.check(r));
        r.source.location = QStringLiteral("/etc/passwd");
        auto outside = publisher.check(r);
        QVERIFY(!outside);
        QVERIFY(outside.error().message.contains(QLatin1String("images folder")));
        checkNothingLeft(0);
    }

    void cancelAtHalfLeavesNothing()
    {
        // 0.3 s per MiB read: the 8 MiB copy takes about 2.5 s to arrive.
        QCOMPARE(m_double.changeSettings(QJsonObject{{QStringLiteral("upload_delay"), 0.3}}), QString());
        ImagePublisher publisher(m_settings);
        qint64 cancelledAt = -1;
        connect(&publisher, &ImagePublisher::progress, this, [&](const PublishProgress &p) {
            if (p.phase == PublishPhase::Uploading && p.totalBytes > 0 && cancelledAt < 0 && p.sentBytes * 2 >= p.totalBytes) {
                cancelledAt = p.sentBytes;
                publisher.cancel();
            }
        });
        auto result = publisher.publish(request());
        QVERIFY(!result);
        QCOMPARE(result.error().kind, ErrorKind::Cancelled);
        QVERIFY(cancelledAt > 0);
        checkNothingLeft(0);
    }

    void droppedConnectionLeavesNothing()
    {
        // Every attempt is cut: Qt sends a request once more from the start when the
        // connection closes before an answer (the hashes then cover the second sending).
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("upload_drop")},
                                               {QStringLiteral("after_bytes"), 3 * 1024 * 1024},
                                               {QStringLiteral("count"), -1}}),
                 QString());
        ImagePublisher publisher(m_settings);
        auto result = publisher.publish(request());
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(QLatin1String("broke off")), qPrintable(result.error().message));
        checkNothingLeft(0);
    }

    void checksumMismatchDeletesTheImage()
    {
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("upload_checksum_mismatch")}}), QString());
        ImagePublisher publisher(m_settings);
        auto result = publisher.publish(request());
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(m_expectedMd5), qPrintable(result.error().message));
        QVERIFY(result.error().message.contains(QLatin1String("damaged")));
        checkNothingLeft(0);
    }

    void nhnPropertiesAtCreation()
    {
        CloudAccount nhn = m_account;
        nhn.kind = CloudKind::Nhn;
        auto body = createBody(m_local, QStringLiteral("web"), nhn, QStringLiteral("qcow2"), 3LL * 1024 * 1024 * 1024);
        QVERIFY(body);
        QCOMPARE(body->value(QStringLiteral("min_disk")).toInt(), 20);
        QCOMPARE(body->value(QStringLiteral("min_ram")).toInt(), 1024);
        QCOMPARE(body->value(QStringLiteral("os_type")).toString(), QStringLiteral("linux"));
        QCOMPARE(body->value(QStringLiteral("os_architecture")).toString(), QStringLiteral("amd64"));
        QCOMPARE(body->value(QStringLiteral("visibility")).toString(), QStringLiteral("private"));
        auto big = createBody(m_local, QStringLiteral("web"), m_account, QStringLiteral("raw"), 30LL * 1024 * 1024 * 1024 + 1);
        QVERIFY(big);
        QCOMPARE(big->value(QStringLiteral("min_disk")).toInt(), 31);
        QVERIFY(!big->contains(QStringLiteral("hypervisor_type")));
        QVERIFY(isImageId(QStringLiteral("b2173dd3-7ad6-4362-baa6-a68bce3565cb")));
        QVERIFY(!isImageId(QStringLiteral("../x")));
        QVERIFY(!isImageId(QStringLiteral("a/b")));
    }
};

QTEST_GUILESS_MAIN(TestPublish)
#include "tst_publish.moc"
