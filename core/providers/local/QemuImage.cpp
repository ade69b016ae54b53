#include "QemuImage.h"

#include "ProcessRun.h"
#include "logging/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

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

}  // namespace

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
                      {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"), QStringLiteral("-F"),
                       base->format, QStringLiteral("-b"), absoluteBase, overlayPath, QString::number(size)},
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

}  // namespace ib::local
