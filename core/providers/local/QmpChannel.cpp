#include "providers/local/QmpChannel.h"

#include "providers/local/QemuCommand.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QTcpSocket>

namespace ib::local {

QString QmpEndpoint::qemuOption() const
{
    if (!socketPath.isEmpty())
        return QStringLiteral("unix:%1,server=on,wait=off").arg(QemuCommand::escapeOptionValue(socketPath));
    if (tcpPort != 0)
        return QStringLiteral("tcp:127.0.0.1:%1,server=on,wait=off").arg(tcpPort);
    return {};
}

QString QmpEndpoint::describe() const
{
    if (!socketPath.isEmpty())
        return socketPath;
    return tcpPort != 0 ? QStringLiteral("127.0.0.1:%1").arg(tcpPort) : QStringLiteral("no QMP endpoint");
}

QmpEndpoint QmpEndpoint::forLocalBuild(QemuTools::HostOs os, const std::function<quint16()> &freeLoopbackPort)
{
    QmpEndpoint endpoint;
    if (os == QemuTools::HostOs::Windows)
        endpoint.tcpPort = freeLoopbackPort();
    return endpoint;
}

QmpClient::QmpClient() = default;

QmpClient::~QmpClient() = default;

bool QmpClient::isOpen() const
{
    return m_device && m_device->isOpen();
}

void QmpClient::close()
{
    if (m_device)
        m_device->close();
    m_device.reset();
    m_buffer.clear();
    m_peer.clear();
}

Result<void> QmpClient::open(const QmpEndpoint &endpoint, int timeoutMs)
{
    close();
    const QDeadlineTimer deadline(timeoutMs);
    if (endpoint.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("QEMU was started without a QMP endpoint."));
    bool connected = false;
    if (!endpoint.socketPath.isEmpty()) {
        auto socket = std::make_unique<QLocalSocket>();
        socket->connectToServer(endpoint.socketPath);
        connected = socket->waitForConnected(static_cast<int>(deadline.remainingTime()));
        m_device = std::move(socket);
    } else {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), endpoint.tcpPort);
        connected = socket->waitForConnected(static_cast<int>(deadline.remainingTime()));
        m_device = std::move(socket);
    }
    if (!connected) {
        const QString why = m_device->errorString();
        close();
        return makeError(ErrorKind::Io, QStringLiteral("Cannot reach QEMU's QMP at %1: %2").arg(endpoint.describe(), why));
    }
    m_peer = endpoint.describe();
    // QEMU speaks first: {"QMP": {"version": ..., "capabilities": [...]}}.
    auto greeting = readMessage(static_cast<int>(deadline.remainingTime()));
    if (!greeting || !greeting->contains(QLatin1String("QMP"))) {
        close();
        return makeError(ErrorKind::Io,
                         QStringLiteral("%1 did not greet as QEMU's QMP does%2")
                             .arg(endpoint.describe(), greeting ? QString() : QStringLiteral(": ") + greeting.error().message));
    }
    auto negotiated = execute(QStringLiteral("qmp_capabilities"), static_cast<int>(deadline.remainingTime()));
    if (!negotiated) {
        close();
        return negotiated.error();
    }
    return {};
}

Result<QJsonObject> QmpClient::readMessage(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        // QMP sends one JSON object a line.
        const qsizetype end = m_buffer.indexOf('\n');
        if (end >= 0) {
            const QByteArray line = m_buffer.left(end).trimmed();
            m_buffer.remove(0, end + 1);
            if (line.isEmpty())
                continue;
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (!doc.isObject())
                return makeError(ErrorKind::Io,
                                 QStringLiteral("QMP at %1 sent something that is not a JSON object: %2").arg(m_peer, error.errorString()));
            return doc.object();
        }
        // Data already received is read even after QEMU closed the connection (it answers
        // "quit" and goes).
        if (m_device && m_device->bytesAvailable() > 0) {
            m_buffer += m_device->readAll();
            continue;
        }
        if (!isOpen())
            return makeError(ErrorKind::Io, QStringLiteral("The QMP connection to %1 is closed.").arg(m_peer));
        if (deadline.hasExpired())
            return makeError(ErrorKind::Io, QStringLiteral("QMP at %1 did not answer in %2 ms.").arg(m_peer).arg(timeoutMs));
        if (!m_device->waitForReadyRead(static_cast<int>(deadline.remainingTime())) && m_device->bytesAvailable() == 0) {
            if (deadline.hasExpired())
                return makeError(ErrorKind::Io, QStringLiteral("QMP at %1 did not answer in %2 ms.").arg(m_peer).arg(timeoutMs));
            return makeError(ErrorKind::Io, QStringLiteral("QEMU closed the QMP connection at %1.").arg(m_peer));
        }
    }
}

Result<QJsonObject> QmpClient::execute(const QString &command, int timeoutMs)
{
    if (!isOpen())
        return makeError(ErrorKind::Io, QStringLiteral("No QMP connection for \"%1\".").arg(command));
    const QDeadlineTimer deadline(timeoutMs);
    const QByteArray request = QJsonDocument(QJsonObject{{QStringLiteral("execute"), command}}).toJson(QJsonDocument::Compact) + "\r\n";
    if (m_device->write(request) != request.size())
        return makeError(ErrorKind::Io,
                         QStringLiteral("Cannot send \"%1\" to QMP at %2: %3").arg(command, m_peer, m_device->errorString()));
    while (m_device->bytesToWrite() > 0) {
        if (!m_device->waitForBytesWritten(static_cast<int>(deadline.remainingTime())))
            return makeError(ErrorKind::Io,
                             QStringLiteral("Cannot send \"%1\" to QMP at %2: %3").arg(command, m_peer, m_device->errorString()));
    }
    for (;;) {
        auto message = readMessage(static_cast<int>(deadline.remainingTime()));
        if (!message)
            return message.error();
        if (message->contains(QLatin1String("return")))
            return message->value(QLatin1String("return")).toObject();
        if (message->contains(QLatin1String("error"))) {
            const QJsonObject error = message->value(QLatin1String("error")).toObject();
            return makeError(ErrorKind::Io, QStringLiteral("QEMU refused \"%1\": %2 (%3)")
                                                .arg(command, error.value(QLatin1String("desc")).toString(),
                                                     error.value(QLatin1String("class")).toString()));
        }
        // {"event": ...}: asynchronous news (RTC_CHANGE, SHUTDOWN, ...), not the answer.
    }
}

}  // namespace ib::local
