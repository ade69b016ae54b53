// The C++ fixture of the OpenStack double: start, control API, stop (API-only targets).
#include "OpenStackDouble.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using ib::test::OpenStackDouble;

class TestOpenStackDouble final : public QObject
{
    Q_OBJECT

private slots:
    void startsControlsAndStops()
    {
        OpenStackDouble::Options options;
        options.targets = OpenStackDouble::Targets::None;
        OpenStackDouble fixture(options);
        const QString error = fixture.start(60000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(fixture.url().startsWith(QStringLiteral("http://127.0.0.1:")));
        QVERIFY(fixture.sshPort() > 0);
        QCOMPARE(fixture.region(), QStringLiteral("KR1"));
        QVERIFY(!fixture.password().isEmpty());

        QString e;
        const QJsonObject resources = fixture.resources(&e);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        QCOMPARE(resources.value(QStringLiteral("count")).toInt(-1), 0);

        QVERIFY(fixture.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("server_error")}}).isEmpty());
        QVERIFY(!fixture.armFault(QJsonObject{{QStringLiteral("fault"), QStringLiteral("no_such_fault")}}).isEmpty());
        QVERIFY(fixture.clearFaults().isEmpty());
        QVERIFY(fixture.expireTokens().isEmpty());
        QVERIFY(fixture.requests(0, &e).isEmpty());
        QVERIFY2(e.isEmpty(), qPrintable(e));

        const QString workdir = fixture.workdir();
        QVERIFY(QDir(workdir).exists());
        fixture.stop();
        QVERIFY(!fixture.isRunning());
        QVERIFY(!QDir(workdir).exists());
    }
};

QTEST_GUILESS_MAIN(TestOpenStackDouble)
#include "tst_openstackdouble.moc"
