#include "ssh/SshClientPrivate.h"

#include <fcntl.h>  // O_WRONLY and friends for sftp_open: Windows' C runtime has them too

#include <algorithm>
#include <cstring>
#include <deque>

namespace ib::ssh {

using detail::Clock;
using detail::kPollSlice;
using detail::milliseconds;

namespace {

// SFTP writes kept in flight at once, and their size: the pipelining that makes the
// upload as fast as OpenSSH's (libssh 0.10's sftp_write waits for each reply).
constexpr int kSftpInFlight = 32;
constexpr qsizetype kSftpChunk = 64LL * 1024;

void putU32(QByteArray &buffer, quint32 value)
{
    const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
                           static_cast<char>(value)};
    buffer.append(bytes, 4);
}

quint32 getU32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
}

struct SftpDeleter
{
    void operator()(sftp_session_struct *sftp) const { sftp_free(sftp); }
};

}  // namespace

// Pipelined SSH_FXP_WRITE requests straight on the SFTP channel (libssh 0.10 has no
// asynchronous write); replies are read back here, so libssh's own reader stays in step.
class SshClient::Private::SftpWriter
{
public:
    SftpWriter(Private &d, sftp_session sftp, sftp_file file, const QString &remotePath)
        : m_d(d)
        , m_sftp(sftp)
        , m_channel(sftp->channel)
        , m_handle(static_cast<const char *>(ssh_string_data(file->handle)), static_cast<qsizetype>(ssh_string_len(file->handle)))
        , m_remotePath(remotePath)
    {
        m_packet.reserve(kSftpChunk + 64 + m_handle.size());
    }

    // Writes all that `read` gives, then waits for every reply. Nothing when the server
    // acknowledged every write.
    std::optional<SshError> writeAll(const std::function<qint64(char *, qint64)> &read)
    {
        for (;;) {
            if (m_d.cancelled) {
                m_failure = m_d.cancelledError();
                break;
            }
            while (static_cast<int>(m_inFlight.size()) >= kSftpInFlight)
                if (!readReply())
                    break;
            if (m_failure || sendChunk(read) <= 0)
                break;
        }
        while (!m_failure && !m_inFlight.empty())
            readReply();
        return m_failure;
    }

    // Bytes written (and, when writeAll succeeded, acknowledged).
    quint64 offset() const { return m_offset; }

private:
    // One SSH_FXP_WRITE of the next chunk: its size, 0 at the end of the data, -1 on failure.
    qint64 sendChunk(const std::function<qint64(char *, qint64)> &read)
    {
        m_packet.clear();
        const quint32 id = ++m_sftp->id_counter;
        const qsizetype headerSize = 4 + 1 + 4 + 4 + m_handle.size() + 8 + 4;
        m_packet.resize(headerSize + kSftpChunk);
        const qint64 n = read(m_packet.data() + headerSize, kSftpChunk);
        if (n < 0) {
            m_failure =
                m_d.error(SshErrorKind::SftpFailed, QStringLiteral("Cannot read the local data to upload to %1.").arg(m_remotePath));
            return -1;
        }
        if (n == 0)
            return 0;
        QByteArray header;
        putU32(header, static_cast<quint32>(headerSize - 4 + n));
        header.append(static_cast<char>(SSH_FXP_WRITE));
        putU32(header, id);
        putU32(header, static_cast<quint32>(m_handle.size()));
        header.append(m_handle);
        putU32(header, static_cast<quint32>(m_offset >> 32));
        putU32(header, static_cast<quint32>(m_offset & 0xffffffffu));
        putU32(header, static_cast<quint32>(n));
        std::memcpy(m_packet.data(), header.constData(), static_cast<size_t>(headerSize));
        const qsizetype total = headerSize + n;
        qsizetype written = 0;
        while (written < total) {
            const int w = ssh_channel_write(m_channel, m_packet.constData() + written, static_cast<uint32_t>(total - written));
            if (w <= 0)
                break;
            written += w;
        }
        if (written < total) {
            m_failure = m_d.sftpError(nullptr, QStringLiteral("writing"), m_remotePath);
            return -1;
        }
        m_inFlight.push_back(id);
        m_offset += static_cast<quint64>(n);
        return n;
    }

    bool readExact(char *buffer, qsizetype length)
    {
        qsizetype got = 0;
        const auto deadline = Clock::now() + m_d.s.operationTimeout;
        while (got < length) {
            if (m_d.cancelled) {
                m_failure = m_d.cancelledError();
                return false;
            }
            const int n = ssh_channel_read_timeout(m_channel, buffer + got, static_cast<uint32_t>(length - got), 0,
                                                   static_cast<int>(kPollSlice.count()));
            if (n < 0 || (n == 0 && (ssh_channel_is_eof(m_channel) || !ssh_is_connected(m_d.session)))) {
                m_failure = m_d.sftpError(nullptr, QStringLiteral("writing"), m_remotePath);
                return false;
            }
            if (n == 0 && Clock::now() >= deadline) {
                m_failure = m_d.error(SshErrorKind::TimedOut,
                                      QStringLiteral("%1 stopped answering while writing %2.").arg(m_d.target(), m_remotePath));
                return false;
            }
            got += n;
        }
        return true;
    }

    // One SSH_FXP_STATUS reply to a write in flight.
    bool readReply()
    {
        char header[4];
        if (!readExact(header, 4))
            return false;
        const quint32 length = getU32(header);
        if (length < 9 || length > 256 * 1024) {
            m_failure = m_d.error(SshErrorKind::SftpFailed, QStringLiteral("%1 sent a malformed SFTP reply.").arg(m_d.target()));
            return false;
        }
        QByteArray body(static_cast<qsizetype>(length), Qt::Uninitialized);
        if (!readExact(body.data(), body.size()))
            return false;
        const quint32 id = getU32(body.constData() + 1);
        const auto found = std::find(m_inFlight.begin(), m_inFlight.end(), id);
        if (static_cast<unsigned char>(body.at(0)) != SSH_FXP_STATUS || found == m_inFlight.end()) {
            m_failure = m_d.error(SshErrorKind::SftpFailed, QStringLiteral("%1 sent an unexpected SFTP reply.").arg(m_d.target()));
            return false;
        }
        m_inFlight.erase(found);
        const quint32 status = getU32(body.constData() + 5);
        if (status == SSH_FX_OK)
            return true;
        QString reason = QStringLiteral("status %1").arg(status);
        if (body.size() >= 13) {
            const quint32 messageLength = getU32(body.constData() + 9);
            if (messageLength <= static_cast<quint32>(body.size() - 13))
                reason = QString::fromUtf8(body.mid(13, messageLength));
        }
        m_failure = m_d.error(
            SshErrorKind::SftpFailed,
            QStringLiteral("SFTP on %1 failed while writing %2: %3 (disk full? quota?).").arg(m_d.target(), m_remotePath, reason));
        return false;
    }

    Private &m_d;
    sftp_session m_sftp;
    ssh_channel m_channel;
    const QByteArray m_handle;
    const QString m_remotePath;
    std::deque<quint32> m_inFlight;
    std::optional<SshError> m_failure;
    quint64 m_offset = 0;
    QByteArray m_packet;
};

SshError SshClient::Private::sftpError(sftp_session sftp, const QString &what, const QString &remotePath) const
{
    if (cancelled)
        return cancelledError();
    if (!ssh_is_connected(session))
        return error(SshErrorKind::Disconnected,
                     QStringLiteral("The connection to %1 was lost while %2 %3.").arg(target(), what, remotePath));
    QString reason;
    switch (sftp ? sftp_get_error(sftp) : -1) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        reason = QStringLiteral("the folder does not exist: create it first");
        break;
    case SSH_FX_PERMISSION_DENIED:
        reason = QStringLiteral("permission denied: upload to a folder user \"%1\" may write, then move the file with sudo").arg(s.user);
        break;
    case SSH_FX_FAILURE:
        reason = QStringLiteral("the server failed (disk full?)");
        break;
    case SSH_FX_OP_UNSUPPORTED:
        reason = QStringLiteral("the server does not support it");
        break;
    default:
        reason = QString::fromUtf8(ssh_get_error(session));
        break;
    }
    return error(SshErrorKind::SftpFailed, QStringLiteral("SFTP on %1 failed while %2 %3: %4.").arg(target(), what, remotePath, reason));
}

Result<void, SshError> SshClient::Private::upload(const std::function<qint64(char *, qint64)> &read, qint64 size, const QString &remotePath,
                                                  int mode)
{
    if (cancelled)
        return cancelledError();
    if (!session || !ssh_is_connected(session))
        return notConnectedError();
    const auto started = Clock::now();

    std::unique_ptr<sftp_session_struct, SftpDeleter> sftp(sftp_new(session));
    if (!sftp || sftp_init(sftp.get()) != SSH_OK) {
        if (!ssh_is_connected(session))
            return sftpError(sftp.get(), QStringLiteral("starting SFTP for"), remotePath);
        return error(SshErrorKind::SftpFailed,
                     QStringLiteral("%1 offers no SFTP: check \"Subsystem sftp\" in its sshd_config.").arg(target()));
    }
    const QByteArray path = remotePath.toUtf8();
    sftp_file file = sftp_open(sftp.get(), path.constData(), O_WRONLY | O_CREAT | O_TRUNC, static_cast<mode_t>(mode));
    if (!file)
        return sftpError(sftp.get(), QStringLiteral("creating"), remotePath);

    SftpWriter writer(*this, sftp.get(), file, remotePath);
    const std::optional<SshError> failure = writer.writeAll(read);
    file->offset = writer.offset();
    if (failure) {
        // Replies still owed would confuse libssh's reader: drop the SFTP channel with the session
        // state intact (sftp_free closes the channel).
        sftp_close(file);
        return *failure;
    }
    if (sftp_close(file) != SSH_OK)
        return sftpError(sftp.get(), QStringLiteral("closing"), remotePath);
    if (auto checked = checkUploaded(sftp.get(), remotePath, static_cast<quint64>(size), writer.offset(), mode); !checked)
        return checked.error();
    const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
    log->info("{}: uploaded {} bytes to {} in {} ms", targetStd(), size, path.toStdString(), ms);
    return {};
}

// Sets the mode that was asked for (the server applies the umask on create), then checks
// the file's size and mode as the server reports them.
Result<void, SshError> SshClient::Private::checkUploaded(sftp_session sftp, const QString &remotePath, quint64 size, quint64 written,
                                                         int mode)
{
    const QByteArray path = remotePath.toUtf8();
    if (sftp_chmod(sftp, path.constData(), static_cast<mode_t>(mode)) != SSH_OK)
        return sftpError(sftp, QStringLiteral("setting the mode of"), remotePath);
    sftp_attributes attributes = sftp_stat(sftp, path.constData());
    if (!attributes)
        return sftpError(sftp, QStringLiteral("checking"), remotePath);
    const quint64 remoteSize = attributes->size;
    const int remoteMode = static_cast<int>(attributes->permissions & 07777);
    sftp_attributes_free(attributes);
    if (remoteSize != size || remoteSize != written)
        return error(SshErrorKind::SftpFailed, QStringLiteral("%1 on %2 has %3 bytes after the upload, not %4: check the free space there.")
                                                   .arg(remotePath, target())
                                                   .arg(remoteSize)
                                                   .arg(size));
    if (remoteMode != mode)
        return error(SshErrorKind::SftpFailed,
                     QStringLiteral("%1 on %2 has mode %3 after the upload, not %4: check the file system's mount options.")
                         .arg(remotePath, target(), QString::number(remoteMode, 8), QString::number(mode, 8)));
    return {};
}

}  // namespace ib::ssh
