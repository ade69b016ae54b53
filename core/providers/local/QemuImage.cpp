#include "QemuImage.h"

#include "ProcessRun.h"
#include "logging/Logging.h"
#include "platform/Platform.h"
#include "platform/Process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtEndian>

#include <algorithm>

namespace ib::local {

namespace {

constexpr int kQuickTimeoutMs = 60 * 1000;

Result<QByteArray> runImg(const QString &program, const QStringList &arguments, int timeoutMs, const QString &what)
{
    auto run = runProcess(program, arguments, timeoutMs);
    if (!run) {
        return run.error();
    }
    if (run->exitCode != 0) {
        return makeError(ErrorKind::Io, QStringLiteral("qemu-img could not %1: %2").arg(what, processMessage(*run)));
    }
    return run->standardOutput;
}

constexpr qint64 kUntrustedMemoryBytes = 1024LL * 1024 * 1024;  // QEMU's docs: prlimit --as=1G
constexpr int kUntrustedCpuSeconds = 30;

// Runs qemu-img on an untrusted image under limits; its standard output, or an error.
Result<ProcessOutput> runLimited(const QString &program, const QStringList &arguments, int cpuSeconds, int timeoutMs)
{
    platform::ProcessSpec spec;
    spec.program = program;
    spec.arguments = arguments;
    spec.child = QemuImage::untrustedLimits(cpuSeconds);
    spec.timeoutMs = timeoutMs;
    const auto run = platform::runProcess(spec);
    if (run.outcome == platform::ProcessResult::Outcome::NotStarted)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot run %1: %2").arg(program, run.errorString));
    if (run.outcome == platform::ProcessResult::Outcome::TimedOut)
        return makeError(ErrorKind::Io, QStringLiteral("qemu-img took more than %1 s on the image and was stopped.").arg(timeoutMs / 1000));
    ProcessOutput out;
    out.standardOutput = run.standardOutput;
    out.standardError = run.standardError;
    out.exitCode = run.outcome == platform::ProcessResult::Outcome::Finished ? run.exitCode : -1;
    return out;
}

// The format the first bytes of an image name. qcow2 and raw are the only ones imported;
// the others are named so that the refusal can say what the file is.
QString formatFromHeader(const QByteArray &head)
{
    if (head.startsWith("QFI\xfb"))
        return QStringLiteral("qcow2");
    if (head.startsWith("KDMV") || head.startsWith("COWD") || head.contains("# Disk DescriptorFile"))
        return QStringLiteral("vmdk");
    if (head.startsWith("conectix"))
        return QStringLiteral("vpc (VHD)");
    if (head.startsWith("vhdxfile"))
        return QStringLiteral("vhdx");
    if (head.startsWith(QByteArray("QED\0", 4)))
        return QStringLiteral("qed");
    if (head.startsWith("LUKS\xba\xbe"))
        return QStringLiteral("luks");
    if (head.contains("<<< Oracle VM VirtualBox Disk Image >>>") || head.contains("<<< Sun VirtualBox Disk Image >>>"))
        return QStringLiteral("vdi");
    if (head.startsWith("Bochs Virtual HD Image"))
        return QStringLiteral("bochs");
    if (head.startsWith("WithoutFreeSpace") || head.startsWith("WithouFreSpacExt"))
        return QStringLiteral("parallels");
    if (head.startsWith("#!/bin/sh\n#V2.0 Format"))
        return QStringLiteral("cloop");
    return QStringLiteral("raw");
}

// What a qcow2 header says before qemu-img reads the rest: no backing file, no external
// data file, not marked corrupt (qcow2 specification, docs/interop/qcow2.txt).
QString qcow2HeaderProblem(const QByteArray &head, const QString &file)
{
    if (head.size() < 72)
        return QStringLiteral("%1 has a qcow2 signature but its header is cut short.").arg(file);
    const auto be32 = [&head](int at) { return qFromBigEndian<quint32>(head.constData() + at); };
    const auto be64 = [&head](int at) { return qFromBigEndian<quint64>(head.constData() + at); };
    const quint32 version = be32(4);
    if (version != 2 && version != 3)
        return QStringLiteral("%1 has a qcow2 signature but an unknown version (%2); it is not a qcow2 image.").arg(file).arg(version);
    if (be64(8) != 0 || be32(16) != 0)
        return QStringLiteral("%1 names a backing file: importing it would copy another file of this machine into the base image. "
                              "Import a stand-alone image (qemu-img convert -O qcow2 it on the machine it came from).")
            .arg(file);
    if (version == 3) {
        if (head.size() < 104)
            return QStringLiteral("%1 has a qcow2 version 3 signature but its header is cut short.").arg(file);
        const quint64 incompatible = be64(72);
        if (incompatible & (1ULL << 2))
            return QStringLiteral("%1 keeps its data in an external data file, which would copy another file of this machine into the "
                                  "base image. Import a stand-alone qcow2 or raw image.")
                .arg(file);
        if (incompatible & (1ULL << 1))
            return QStringLiteral("%1 is marked corrupt by QEMU; repair it (qemu-img check -r all) or import another copy.").arg(file);
    }
    return {};
}

}  // namespace

platform::ChildOptions QemuImage::untrustedLimits(qint64 cpuSeconds)
{
    platform::ChildOptions options;
    options.limits.cpuSeconds = cpuSeconds;
    options.limits.addressSpaceBytes = kUntrustedMemoryBytes * 2;  // convert's buffers too
    options.dieWithParent = true;
    return options;
}

Result<QemuImageInfo> QemuImage::inspectUntrusted(const QString &path, qint64 maxVirtualBytes) const
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::NotFound, QStringLiteral("%1 does not exist or is not a readable file.").arg(path));
    const QByteArray head = file.read(4096);
    file.close();
    if (head.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 is empty; it holds no disk image.").arg(path));
    const QString format = formatFromHeader(head);
    if (format != QLatin1String("qcow2") && format != QLatin1String("raw"))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 is a %2 image; only qcow2 and raw images are imported (convert it with qemu-img convert -O "
                                        "qcow2 on a machine where its other files belong).")
                             .arg(path, format));
    if (format == QLatin1String("qcow2"))
        if (const auto problem = qcow2HeaderProblem(head, path); !problem.isEmpty())
            return makeError(ErrorKind::Invalid, problem);
    auto out = runLimited(m_program, {QStringLiteral("info"), QStringLiteral("-f"), format, QStringLiteral("--output=json"), path},
                          kUntrustedCpuSeconds, kQuickTimeoutMs);
    if (!out)
        return out.error();
    if (out->exitCode != 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 is not a valid %2 image: %3").arg(path, format, processMessage(*out)));
    auto info = parseInfo(out->standardOutput);
    if (!info)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: %2").arg(path, info.error().message));
    if (!info->backingFile.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 names a backing file (%2); import a stand-alone image.").arg(path, info->backingFile));
    const auto data = QJsonDocument::fromJson(out->standardOutput)
                          .object()
                          .value(QStringLiteral("format-specific"))
                          .toObject()
                          .value(QStringLiteral("data"))
                          .toObject();
    if (data.contains(QStringLiteral("data-file")))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 keeps its data in an external data file; import a stand-alone image.").arg(path));
    if (info->virtualSize > maxVirtualBytes)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 declares a disk of %2 GiB; base images over %3 GiB are refused (a real "
                                                            "system disk is far smaller).")
                                                 .arg(path)
                                                 .arg(info->virtualSize / (1024LL * 1024 * 1024))
                                                 .arg(maxVirtualBytes / (1024LL * 1024 * 1024)));
    if (format == QLatin1String("qcow2")) {
        auto check = runLimited(m_program, {QStringLiteral("check"), QStringLiteral("-f"), format, QStringLiteral("--output=json"), path},
                                kUntrustedCpuSeconds * 4, 4 * kQuickTimeoutMs);
        if (!check)
            return check.error();
        // 0: clean; 3: only leaked clusters (harmless); 2: corrupt; 1: check failed.
        if (check->exitCode != 0 && check->exitCode != 3) {
            const auto report = QJsonDocument::fromJson(check->standardOutput).object();
            return makeError(ErrorKind::Invalid, QStringLiteral("%1 is damaged (qemu-img check found %2 corruption(s)%3); it may be cut "
                                                                "short. Copy it again or repair it with qemu-img check -r all.")
                                                     .arg(path)
                                                     .arg(report.value(QStringLiteral("corruptions")).toInt())
                                                     .arg(check->exitCode == 1 ? QStringLiteral(", or could not check it") : QString()));
        }
    }
    return info;
}

QemuImage::QemuImage(QString qemuImgProgram)
    : m_program(std::move(qemuImgProgram))
{}

Result<QemuImageInfo> QemuImage::parseInfo(const QByteArray &json)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        return makeError(ErrorKind::Io, QStringLiteral("qemu-img info printed no JSON object (%1).").arg(parseError.errorString()));
    }
    const QJsonObject o = doc.object();
    QemuImageInfo info;
    info.path = o.value(QStringLiteral("filename")).toString();
    info.format = o.value(QStringLiteral("format")).toString();
    info.virtualSize = o.value(QStringLiteral("virtual-size")).toInteger();
    info.actualSize = o.value(QStringLiteral("actual-size")).toInteger();
    info.clusterSize = o.value(QStringLiteral("cluster-size")).toInteger();
    info.dirty = o.value(QStringLiteral("dirty-flag")).toBool();
    // qemu-img 7 names the backing file the way it was written; newer ones add the full path.
    info.backingFile = o.value(QStringLiteral("full-backing-filename")).toString();
    if (info.backingFile.isEmpty()) {
        info.backingFile = o.value(QStringLiteral("backing-filename")).toString();
    }
    info.backingFormat = o.value(QStringLiteral("backing-filename-format")).toString();
    const QJsonObject specific = o.value(QStringLiteral("format-specific")).toObject();
    if (specific.value(QStringLiteral("type")).toString() == QLatin1String("qcow2")) {
        info.compressionType = specific.value(QStringLiteral("data")).toObject().value(QStringLiteral("compression-type")).toString();
    }
    if (info.format.isEmpty() || info.virtualSize <= 0) {
        return makeError(ErrorKind::Io, QStringLiteral("qemu-img info gave no format or size."));
    }
    return info;
}

Result<QemuImageInfo> QemuImage::info(const QString &path) const
{
    if (!QFileInfo::exists(path)) {
        return makeError(ErrorKind::NotFound, QStringLiteral("The image %1 does not exist.").arg(path));
    }
    // -U: an image a running VM holds open can still be read.
    auto out = runImg(m_program, {QStringLiteral("info"), QStringLiteral("--output=json"), QStringLiteral("-U"), path}, kQuickTimeoutMs,
                      QStringLiteral("read %1").arg(path));
    if (!out) {
        return out.error();
    }
    return parseInfo(*out);
}

Result<QemuImageInfo> QemuImage::createOverlay(const QString &basePath, const QString &overlayPath, qint64 minimumBytes) const
{
    auto base = info(basePath);
    if (!base) {
        return base.error();
    }
    const QString absoluteBase = QFileInfo(basePath).absoluteFilePath();
    const qint64 size = std::max(base->virtualSize, minimumBytes);
    auto out = runImg(m_program,
                      // 4 KiB clusters, the guest file system's block: a discarded block reads
                      // as zeros (see QemuCommand's discard_granularity).
                      {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"), QStringLiteral("-o"),
                       QStringLiteral("cluster_size=4096"), QStringLiteral("-F"), base->format, QStringLiteral("-b"), absoluteBase,
                       overlayPath, QString::number(size)},
                      kQuickTimeoutMs, QStringLiteral("create the overlay %1").arg(overlayPath));
    if (!out) {
        return out.error();
    }
    ib::logging::get("build")->info("overlay {} on {} ({}), {} bytes", overlayPath.toStdString(), absoluteBase.toStdString(),
                                    base->format.toStdString(), size);
    return info(overlayPath);
}

bool QemuImage::supportsZstd() const
{
    if (!m_zstd.has_value()) {
        QTemporaryDir dir;
        bool works = false;
        if (dir.isValid()) {
            auto run = runProcess(m_program,
                                  {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                                   QStringLiteral("-o"), QStringLiteral("compression_type=zstd"),
                                   dir.filePath(QStringLiteral("probe.qcow2")), QStringLiteral("1M")},
                                  kQuickTimeoutMs);
            works = run && run->exitCode == 0;
        }
        m_zstd = works;
    }
    return *m_zstd;
}

Result<QemuImageInfo> QemuImage::captureCompressed(const QString &sourcePath, const QString &targetPath, int timeoutMs) const
{
    auto source = info(sourcePath);
    if (!source) {
        return source.error();
    }
    const QString partial = targetPath + QStringLiteral(".partial");
    QFile::remove(partial);
    QStringList args{QStringLiteral("convert"), QStringLiteral("-c"),   QStringLiteral("-f"), source->format,
                     QStringLiteral("-O"),      QStringLiteral("qcow2")};
    const bool zstd = supportsZstd();
    if (zstd) {
        args << QStringLiteral("-o") << QStringLiteral("compression_type=zstd");
    }
    args << sourcePath << partial;
    auto out = runImg(m_program, args, timeoutMs, QStringLiteral("capture %1").arg(sourcePath));
    if (!out) {
        QFile::remove(partial);
        return out.error();
    }
    QFile::remove(targetPath);
    if (!QFile::rename(partial, targetPath)) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, QStringLiteral("Could not move the captured image to %1.").arg(targetPath));
    }
    ib::logging::get("build")->info("captured {} as {} ({} compression)", sourcePath.toStdString(), targetPath.toStdString(),
                                    zstd ? "zstd" : "zlib");
    return info(targetPath);
}

Result<QemuImageInfo> QemuImage::convertForUpload(const QString &sourcePath, const QString &sourceFormat, const QString &targetPath,
                                                  const QString &targetFormat, const std::function<bool()> &cancelled,
                                                  const std::function<void(double)> &percent) const
{
    if (sourceFormat != QLatin1String("qcow2") && sourceFormat != QLatin1String("raw"))
        return makeError(ErrorKind::Invalid, QStringLiteral("Only qcow2 and raw images can be published, not %1.").arg(sourceFormat));
    if (targetFormat != QLatin1String("qcow2") && targetFormat != QLatin1String("raw"))
        return makeError(ErrorKind::Invalid, QStringLiteral("A cloud copy is qcow2 or raw, not %1.").arg(targetFormat));
    const QString partial = targetPath + QStringLiteral(".partial");
    QFile::remove(partial);
    // -p: qemu-img prints "    (12.34/100%)\r" on stdout as it goes, on a pipe as on a terminal.
    static const QRegularExpression progressPattern(QStringLiteral("\\(([0-9]+(?:\\.[0-9]+)?)/100%\\)"));
    QByteArray pending;
    platform::ProcessSpec spec;
    spec.program = m_program;
    spec.arguments = {QStringLiteral("convert"), QStringLiteral("-p"), QStringLiteral("-f"), sourceFormat,
                      QStringLiteral("-O"),      targetFormat,         sourcePath,           partial};
    spec.child = untrustedLimits(4LL * 3600);
    spec.cancelled = cancelled;
    spec.onOutput = [&pending, &percent](const QByteArray &chunk) {
        pending += chunk;
        const auto end = pending.lastIndexOf('\r');
        if (end < 0)
            return;
        const auto text = QString::fromLatin1(pending.left(end));
        pending.remove(0, end + 1);
        auto matches = progressPattern.globalMatch(text);
        double last = -1;
        while (matches.hasNext())
            last = matches.next().captured(1).toDouble();
        if (last >= 0 && percent)
            percent(std::min(last, 100.0));
    };
    const auto run = platform::runProcess(spec);
    if (run.outcome == platform::ProcessResult::Outcome::NotStarted)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot run %1: %2").arg(m_program, run.errorString));
    if (run.outcome == platform::ProcessResult::Outcome::Cancelled) {
        QFile::remove(partial);
        return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while converting the image."));
    }
    if (!run.succeeded()) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, QStringLiteral("qemu-img could not convert %1 to %2: %3")
                                            .arg(sourcePath, targetFormat, QString::fromUtf8(run.standardError).trimmed()));
    }
    QFile::remove(targetPath);
    if (!QFile::rename(partial, targetPath)) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, QStringLiteral("Could not move the converted image to %1.").arg(targetPath));
    }
    return info(targetPath);
}

}  // namespace ib::local
