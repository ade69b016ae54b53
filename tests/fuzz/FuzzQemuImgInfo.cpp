// libFuzzer target: what `qemu-img info --output=json` prints, as QemuImage reads it. The
// image being probed is untrusted (an imported base image), and so is what qemu-img says
// of it.
#include "providers/local/QemuImage.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto info = ib::local::QemuImage::parseInfo(bytes);
    if (info && (info->format.isEmpty() || info->virtualSize <= 0))
        __builtin_trap();  // parseInfo promises both
    return 0;
}
