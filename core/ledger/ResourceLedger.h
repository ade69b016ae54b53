#pragma once

#include "model/BuildTypes.h"
#include "templates/ImageTemplate.h"
#include "util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace ib {

class Provider;
class Store;

// A build this installation started, as its own ledger knows it.
struct LedgerBuild
{
    QString id;
    QString provider;     // "local" or a cloud account's name, as it was when the build started
    qint64 ownerPid = 0;  // the process that ran it
    QString ownerStart;   // that process's start time (tells it from a later one with its pid)
    bool open = true;     // false: ended, and nothing of it is left to remove
};

// This installation's private record of what its builds made: local paths, QEMU processes
// with their command lines, cloud resource ids. It lives in the installation's own data
// folder (ledger.sqlite, mode 0600), never in the shared store: the start-up sweep and
// every destroy act only on what is written here, so that a row another member of a team
// store wrote can never make this machine remove, kill or delete anything.
//
// The vocabulary is the build's (Provider.h): recordIntent before a resource exists,
// markCreated once it does, markGone after it was removed. A `mirror` store, when given,
// gets a row per resource with its kind and state only (what a team needs to see).
//
// Each call opens its own connection, so any thread may use a ledger; SQLite's locking
// orders the GUI, the CLI and the CLI's background runners that share the folder.
class ResourceLedger final
{
public:
    explicit ResourceLedger(QString dataDirectory, Store *mirror = nullptr);

    QString filePath() const;

    // Written before the build is queued: from then on this installation owns it. The
    // owner is this process unless `ownerPid` names another (a test's dead process).
    Result<void> addBuild(const QString &buildId, const QString &provider, qint64 ownerPid = 0);
    // The template as a build of this installation started from it (its snapshot), and the
    // last such one of a template: what Build Image compares the template with, from this
    // machine's own record (a shared row could be rewritten to hide a change).
    Result<void> rememberBuilt(const ImageTemplate &snapshot);
    Result<std::optional<ImageTemplate>> lastBuilt(const QString &templateId) const;
    // The build has ended and nothing of it is left.
    Result<void> closeBuild(const QString &buildId);
    Result<LedgerBuild> build(const QString &buildId) const;
    Result<QList<LedgerBuild>> openBuilds() const;

    Result<QString> recordIntent(const QString &buildId, const QString &kind, const QString &identifier, const QString &detail);
    Result<void> markCreated(const QString &resourceId, const QString &identifier = {});
    Result<void> markGone(const QString &resourceId);
    Result<QList<BuildResource>> resources(const QString &buildId) const;
    // True when a resource of the build is not gone yet.
    bool holdsResources(const QString &buildId) const;

    // Removes every resource of the build that is not gone, newest first, through
    // `provider`; marks each removed one gone. Returns what could not be removed.
    QStringList destroyAll(Provider &provider, const QString &buildId, const std::function<void(const QString &)> &log);

    // Whether the process that ran `build` still runs (same pid and start time).
    static bool ownerAlive(const LedgerBuild &build);
    // A process's start time as the kernel counts it (Linux: /proc/PID/stat field 22);
    // empty where unknown.
    static QString processStart(qint64 pid);

private:
    Result<void> setState(const QString &resourceId, const QString &state, const QString &identifier);

    QString m_directory;
    Store *m_mirror = nullptr;
};

}  // namespace ib
