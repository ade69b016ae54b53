#include "ssh/SshLineSplitter.h"

namespace ib::ssh {

SshLineSplitter::SshLineSplitter(LineHandler handler, qsizetype maxLineBytes)
    : m_handler(std::move(handler))
    , m_maxLineBytes(maxLineBytes)
{}

void SshLineSplitter::emitLine()
{
    if (m_handler)
        m_handler(QString::fromUtf8(m_line));
    m_line.clear();
}

void SshLineSplitter::feed(QByteArrayView data)
{
    const char *p = data.data();
    const char *end = p + data.size();
    while (p < end) {
        if (m_pendingCarriageReturn) {
            m_pendingCarriageReturn = false;
            if (*p == '\n') {
                emitLine();
                ++p;
                continue;
            }
            m_line.clear();  // "\r" alone: the terminal would overwrite the line
        }
        // Copy the run up to the next control character in one go.
        const char *run = p;
        while (run < end && *run != '\n' && *run != '\r')
            ++run;
        if (run > p) {
            m_line.append(p, run - p);
            while (m_line.size() > m_maxLineBytes) {
                // Cut at a UTF-8 character boundary, so the pieces decode cleanly.
                qsizetype cut = m_maxLineBytes;
                while (cut > 0 && (static_cast<unsigned char>(m_line.at(cut)) & 0xC0) == 0x80)
                    --cut;
                if (cut == 0)
                    cut = m_maxLineBytes;
                const QByteArray rest = m_line.mid(cut);
                m_line.truncate(cut);
                emitLine();
                m_line = rest;
            }
            p = run;
        }
        if (p == end)
            break;
        if (*p == '\n')
            emitLine();
        else
            m_pendingCarriageReturn = true;
        ++p;
    }
}

void SshLineSplitter::finish()
{
    m_pendingCarriageReturn = false;
    if (!m_line.isEmpty())
        emitLine();
}

}  // namespace ib::ssh
