#include "ledger/ResourceLedger.h"

#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "platform/Platform.h"
#include "providers/Provider.h"
#include "storage/Store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>

namespace ib {

namespace {

std::atomic_int g_connectionCounter{0};

QString stamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// One connection for one call: the ledger is touched a few times per build, from any thread.
class Connection final
{
public:
    explicit Connection(const QString &directory)
        : m_name(QStringLiteral("ib-ledger-%1").arg(g_connectionCounter.fetch_add(1)))
    {
        QDir().mkpath(directory);
        const QString path = directory + QStringLiteral("/ledger.sqlite");
        const bool existed = QFile::exists(path);
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
        if (!db.open()) {
            m_error = QStringLiteral("Cannot open this installation's resource ledger %1: %2").arg(path, db.lastError().text());
            return;
        }
        if (!existed)
            platform::restrictToOwner(path).ok();
        QSqlQuery q(db);
        const QStringList schema{
            QStringLiteral("CREATE TABLE IF NOT EXISTS builds (id TEXT PRIMARY KEY, provider TEXT NOT NULL, owner_pid INTEGER NOT NULL,"
                           " owner_start TEXT NOT NULL, open INTEGER NOT NULL, created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS resources (id TEXT PRIMARY KEY, build_id TEXT NOT NULL, kind TEXT NOT NULL,"
                           " identifier TEXT NOT NULL, detail TEXT NOT NULL, state TEXT NOT NULL, shared_id TEXT NOT NULL,"
                           " seq INTEGER NOT NULL, created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS resources_by_build ON resources (build_id, seq)"),
            // The template as this installation last built it (issue 15: what changed since).
            QStringLiteral("CREATE TABLE IF NOT EXISTS built_templates (template_id TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
                           " content TEXT NOT NULL, built_at TEXT NOT NULL)")};
        for (const auto &statement : schema) {
            if (!q.exec(statement)) {
                m_error = QStringLiteral("Cannot prepare the resource ledger %1: %2").arg(path, q.lastError().text());
                return;
            }
        }
    }
    ~Connection()
    {
        {
            auto db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool ok() const { return m_error.isEmpty(); }
    Error error() const { return makeError(ErrorKind::Io, m_error); }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    QString m_error;
};

Error queryError(const QString &what, const QSqlQuery &q)
{
    return makeError(ErrorKind::Io, QStringLiteral("%1 in the resource ledger: %2").arg(what, q.lastError().text()));
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &values)
{
    q.prepare(sql);
    for (const auto &v : values) {
        // A null QString binds as NULL; every column here is NOT NULL text or a number.
        if (v.typeId() == QMetaType::QString && v.toString().isNull())
            q.addBindValue(QStringLiteral(""));
        else
            q.addBindValue(v);
    }
    return q.exec();
}

LedgerBuild buildFrom(const QSqlQuery &q)
{
    return LedgerBuild{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
                       q.value(4).toInt() != 0};
}

}  // namespace

ResourceLedger::ResourceLedger(QString dataDirectory, Store *mirror)
    : m_directory(std::move(dataDirectory))
    , m_mirror(mirror)
{}

QString ResourceLedger::filePath() const
{
    return m_directory + QStringLiteral("/ledger.sqlite");
}

Result<void> ResourceLedger::addBuild(const QString &buildId, const QString &provider, qint64 ownerPid)
{
    if (!trusted::isBuildId(buildId))
        return makeError(ErrorKind::Invalid, QStringLiteral("\"%1\" is not a build id (a UUID).").arg(buildId));
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    const qint64 pid = ownerPid > 0 ? ownerPid : QCoreApplication::applicationPid();
    if (!run(q,
             QStringLiteral("INSERT INTO builds (id, provider, owner_pid, owner_start, open, created_at) VALUES (?, ?, ?, ?, 1, ?)"
                            " ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, owner_pid = excluded.owner_pid,"
                            " owner_start = excluded.owner_start, open = 1"),
             {buildId, provider, pid, processStart(pid), stamp()}))
        return queryError(QStringLiteral("Cannot record build %1").arg(buildId), q);
    return {};
}

Result<void> ResourceLedger::rememberBuilt(const ImageTemplate &snapshot)
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    const QString content = QString::fromUtf8(QJsonDocument(snapshot.contentToJson()).toJson(QJsonDocument::Compact));
    if (!run(q,
             QStringLiteral("INSERT INTO built_templates (template_id, revision, content, built_at) VALUES (?, ?, ?, ?)"
                            " ON CONFLICT (template_id) DO UPDATE SET revision = excluded.revision, content = excluded.content,"
                            " built_at = excluded.built_at"),
             {snapshot.id, snapshot.revision, content, stamp()}))
        return queryError(QStringLiteral("Cannot record the template built"), q);
    return {};
}

Result<std::optional<ImageTemplate>> ResourceLedger::lastBuilt(const QString &templateId) const
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    if (!run(q, QStringLiteral("SELECT revision, content, built_at FROM built_templates WHERE template_id = ?"), {templateId}))
        return queryError(QStringLiteral("Cannot read the template built"), q);
    if (!q.next())
        return std::optional<ImageTemplate>{};
    auto t = ImageTemplate::contentFromJson(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    t.id = templateId;
    t.revision = q.value(0).toInt();
    t.updatedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
    return std::optional<ImageTemplate>(t);
}

Result<void> ResourceLedger::closeBuild(const QString &buildId)
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    if (!run(q, QStringLiteral("UPDATE builds SET open = 0 WHERE id = ?"), {buildId}))
        return queryError(QStringLiteral("Cannot close build %1").arg(buildId), q);
    return {};
}

Result<LedgerBuild> ResourceLedger::build(const QString &buildId) const
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    if (!run(q, QStringLiteral("SELECT id, provider, owner_pid, owner_start, open FROM builds WHERE id = ?"), {buildId}))
        return queryError(QStringLiteral("Cannot read build %1").arg(buildId), q);
    if (!q.next())
        return makeError(ErrorKind::NotFound, QStringLiteral("Build %1 was not started by this installation.").arg(buildId));
    return buildFrom(q);
}

Result<QList<LedgerBuild>> ResourceLedger::openBuilds() const
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    if (!q.exec(QStringLiteral("SELECT id, provider, owner_pid, owner_start, open FROM builds WHERE open = 1 ORDER BY created_at")))
        return queryError(QStringLiteral("Cannot list builds"), q);
    QList<LedgerBuild> out;
    while (q.next()) {
        auto b = buildFrom(q);
        if (trusted::isBuildId(b.id))  // the ledger is ours, but a path is made of it
            out.append(b);
    }
    return out;
}

Result<QString> ResourceLedger::recordIntent(const QString &buildId, const QString &kind, const QString &identifier, const QString &detail)
{
    QString sharedId;
    if (m_mirror) {
        // The team sees that a resource of this kind exists and its state; never where.
        if (auto shared = m_mirror->addResourceIntent(buildId, kind, QString(), QString()))
            sharedId = shared.value();
    }
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery q(c.db());
    if (!run(q,
             QStringLiteral("INSERT INTO resources (id, build_id, kind, identifier, detail, state, shared_id, seq, created_at)"
                            " VALUES (?, ?, ?, ?, ?, 'intent', ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM resources), ?)"),
             {id, buildId, kind, identifier, detail, sharedId, stamp()}))
        return queryError(QStringLiteral("Cannot record the %1 %2").arg(kind, identifier), q);
    return id;
}

Result<void> ResourceLedger::setState(const QString &resourceId, const QString &state, const QString &identifier)
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    const bool ok = identifier.isEmpty() ? run(q, QStringLiteral("UPDATE resources SET state = ? WHERE id = ?"), {state, resourceId})
                                         : run(q, QStringLiteral("UPDATE resources SET state = ?, identifier = ? WHERE id = ?"),
                                               {state, identifier, resourceId});
    if (!ok)
        return queryError(QStringLiteral("Cannot record a resource's state"), q);
    if (m_mirror && run(q, QStringLiteral("SELECT shared_id FROM resources WHERE id = ?"), {resourceId}) && q.next()) {
        const QString shared = q.value(0).toString();
        if (!shared.isEmpty())
            if (auto mirrored = m_mirror->setResourceState(shared, state); !mirrored)
                logging::get("build")->warn("cannot show a resource's state in the store: {}", mirrored.error().message.toStdString());
    }
    return {};
}

Result<void> ResourceLedger::markCreated(const QString &resourceId, const QString &identifier)
{
    return setState(resourceId, QStringLiteral("created"), identifier);
}

Result<void> ResourceLedger::markGone(const QString &resourceId)
{
    return setState(resourceId, QStringLiteral("gone"), QString());
}

Result<QList<BuildResource>> ResourceLedger::resources(const QString &buildId) const
{
    Connection c(m_directory);
    if (!c.ok())
        return c.error();
    QSqlQuery q(c.db());
    if (!run(q, QStringLiteral("SELECT id, build_id, kind, identifier, detail, state FROM resources WHERE build_id = ? ORDER BY seq"),
             {buildId}))
        return queryError(QStringLiteral("Cannot read build %1's resources").arg(buildId), q);
    QList<BuildResource> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                    q.value(5).toString()});
    return out;
}

bool ResourceLedger::holdsResources(const QString &buildId) const
{
    auto list = resources(buildId);
    return list && std::any_of(list->cbegin(), list->cend(), [](const BuildResource &r) { return r.state != QLatin1String("gone"); });
}

QStringList ResourceLedger::destroyAll(Provider &provider, const QString &buildId, const std::function<void(const QString &)> &log)
{
    QStringList failures;
    auto list = resources(buildId);
    if (!list) {
        failures.append(list.error().message);
        return failures;
    }
    for (auto it = list->crbegin(); it != list->crend(); ++it) {
        if (it->state == QLatin1String("gone"))
            continue;
        auto destroyed = provider.destroy(*it);
        if (destroyed) {
            if (auto marked = markGone(it->id); !marked)
                failures.append(marked.error().message);
            if (log)
                log(QStringLiteral("Removed %1 %2").arg(it->kind, it->identifier));
        } else {
            failures.append(QStringLiteral("%1 %2: %3").arg(it->kind, it->identifier, destroyed.error().message));
            if (log)
                log(QStringLiteral("Could not remove %1 %2: %3").arg(it->kind, it->identifier, destroyed.error().message));
        }
    }
    return failures;
}

QString ResourceLedger::processStart(qint64 pid)
{
    return platform::processStartTime(pid);
}

bool ResourceLedger::ownerAlive(const LedgerBuild &build)
{
    if (build.ownerPid <= 0)
        return false;
    const QString start = processStart(build.ownerPid);
    if (!start.isEmpty() || !build.ownerStart.isEmpty())
        return start == build.ownerStart;
    return platform::processAlive(build.ownerPid);
}

}  // namespace ib
