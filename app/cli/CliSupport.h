#pragma once
// What the CLI's command files share: exit codes from errors, the --template filter,
// Ctrl-C, and the JSON of the records that more than one command prints.
#include "model/BuildTypes.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QString>
#include <QTextStream>

#include <atomic>

namespace ib {
class Store;
}

namespace ib::cli {

// Set by onInterrupt (SIGINT/SIGTERM) for commands that stop cleanly on Ctrl-C.
extern std::atomic_bool g_interrupted;
extern "C" void onInterrupt(int);

// A password typed at a prompt without echo, or the first line of standard input when it is
// not a terminal (scripts pipe it in). Never an argument: arguments show in `ps` and in
// shell history.
QString readPassword(QTextStream &err, const QString &prompt);
int exitFor(const Error &e);
// The --template filter of the list commands: the template's id, or empty for all.
int templateFilter(Store &store, QTextStream &err, const QString &idOrName, QString &templateId);

QJsonObject imageJson(const ImageRecord &i);
// An image's test in a table: never blank, so an image that failed never reads as good.
QString testCell(const ImageRecord &i);
QJsonObject baseImageJson(const BaseImage &b);

}  // namespace ib::cli
