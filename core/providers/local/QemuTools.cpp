#include "QemuTools.h"

#include "ProcessRun.h"
#include "logging/Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

namespace ib::local {

namespace {

constexpr int kProbeTimeoutMs = 15000;

Result<QString> locate(const QString &configured, const QString &name)
{
    const QemuTools::HostOs os = QemuTools::currentOs();
    if (!configured.isEmpty()) {
        const QFileInfo info(configured);
        if (info.isFile() && info.isExecutable()) {
            return info.absoluteFilePath();
        }
        return makeError(ErrorKind::NotFound, QStringLiteral("The configured %1 \"%2\" is not an executable file; fix the path in the "
                                                             "settings or clear it to use the one on PATH.")
                                                  .arg(QemuTools::executableName(os, name), configured));
    }
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty()) {
        found = QemuTools::findIn(os, QemuTools::installFolders(os, QProcessEnvironment::systemEnvironment()), name);
    }
    if (found.isEmpty()) {
        return makeError(ErrorKind::NotFound, QemuTools::notFoundMessage(os, name));
    }
    return found;
}

}  // namespace

QemuTools::QemuTools(QString system, QString img, QVersionNumber version, QStringList accelerators, QString firmware)
    : m_system(std::move(system))
    , m_img(std::move(img))
    , m_version(std::move(version))
    , m_accelerators(std::move(accelerators))
    , m_firmware(std::move(firmware))
{}

QString QemuTools::systemProgramName(const QString &architecture)
{
    return architecture == QLatin1String("aarch64") ? QStringLiteral("qemu-system-aarch64") : QStringLiteral("qemu-system-x86_64");
}

QString QemuTools::siblingSystemProgram(const QString &configuredSystem, const QString &architecture)
{
    if (configuredSystem.isEmpty() || architecture != QLatin1String("aarch64"))
        return configuredSystem;
    // Windows' separators too: the check runs on every system.
    const QString path = QString(configuredSystem).replace(QLatin1Char('\\'), QLatin1Char('/'));
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    const bool exe = path.endsWith(QLatin1String(".exe"), Qt::CaseInsensitive);
    const QString name = systemProgramName(architecture) + (exe ? QStringLiteral(".exe") : QString());
    return slash < 0 ? name : path.left(slash + 1) + name;
}

QStringList QemuTools::aarch64FirmwareCandidates(HostOs os, const QString &systemProgram, const QString &root)
{
    QStringList candidates;
    if (!systemProgram.isEmpty()) {
        const QDir bin = QFileInfo(QDir::fromNativeSeparators(systemProgram)).dir();
        if (os == HostOs::Windows)
            candidates << bin.filePath(QStringLiteral("share/edk2-aarch64-code.fd"));
        candidates << QDir::cleanPath(bin.filePath(QStringLiteral("../share/qemu/edk2-aarch64-code.fd")));
    }
    if (os != HostOs::Windows) {
        for (const char *file :
             {"/usr/share/AAVMF/AAVMF_CODE.fd", "/usr/share/qemu/edk2-aarch64-code.fd", "/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw"})
            candidates << root + QLatin1String(file);
    }
    candidates.removeDuplicates();
    return candidates;
}

QemuTools::HostOs QemuTools::currentOs()
{
#if defined(Q_OS_WIN)
    return HostOs::Windows;
#elif defined(Q_OS_MACOS)
    return HostOs::MacOs;
#else
    return HostOs::Linux;
#endif
}

QStringList QemuTools::installFolders(HostOs os, const QProcessEnvironment &environment, const QString &root)
{
    QStringList folders;
    const auto under = [&environment](const char *variable, const QString &tail) {
        const QString base = environment.value(QLatin1String(variable));
        return base.isEmpty() ? QString() : QDir::fromNativeSeparators(base) + QLatin1Char('/') + tail;
    };
    switch (os) {
    case HostOs::Windows: {
        folders << under("ProgramFiles", QStringLiteral("qemu")) << under("ProgramW6432", QStringLiteral("qemu"));
        if (folders.join(QString()).isEmpty())
            folders << QStringLiteral("C:/Program Files/qemu");
        folders << under("USERPROFILE", QStringLiteral("scoop/apps/qemu/current"))
                << under("SystemDrive", QStringLiteral("msys64/ucrt64/bin")) << under("SystemDrive", QStringLiteral("msys64/mingw64/bin"));
        break;
    }
    case HostOs::MacOs:
        for (const char *folder : {"/opt/homebrew/bin", "/usr/local/bin", "/opt/local/bin"})
            folders << root + QLatin1String(folder);
        break;
    case HostOs::Linux:
        for (const char *folder : {"/usr/bin", "/usr/local/bin"})
            folders << root + QLatin1String(folder);
        break;
    }
    folders.removeAll(QString());
    folders.removeDuplicates();
    return folders;
}

QString QemuTools::executableName(HostOs os, const QString &program)
{
    return os == HostOs::Windows && !program.endsWith(QLatin1String(".exe"), Qt::CaseInsensitive) ? program + QStringLiteral(".exe")
                                                                                                  : program;
}

QString QemuTools::findIn(HostOs os, const QStringList &folders, const QString &program)
{
    const QString file = executableName(os, program);
    for (const QString &folder : folders) {
        const QFileInfo info(QDir(folder).filePath(file));
        // Windows has no execute bit; a file of that name is the program.
        if (info.isFile() && (os == HostOs::Windows || info.isExecutable()))
            return info.absoluteFilePath();
    }
    return {};
}

QString QemuTools::notFoundMessage(HostOs os, const QString &program)
{
    switch (os) {
    case HostOs::Windows:
        return QStringLiteral("%1 was found neither on PATH nor in Program Files\\qemu, Scoop or MSYS2. Install QEMU for Windows "
                              "(the installer qemu.org links to, https://qemu.weilnetz.de/w64/, or `winget install "
                              "SoftwareFreedomConservancy.QEMU`) and restart Image Builder, or set the path of %1 in Settings.")
            .arg(executableName(os, program));
    case HostOs::MacOs:
        return QStringLiteral("%1 was found neither on PATH nor in /opt/homebrew/bin, /usr/local/bin or /opt/local/bin. Install QEMU "
                              "(`brew install qemu`, or `sudo port install qemu` with MacPorts) and restart Image Builder, or set "
                              "the path of %1 in Settings.")
            .arg(program);
    case HostOs::Linux:
        break;
    }
    return QStringLiteral("%1 was not found on PATH. Install QEMU (Debian/Ubuntu: apt-get install qemu-system-x86 qemu-utils; "
                          "Fedora/Rocky: dnf install qemu-kvm qemu-img) or set its path in the settings.")
        .arg(program);
}

QVersionNumber QemuTools::minimumVersion()
{
    return QVersionNumber(5, 1);
}

QVersionNumber QemuTools::parseVersion(const QString &versionOutput)
{
    static const QRegularExpression re(QStringLiteral(R"(version\s+(\d+)\.(\d+)(?:\.(\d+))?)"));
    const QRegularExpressionMatch m = re.match(versionOutput);
    if (!m.hasMatch()) {
        return {};
    }
    const int micro = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
    return QVersionNumber(m.captured(1).toInt(), m.captured(2).toInt(), micro);
}

QStringList QemuTools::parseAcceleratorList(const QString &helpOutput)
{
    // "Accelerators supported in QEMU binary:\ntcg\nkvm\n"
    QStringList names;
    const QStringList lines = helpOutput.split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.contains(QLatin1Char(' ')) || line.endsWith(QLatin1Char(':'))) {
            continue;
        }
        names << line;
    }
    return names;
}

Result<QemuTools> QemuTools::find(const QString &configuredSystem, const QString &configuredImg, const QString &architecture)
{
    auto system = locate(siblingSystemProgram(configuredSystem, architecture), systemProgramName(architecture));
    if (!system) {
        return system.error();
    }
    QString firmware;
    if (architecture == QLatin1String("aarch64")) {
        const QStringList candidates = aarch64FirmwareCandidates(currentOs(), *system);
        const auto it = std::find_if(candidates.cbegin(), candidates.cend(), [](const QString &f) { return QFileInfo(f).isFile(); });
        if (it == candidates.cend())
            return makeError(ErrorKind::NotFound,
                             QStringLiteral("No UEFI firmware for arm64 guests was found (looked for %1). It comes with QEMU from "
                                            "Homebrew or MacPorts; on Debian install qemu-efi-aarch64.")
                                 .arg(QDir::toNativeSeparators(candidates.join(QStringLiteral(", ")))));
        firmware = *it;
    }
    auto img = locate(configuredImg, QStringLiteral("qemu-img"));
    if (!img) {
        return img.error();
    }

    auto versionRun = runProcess(*system, {QStringLiteral("--version")}, kProbeTimeoutMs);
    if (!versionRun) {
        return versionRun.error();
    }
    const QVersionNumber version = parseVersion(QString::fromLocal8Bit(versionRun->standardOutput));
    if (version.isNull()) {
        return makeError(ErrorKind::Unsupported, QStringLiteral("%1 --version did not print a QEMU version; is it QEMU?").arg(*system));
    }
    if (version < minimumVersion()) {
        return makeError(ErrorKind::Unsupported, QStringLiteral("QEMU %1 is too old (%2); Image Builder needs QEMU %3 or newer.")
                                                     .arg(version.toString(), *system, minimumVersion().toString()));
    }

    QStringList accelerators;
    auto accelRun = runProcess(*system, {QStringLiteral("-accel"), QStringLiteral("help")}, kProbeTimeoutMs);
    if (accelRun && accelRun->exitCode == 0) {
        accelerators = parseAcceleratorList(QString::fromLocal8Bit(accelRun->standardOutput));
    }

    ib::logging::get("build")->info("QEMU {} at {} (qemu-img {}), accelerators: {}", version.toString().toStdString(),
                                    system->toStdString(), img->toStdString(), accelerators.join(QStringLiteral(", ")).toStdString());
    return QemuTools(*system, *img, version, accelerators, firmware);
}

}  // namespace ib::local
