#include "diagnostics/Diagnostics.h"

#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "settings/Settings.h"
#include "util/BuildInfo.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSysInfo>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>

namespace ib::diagnostics {

namespace {

const QString Redacted = QStringLiteral("[REDACTED]");

// The last `maxBytes` of a regular file, starting at a line (a cut line would be noise), with
// a first line that says how much was left out.
QByteArray readTail(const QString &path, qint64 maxBytes)
{
    if (!trusted::isRegularFile(path))
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("(could not be read: ") + file.errorString().toUtf8() + ")\n";
    const qint64 size = file.size();
    if (size <= maxBytes)
        return file.readAll();
    file.seek(size - maxBytes);
    QByteArray data = file.read(maxBytes);
    if (const qsizetype newline = data.indexOf('\n'); newline >= 0)
        data.remove(0, newline + 1);
    return QStringLiteral("(the first %1 bytes are left out; the end follows)\n").arg(size - data.size()).toUtf8() + data;
}

// The newest builds of this machine's builds folder that have a log: folders named by a
// build id only (anything else there was not made by Image Builder).
QList<QFileInfo> newestBuildFolders(const QString &buildsDirectory, int count)
{
    QList<QFileInfo> builds;
    const QDir dir(buildsDirectory);
    const QFileInfoList folders = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &folder : folders) {
        if (!trusted::isBuildId(folder.fileName()))
            continue;
        const QFileInfo log(folder.filePath() + QStringLiteral("/build.log"));
        if (trusted::isRegularFile(log.filePath()))
            builds << log;
    }
    std::sort(builds.begin(), builds.end(), [](const QFileInfo &a, const QFileInfo &b) { return a.lastModified() > b.lastModified(); });
    if (builds.size() > count)
        builds.resize(count);
    return builds;
}

QStringList versionLines(const Sources &sources)
{
    QStringList lines = buildinfo::versionReport().split(QLatin1Char('\n'));
    lines << QString::fromLatin1(archive_version_details());  // "libarchive 3.6.2 zlib/1.2.13 ..."
    lines << QStringLiteral("System: %1 (%2 %3, %4)")
                 .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(), QSysInfo::currentCpuArchitecture());
    lines << QStringLiteral("Locale: %1").arg(QLocale().name());
    lines << QStringLiteral("Saved: %1").arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    lines << sources.versionLines;
    return lines;
}

QByteArray lines(const QStringList &list)
{
    return list.join(QLatin1Char('\n')).toUtf8() + '\n';
}

const char *const ReadmeText = "Image Builder diagnostics\n"
                               "\n"
                               "Made by Help > Save Diagnostics (or `imagebuilder-cli diagnostics save FILE`) for a bug report.\n"
                               "\n"
                               "  versions.txt   Image Builder, Qt and the libraries, the system\n"
                               "  settings.txt   every setting that differs from its default\n"
                               "  logs/          the application's log files\n"
                               "  builds/ID/     the logs of this computer's newest builds (build, QEMU, VM console)\n"
                               "\n"
                               "Before anything was written, these were replaced with [REDACTED]: private keys, passwords\n"
                               "in URLs, the values of keys named like password, secret, token or API key, and every\n"
                               "password or token this run of Image Builder has used. Only the end of a long file is\n"
                               "kept. Read the files before you send them: a user script's own output is in the build\n"
                               "logs as the VM printed it.\n";

}  // namespace

QByteArray redact(const QByteArray &text)
{
    QString out = QString::fromStdString(logging::redact(text.toStdString()));
    static const QRegularExpression privateKey(
        QStringLiteral("(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)"));
    out.replace(privateKey, QStringLiteral("\\1\n") + Redacted + QStringLiteral("\n\\2"));
    // scheme://user:password@host
    static const QRegularExpression urlPassword(QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+@"));
    out.replace(urlPassword, QStringLiteral("\\1") + Redacted + QLatin1Char('@'));
    // password=..., "token": "...", X-Auth-Token: ..., api_key ... (the key may be quoted;
    // a quoted value is redacted to its closing quote, spaces and all).
    const QString key =
        QStringLiteral("(?i)(\"?[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_.-]*\"?[ \\t]*[=:][ \\t]*");
    static const QRegularExpression quotedValue(key + QStringLiteral("\")[^\"\\n]*"));
    out.replace(quotedValue, QStringLiteral("\\1") + Redacted);
    static const QRegularExpression plainValue(key + QStringLiteral(")(?![\"\\[])[^\\s\"'&,;}]+"));
    out.replace(plainValue, QStringLiteral("\\1") + Redacted);
    return out.toUtf8();
}

QList<File> collect(const Sources &sources)
{
    QList<File> files;
    files << File{QStringLiteral("README.txt"), QByteArray(ReadmeText)};
    files << File{QStringLiteral("versions.txt"), lines(versionLines(sources))};
    if (sources.settings) {
        QStringList settings{QStringLiteral("# %1").arg(sources.settings->fileName())};
        const QStringList stored = sources.settings->storedLines();
        settings << (stored.isEmpty() ? QStringList{QStringLiteral("(every setting is at its default)")} : stored);
        files << File{QStringLiteral("settings.txt"), lines(settings)};
    }
    if (!sources.logFile.isEmpty()) {
        // The rotating log and its older files: imagebuilder.log, imagebuilder.1.log, ...
        const QFileInfo log(sources.logFile);
        const QStringList names = log.dir().entryList({log.completeBaseName() + QStringLiteral("*.log")}, QDir::Files, QDir::Name);
        for (const QString &name : names)
            files << File{QStringLiteral("logs/") + name, readTail(log.dir().filePath(name), MaxFileBytes)};
    }
    for (const QFileInfo &build : newestBuildFolders(sources.buildsDirectory, MaxBuilds)) {
        const QDir folder = build.dir();
        const QStringList names = folder.entryList({QStringLiteral("*.log")}, QDir::Files | QDir::NoSymLinks, QDir::Name);
        for (const QString &name : names)
            files << File{QStringLiteral("builds/%1/%2").arg(folder.dirName(), name), readTail(folder.filePath(name), MaxFileBytes)};
    }
    for (File &file : files)
        file.data = redact(file.data);
    return files;
}

Result<void> writeZip(const QString &path, const QList<File> &files)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Io, QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString()));

    const std::unique_ptr<archive, decltype(&archive_write_free)> zip(archive_write_new(), &archive_write_free);
    const auto failed = [&](const char *what) {
        out.cancelWriting();
        return makeError(ErrorKind::Io,
                         QStringLiteral("Cannot write %1: %2 (%3)")
                             .arg(QDir::toNativeSeparators(path), QString::fromUtf8(archive_error_string(zip.get())), QLatin1String(what)));
    };
    const auto write = [](archive *, void *device, const void *data, size_t size) -> la_ssize_t {
        return static_cast<QSaveFile *>(device)->write(static_cast<const char *>(data), static_cast<qint64>(size));
    };
    if (archive_write_set_format_zip(zip.get()) != ARCHIVE_OK || archive_write_open(zip.get(), &out, nullptr, write, nullptr) != ARCHIVE_OK)
        return failed("open");

    const time_t now = QDateTime::currentSecsSinceEpoch();
    for (const File &file : files) {
        const std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), &archive_entry_free);
        archive_entry_set_pathname_utf8(entry.get(), file.name.toUtf8().constData());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_size(entry.get(), file.data.size());
        archive_entry_set_mtime(entry.get(), now, 0);
        if (archive_write_header(zip.get(), entry.get()) != ARCHIVE_OK)
            return failed("header");
        if (!file.data.isEmpty() &&
            archive_write_data(zip.get(), file.data.constData(), static_cast<size_t>(file.data.size())) != file.data.size())
            return failed("data");
    }
    if (archive_write_close(zip.get()) != ARCHIVE_OK)
        return failed("close");
    if (!out.commit())
        return makeError(ErrorKind::Io, QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString()));
    return {};
}

Result<qsizetype> saveForThisUser(const QString &path, const QStringList &frontEndLines)
{
    const Settings settings;
    Sources sources;
    sources.settings = &settings;
    sources.logFile = logging::logFilePath();
    sources.buildsDirectory = settings.buildSettings().buildsDirectory();
    sources.versionLines = frontEndLines;
    const auto files = collect(sources);
    if (auto written = writeZip(path, files); !written)
        return written.error();
    return files.size();
}

}  // namespace ib::diagnostics
