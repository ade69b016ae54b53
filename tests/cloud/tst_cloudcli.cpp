// imagebuilder-cli's cloud commands as a user runs them, against the OpenStack double with
// chroot targets: cloud add (password on stdin), clouds.yaml, cloud list, --provider on
// base-image list, build start and image list, the start-up sweep after a kill -9, and a
// search of every file the CLI wrote for the password and the tokens. Needs root.
#include "OpenStackDouble.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <unistd.h>

using ib::test::OpenStackDouble;

class TestCloudCli final : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int status = -1;
        QString out;
        QString err;
    };

    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::Chroot;
        o.buildDelay = 0.5;
        o.imageSavingDelay = 0.5;
        return o;
    }()};
    QTemporaryDir m_dir;
    QString m_db;
    QString m_service = QStringLiteral("cli-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    QString m_templateId;
    QString m_baseImageId;

    QProcessEnvironment environment() const
    {
        auto env = QProcessEnvironment::systemEnvironment();
        // Everything the CLI writes goes under the test's folder: data, settings, logs.
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/.local/share")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/.config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("home/.cache")));
        env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        // No Secret Service here: the kernel keyring, under a service of this run only.
        env.insert(QStringLiteral("IMAGEBUILDER_SECRET_STORE"), QStringLiteral("kernel-keyring"));
        env.insert(QStringLiteral("IMAGEBUILDER_SECRET_SERVICE"), m_service);
        env.remove(QStringLiteral("IMAGEBUILDER_DB"));
        return env;
    }

    Run cli(const QStringList &args, const QByteArray &input = {}, int timeoutMs = 60000)
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.setWorkingDirectory(m_dir.path());
        p.start(qEnvironmentVariable("IB_CLI"), QStringList{QStringLiteral("--db"), m_db} + args);
        if (!p.waitForStarted(10000))
            return {};
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                   QString::fromUtf8(p.readAllStandardError())};
    }

    QJsonObject left() const { return m_double.resources(); }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("the double's chroot targets need root");
        QVERIFY(m_dir.isValid());
        QVERIFY(!qEnvironmentVariableIsEmpty("IB_CLI"));
        QDir().mkpath(m_dir.filePath(QStringLiteral("home")));
        m_db = m_dir.filePath(QStringLiteral("ib.sqlite"));
        const auto error = m_double.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void addNhnWithAWrongPasswordSavesNothing()
    {
        const auto r =
            cli({QStringLiteral("cloud"), QStringLiteral("add"), QStringLiteral("nhn"), QStringLiteral("--region"), QStringLiteral("KR1"),
                 QStringLiteral("--tenant"), m_double.tenantId(), QStringLiteral("--user"), m_double.username(), QStringLiteral("--name"),
                 QStringLiteral("nhn"), QStringLiteral("--auth-url"), m_double.identityV2Url()},
                "not-the-password\n");
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains(QStringLiteral("API password")), qPrintable(r.err));
        const auto list = cli({QStringLiteral("cloud"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.status, 0);
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 0);
    }

    void addNhnWithThePasswordOnStdin()
    {
        const auto r = cli({QStringLiteral("cloud"), QStringLiteral("add"), QStringLiteral("nhn"), QStringLiteral("--region"),
                            QStringLiteral("kr1"), QStringLiteral("--tenant"), m_double.tenantId(), QStringLiteral("--user"),
                            m_double.username(), QStringLiteral("--name"), QStringLiteral("nhn"), QStringLiteral("--auth-url"),
                            m_double.identityV2Url(), QStringLiteral("--ssh-port"), QString::number(m_double.sshPort())},
                           m_double.password().toUtf8() + "\n");
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("nhn"));
        QVERIFY2(r.err.contains(QStringLiteral("kernel keyring")), qPrintable(r.err));
        // A second account of the same name is refused.
        const auto again =
            cli({QStringLiteral("cloud"), QStringLiteral("add"), QStringLiteral("nhn"), QStringLiteral("--region"), QStringLiteral("KR1"),
                 QStringLiteral("--tenant"), m_double.tenantId(), QStringLiteral("--user"), m_double.username(), QStringLiteral("--name"),
                 QStringLiteral("nhn"), QStringLiteral("--auth-url"), m_double.identityV2Url(), QStringLiteral("--no-check")},
                "x\n");
        QCOMPARE(again.status, 4);
    }

    // Issue 15: a password is sent only to the sign-in details it was entered for. When the
    // shared row changes (here: the region, as a colleague's client would write it), the CLI
    // sends nothing and names the change; `cloud password NAME` shows the details as they
    // are now and binds the password again.
    void passwordRebindsAChangedAccount()
    {
        const auto added =
            cli({QStringLiteral("cloud"), QStringLiteral("add"), QStringLiteral("nhn"), QStringLiteral("--region"), QStringLiteral("KR1"),
                 QStringLiteral("--tenant"), m_double.tenantId(), QStringLiteral("--user"), m_double.username(), QStringLiteral("--name"),
                 QStringLiteral("nhn-moved"), QStringLiteral("--auth-url"), m_double.identityV2Url(), QStringLiteral("--no-check")},
                m_double.password().toUtf8() + "\n");
        QVERIFY2(added.status == 0, qPrintable(added.err));
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("colleague"));
            db.setDatabaseName(m_db);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE cloud_accounts SET region = 'KR2' WHERE name = 'nhn-moved'")));
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("colleague"));
        const auto refused = cli({QStringLiteral("cloud"), QStringLiteral("check"), QStringLiteral("nhn-moved")});
        QVERIFY(refused.status != 0);
        const QString said = refused.out + refused.err;
        QVERIFY2(said.contains(QStringLiteral("not sent")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("cloud password nhn-moved")), qPrintable(said));

        const auto empty = cli({QStringLiteral("cloud"), QStringLiteral("password"), QStringLiteral("nhn-moved")}, "\n");
        QCOMPARE(empty.status, 2);
        const auto rebound =
            cli({QStringLiteral("cloud"), QStringLiteral("password"), QStringLiteral("nhn-moved")}, m_double.password().toUtf8() + "\n");
        QVERIFY2(rebound.status == 0, qPrintable(rebound.err));
        QVERIFY2(rebound.err.contains(QStringLiteral("region KR2")), qPrintable(rebound.err));
        // Sent now: the double's catalog has no KR2, which is what the check then says.
        const auto sent = cli({QStringLiteral("cloud"), QStringLiteral("check"), QStringLiteral("nhn-moved")});
        const QString saidNow = sent.out + sent.err;
        QVERIFY2(!saidNow.contains(QStringLiteral("not sent")), qPrintable(saidNow));
        QCOMPARE(cli({QStringLiteral("cloud"), QStringLiteral("remove"), QStringLiteral("nhn-moved")}).status, 0);
        QCOMPARE(cli({QStringLiteral("cloud"), QStringLiteral("password"), QStringLiteral("nhn-moved")}, "x\n").status, 3);
    }

    void addOpenStackFromCloudsYaml()
    {
        QFile yaml(m_dir.filePath(QStringLiteral("clouds.yaml")));  // ./clouds.yaml: the CLI runs in m_dir
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(QStringLiteral("clouds:\n"
                                  "  other:\n"
                                  "    auth:\n"
                                  "      auth_url: http://192.0.2.1:5000/v3\n"
                                  "  double:\n"
                                  "    auth:\n"
                                  "      auth_url: %1\n"
                                  "      username: \"%2\"\n"
                                  "      project_name: %3\n"
                                  "      user_domain_name: Default\n"
                                  "      project_domain_name: Default\n"
                                  "    region_name: %4\n"
                                  "    interface: public\n"
                                  "    identity_api_version: 3\n")
                       .arg(m_double.identityV3Url(), m_double.username(), m_double.tenantName(), m_double.region())
                       .toUtf8());
        yaml.close();
        const auto missing = cli({QStringLiteral("cloud"), QStringLiteral("add"), QStringLiteral("openstack"),
                                  QStringLiteral("--from-clouds-yaml"), QStringLiteral("nowhere")});
        QCOMPARE(missing.status, 3);
        QVERIFY2(missing.err.contains(QStringLiteral("double")) && missing.err.contains(QStringLiteral("other")), qPrintable(missing.err));
        const auto r =
            cli({QStringLiteral("cloud"), QStringLiteral("add"), QStringLiteral("openstack"), QStringLiteral("--from-clouds-yaml"),
                 QStringLiteral("double"), QStringLiteral("--ssh-port"), QString::number(m_double.sshPort())},
                m_double.password().toUtf8() + "\n");
        QVERIFY2(r.status == 0, qPrintable(r.err));
        const auto list = cli({QStringLiteral("cloud"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.status, 0);
        const auto accounts = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(accounts.size(), 2);
        const auto os = accounts.at(0).toObject();  // sorted by name: double, nhn
        QCOMPARE(os.value(QStringLiteral("name")).toString(), QStringLiteral("double"));
        QCOMPARE(os.value(QStringLiteral("kind")).toString(), QStringLiteral("openstack"));
        QCOMPARE(os.value(QStringLiteral("identityVersion")).toString(), QStringLiteral("3"));
        QCOMPARE(os.value(QStringLiteral("projectName")).toString(), m_double.tenantName());
        const auto nhn = accounts.at(1).toObject();
        QCOMPARE(nhn.value(QStringLiteral("region")).toString(), QStringLiteral("KR1"));
        QCOMPARE(nhn.value(QStringLiteral("sshPort")).toInt(), int(m_double.sshPort()));
        const auto table = cli({QStringLiteral("cloud"), QStringLiteral("list")});
        QVERIFY2(table.out.contains(QStringLiteral("nhn")) && table.out.contains(QStringLiteral("openstack")), qPrintable(table.out));
    }

    void baseImagesOfACloud()
    {
        const auto r = cli({QStringLiteral("base-image"), QStringLiteral("list"), QStringLiteral("--provider"), QStringLiteral("double"),
                            QStringLiteral("--json")});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        for (const auto &v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
            const auto o = v.toObject();
            if (o.value(QStringLiteral("os")).toString() == QLatin1String("debian:12"))
                m_baseImageId = o.value(QStringLiteral("id")).toString();
        }
        QVERIFY2(m_baseImageId.size() == 36, qPrintable(r.out));
        const auto unknown =
            cli({QStringLiteral("base-image"), QStringLiteral("list"), QStringLiteral("--provider"), QStringLiteral("nope")});
        QCOMPARE(unknown.status, 3);
    }

    void buildOnACloud()
    {
        QFile script(m_dir.filePath(QStringLiteral("setup.sh")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh -e\necho cli-marker > \"$HOME/cli-marker.txt\"\n");
        script.close();
        const auto t = cli({QStringLiteral("template"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("cli cloud"),
                            QStringLiteral("--os"), QStringLiteral("debian:12"), QStringLiteral("--script"), script.fileName()});
        QVERIFY2(t.status == 0, qPrintable(t.err));
        m_templateId = t.out.trimmed();
        QElapsedTimer timer;
        timer.start();
        const auto r = cli({QStringLiteral("build"), QStringLiteral("start"), QStringLiteral("--template"), QStringLiteral("cli cloud"),
                            QStringLiteral("--image-name"), QStringLiteral("cli image"), QStringLiteral("--base-image"), m_baseImageId,
                            QStringLiteral("--provider"), QStringLiteral("nhn"), QStringLiteral("--follow")},
                           {}, 240000);
        QVERIFY2(r.status == 0, qPrintable(r.err + r.out));
        qInfo("CLI build on a chroot target: %lld ms", timer.elapsed());
        const auto images = cli({QStringLiteral("image"), QStringLiteral("list"), QStringLiteral("--provider"), QStringLiteral("nhn"),
                                 QStringLiteral("--template"), QStringLiteral("cli cloud"), QStringLiteral("--json")});
        QVERIFY2(images.status == 0, qPrintable(images.err));
        const auto list = QJsonDocument::fromJson(images.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("cli image"));
        QCOMPARE(list.first().toObject().value(QStringLiteral("templateId")).toString(), m_templateId);
        QCOMPARE(left().value(QStringLiteral("count_without_images")).toInt(), 0);
    }

    // A build whose process is killed is cleaned up by the next start of the CLI, which
    // signs in with the account named in the build record and the keyring's password.
    void killedBuildIsSweptAtTheNextStart()
    {
        // The template changes after the last build (issue 15): `build start` says what
        // changed since this computer built it, with the scripts' line diff, before it starts.
        QFile script(m_dir.filePath(QStringLiteral("setup2.sh")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh -e\necho cli-marker-2 > \"$HOME/cli-marker.txt\"\n");
        script.close();
        const auto updated = cli({QStringLiteral("template"), QStringLiteral("update"), QStringLiteral("cli cloud"),
                                  QStringLiteral("--script"), script.fileName()});
        QVERIFY2(updated.status == 0, qPrintable(updated.err));
        QCOMPARE(m_double.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("image_saving_hang")}}), QString());
        const auto r = cli({QStringLiteral("build"), QStringLiteral("start"), QStringLiteral("--template"), QStringLiteral("cli cloud"),
                            QStringLiteral("--image-name"), QStringLiteral("killed"), QStringLiteral("--base-image"), m_baseImageId,
                            QStringLiteral("--provider"), QStringLiteral("nhn")});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("changed since this computer last built it (revision 1 -> 2")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("- echo cli-marker > \"$HOME/cli-marker.txt\"")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("+ echo cli-marker-2 > \"$HOME/cli-marker.txt\"")), qPrintable(r.err));
        const QString id = r.out.trimmed();
        qint64 pid = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 120000) {
            const auto show = cli({QStringLiteral("build"), QStringLiteral("show"), id, QStringLiteral("--json")});
            const auto b = QJsonDocument::fromJson(show.out.toUtf8()).object();
            const auto resources = b.value(QStringLiteral("resources")).toArray();
            const bool imageMade = std::any_of(resources.begin(), resources.end(), [](const QJsonValue &v) {
                return v.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("image") &&
                       v.toObject().value(QStringLiteral("state")).toString() == QLatin1String("created");
            });
            if (imageMade) {
                pid = static_cast<qint64>(b.value(QStringLiteral("ownerPid")).toDouble());
                break;
            }
            QTest::qWait(300);
        }
        QVERIFY2(pid > 0, "the build did not reach the image upload");
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGKILL) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(static_cast<pid_t>(pid), 0) != 0, 10000);
        QVERIFY(left().value(QStringLiteral("count")).toInt() > 1);  // server, volume, ... and both images
        QCOMPARE(m_double.clearFaults(), QString());

        const auto next = cli({QStringLiteral("build"), QStringLiteral("list")}, {}, 180000);
        QVERIFY2(next.status == 0, qPrintable(next.err));
        QVERIFY2(next.err.contains(QStringLiteral("Cleaned up 1 build")), qPrintable(next.err));
        const auto show = cli({QStringLiteral("build"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("state")).toString(),
                 QStringLiteral("interrupted"));
        const auto now = left();
        QVERIFY2(now.value(QStringLiteral("count_without_images")).toInt() == 0, QJsonDocument(now).toJson().constData());
        QCOMPARE(now.value(QStringLiteral("images")).toArray().size(), 1);  // the first test's, not the killed one's
    }

    // After whole builds, neither the password nor any token the double issued is in any
    // file the CLI wrote: the database, settings, logs, build folders.
    void secretsAreInNoFile()
    {
        QSet<QByteArray> secrets{m_double.password().toUtf8()};
        for (const auto &r : m_double.requests()) {
            const auto token = r.toObject().value(QStringLiteral("token")).toString();
            if (!token.isEmpty())
                secrets.insert(token.toUtf8());
        }
        QVERIFY2(secrets.size() >= 3, "the builds used tokens");
        int files = 0;
        bool sawTemplate = false;  // the search reads what the CLI wrote: it would see a secret
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const auto path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const auto content = f.readAll();
            ++files;
            sawTemplate = sawTemplate || (path.endsWith(QStringLiteral(".sqlite")) && content.contains("cli cloud"));
            for (const auto &secret : secrets)
                QVERIFY2(!content.contains(secret), qPrintable(QStringLiteral("%1 holds a secret").arg(path)));
        }
        QVERIFY(sawTemplate);
        QVERIFY2(files >= 4, qPrintable(QString::number(files)));
        // The build logs and the CLI's log file are among them.
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("data/builds"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
    }

    // image delete of a cloud image removes it from Glance, then from the store.
    void imageDeleteRemovesTheCloudImage()
    {
        const auto images = cli({QStringLiteral("image"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(images.status, 0);
        const auto list = QJsonDocument::fromJson(images.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().toObject().value(QStringLiteral("provider")).toString(), QStringLiteral("nhn"));
        const auto r =
            cli({QStringLiteral("image"), QStringLiteral("delete"), list.first().toObject().value(QStringLiteral("id")).toString()});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(left().value(QStringLiteral("count")).toInt(), 0);
    }

    void cleanupTestCase()
    {
        if (!m_db.isEmpty()) {
            cli({QStringLiteral("cloud"), QStringLiteral("remove"), QStringLiteral("nhn")});
            cli({QStringLiteral("cloud"), QStringLiteral("remove"), QStringLiteral("double")});
        }
        m_double.stop();
    }
};

QTEST_GUILESS_MAIN(TestCloudCli)
#include "tst_cloudcli.moc"
