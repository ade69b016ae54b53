#include "providers/local/QemuTools.h"

#include <QStandardPaths>
#include <QTest>

using ib::local::QemuTools;

class QemuToolsTest final : public QObject
{
    Q_OBJECT

private slots:
    void parseVersion_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("expected");
        QTest::newRow("debian 12") << QStringLiteral("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"
                                                     "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n")
                                   << QStringLiteral("7.2.22");
        QTest::newRow("qemu-img") << QStringLiteral("qemu-img version 8.2.0\n") << QStringLiteral("8.2.0");
        QTest::newRow("two parts") << QStringLiteral("QEMU emulator version 9.1") << QStringLiteral("9.1.0");
        QTest::newRow("not qemu") << QStringLiteral("bash: command not found") << QString();
    }

    void parseVersion()
    {
        QFETCH(QString, output);
        QFETCH(QString, expected);
        const QVersionNumber v = QemuTools::parseVersion(output);
        QCOMPARE(v.isNull() ? QString() : v.toString(), expected);
    }

    void parseAccelerators()
    {
        QCOMPARE(QemuTools::parseAcceleratorList(QStringLiteral("Accelerators supported in QEMU binary:\ntcg\nkvm\n")),
                 (QStringList{QStringLiteral("tcg"), QStringLiteral("kvm")}));
    }

    void badConfiguredPath()
    {
        auto tools = QemuTools::find(QStringLiteral("/nonexistent/qemu-system-x86_64"));
        QVERIFY(!tools);
        QCOMPARE(tools.error().kind, ib::ErrorKind::NotFound);
        QVERIFY(tools.error().message.contains(QStringLiteral("/nonexistent/qemu-system-x86_64")));
    }

    void findOnPath()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64")).isEmpty()) {
            QSKIP("QEMU is not installed here");
        }
        auto tools = QemuTools::find();
        QVERIFY2(tools.ok(), tools ? "" : qPrintable(tools.error().message));
        QVERIFY(tools->version() >= QemuTools::minimumVersion());
        QVERIFY(tools->imgProgram().endsWith(QStringLiteral("qemu-img")));
        QVERIFY(tools->accelerators().contains(QStringLiteral("tcg")));
    }
};

QTEST_GUILESS_MAIN(QemuToolsTest)
#include "QemuToolsTest.moc"
