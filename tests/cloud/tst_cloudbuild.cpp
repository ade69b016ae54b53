// Whole builds on the OpenStack double with chroot targets (real sshd servers): the happy
// path and every fault of issue 6, each ending with the double holding nothing the build
// made. Needs root (the double's chroot targets).
#include "OpenStackDouble.h"

#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/OpenStackProvider.h"
#include "settings/BuildSettings.h"
#include "storage/Store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace ib;
using namespace ib::openstack;
using ib::test::OpenStackDouble;

namespace {

const char *kUserScript = "#!/bin/sh -e\necho ib-marker-$(id -un) > \"$HOME/marker.txt\"\n";

}  // namespace

class TestCloudBuild final : public QObject
{
    Q_OBJECT

private:
    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::Chroot;
        o.buildDelay = 0.5;
        o.imageSavingDelay = 0.5;
        return o;
    }()};
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<BuildService> m_service;
    CloudAccount m_account;
    QString m_templateId;
    QString m_baseImageId;

    ProviderOptions fastOptions() const
    {
        ProviderOptions o;
        o.pollInterval = std::chrono::milliseconds(200);
        o.client.firstBackoff = std::chrono::milliseconds(100);
        o.client.maxBackoff = std::chrono::milliseconds(500);
        o.deleteTimeout = std::chrono::seconds(60);
        o.serverTimeout = std::chrono::seconds(60);
        o.imageTimeout = std::chrono::seconds(60);
        return o;
    }

    std::unique_ptr<OpenStackProvider> provider() const
    {
        return std::make_unique<OpenStackProvider>(m_account, m_double.password(), &ApplicationCatalog::builtin(), fastOptions());
    }

    struct Outcome
    {
        BuildState state = BuildState::Queued;
        QString cause;
        QString buildId;
        QStringList log;
    };

    // Runs one build; `cancelWhen` cancels it once a log line matches.
    Outcome build(const QString &imageName, const QString &cancelWhen = {}, std::function<void(BuildStep)> onStep = {})
    {
        Outcome out;
        QSignalSpy finished(m_service.get(), &BuildService::buildFinished);
        QRegularExpression trigger(cancelWhen);
        bool cancelAsked = false;
        QString id;
        auto logConnection = connect(m_service.get(), &BuildService::buildLogLine, this, [&](const QString &buildId, const QString &line) {
            out.log.append(line);
            if (!cancelWhen.isEmpty() && !cancelAsked && trigger.match(line).hasMatch()) {
                cancelAsked = true;
                (void)m_service->cancel(buildId);
            }
        });
        auto stepConnection = connect(m_service.get(), &BuildService::buildStepChanged, this, [&](const QString &, BuildStep step) {
            if (onStep)
                onStep(step);
        });
        auto started = m_service->start(m_templateId, imageName, m_baseImageId, {}, m_account.name);
        if (!started) {
            out.cause = started.error().message;
            disconnect(logConnection);
            disconnect(stepConnection);
            return out;
        }
        out.buildId = started->id;
        finished.wait(240000);
        disconnect(logConnection);
        disconnect(stepConnection);
        if (!finished.isEmpty()) {
            out.state = finished.first().at(1).value<BuildState>();
            out.cause = finished.first().at(2).toString();
        }
        return out;
    }

    // What the double still holds that a client made; images deleted first when asked.
    QJsonObject leftovers()
    {
        QString error;
        auto r = m_double.resources(&error);
        if (!error.isEmpty())
            qWarning("resources: %s", qPrintable(error));
        return r;
    }

    void deleteBuiltImages()
    {
        auto p = provider();
        for (const auto &i : leftovers().value(QStringLiteral("images")).toArray())
            QVERIFY(p->deleteImage(i.toObject().value(QStringLiteral("id")).toString()));
    }

    void verifyNothingLeft(bool imageExpected)
    {
        const auto left = leftovers();
        QVERIFY2(left.value(QStringLiteral("count_without_images")).toInt() == 0, QJsonDocument(left).toJson().constData());
        QCOMPARE(left.value(QStringLiteral("count")).toInt(), imageExpected ? 1 : 0);
        // And the ledger agrees: nothing of the build is left "intent" or "created".
        auto builds = m_store->listBuilds();
        QVERIFY(builds);
        for (const auto &b : builds.value()) {
            auto resources = m_store->buildResources(b.id);
            QVERIFY(resources);
            for (const auto &r : resources.value())
                QVERIFY2(r.state == QLatin1String("gone"),
                         qPrintable(r.kind + QLatin1Char(' ') + r.identifier + QLatin1Char(' ') + r.state));
        }
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("the double's chroot targets need root");
        QVERIFY(m_dir.isValid());
        QElapsedTimer timer;
        timer.start();
        const auto error = m_double.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qInfo("double with chroot targets ready in %lld ms", timer.elapsed());

        auto store = Store::open(m_dir.filePath(QStringLiteral("ib.sqlite")));
        QVERIFY(store);
        m_store = std::move(store).value();
        ImageTemplate t;
        t.name = QStringLiteral("cloud web");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.minStorageGb = 10;
        t.userScript = QString::fromLatin1(kUserScript);
        auto created = m_store->createTemplate(t);
        QVERIFY(created);
        m_templateId = created->id;

        m_account = CloudAccount::nhn(QStringLiteral("double"), m_double.region(), m_double.tenantId(), m_double.username());
        m_account.authUrl = m_double.identityV2Url();
        m_account.sshPort = m_double.sshPort();

        BuildSettings settings = BuildSettings::defaults();
        settings.dataDirectory = m_dir.filePath(QStringLiteral("data"));
        settings.bootTimeout = std::chrono::seconds(60);
        settings.stopTimeout = std::chrono::seconds(60);
        m_service = std::make_unique<BuildService>(*m_store, ApplicationCatalog::builtin(), settings,
                                                   [this](const QString &id) -> std::unique_ptr<Provider> {
                                                       if (id == m_account.name)
                                                           return provider();
                                                       return nullptr;
                                                   });

        auto bases = provider()->listBaseImages();
        QVERIFY(bases);
        for (const auto &b : bases.value()) {
            if (b.os.key() == QLatin1String("debian:12"))
                m_baseImageId = b.id;
        }
        QVERIFY(!m_baseImageId.isEmpty());
    }

    void init() { QCOMPARE(m_double.clearFaults(), QString()); }

    void wholeBuildMakesATaggedImage()
    {
        QElapsedTimer timer;
        timer.start();
        const auto out = build(QStringLiteral("cloud web 1"));
        QVERIFY2(out.state == BuildState::Succeeded, qPrintable(out.cause + QLatin1Char('\n') + out.log.join(QLatin1Char('\n'))));
        qInfo("build on chroot target: %lld ms", timer.elapsed());

        // The image list of the template is a Glance query on the build's properties.
        auto images = provider()->listImages(m_templateId);
        QVERIFY(images);
        QCOMPARE(images->size(), 1);
        const auto &image = images->first();
        QCOMPARE(image.name, QStringLiteral("cloud web 1"));
        QCOMPARE(image.buildId, out.buildId);
        QCOMPARE(image.templateRevision, 1);
        QCOMPARE(image.os.key(), QStringLiteral("debian:12"));
        // The user script ran as the default user, and the image holds what it wrote.
        QByteArray file;
        QString error;
        QCOMPARE(m_double.control("GET", QStringLiteral("/images/%1/file?path=/home/debian/marker.txt").arg(image.id), {}, &file, &error),
                 200);
        QCOMPARE(file.trimmed(), QByteArray("ib-marker-debian"));
        // Generalized: no machine id, no host keys.
        QCOMPARE(m_double.control("GET", QStringLiteral("/images/%1/file?path=/etc/machine-id").arg(image.id), {}, &file, &error), 200);
        QVERIFY(file.trimmed().isEmpty());
        // The store's record points at the Glance image.
        auto stored = m_store->listImages(m_templateId);
        QVERIFY(stored && stored->size() == 1);
        QCOMPARE(stored->first().location, image.id);
        QCOMPARE(stored->first().provider, m_account.name);

        // The server was volume-backed with the template's minimum block storage.
        bool sawVolume = false;
        for (const auto &r : m_double.requests()) {
            const auto o = r.toObject();
            if (o.value(QStringLiteral("method")).toString() == QLatin1String("POST") &&
                o.value(QStringLiteral("path")).toString().endsWith(QStringLiteral("/action")) &&
                o.value(QStringLiteral("service")).toString() == QLatin1String("volume"))
                sawVolume = true;
        }
        QVERIFY(sawVolume);
        verifyNothingLeft(true);
        deleteBuiltImages();
    }

    // Issue 19, cloud half: with "test images built on clouds" on, the build boots a second
    // server from the image it captured (its own key pair, security group and floating IP,
    // a fresh key and host key), checks it and runs the template's test script there; the
    // clean-up removes both servers' resources. The script sees what the user script wrote.
    void testsTheImageOnACloudServerWhenAsked()
    {
        ImageTemplate t;
        t.name = QStringLiteral("cloud tested");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.minStorageGb = 10;
        t.userScript = QString::fromLatin1(kUserScript);
        t.testScript = QStringLiteral("#!/bin/sh -e\ngrep -q ib-marker-debian \"$HOME/marker.txt\"\necho ib-test-saw-$(id -un)\n");
        auto created = m_store->createTemplate(t);
        QVERIFY(created);
        const QString buildTemplate = m_templateId;
        m_templateId = created->id;
        m_service->setTestCloudImages(true);
        QCOMPARE(m_double.clearRequests(), QString());
        // A colleague's client rewrites the new image's row the moment it is written, to
        // point at the base image: the test must still boot what this build captured (the
        // base image has no marker file, so the test script would fail on it).
        QSqlQuery colleague(m_store->database());
        QVERIFY2(colleague.exec(QStringLiteral("CREATE TRIGGER colleague_rewrites AFTER INSERT ON images BEGIN "
                                               "UPDATE images SET location = '%1' WHERE id = NEW.id; END")
                                    .arg(m_baseImageId)),
                 qPrintable(colleague.lastError().text()));
        const auto out = build(QStringLiteral("cloud tested 1"));
        QVERIFY(colleague.exec(QStringLiteral("DROP TRIGGER colleague_rewrites")));
        m_service->setTestCloudImages(false);
        m_templateId = buildTemplate;
        QVERIFY2(out.state == BuildState::Succeeded, qPrintable(out.cause + QLatin1Char('\n') + out.log.join(QLatin1Char('\n'))));
        const QString log = out.log.join(QLatin1Char('\n'));
        QVERIFY2(log.contains(QLatin1String("a test server from the new image")), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("ib-test-saw-debian")), qPrintable(log));
        auto stored = m_store->listImages(created->id);
        QVERIFY(stored && stored->size() == 1);
        QCOMPARE(stored->first().testState, QStringLiteral("passed"));
        QCOMPARE(stored->first().location, m_baseImageId);  // the trigger did rewrite the row
        // Two servers: the build's, then the test's, from the captured image.
        QStringList serversFrom;
        for (const auto &r : m_double.requests()) {
            const auto o = r.toObject();
            if (o.value(QStringLiteral("method")).toString() == QLatin1String("POST") &&
                o.value(QStringLiteral("path")).toString().endsWith(QStringLiteral("/servers")))
                serversFrom << o.value(QStringLiteral("path")).toString();
        }
        QCOMPARE(serversFrom.size(), 2);
        verifyNothingLeft(true);
        deleteBuiltImages();
    }

    // NHN Cloud's rule: local-disk (u2) flavors are captured with Nova's createImage.
    void localDiskFlavorCapturesWithCreateImage()
    {
        m_account.flavor = QStringLiteral("u2.c2m4");
        const qint64 since =
            m_double.requests().isEmpty() ? 0 : m_double.requests().last().toObject().value(QStringLiteral("seq")).toInteger();
        const auto out = build(QStringLiteral("cloud web local"));
        m_account.flavor.clear();
        QVERIFY2(out.state == BuildState::Succeeded, qPrintable(out.cause + QLatin1Char('\n') + out.log.join(QLatin1Char('\n'))));
        QVERIFY(out.log.filter(QStringLiteral("from server")).size() == 1);
        bool volumeAction = false;
        bool serverAction = false;
        for (const auto &r : m_double.requests(since)) {
            const auto o = r.toObject();
            if (o.value(QStringLiteral("method")).toString() != QLatin1String("POST") ||
                !o.value(QStringLiteral("path")).toString().endsWith(QStringLiteral("/action")))
                continue;
            volumeAction = volumeAction || o.value(QStringLiteral("service")).toString() == QLatin1String("volume");
            serverAction = serverAction || o.value(QStringLiteral("service")).toString() == QLatin1String("compute");
        }
        QVERIFY(serverAction);
        QVERIFY(!volumeAction);
        auto images = provider()->listImages(m_templateId);
        QVERIFY(images && images->size() == 1);
        QByteArray file;
        QString error;
        QCOMPARE(m_double.control("GET", QStringLiteral("/images/%1/file?path=/home/debian/marker.txt").arg(images->first().id), {}, &file,
                                  &error),
                 200);
        verifyNothingLeft(true);
        deleteBuiltImages();
    }

    void serverErrorBecomesTheCause()
    {
        QCOMPARE(m_double.armFault(QJsonObject{
                     {QStringLiteral("fault"), QStringLiteral("server_error")},
                     {QStringLiteral("message"), QStringLiteral("No valid host was found. There are not enough hosts available.")}}),
                 QString());
        const auto out = build(QStringLiteral("server error"));
        QCOMPARE(out.state, BuildState::Failed);
        QVERIFY2(out.cause.contains(QStringLiteral("No valid host was found")), qPrintable(out.cause));
        verifyNothingLeft(false);
    }

    void tokenExpiresMidBuild()
    {
        const qint64 since =
            m_double.requests().isEmpty() ? 0 : m_double.requests().last().toObject().value(QStringLiteral("seq")).toInteger();
        const auto out = build(QStringLiteral("token expiry"), {}, [this](BuildStep step) {
            // Every token dies while the build is inside the VM, hours in on a real cloud.
            if (step == BuildStep::UserScript)
                QCOMPARE(m_double.expireTokens(), QString());
        });
        QVERIFY2(out.state == BuildState::Succeeded, qPrintable(out.cause));
        QSet<QString> tokens;
        bool refused = false;
        for (const auto &r : m_double.requests(since)) {
            const auto o = r.toObject();
            if (!o.value(QStringLiteral("token")).toString().isEmpty())
                tokens.insert(o.value(QStringLiteral("token")).toString());
            refused = refused || o.value(QStringLiteral("status")).toInt() == 401;
        }
        QVERIFY(refused);
        QVERIFY2(tokens.size() >= 2, "the build went on with a new token");
        QVERIFY(out.log.filter(QStringLiteral("signing in again")).size() >= 1);
        verifyNothingLeft(true);
        deleteBuiltImages();
    }

    void deleteAnswering500IsRetried()
    {
        QJsonArray faults;
        for (const auto *kind : {"server", "floatingip", "security_group", "keypair", "volume"})
            faults.append(QJsonObject{{QStringLiteral("fault"), QStringLiteral("delete_500")},
                                      {QStringLiteral("resource"), QLatin1String(kind)},
                                      {QStringLiteral("count"), 1}});
        QCOMPARE(m_double.armFaults(faults), QString());
        const auto out = build(QStringLiteral("delete 500"));
        QVERIFY2(out.state == BuildState::Succeeded, qPrintable(out.cause));
        QVERIFY2(out.log.filter(QStringLiteral("answered 500")).size() >= 4, qPrintable(out.log.join(QLatin1Char('\n'))));
        verifyNothingLeft(true);
        deleteBuiltImages();
    }

    void floatingIpQuotaInPlainWords()
    {
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("floatingip_quota")}}), QString());
        const auto out = build(QStringLiteral("quota"));
        QCOMPARE(out.state, BuildState::Failed);
        QVERIFY2(out.cause.contains(QStringLiteral("quota")) && out.cause.contains(QStringLiteral("floating IP")), qPrintable(out.cause));
        verifyNothingLeft(false);
    }

    void cancelAtEachWait_data()
    {
        QTest::addColumn<QJsonObject>("fault");
        QTest::addColumn<QString>("cancelWhen");
        QTest::newRow("server BUILD") << QJsonObject{{QStringLiteral("fault"), QStringLiteral("server_build_hang")}}
                                      << QStringLiteral("\\[launch\\] server .*: BUILD");
        QTest::newRow("SSH") << QJsonObject{{QStringLiteral("fault"), QStringLiteral("ssh_unreachable")}}
                             << QStringLiteral("\\[connect\\] Connecting to");
        QTest::newRow("SHUTOFF") << QJsonObject{{QStringLiteral("fault"), QStringLiteral("server_stop_hang")}}
                                 << QStringLiteral("\\[stop\\] server .*: ACTIVE");
        QTest::newRow("image saving") << QJsonObject{{QStringLiteral("fault"), QStringLiteral("image_saving_hang")}}
                                      << QStringLiteral("\\[capture\\] image .*: saving");
    }

    void cancelAtEachWait()
    {
        QFETCH(QJsonObject, fault);
        QFETCH(QString, cancelWhen);
        QCOMPARE(m_double.armFault(fault), QString());
        QElapsedTimer timer;
        timer.start();
        const auto out = build(QStringLiteral("cancelled"), cancelWhen);
        QVERIFY2(out.state == BuildState::Cancelled, qPrintable(out.cause + QLatin1Char('\n') + out.log.join(QLatin1Char('\n'))));
        qInfo("cancel and clean-up: %lld ms", timer.elapsed());
        QCOMPARE(m_double.clearFaults(), QString());  // ends the hang, so a leak would show
        verifyNothingLeft(false);
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_double.stop();
    }
};

QTEST_GUILESS_MAIN(TestCloudBuild)
#include "tst_cloudbuild.moc"
