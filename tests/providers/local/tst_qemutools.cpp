#include "providers/local/QemuTools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
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

    // The header and one name a line, as QEMU's -accel help prints them: Debian 12's QEMU
    // 7.2 (captured here), a Windows build (CRLF line ends from the C runtime's text mode;
    // QEMU 7 for Windows still had HAX) and Homebrew's on macOS.
    void parseAcceleratorsOfEachPlatform_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("debian 12") << QStringLiteral("Accelerators supported in QEMU binary:\ntcg\nkvm\n")
                                   << QStringList{QStringLiteral("tcg"), QStringLiteral("kvm")};
        QTest::newRow("windows 8.x") << QStringLiteral("Accelerators supported in QEMU binary:\r\ntcg\r\nwhpx\r\n")
                                     << QStringList{QStringLiteral("tcg"), QStringLiteral("whpx")};
        QTest::newRow("windows 7.x") << QStringLiteral("Accelerators supported in QEMU binary:\r\ntcg\r\nhax\r\nwhpx\r\n")
                                     << QStringList{QStringLiteral("tcg"), QStringLiteral("hax"), QStringLiteral("whpx")};
        QTest::newRow("homebrew") << QStringLiteral("Accelerators supported in QEMU binary:\ntcg\nhvf\n")
                                  << QStringList{QStringLiteral("tcg"), QStringLiteral("hvf")};
    }

    void parseAcceleratorsOfEachPlatform()
    {
        QFETCH(QString, output);
        QFETCH(QStringList, expected);
        QCOMPARE(QemuTools::parseAcceleratorList(output), expected);
    }

    static void makeProgram(const QString &path)
    {
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\n");
        file.close();
        QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
    }

    // Windows' layouts, built under a temporary folder standing for C:\ (with a Korean user
    // profile and spaces): Program Files from the installer, else Scoop.
    void windowsInstallLayouts()
    {
        QTemporaryDir drive;
        QVERIFY(drive.isValid());
        QProcessEnvironment env;
        env.insert(QStringLiteral("ProgramFiles"), drive.filePath(QStringLiteral("Program Files")));
        env.insert(QStringLiteral("USERPROFILE"), drive.filePath(QStringLiteral("Users/\uae40\ucca0\uc218 (work)")));
        env.insert(QStringLiteral("SystemDrive"), drive.path());
        using Os = QemuTools::HostOs;
        const QStringList folders = QemuTools::installFolders(Os::Windows, env);
        QCOMPARE(folders.first(), drive.filePath(QStringLiteral("Program Files/qemu")));
        QVERIFY(QemuTools::findIn(Os::Windows, folders, QStringLiteral("qemu-system-x86_64")).isEmpty());

        const QString scoop = drive.filePath(QStringLiteral("Users/\uae40\ucca0\uc218 (work)/scoop/apps/qemu/current/qemu-img.exe"));
        makeProgram(scoop);
        QCOMPARE(QemuTools::findIn(Os::Windows, folders, QStringLiteral("qemu-img")), scoop);
        const QString installer = drive.filePath(QStringLiteral("Program Files/qemu/qemu-img.exe"));
        makeProgram(installer);
        QCOMPARE(QemuTools::findIn(Os::Windows, folders, QStringLiteral("qemu-img")), installer);  // the installer's wins

        const QString msys = drive.filePath(QStringLiteral("msys64/ucrt64/bin/qemu-system-x86_64.exe"));
        makeProgram(msys);
        QCOMPARE(QemuTools::findIn(Os::Windows, folders, QStringLiteral("qemu-system-x86_64")), msys);
        QCOMPARE(QemuTools::executableName(Os::Windows, QStringLiteral("qemu-img")), QStringLiteral("qemu-img.exe"));

        // Without the environment (a service account), the installer's default folder.
        QVERIFY(QemuTools::installFolders(Os::Windows, QProcessEnvironment()).contains(QStringLiteral("C:/Program Files/qemu")));
        const QString message = QemuTools::notFoundMessage(Os::Windows, QStringLiteral("qemu-system-x86_64"));
        QVERIFY(message.contains(QStringLiteral("qemu-system-x86_64.exe")));
        QVERIFY(message.contains(QStringLiteral("https://qemu.weilnetz.de/w64/")));
        QVERIFY(message.contains(QStringLiteral("Settings")));
    }

    // macOS: Homebrew on Apple Silicon (/opt/homebrew), on Intel (/usr/local), MacPorts
    // (/opt/local); the Finder gives a program none of them on PATH.
    void macosInstallLayouts_data()
    {
        QTest::addColumn<QString>("installedIn");
        QTest::newRow("homebrew apple silicon") << QStringLiteral("/opt/homebrew/bin");
        QTest::newRow("homebrew intel") << QStringLiteral("/usr/local/bin");
        QTest::newRow("macports") << QStringLiteral("/opt/local/bin");
    }

    void macosInstallLayouts()
    {
        QFETCH(QString, installedIn);
        QTemporaryDir root;
        QVERIFY(root.isValid());
        using Os = QemuTools::HostOs;
        const QStringList folders = QemuTools::installFolders(Os::MacOs, QProcessEnvironment(), root.path());
        QCOMPARE(folders.size(), 3);
        const QString program = root.path() + installedIn + QStringLiteral("/qemu-system-x86_64");
        makeProgram(program);
        QCOMPARE(QemuTools::findIn(Os::MacOs, folders, QStringLiteral("qemu-system-x86_64")), program);
        // A file that is not executable is not QEMU.
        QVERIFY(QFile::setPermissions(program, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(QemuTools::findIn(Os::MacOs, folders, QStringLiteral("qemu-system-x86_64")).isEmpty());
        QVERIFY(QemuTools::notFoundMessage(Os::MacOs, QStringLiteral("qemu-img")).contains(QStringLiteral("brew install qemu")));
    }

    // Issue 20: an arm64 guest's emulator is the configured x86-64 one's sibling, and its
    // UEFI firmware is found beside that install first (Homebrew's share/qemu), then in
    // Debian's and Fedora's packages.
    void arm64EmulatorAndFirmware()
    {
        QCOMPARE(QemuTools::systemProgramName(QStringLiteral("aarch64")), QStringLiteral("qemu-system-aarch64"));
        QCOMPARE(QemuTools::siblingSystemProgram(QStringLiteral("/opt/homebrew/bin/qemu-system-x86_64"), QStringLiteral("aarch64")),
                 QStringLiteral("/opt/homebrew/bin/qemu-system-aarch64"));
        QCOMPARE(
            QemuTools::siblingSystemProgram(QStringLiteral("C:\\Program Files\\qemu\\qemu-system-x86_64.exe"), QStringLiteral("aarch64")),
            QStringLiteral("C:/Program Files/qemu/qemu-system-aarch64.exe"));
        QCOMPARE(QemuTools::siblingSystemProgram(QStringLiteral("/usr/bin/qemu-system-x86_64"), QStringLiteral("x86_64")),
                 QStringLiteral("/usr/bin/qemu-system-x86_64"));
        QVERIFY(QemuTools::siblingSystemProgram(QString(), QStringLiteral("aarch64")).isEmpty());

        using Os = QemuTools::HostOs;
        const QStringList mac = QemuTools::aarch64FirmwareCandidates(Os::MacOs, QStringLiteral("/opt/homebrew/bin/qemu-system-aarch64"));
        QCOMPARE(mac.first(), QStringLiteral("/opt/homebrew/share/qemu/edk2-aarch64-code.fd"));
        QVERIFY(mac.contains(QStringLiteral("/usr/share/AAVMF/AAVMF_CODE.fd")));
        const QStringList win =
            QemuTools::aarch64FirmwareCandidates(Os::Windows, QStringLiteral("C:/Program Files/qemu/qemu-system-aarch64.exe"));
        QCOMPARE(win.first(), QStringLiteral("C:/Program Files/qemu/share/edk2-aarch64-code.fd"));
        QVERIFY(!win.join(QLatin1Char(' ')).contains(QStringLiteral("/usr/share")));

        // Found: the emulator in a MacPorts layout under a temporary root, its firmware beside it.
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString program = root.path() + QStringLiteral("/opt/local/bin/qemu-system-aarch64");
        makeProgram(program);
        const QString firmware = root.path() + QStringLiteral("/opt/local/share/qemu/edk2-aarch64-code.fd");
        QVERIFY(QDir().mkpath(QFileInfo(firmware).absolutePath()));
        QFile fd(firmware);
        QVERIFY(fd.open(QIODevice::WriteOnly));
        fd.close();
        const QStringList found = QemuTools::aarch64FirmwareCandidates(Os::MacOs, program, root.path());
        QCOMPARE(found.first(), firmware);
        QCOMPARE(QemuTools::findIn(Os::MacOs, QemuTools::installFolders(Os::MacOs, QProcessEnvironment(), root.path()),
                                   QemuTools::systemProgramName(QStringLiteral("aarch64"))),
                 program);
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
#include "tst_qemutools.moc"
