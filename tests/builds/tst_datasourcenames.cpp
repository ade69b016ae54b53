#include "builds/DatasourceNames.h"

#include <QTest>

using namespace ib;

class TestDatasourceNames : public QObject
{
    Q_OBJECT

private slots:
    void keepsValidNamesInOrder()
    {
        QCOMPARE(datasourceNames(QStringLiteral("NoCloud\nConfigDrive\nOpenStack\nNone\n")),
                 (QStringList{QStringLiteral("NoCloud"), QStringLiteral("ConfigDrive"), QStringLiteral("OpenStack"), QStringLiteral("None")}));
    }

    void readsAPrintedList()
    {
        QCOMPARE(datasourceNames(QStringLiteral("['NoCloud', 'Ec2', 'NoCloud']")),
                 (QStringList{QStringLiteral("NoCloud"), QStringLiteral("Ec2")}));
    }

    void dropsWhatIsNotAName()
    {
        const QString hostile = QStringLiteral("1abc\n\x1b[31mRed\nNo-Cloud\n%1\nÄrger\nOpenStack;rm\nGood\n").arg(QString(33, QLatin1Char('A')));
        QCOMPARE(datasourceNames(hostile), QStringList{QStringLiteral("Good")});
    }

    void keepsAtMost32()
    {
        QStringList many;
        for (int i = 0; i < 100; ++i)
            many.append(QStringLiteral("Ds%1").arg(i));
        const auto names = datasourceNames(many.join(QLatin1Char('\n')));
        QCOMPARE(names.size(), 32);
        QCOMPARE(names.first(), QStringLiteral("Ds0"));
        QCOMPARE(names.last(), QStringLiteral("Ds31"));
    }

    void emptyOutputHasNoNames() { QVERIFY(datasourceNames(QString()).isEmpty()); }
};

QTEST_GUILESS_MAIN(TestDatasourceNames)
#include "tst_datasourcenames.moc"
