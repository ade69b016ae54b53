#pragma once

#include "QemuImageInfo.h"
#include "platform/Platform.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace ib::local {

// The qemu-img steps of a local build: an overlay on the base image for the VM to write
// to, and the capture of the finished disk as a new, stand-alone, compressed qcow2.
// Blocking: run it on the build's worker thread.
class QemuImage final
{
public:
    explicit QemuImage(QString qemuImgProgram);

    Result<QemuImageInfo> info(const QString &path) const;
    static Result<QemuImageInfo> parseInfo(const QByteArray &json);

    // A qcow2 overlay at overlayPath whose backing file is basePath (absolute, with its
    // format named so QEMU never guesses), as big as the base or minimumBytes, whichever
    // is larger. The base is never written to; cloud-init's growpart uses the extra space.
    Result<QemuImageInfo> createOverlay(const QString &basePath, const QString &overlayPath, qint64 minimumBytes) const;

    // Copies the disk with its whole backing chain into targetPath as one compressed qcow2
    // (zstd where qemu-img can, else zlib). Writes targetPath.partial, then renames it, so
    // a stopped capture leaves no half image behind.
    Result<QemuImageInfo> captureCompressed(const QString &sourcePath, const QString &targetPath, int timeoutMs = 60 * 60 * 1000) const;

    // A stand-alone copy for a cloud (publish): uncompressed qcow2 or raw, whatever the
    // source's compression (a cloud's older QEMU cannot read zstd clusters). The source's
    // format is named; qemu-img runs under the untrusted-image limits (with CPU time for a
    // large disk). Writes targetPath.partial, then renames it. `cancelled` is polled;
    // `percent` (optional) receives qemu-img's own progress (-p), 0 to 100.
    Result<QemuImageInfo> convertForUpload(const QString &sourcePath, const QString &sourceFormat, const QString &targetPath,
                                           const QString &targetFormat, const std::function<bool()> &cancelled,
                                           const std::function<void(double)> &percent = {}) const;

    // An image file nobody vouches for (an import). Its format comes from its first bytes,
    // and only qcow2 and raw are accepted; a qcow2 header naming a backing file or an
    // external data file, or marked corrupt, is refused before qemu-img opens the file.
    // Then qemu-img info and (qcow2) check run with the format named and under CPU and
    // memory limits (QEMU's security notes for untrusted images). Refused too: a virtual
    // size over maxVirtualBytes and a qcow2 that check finds corrupt (truncated).
    Result<QemuImageInfo> inspectUntrusted(const QString &path, qint64 maxVirtualBytes = MaxImportVirtualBytes) const;
    static constexpr qint64 MaxImportVirtualBytes = 2LL * 1024 * 1024 * 1024 * 1024;  // 2 TiB
    // The limits every qemu-img run on an untrusted image gets (info, check, convert).
    static platform::ChildOptions untrustedLimits(qint64 cpuSeconds);

    // Whether qcow2 compression_type=zstd works (QEMU 5.1+ built with zstd); probed once.
    bool supportsZstd() const;

    QString program() const { return m_program; }

private:
    QString m_program;
    mutable std::optional<bool> m_zstd;
};

}  // namespace ib::local
