// libFuzzer target: a build VM's output (untrusted) through the SSH line splitter. The
// first byte picks the longest line and how the stream is cut into reads; the lines must
// not depend on how the bytes arrived, and none may hold a line break or outgrow the limit.
#include "ssh/SshLineSplitter.h"

#include <QStringList>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype maxLineBytes = 4 + (data[0] % 64);
    const qsizetype step = 1 + (data[0] / 64) * 7;  // 1, 8, 15 or 22 bytes a read
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));

    QStringList whole;
    ib::ssh::SshLineSplitter wholeSplitter([&whole](const QString &line) { whole << line; }, maxLineBytes);
    wholeSplitter.feed(stream);
    wholeSplitter.finish();

    QStringList pieces;
    ib::ssh::SshLineSplitter pieceSplitter([&pieces](const QString &line) { pieces << line; }, maxLineBytes);
    for (qsizetype at = 0; at < stream.size(); at += step)
        pieceSplitter.feed(stream.sliced(at, std::min(step, stream.size() - at)));
    pieceSplitter.finish();

    if (whole != pieces)
        __builtin_trap();
    for (const QString &line : whole) {
        if (line.contains(QLatin1Char('\n')))
            __builtin_trap();
        // A U+FFFD stands for at most one invalid byte and takes three in UTF-8.
        if (line.toUtf8().size() > 3 * maxLineBytes)
            __builtin_trap();
    }
    return 0;
}
