// One whole cloud build on the OpenStack double with a real VM target (QEMU booting the
// Debian 12 test base image from the cloud-init user data the provider sends): boot, the
// user script, generalize, stop, capture by volume upload, the image tagged and listed
// through Glance, nothing left. Needs root, and minutes under TCG.
#include "OpenStackDouble.h"
#include "TestSupport.h"

#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/OpenStackProvider.h"
#include "settings/BuildSettings.h"
#include "storage/Store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace ib;
using namespace ib::openstack;
using ib::test::OpenStackDouble;

class TestCloudVmBuild final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir{QStringLiteral("/var/tmp/ib-cloudvm-XXXXXX")};
    std::unique_ptr<OpenStackDouble> m_double;

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("the double's VM targets and the base image script need root");
        QVERIFY(m_dir.isValid());
        // The test base image (cached after its first build by the vm tests).
        QElapsedTimer timer;
        timer.start();
        const QString base = m_dir.filePath(QStringLiteral("base.qcow2"));
        QProcess script;
        script.setProcessChannelMode(QProcess::MergedChannels);
        script.start(ib::test::sourceDir() + QStringLiteral("/packaging/base-image/make-debian-base-image.sh"), {base});
        QVERIFY(script.waitForFinished(3600 * 1000));
        QVERIFY2(script.exitCode() == 0, script.readAll().right(2000).constData());
        qInfo("base image ready in %lld ms", timer.elapsed());

        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::Vm;
        o.baseImage = base;
        m_double = std::make_unique<OpenStackDouble>(o);
        const auto error = m_double->start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void wholeBuildOnAVm()
    {
        auto store = Store::open(m_dir.filePath(QStringLiteral("ib.sqlite")));
        QVERIFY(store);
        ImageTemplate t;
        t.name = QStringLiteral("vm cloud");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.minStorageGb = 10;
        t.userScript = QStringLiteral("#!/bin/sh -e\necho vm-marker > \"$HOME/vm-marker.txt\"\ncloud-init status\n");
        auto created = store.value()->createTemplate(t);
        QVERIFY(created);

        auto account = CloudAccount::nhn(QStringLiteral("double"), m_double->region(), m_double->tenantId(), m_double->username());
        account.authUrl = m_double->identityV2Url();
        account.sshPort = m_double->sshPort();
        ProviderOptions options;
        options.pollInterval = std::chrono::milliseconds(1000);
        auto makeProvider = [&] {
            return std::make_unique<OpenStackProvider>(account, m_double->password(), &ApplicationCatalog::builtin(), options);
        };

        QString baseId;
        auto bases = makeProvider()->listBaseImages();
        QVERIFY(bases);
        for (const auto &b : bases.value()) {
            if (b.os.key() == QLatin1String("debian:12"))
                baseId = b.id;
        }
        QVERIFY(!baseId.isEmpty());

        BuildSettings settings = BuildSettings::defaults();
        settings.dataDirectory = m_dir.filePath(QStringLiteral("data"));
        settings.bootTimeout = std::chrono::seconds(900);
        settings.stopTimeout = std::chrono::seconds(300);
        BuildService service(*store.value(), ApplicationCatalog::builtin(), settings,
                             [&](const QString &id) -> std::unique_ptr<Provider> { return id == account.name ? makeProvider() : nullptr; });
        QSignalSpy finished(&service, &BuildService::buildFinished);
        QStringList log;
        connect(&service, &BuildService::buildLogLine, this, [&log](const QString &, const QString &line) { log.append(line); });
        QElapsedTimer timer;
        timer.start();
        auto started = service.start(created->id, QStringLiteral("vm cloud 1"), baseId, {}, account.name);
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        QVERIFY(finished.wait(1700 * 1000));
        const auto state = finished.first().at(1).value<BuildState>();
        QVERIFY2(state == BuildState::Succeeded,
                 qPrintable(finished.first().at(2).toString() + QLatin1Char('\n') + log.mid(log.size() - 60).join(QLatin1Char('\n'))));
        qInfo("cloud build on a VM target: %lld ms", timer.elapsed());
        for (const auto &line : std::as_const(log)) {
            if (line.contains(QStringLiteral("== ")) && line.contains(QStringLiteral("done in")))
                qInfo("%s", qPrintable(line));
        }

        auto images = makeProvider()->listImages(created->id);
        QVERIFY(images);
        QCOMPARE(images->size(), 1);
        QCOMPARE(images->first().buildId, started->id);
        QCOMPARE(images->first().templateRevision, 1);
        QVERIFY(images->first().sizeBytes > 0);
        QVERIFY(log.filter(QStringLiteral("[user-script]")).size() >= 1);
        const auto left = m_double->resources();
        QVERIFY2(left.value(QStringLiteral("count_without_images")).toInt() == 0, QJsonDocument(left).toJson().constData());
        QCOMPARE(left.value(QStringLiteral("count")).toInt(), 1);
        QVERIFY(makeProvider()->deleteImage(images->first().id));
        QCOMPARE(m_double->resources().value(QStringLiteral("count")).toInt(), 0);
    }

    void cleanupTestCase()
    {
        if (m_double)
            m_double->stop();
    }
};

QTEST_GUILESS_MAIN(TestCloudVmBuild)
#include "tst_cloudvmbuild.moc"
