#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ib {
class Settings;
}

namespace ib::diagnostics {

// One file of a diagnostics archive: its name inside the archive ("logs/imagebuilder.log")
// and its text, already redacted.
struct File
{
    QString name;
    QByteArray data;
};

// What "Save Diagnostics" gathers for a bug report. Everything comes from this machine's
// own folders and settings: the builds folder is walked by build id (a shared store's
// rows name no file here), and only regular files are read.
struct Sources
{
    const Settings *settings = nullptr;  // every key, secrets redacted
    QString logFile;                     // the app's (or the CLI's) rotating log
    QString buildsDirectory;             // the newest MaxBuilds builds' *.log files
    QStringList versionLines;            // what the front end adds (platform plug-in, store, ...)
};

// The newest builds whose logs are included, and how much of each file (its end: the
// failure is usually there).
constexpr int MaxBuilds = 10;
constexpr qint64 MaxFileBytes = qint64{2} * 1024 * 1024;

// Replaces what looks like a secret with "[REDACTED]": private key blocks, the password of
// a URL ("postgresql://ib:pw@host"), values of keys named like password, secret, token or
// API key (key=value, key: value, "key": "value", HTTP headers such as X-Auth-Token), and
// every secret the log has been told of (logging::registerSecret).
QByteArray redact(const QByteArray &text);

// The files of the archive, each redacted: README.txt (what is inside and what was left
// out), versions.txt, settings.txt, logs/…, builds/<id>/….
QList<File> collect(const Sources &sources);

// Writes `files` as a zip archive to `path` (through a temporary file: an existing file is
// replaced only when the whole archive is written). libarchive writes the zip.
Result<void> writeZip(const QString &path, const QList<File> &files);

// What both front ends save: this user's settings (ib::Settings()), the log this process
// writes and the builds folder of its data folder, with `frontEndLines` added to
// versions.txt. The number of files written. Any thread (its own QSettings).
Result<qsizetype> saveForThisUser(const QString &path, const QStringList &frontEndLines);

}  // namespace ib::diagnostics
