// The image test's early end: what a VM's console shows when its boot has stopped.
#include "builds/BootConsole.h"

#include <QTest>

using namespace ib;
using namespace std::chrono_literals;

class TestBootConsole : public QObject
{
    Q_OBJECT

private slots:
    void stoppedBoots_data()
    {
        QTest::addColumn<QString>("console");
        QTest::addColumn<QString>("meaning");
        // As each part prints it on a serial console (the lines around are a real boot's).
        QTest::newRow("firmware") << QStringLiteral(
                                         "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\nBooting from Hard Disk...\r\n"
                                         "Boot failed: not a bootable disk\r\n\r\nNo bootable device.  Retrying in 60 seconds.\r\n")
                                  << QStringLiteral("the firmware found no bootable disk");
        QTest::newRow("grub") << QStringLiteral(
                                     "Booting from Hard Disk...\r\nerror: unknown filesystem.\r\nEntering rescue mode...\r\ngrub rescue> ")
                              << QStringLiteral("GRUB cannot find its files");
        QTest::newRow("kernel") << QStringLiteral(
                                       "[    2.401227] VFS: Cannot open root device \"vda1\" or unknown-block(0,0): error -6\r\n"
                                       "[    2.403118] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\r\n")
                                << QStringLiteral("the kernel panicked");
        QTest::newRow("initramfs") << QStringLiteral("Gave up waiting for root file system device.  Common problems:\r\n"
                                                     "ALERT!  UUID=0d6c... does not exist.  Dropping to a shell!\r\n(initramfs) ")
                                   << QStringLiteral("the initramfs cannot mount the root file system");
        QTest::newRow("emergency") << QStringLiteral(
                                          "[FAILED] Failed to mount /data.\r\nYou are in emergency mode. After logging in, type "
                                          "\"journalctl -xb\" to view\r\nCannot open access to console, the root account is locked.\r\n")
                                   << QStringLiteral("systemd stopped in emergency mode");
    }

    void stoppedBoots()
    {
        QFETCH(QString, console);
        QFETCH(QString, meaning);
        const auto sign = stoppedBootSign(console);
        QVERIFY(sign);
        QVERIFY2(sign->startsWith(meaning), qPrintable(*sign));
        BootWatch watch;
        QVERIFY(watch.verdict(console, 1s).startsWith(QStringLiteral("The boot stopped: ") + meaning));
    }

    void aBootUnderWayIsNoSign()
    {
        const QString console = QStringLiteral(
            "[    0.000000] Linux version 6.1.0-28-cloud-amd64\r\n"
            "[  OK  ] Started ssh.service - OpenBSD Secure Shell server.\r\n"
            "[   12.1] cloud-init[512]: Cloud-init v. 22.4.2 running 'modules:config' at Sat, 05 Dec 2026 10:00:00 +0000.\r\n"
            "Debian GNU/Linux 12 debian ttyS0\r\n\r\ndebian login: ");
        QVERIFY(!stoppedBootSign(console));
        QVERIFY(!bootFinished(console));
        BootWatch watch(30s);
        QCOMPARE(watch.verdict(console, 10s), QString());
        QCOMPARE(watch.verdict(console, 500s), QString());
    }

    // A finished boot (cloud-init's final message) that SSH still refuses: sshd masked.
    void aFinishedBootGetsItsGrace()
    {
        const QString console =
            QStringLiteral("[   40.2] cloud-init[601]: Cloud-init v. 22.4.2 finished at Sat, 05 Dec 2026 10:00:40 +0000. "
                           "Datasource DataSourceNoCloud [seed=/dev/vdb][dsmode=net].  Up 40.18 seconds\r\n");
        QVERIFY(bootFinished(console));
        QVERIFY(!bootFinished(QStringLiteral("Cloud-init v. 22.4.2 running 'modules:final'\r\nall finished at last\r\n")));
        BootWatch watch(30s);
        QCOMPARE(watch.verdict(QStringLiteral("booting\n"), 20s), QString());
        QCOMPARE(watch.verdict(console, 42s), QString());  // first seen here
        QCOMPARE(watch.verdict(console, 71s), QString());
        const QString said = watch.verdict(console, 72s);
        QVERIFY2(said.startsWith(QStringLiteral("The image finished its first boot")), qPrintable(said));
        QVERIFY(said.contains(QStringLiteral("for 30 s")));
    }

    // The console is the VM's: a line that only looks alike, or hostile bytes, decide nothing.
    void hostileConsoleIsOnlySearched()
    {
        QString noise;
        for (int i = 0; i < 2000; ++i)
            noise += QStringLiteral("\x1b[31m%1 Cloud-init v. \x1b]0;x\x07 rescue mode\r\n").arg(i);
        QVERIFY(!stoppedBootSign(noise));
        QVERIFY(!bootFinished(noise));
    }
};

QTEST_GUILESS_MAIN(TestBootConsole)
#include "tst_bootconsole.moc"
