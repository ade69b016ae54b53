#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace ib::test {

// The source tree (IB_SOURCE_DIR, set by ctest) for fixtures and scripts.
QString sourceDir();
// The build tree (IB_BINARY_DIR).
QString binaryDir();

// A free TCP port on 127.0.0.1 (bound and released; good enough for test servers).
quint16 freeTcpPort();

// What a run of imagebuilder-cli (IB_CLI, set by ctest) gave: its exit status (-1 when it
// did not start, crashed or timed out), stdout and stderr.
struct CliRun
{
    int status = -1;
    QString out;
    QString err;
    QStringList errLines() const { return err.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
};

// Runs the real imagebuilder-cli with this process's environment changed by `env` (a value
// set; an empty value removes the variable), `stdinData` on its standard input.
CliRun runCli(const QStringList &args, const QHash<QString, QString> &env, const QByteArray &stdinData = {});

// A zip archive as another reader sees it: Python's zipfile, which checks every entry's CRC
// (testzip). {name: text}; empty, with a warning, when it cannot be read.
QHash<QString, QString> readZipWithPython(const QString &path);

}  // namespace ib::test
