// TLS to a PostgreSQL team store (issue 15): the URL's options reach libpq, a server on
// another host is verified (verify-full, the system's CA bundle when the user names none),
// an explicit sslmode wins, and a TLS refusal says what to change.
#include "storage/PgConnectOptions.h"
#include "storage/Store.h"

#include "PostgresFixture.h"

#include <QTest>
#include <QUrl>

using namespace ib;

class TestPgTls final : public QObject
{
    Q_OBJECT

    test::PostgresFixture m_pg;
    bool m_running = false;

private slots:
    void initTestCase()
    {
        const auto error = m_pg.start();
        m_running = error.isEmpty();
        if (!m_running)
            qWarning("no throwaway PostgreSQL (%s): only the option rules are tested", qPrintable(error));
    }

    void options_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("has");
        QTest::addColumn<QStringList>("hasNot");
        const QString bundle = QStringLiteral("sslrootcert=") + pg::systemCaBundle();
        QTest::newRow("remote host: verify-full with the system bundle")
            << "postgresql://ib@db.example.com:5432/team" << QStringList{QStringLiteral("sslmode=verify-full"), bundle} << QStringList{};
        QTest::newRow("explicit sslmode wins") << "postgresql://ib@db.example.com/team?sslmode=require"
                                               << QStringList{QStringLiteral("sslmode=require")}
                                               << QStringList{QStringLiteral("sslmode=verify-full"), bundle};
        QTest::newRow("own CA") << "postgresql://ib@db.example.com/team?sslrootcert=/etc/ib/ca.pem"
                                << QStringList{QStringLiteral("sslmode=verify-full"), QStringLiteral("sslrootcert=/etc/ib/ca.pem")}
                                << QStringList{bundle};
        QTest::newRow("loopback keeps libpq's default")
            << "postgresql://ib@127.0.0.1:5432/team" << QStringList{QStringLiteral("connect_timeout=10")}
            << QStringList{QStringLiteral("sslmode=verify-full")};
        QTest::newRow("localhost keeps libpq's default")
            << "postgresql://ib@localhost/team" << QStringList{} << QStringList{QStringLiteral("sslmode=verify-full")};
        QTest::newRow("pass-through") << "postgresql://ib@127.0.0.1/team?connect_timeout=3&target_session_attrs=read-write"
                                      << QStringList{QStringLiteral("connect_timeout=3"), QStringLiteral("target_session_attrs=read-write")}
                                      << QStringList{QStringLiteral("connect_timeout=10")};
    }

    void options()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, has);
        QFETCH(QStringList, hasNot);
        if (qEnvironmentVariableIsSet("PGSSLROOTCERT"))
            QSKIP("PGSSLROOTCERT is set here");
        auto options = pg::connectOptions(QUrl(url));
        QVERIFY(options);
        const QStringList parts = options->split(QLatin1Char(';'));
        for (const auto &h : has)
            QVERIFY2(parts.contains(h), qPrintable(options.value()));
        for (const auto &h : hasNot)
            QVERIFY2(!parts.contains(h), qPrintable(options.value()));
    }

    void badOptionsAreRefused()
    {
        for (const auto *url :
             {"postgresql://ib@db.example.com/team?options=-c%20search_path=evil",
              "postgresql://ib@db.example.com/team?sslrootcert=a;sslmode=disable", "postgresql://ib@db.example.com/team?sslmode="}) {
            auto options = pg::connectOptions(QUrl(QLatin1String(url)));
            QVERIFY2(!options, url);
            QVERIFY(options.error().message.contains(QLatin1String("URL's option")));
        }
        auto opened = Store::open(QStringLiteral("postgresql://ib@127.0.0.1:1/team?bogus=1"));
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.contains(QLatin1String("bogus")), qPrintable(opened.error().message));
    }

    void serverWithoutTls()
    {
        if (!m_running)
            QSKIP("no throwaway PostgreSQL");
        const QString url = m_pg.createDatabase();
        QVERIFY(!url.isEmpty());
        QVERIFY(Store::open(url));  // 127.0.0.1: libpq's default
        auto refused = Store::open(url + QStringLiteral("?sslmode=require"));
        QVERIFY(!refused);
        const QString message = refused.error().message;
        QVERIFY2(message.contains(QLatin1String("sslmode=require")) && message.contains(QLatin1String("ssl = on")), qPrintable(message));
        QVERIFY(Store::open(url + QStringLiteral("?sslmode=disable")));
        QCOMPARE(pg::describeTls(QUrl(url + QStringLiteral("?sslmode=disable"))), QStringLiteral("TLS: sslmode=disable (from the URL)"));
    }
};

QTEST_GUILESS_MAIN(TestPgTls)
#include "tst_pgtls.moc"
