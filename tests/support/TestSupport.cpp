#include "TestSupport.h"

#include <QProcess>
#include <QTcpServer>
#include <QtGlobal>

namespace ib::test {

QString sourceDir()
{
    return qEnvironmentVariable("IB_SOURCE_DIR");
}

QString binaryDir()
{
    return qEnvironmentVariable("IB_BINARY_DIR");
}

quint16 freeTcpPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

CliRun runCli(const QStringList &args, const QHash<QString, QString> &env, const QByteArray &stdinData)
{
    QProcess p;
    auto environment = QProcessEnvironment::systemEnvironment();
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        if (it.value().isEmpty())
            environment.remove(it.key());
        else
            environment.insert(it.key(), it.value());
    }
    p.setProcessEnvironment(environment);
    p.start(qEnvironmentVariable("IB_CLI"), args);
    if (!p.waitForStarted(10000))
        return {};
    p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished(5000);
        return {};
    }
    return CliRun{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace ib::test
