#include "CliSupport.h"

#include "Cli.h"
#include "platform/Platform.h"
#include "storage/Store.h"
#include "util/InertText.h"

#include <QFile>
#include <QJsonArray>

namespace ib::cli {

std::atomic_bool g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

int exitFor(const Error &e)
{
    switch (e.kind) {
    case ErrorKind::NotFound:
        return NotFound;
    case ErrorKind::Invalid:
    case ErrorKind::InUse:
    case ErrorKind::Unsupported:
        return Invalid;
    case ErrorKind::Conflict:
        return Conflict;
    default:
        return Failure;
    }
}

int templateFilter(Store &store, QTextStream &err, const QString &idOrName, QString &templateId)
{
    templateId.clear();
    if (idOrName.isEmpty())
        return Ok;
    auto t = store.findTemplate(idOrName);
    if (!t) {
        err << "error: " << inertForTerminal(t.error().message) << '\n';
        return exitFor(t.error());
    }
    templateId = t->id;
    return Ok;
}

QJsonObject imageJson(const ImageRecord &i)
{
    QJsonObject o{{QStringLiteral("id"), i.id},
                  {QStringLiteral("name"), i.name},
                  {QStringLiteral("provider"), i.provider},
                  {QStringLiteral("location"), i.location},
                  {QStringLiteral("format"), i.format},
                  {QStringLiteral("templateId"), i.templateId},
                  {QStringLiteral("templateRevision"), i.templateRevision},
                  {QStringLiteral("buildId"), i.buildId},
                  {QStringLiteral("os"), i.os.key()},
                  {QStringLiteral("loginUser"), i.loginUser},
                  {QStringLiteral("sizeBytes"), static_cast<double>(i.sizeBytes)},
                  {QStringLiteral("virtualSizeBytes"), static_cast<double>(i.virtualSizeBytes)},
                  {QStringLiteral("createdAt"), i.createdAt.toString(Qt::ISODateWithMs)},
                  {QStringLiteral("testState"), i.testState},
                  {QStringLiteral("datasources"), QJsonArray::fromStringList(i.datasources)},
                  {QStringLiteral("architecture"), i.architecture}};
    // Issue 19's fields, only where set (a published image names its source).
    if (!i.checksum.isEmpty())
        o.insert(QStringLiteral("checksum"), i.checksum);
    if (!i.sourceImageId.isEmpty())
        o.insert(QStringLiteral("sourceImageId"), i.sourceImageId);
    return o;
}

QString testCell(const ImageRecord &i)
{
    return i.testState.isEmpty() ? QStringLiteral("-") : i.testState;
}

QJsonObject baseImageJson(const BaseImage &b)
{
    return QJsonObject{{QStringLiteral("id"), b.id},
                       {QStringLiteral("name"), b.name},
                       {QStringLiteral("provider"), b.provider},
                       {QStringLiteral("path"), b.path},
                       {QStringLiteral("os"), b.os.key()},
                       {QStringLiteral("loginUser"), b.loginUser},
                       {QStringLiteral("sizeBytes"), static_cast<double>(b.sizeBytes)},
                       {QStringLiteral("createdAt"), b.createdAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("architecture"), b.architecture}};
}

// The password: typed at a prompt without echo, or the first line of standard input when
// it is not a terminal (scripts: `secret-tool lookup ... | imagebuilder-cli cloud add ...`).
// Never an argument: arguments show in `ps` and in shell history.
QString readPassword(QTextStream &err, const QString &prompt)
{
    const bool terminal = platform::stdinIsTerminal();
    std::optional<bool> echoWasOn;
    if (terminal) {
        err << prompt;
        err.flush();
        echoWasOn = platform::setStdinEcho(false);
    }
    QFile in;
    QString line;
    if (in.open(stdin, QIODevice::ReadOnly))
        line = QString::fromUtf8(in.readLine());
    if (terminal) {
        // Back as it was: a terminal that had echo off before keeps it off.
        if (echoWasOn)
            platform::setStdinEcho(*echoWasOn);
        err << '\n';
    }
    while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    return line;
}

}  // namespace ib::cli
