#include "TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
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

QHash<QString, QString> readZipWithPython(const QString &path)
{
    QProcess python;
    python.start(QStringLiteral("python3"), {QStringLiteral("-c"),
                                             QStringLiteral("import json, sys, zipfile\n"
                                                            "z = zipfile.ZipFile(sys.argv[1])\n"
                                                            "assert z.testzip() is None\n"
                                                            "print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))\n"),
                                             path});
    if (!python.waitForFinished(30000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning("python3 could not read %s: %s", qPrintable(path), python.readAllStandardError().constData());
        return {};
    }
    QHash<QString, QString> files;
    const QJsonObject object = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        files.insert(it.key(), it.value().toString());
    return files;
}

}  // namespace ib::test
