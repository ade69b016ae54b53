#pragma once

#include <QString>
#include <QtGlobal>

namespace ib::local {

// What "qemu-img info --output=json" says about one image file.
struct QemuImageInfo
{
    QString path;
    QString format;          // qcow2, raw, vmdk, ...
    qint64 virtualSize = 0;  // bytes the guest sees
    qint64 actualSize = 0;   // bytes on the host disk
    QString backingFile;     // empty without a backing file
    QString backingFormat;
    QString compressionType;  // qcow2 only: zlib or zstd
    qint64 clusterSize = 0;
    bool dirty = false;
};

}  // namespace ib::local
