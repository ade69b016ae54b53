// Secrets bound to where they were given (issue 15): a cloud password is sent only to the
// sign-in details it was entered for. A second client of the team store rewrites the
// account's row (another auth URL, user, project or region; or removes and re-adds it
// under the same name): the victim's password() gives nothing and says what changed, and
// a sign-in server of the attacker's choosing receives no connection.
#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudAccountStore.h"
#include "providers/openstack/OpenStackProvider.h"
#include "secrets/MemorySecretStore.h"
#include "storage/Store.h"

#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::openstack;

class TestSecretBinding final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_n = 0;

    static CloudAccount account(const QString &authUrl = QStringLiteral("https://identity.cloud.example/v3"))
    {
        CloudAccount a;
        a.name = QStringLiteral("team-cloud");
        a.kind = CloudKind::OpenStack;
        a.authUrl = authUrl;
        a.identityVersion = QStringLiteral("3");
        a.region = QStringLiteral("RegionOne");
        a.tenantId = QStringLiteral("p-1234");
        a.userName = QStringLiteral("victim");
        return a;
    }

    std::unique_ptr<Store> open(const QString &path)
    {
        auto s = Store::open(path);
        return s ? std::move(s).value() : nullptr;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void rowChangesAreRefused_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("auth URL") << "auth_url"
                                  << "https://attacker.example/v3"
                                  << "auth URL";
        QTest::newRow("loopback auth URL") << "auth_url"
                                           << "http://127.0.0.1:1/v3"
                                           << "auth URL";
        QTest::newRow("identity version") << "identity_version"
                                          << "2.0"
                                          << "identity version";
        QTest::newRow("user") << "user_name"
                              << "someone-else"
                              << "user";
        QTest::newRow("tenant") << "tenant_id"
                                << "p-attacker"
                                << "project/tenant id";
        QTest::newRow("region") << "region"
                                << "RegionTwo"
                                << "region";
    }

    void rowChangesAreRefused()
    {
        QFETCH(QString, column);
        QFETCH(QString, value);
        QFETCH(QString, named);
        const QString path = m_dir.filePath(QStringLiteral("team-%1.sqlite").arg(++m_n));
        auto victimStore = open(path);
        auto attackerStore = open(path);
        QVERIFY(victimStore && attackerStore);
        MemorySecretStore keychain;
        CloudAccountStore victim(*victimStore, &keychain);
        QVERIFY(victim.add(account(), QStringLiteral("victims-password")));
        QCOMPARE(victim.password(*victim.find(QStringLiteral("team-cloud"))).value(), QStringLiteral("victims-password"));

        QSqlQuery q(attackerStore->database());
        QVERIFY(q.exec(QStringLiteral("UPDATE cloud_accounts SET %1 = '%2'").arg(column, value)));
        auto changed = victim.find(QStringLiteral("team-cloud"));
        QVERIFY(changed);
        auto refused = victim.password(*changed);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        const QString message = refused.error().message;
        QVERIFY2(message.contains(named) && message.contains(value) && message.contains(QLatin1String("not sent")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("victims-password")), qPrintable(message));

        // The user confirms the new details with the password: accepted from then on.
        QVERIFY(victim.rebind(*changed, QStringLiteral("victims-password")));
        QCOMPARE(victim.password(*changed).value(), QStringLiteral("victims-password"));
    }

    // Removed and re-added under the victim's account name by another member (with their
    // own keychain): the victim's keychain entry still holds the old binding.
    void readdedAccountSendsNothing()
    {
        QTcpServer signIn;
        QVERIFY(signIn.listen(QHostAddress::LocalHost, 0));
        const QString path = m_dir.filePath(QStringLiteral("team-readd.sqlite"));
        auto victimStore = open(path);
        auto attackerStore = open(path);
        MemorySecretStore victimKeychain, attackerKeychain;
        CloudAccountStore victim(*victimStore, &victimKeychain);
        CloudAccountStore attacker(*attackerStore, &attackerKeychain);
        QVERIFY(victim.add(account(), QStringLiteral("victims-password")));
        QSqlQuery q(attackerStore->database());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM cloud_accounts")));  // a row delete, leaving the victim's keychain as it is
        QVERIFY(attacker.add(account(QStringLiteral("http://127.0.0.1:%1/v3").arg(signIn.serverPort())), QStringLiteral("x")));

        auto planted = victim.find(QStringLiteral("team-cloud"));
        QVERIFY(planted);
        auto password = victim.password(*planted);
        QVERIFY(!password);
        OpenStackProvider provider(*planted, password, &ApplicationCatalog::builtin());
        auto listed = provider.listBaseImages();
        QVERIFY(!listed);
        QVERIFY2(listed.error().message.contains(QLatin1String("not sent")), qPrintable(listed.error().message));
        QTest::qWait(200);
        QVERIFY(!signIn.hasPendingConnections());
    }

    void httpIsRefusedUnlessLoopbackOrOptedIn()
    {
        auto store = open(m_dir.filePath(QStringLiteral("http.sqlite")));
        MemorySecretStore keychain;
        CloudAccountStore accounts(*store, &keychain);
        auto refused = accounts.add(account(QStringLiteral("http://identity.cloud.example/v3")), QStringLiteral("pw"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("https://")), qPrintable(refused.error().message));
        QVERIFY(CloudAccountStore::insecureAuthUrlProblem(QStringLiteral("http://127.0.0.1:5000/v3")).isEmpty());
        QVERIFY(CloudAccountStore::insecureAuthUrlProblem(QStringLiteral("http://[::1]:5000/v3")).isEmpty());
        QVERIFY(!CloudAccountStore::insecureAuthUrlProblem(QStringLiteral("http://127.0.0.1.attacker.example/v3")).isEmpty());
        qputenv("IMAGEBUILDER_ALLOW_HTTP_AUTH", "1");
        QVERIFY(accounts.add(account(QStringLiteral("http://identity.cloud.example/v3")), QStringLiteral("pw")));
        qunsetenv("IMAGEBUILDER_ALLOW_HTTP_AUTH");
        // Once the opt-in is gone, the password is not sent there any more.
        auto later = accounts.password(*accounts.find(QStringLiteral("team-cloud")));
        QVERIFY(!later);
    }

    void legacyEntryIsNotSent()
    {
        auto store = open(m_dir.filePath(QStringLiteral("legacy.sqlite")));
        MemorySecretStore keychain;
        CloudAccountStore accounts(*store, &keychain);
        QVERIFY(accounts.add(account(), QStringLiteral("pw")));
        QVERIFY(keychain.write(account().secretKey(), QStringLiteral("plain-old-password")));
        auto read = accounts.password(account());
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(QLatin1String("nothing was sent")), qPrintable(read.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSecretBinding)
#include "tst_secretbinding.moc"
