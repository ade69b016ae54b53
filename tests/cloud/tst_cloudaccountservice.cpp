// CloudAccountService, the one way both front ends add a cloud account (Settings > Clouds
// and `cloud add`), against the API double (API only, no targets): sign in first, then save
// the account and its password together; where it stops, nothing is left half saved.
#include "OpenStackDouble.h"

#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/CloudAccountService.h"
#include "providers/openstack/CloudAccountStore.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"

#include <QHash>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::openstack;
using ib::test::OpenStackDouble;

namespace {

// The passwords in memory: what the service wrote is read back here, no keychain needed.
class MemorySecrets final : public SecretStore
{
public:
    Result<QString> read(const QString &key) override
    {
        if (!m_secrets.contains(key))
            return makeError(ErrorKind::NotFound, QStringLiteral("no secret ") + key);
        return m_secrets.value(key);
    }
    Result<void> write(const QString &key, const QString &secret) override
    {
        m_secrets.insert(key, secret);
        return {};
    }
    Result<void> remove(const QString &key) override
    {
        m_secrets.remove(key);
        return {};
    }
    QString name() const override { return QStringLiteral("memory"); }
    qsizetype count() const { return m_secrets.size(); }

private:
    QHash<QString, QString> m_secrets;
};

}  // namespace

class TestCloudAccountService final : public QObject
{
    Q_OBJECT

private:
    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::None;
        return o;
    }()};
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    MemorySecrets m_secrets;

    CloudAccount account(const QString &name) const
    {
        auto a = CloudAccount::nhn(name, m_double.region(), m_double.tenantId(), m_double.username());
        a.authUrl = m_double.identityV2Url();
        return a;
    }

    int signIns() const
    {
        int count = 0;
        for (const auto &r : m_double.requests())
            count += r.toObject().value(QStringLiteral("path")).toString().contains(QStringLiteral("/tokens")) ? 1 : 0;
        return count;
    }

private slots:
    void initTestCase()
    {
        const auto error = m_double.start(60000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto opened = Store::open(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        m_store = std::move(opened).value();
    }

    void theRightPasswordSignsInThenSaves()
    {
        const int before = signIns();
        CloudAccountService service(*m_store, &m_secrets);
        const auto failed = service.add(account(QStringLiteral("right")), m_double.password());
        QVERIFY2(!failed, failed ? qPrintable(failed->error.message) : "");
        QCOMPARE(signIns(), before + 1);
        CloudAccountStore accounts(*m_store, &m_secrets);
        auto saved = accounts.find(QStringLiteral("right"));
        QVERIFY(saved);
        auto password = accounts.password(saved.value());
        QVERIFY(password);
        QCOMPARE(password.value(), m_double.password());
    }

    void aWrongPasswordStopsAtTheSignInAndSavesNothing()
    {
        const qsizetype secretsBefore = m_secrets.count();
        CloudAccountService service(*m_store, &m_secrets);
        const auto failed = service.add(account(QStringLiteral("wrong")), QStringLiteral("not-the-password"));
        QVERIFY(failed);
        QCOMPARE(failed->step, CloudAccountService::Failure::Step::SignIn);
        QVERIFY2(failed->error.message.contains(QStringLiteral("API password")), qPrintable(failed->error.message));
        QVERIFY(!CloudAccountStore(*m_store, &m_secrets).find(QStringLiteral("wrong")));
        QCOMPARE(m_secrets.count(), secretsBefore);
    }

    // The form was closed while the sign-in ran: nothing is saved.
    void anAbandonedFormSavesNothing()
    {
        CloudAccountService service(*m_store, &m_secrets);
        const auto failed = service.add(account(QStringLiteral("abandoned")), m_double.password(), true, [] { return true; });
        QVERIFY(failed);
        QCOMPARE(failed->step, CloudAccountService::Failure::Step::Save);
        QCOMPARE(failed->error.kind, ErrorKind::Cancelled);
        QVERIFY(!CloudAccountStore(*m_store, &m_secrets).find(QStringLiteral("abandoned")));
    }

    // `cloud add --no-check`: a cloud not reachable from here yet is saved without a sign-in.
    void withoutTheCheckNothingIsAsked()
    {
        const int before = signIns();
        auto unreachable = account(QStringLiteral("later"));
        unreachable.authUrl = QStringLiteral("http://127.0.0.1:9/v2.0");
        CloudAccountService service(*m_store, &m_secrets);
        const auto failed = service.add(unreachable, QStringLiteral("some-password"), false);
        QVERIFY2(!failed, failed ? qPrintable(failed->error.message) : "");
        QCOMPARE(signIns(), before);
        QVERIFY(CloudAccountStore(*m_store, &m_secrets).find(QStringLiteral("later")));
    }

    // A second account of the same name stops at the save; the first keeps its password.
    void aTakenNameStopsAtTheSave()
    {
        CloudAccountService service(*m_store, &m_secrets);
        QVERIFY(!service.add(account(QStringLiteral("twice")), m_double.password()));
        const auto failed = service.add(account(QStringLiteral("twice")), m_double.password());
        QVERIFY(failed);
        QCOMPARE(failed->step, CloudAccountService::Failure::Step::Save);
        CloudAccountStore accounts(*m_store, &m_secrets);
        auto first = accounts.find(QStringLiteral("twice"));
        QVERIFY(first);
        QCOMPARE(accounts.password(first.value()).value(), m_double.password());
    }
};

QTEST_GUILESS_MAIN(TestCloudAccountService)
#include "tst_cloudaccountservice.moc"
