#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>

namespace ib::ssh {

// Cuts a byte stream into lines for logs: "\n" and "\r\n" end a line; a lone "\r" starts
// the line over (a progress bar keeps only its last state); invalid UTF-8 becomes U+FFFD;
// a line longer than maxLineBytes is delivered in pieces so one huge line cannot eat memory.
class SshLineSplitter final
{
public:
    using LineHandler = std::function<void(const QString &line)>;

    explicit SshLineSplitter(LineHandler handler, qsizetype maxLineBytes = qsizetype{64} * 1024);

    void feed(QByteArrayView data);
    // Delivers a last line that had no line break.
    void finish();

private:
    void emitLine();

    LineHandler m_handler;
    qsizetype m_maxLineBytes;
    QByteArray m_line;
    bool m_pendingCarriageReturn = false;
};

}  // namespace ib::ssh
