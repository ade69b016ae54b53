#pragma once

#include "providers/local/QemuTools.h"
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;

namespace ib::local {

// Where QEMU listens for QMP, its machine protocol: a Unix socket, or a TCP port on
// 127.0.0.1. Windows needs TCP: QEMU's `unix:` sockets there are AF_UNIX, while Qt's
// QLocalSocket speaks named pipes.
struct QmpEndpoint
{
    QString socketPath;   // a Unix socket; empty for none
    quint16 tcpPort = 0;  // 127.0.0.1:tcpPort; 0 for none

    bool isEmpty() const { return socketPath.isEmpty() && tcpPort == 0; }
    // The value of QEMU's -qmp option: "unix:PATH,server=on,wait=off" or
    // "tcp:127.0.0.1:PORT,server=on,wait=off" (wait=off: the VM starts without a client).
    QString qemuOption() const;
    QString describe() const;

    // The endpoint a local build's QEMU gets on `os`. Only Windows needs one: elsewhere a
    // clean stop is SIGTERM (QEMU flushes and closes its disks on it), so the command line
    // stays as it was. On Windows QProcess::terminate() posts WM_CLOSE, which a windowless
    // QEMU never sees: there the clean stop is QMP's "quit", over TCP on a loopback port that
    // `freeLoopbackPort` finds (asked only there).
    static QmpEndpoint forLocalBuild(QemuTools::HostOs os, const std::function<quint16()> &freeLoopbackPort);
};

// A blocking QMP client over either kind of endpoint (one protocol, two transports): for
// a worker thread, like the rest of LocalProvider.
class QmpClient final
{
public:
    QmpClient();
    ~QmpClient();
    QmpClient(const QmpClient &) = delete;
    QmpClient &operator=(const QmpClient &) = delete;

    // Connects, reads QEMU's greeting and leaves capabilities negotiation. While connected
    // QEMU serves no other client on this endpoint (its socket chardev takes one at a time),
    // which is why LocalProvider stays connected for the life of the VM.
    Result<void> open(const QmpEndpoint &endpoint, int timeoutMs);
    bool isOpen() const;
    void close();

    // Runs one command and returns its "return" object; QEMU's "error" becomes an Error with
    // its class and description. Events that arrive meanwhile are skipped.
    Result<QJsonObject> execute(const QString &command, int timeoutMs);

private:
    Result<QJsonObject> readMessage(int timeoutMs);

    std::unique_ptr<QIODevice> m_device;  // a QLocalSocket or a QTcpSocket
    QString m_peer;
    QByteArray m_buffer;
};

}  // namespace ib::local
