#pragma once

#include "model/BuildTypes.h"
#include "storage/LogChunk.h"
#include "templates/ImageTemplate.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <functional>
#include <memory>

namespace ib {

class SecretStore;

// The store of templates (with every revision), and later builds and images, over QtSql.
// A SQLite file by default; a PostgreSQL URL (postgresql://user@host:port/db) for teams.
//
// Thread use: every thread gets its own connection (QtSql's rule), opened on first use.
//
// PostgreSQL: the password never lives in a URL that is kept. Without one in the URL,
// libpq reads ~/.pgpass (or $PGPASSFILE) itself; a SecretStore (the OS keychain) may
// supply it instead. A password given in the URL anyway is used for this process only,
// registered as a secret (redacted in every log) and left out of location() and of every
// error message. Every write sends a NOTIFY (StoreWatcher) after it is committed.
class Store final
{
    Q_DISABLE_COPY_MOVE(Store)

public:
    ~Store();

    // Opens (creating the file and folders if needed) and runs pending migrations.
    // `secrets` (optional) is asked for a PostgreSQL password under secretKey(location)
    // when the URL has none; without one, or when it has none either, libpq's .pgpass applies.
    static Result<std::unique_ptr<Store>> open(const QString &location, SecretStore *secrets = nullptr);
    static bool isPostgresLocation(const QString &location);
    // The location without a password: what may be shown, logged or passed on.
    static QString redactedLocation(const QString &location);
    // The keychain entry of a PostgreSQL store: "imagebuilder-db:postgresql://user@host:port/db".
    static QString secretKey(const QString &location);
    // $IMAGEBUILDER_DB, else imagebuilder.sqlite in the app's data folder (shared by the GUI and the CLI).
    static QString defaultLocation();

    // Never contains a password.
    QString location() const { return m_location; }
    // The password this process connects with (from the URL or the keychain), or empty
    // (libpq's .pgpass): only for handing on to a child process through its environment
    // (StoreLocation::PasswordVariable), never for a command line, a file or a log.
    QString connectionPassword() const { return m_password; }
    bool isPostgres() const { return m_postgres; }
    int schemaVersion();
    static int latestSchemaVersion();

    // Templates. `create` assigns id, revision 1 and times; `update` takes the template
    // with the revision it was edited from and fails with ErrorKind::Conflict (nothing
    // written) when another update came first.
    Result<QList<ImageTemplate>> listTemplates();
    Result<ImageTemplate> templateById(const QString &id);
    // By id, by name (ignoring case), or by a unique id prefix of 8 or more characters.
    Result<ImageTemplate> findTemplate(const QString &idOrName);
    Result<bool> nameTaken(const QString &name, const QString &exceptId = {});
    Result<ImageTemplate> createTemplate(const ImageTemplate &t);
    Result<ImageTemplate> updateTemplate(const ImageTemplate &t);
    Result<void> deleteTemplate(const QString &id);
    // Every saved revision, oldest first, with the content as it was saved.
    Result<QList<ImageTemplate>> templateRevisions(const QString &id);
    // "user@host" of this client, written with each revision it saves (savedBy).
    static QString savedBy();
    // Every template's id with its current revision: what a view compares with what it
    // shows, to read only the templates that changed (StoreIndex.cpp).
    Result<QHash<QString, int>> templateRevisionIndex();
    // Every template in name order, handed to `visit` one at a time, without its user
    // script (the one field that may be large) and creation time: what a list of every
    // template reads, without holding them all at once (StoreIndex.cpp). Equal application
    // lists share one QStringList.
    Result<void> forEachTemplateSummary(const std::function<void(const ImageTemplate &)> &visit);

    // Base images (build/BuildTypes.h). Removing one is refused while a build uses it.
    Result<BaseImage> addBaseImage(const BaseImage &image);
    Result<QList<BaseImage>> listBaseImages();
    Result<BaseImage> baseImageById(const QString &id);  // also a unique prefix of 8+
    Result<void> removeBaseImage(const QString &id);
    Result<void> renameBaseImage(const QString &id, const QString &name);

    // Builds. A build is created queued with its frozen template snapshot.
    Result<BuildRecord> createBuild(const BuildRecord &build);
    Result<BuildRecord> buildById(const QString &id);  // also a unique prefix of 8+
    Result<QList<BuildRecord>> listBuilds(const QString &templateId = {});
    Result<QList<BuildRecord>> unfinishedBuilds();
    // The state of the latest build of every template that has one.
    Result<QHash<QString, BuildState>> latestBuildStates();
    Result<void> markBuildStarted(const QString &id, const QString &ownerHost, qint64 ownerPid, const QString &logPath);
    Result<void> setBuildStep(const QString &id, BuildStep step);
    Result<void> finishStep(const QString &id, BuildStep step, const QString &outcome);
    Result<void> finishBuild(const QString &id, BuildState state, const QString &failureCause, const QString &imageId = {});
    // Sets the flag the build's owner polls; the caller decides whether cancel makes sense.
    Result<void> requestCancel(const QString &id);
    // Builds that are unfinished, or finished but still holding resources not gone.
    Result<QStringList> buildsToSweep();
    Result<bool> cancelRequested(const QString &id);

    // Resources a build makes: intent first, then created, then gone.
    Result<QString> addResourceIntent(const QString &buildId, const QString &kind, const QString &identifier, const QString &detail);
    Result<void> setResourceState(const QString &resourceId, const QString &state, const QString &identifier = {});
    Result<QList<BuildResource>> buildResources(const QString &buildId);

    // Images built.
    Result<ImageRecord> addImage(const ImageRecord &image);
    Result<QList<ImageRecord>> listImages(const QString &templateId = {});
    Result<ImageRecord> imageById(const QString &id);
    Result<void> removeImage(const QString &id);
    // An image's test state after its build tested it: "passed", "failed", "untested".
    Result<void> setImageTestState(const QString &id, const QString &testState);

    // A build's log, as chunks of lines written while it runs (BuildLog's store sink), so
    // that every member of a team store can read it live. Sequence numbers start at 1.
    Result<qint64> appendLogChunk(const QString &buildId, const QString &text);
    // At most `limit` chunks after `afterSeq` (0: all of them); readers page through a
    // long log with the last sequence number they were given.
    Result<QList<LogChunk>> logChunks(const QString &buildId, qint64 afterSeq = 0, int limit = 0);

    // Keeps this store open while another thread uses it: ~Store waits until every Use is
    // gone, so that a read finishing after its window closed never finds the store's
    // connections removed under it. Take it on the thread that owns the store, before the
    // other thread starts.
    class Use final
    {
    public:
        explicit Use(Store &store);
        ~Use();
        Use(const Use &) = delete;
        Use &operator=(const Use &) = delete;

    private:
        Store &m_store;
    };

    // The connection of the calling thread. Each thread gets a name of its own for the
    // life of the process (thread ids are reused: two threads must never share one), and a
    // thread that ends without releaseThreadConnection() has its connection closed then.
    QSqlDatabase database();
    // A new connection to the same database under `name`, outside the per-thread pool (the
    // StoreWatcher's listener). The caller closes it and calls QSqlDatabase::removeDatabase.
    QSqlDatabase addConnection(const QString &name) const;
    // Closes the calling thread's connection; a worker thread calls it before it ends.
    void releaseThreadConnection();
    // Whether the calling thread holds a connection now (the UI thread should not, after start-up).
    bool hasThreadConnection() const;

private:
    Store(QString location, bool postgres);
    Result<void> migrate();
    // After a committed write: NOTIFY on PostgreSQL (seen by every StoreWatcher), nothing
    // on SQLite (its watchers poll PRAGMA data_version).
    void notifyChanged(const char *channel, const QString &payload = {});

    QString m_location;  // without the password
    QString m_password;  // from the URL or the keychain; empty: libpq's .pgpass
    bool m_postgres = false;
    QString m_connectionPrefix;
    QMutex m_mutex;
    QStringList m_connections;
    int m_uses = 0;
    QWaitCondition m_usesEnded;

    friend struct ThreadConnections;
    void forgetConnection(const QString &name);
};

}  // namespace ib
