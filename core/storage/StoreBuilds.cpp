// The Store's base images, builds, build resources and images (schema 2).
#include "storage/Store.h"

#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "storage/SqlHelpers.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace ib {

using namespace ib::sql;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeOrNull(const QString &s)
{
    return s.isEmpty() ? QDateTime() : parseTime(s);
}

QJsonObject baseImageToJson(const BaseImage &b)
{
    return QJsonObject{{QStringLiteral("id"), b.id},
                       {QStringLiteral("name"), b.name},
                       {QStringLiteral("provider"), b.provider},
                       {QStringLiteral("path"), b.path},
                       {QStringLiteral("format"), b.format},
                       {QStringLiteral("os"), QJsonObject{{QStringLiteral("type"), b.os.type},
                                                          {QStringLiteral("distro"), b.os.distro},
                                                          {QStringLiteral("version"), b.os.version}}},
                       {QStringLiteral("loginUser"), b.loginUser},
                       {QStringLiteral("sizeBytes"), static_cast<double>(b.sizeBytes)},
                       {QStringLiteral("createdAt"), timeText(b.createdAt)},
                       {QStringLiteral("architecture"), b.architecture}};
}

BaseImage baseImageFromJson(const QJsonObject &o)
{
    BaseImage b;
    b.id = o.value(QStringLiteral("id")).toString();
    b.name = o.value(QStringLiteral("name")).toString();
    b.provider = o.value(QStringLiteral("provider")).toString();
    b.path = o.value(QStringLiteral("path")).toString();
    b.format = o.value(QStringLiteral("format")).toString();
    const auto os = o.value(QStringLiteral("os")).toObject();
    b.os = OsSpec{os.value(QStringLiteral("type")).toString(), os.value(QStringLiteral("distro")).toString(),
                  os.value(QStringLiteral("version")).toString()};
    b.loginUser = o.value(QStringLiteral("loginUser")).toString();
    b.sizeBytes = static_cast<qint64>(o.value(QStringLiteral("sizeBytes")).toDouble());
    b.createdAt = timeOrNull(o.value(QStringLiteral("createdAt")).toString());
    b.architecture = architectureFromText(o.value(QStringLiteral("architecture")).toString());
    return b;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

const char *const kBaseImageColumns =
    "id, name, provider, path, format, os_type, os_distro, os_version, login_user, size_bytes, created_at, architecture";

BaseImage baseImageFromQuery(const QSqlQuery &q)
{
    BaseImage b;
    b.id = q.value(0).toString();
    b.name = q.value(1).toString();
    b.provider = q.value(2).toString();
    b.path = q.value(3).toString();
    b.format = q.value(4).toString();
    b.os = OsSpec{q.value(5).toString(), q.value(6).toString(), q.value(7).toString()};
    b.loginUser = q.value(8).toString();
    b.sizeBytes = q.value(9).toLongLong();
    b.createdAt = timeOrNull(q.value(10).toString());
    b.architecture = architectureFromText(q.value(11).toString());
    return b;
}

// A row's log path only when it has the one shape this program writes: an absolute, clean
// ".../<the row's own build id>/build.log". Rows are written by every member of a team
// store: anything else (/dev/zero, a FIFO, ~/.ssh/id_ed25519, "../") is dropped here, and
// BuildLog::readFile reads regular files only.
QString trustedLogPath(const QString &buildId, const QString &stored)
{
    if (!trusted::isBuildId(buildId) || stored.isEmpty())
        return {};
    const QString tail = QLatin1Char('/') + buildId + QStringLiteral("/build.log");
    if (!stored.endsWith(tail) || QDir::cleanPath(stored) != stored || !QDir::isAbsolutePath(stored) || stored.contains(QLatin1Char('\\')))
        return {};
    return stored;
}

const char *const kBuildColumns =
    "id, template_id, template_revision, template_snapshot, image_name, base_image_id, base_image_snapshot, provider, state,"
    " current_step, failure_cause, owner_host, owner_pid, log_path, image_id, cancel_requested, created_at, started_at, finished_at";

BuildRecord buildFromQuery(const QSqlQuery &q)
{
    BuildRecord b;
    b.id = q.value(0).toString();
    b.templateId = q.value(1).toString();
    b.templateRevision = q.value(2).toInt();
    b.snapshot = ImageTemplate::fromJson(QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object());
    b.imageName = q.value(4).toString();
    b.baseImage = baseImageFromJson(QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object());
    b.baseImage.id = q.value(5).toString();
    b.provider = q.value(7).toString();
    b.state = buildStateFromName(q.value(8).toString());
    b.currentStep = buildStepFromName(q.value(9).toString());
    b.failureCause = q.value(10).toString();
    b.ownerHost = q.value(11).toString();
    b.ownerPid = q.value(12).toLongLong();
    b.logPath = trustedLogPath(b.id, q.value(13).toString());
    b.imageId = q.value(14).toString();
    b.cancelRequested = q.value(15).toInt() != 0;
    b.createdAt = timeOrNull(q.value(16).toString());
    b.startedAt = timeOrNull(q.value(17).toString());
    b.finishedAt = timeOrNull(q.value(18).toString());
    return b;
}

const char *const kImageColumns =
    "id, name, provider, location, format, template_id, template_revision, build_id, os_type, os_distro, os_version,"
    " login_user, size_bytes, virtual_size_bytes, created_at, test_state, datasources, checksum, source_image_id, architecture";

ImageRecord imageFromQuery(const QSqlQuery &q)
{
    ImageRecord i;
    i.id = q.value(0).toString();
    i.name = q.value(1).toString();
    i.provider = q.value(2).toString();
    i.location = q.value(3).toString();
    i.format = q.value(4).toString();
    i.templateId = q.value(5).toString();
    i.templateRevision = q.value(6).toInt();
    i.buildId = q.value(7).toString();
    i.os = OsSpec{q.value(8).toString(), q.value(9).toString(), q.value(10).toString()};
    i.loginUser = q.value(11).toString();
    i.sizeBytes = q.value(12).toLongLong();
    i.virtualSizeBytes = q.value(13).toLongLong();
    i.createdAt = timeOrNull(q.value(14).toString());
    i.testState = q.value(15).toString();
    i.datasources = q.value(16).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    i.checksum = q.value(17).toString();
    i.sourceImageId = q.value(18).toString();
    i.architecture = architectureFromText(q.value(19).toString());
    return i;
}

// "INSERT INTO table (columns) VALUES (?, ?, …)" with one placeholder a column.
QString insertInto(const char *table, const char *columns)
{
    const auto count = QByteArray(columns).count(',') + 1;
    QStringList marks(count, QStringLiteral("?"));
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
        .arg(QLatin1String(table), QLatin1String(columns), marks.join(QStringLiteral(", ")));
}

bool exec(QSqlQuery &q, const QList<QVariant> &values)
{
    for (const auto &v : values)
        q.addBindValue(v);
    return q.exec();
}

}  // namespace

// A table's row by id, or by a unique id prefix of 8 or more characters.
template <typename T, typename F>
static Result<T> findById(const QSqlDatabase &db, const char *table, const char *columns, const QString &id, const QString &what,
                          F fromQuery)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(QLatin1String(columns), QLatin1String(table)));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot read %1 %2").arg(what, id), q.lastError());
    if (q.next())
        return fromQuery(q);
    if (id.size() >= 8) {
        q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE id LIKE ? ESCAPE '!' ORDER BY id LIMIT 2")
                      .arg(QLatin1String(columns), QLatin1String(table)));
        q.addBindValue(likePrefix(id));
        if (q.exec() && q.next()) {
            T found = fromQuery(q);
            if (!q.next())
                return found;
            return makeError(ErrorKind::Invalid, QStringLiteral("More than one %1 id starts with %2; give more of the id.").arg(what, id));
        }
    }
    return makeError(ErrorKind::NotFound, QStringLiteral("There is no %1 with id %2.").arg(what, id));
}

Result<BaseImage> Store::addBaseImage(const BaseImage &input)
{
    BaseImage b = input;
    if (b.id.isEmpty())
        b.id = newId();
    if (!b.createdAt.isValid())
        b.createdAt = parseTime(now());
    QSqlQuery q(database());
    q.prepare(insertInto("base_images", kBaseImageColumns));
    if (!exec(q, {b.id, text(b.name), text(b.provider), text(b.path), text(b.format), text(b.os.type), text(b.os.distro),
                  text(b.os.version), text(b.loginUser), b.sizeBytes, timeText(b.createdAt), text(b.architecture)}))
        return dbError(QStringLiteral("Cannot save the base image"), q.lastError());
    notifyChanged(kImagesChannel, b.id);
    return b;
}

Result<QList<BaseImage>> Store::listBaseImages()
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT %1 FROM base_images ORDER BY created_at").arg(QLatin1String(kBaseImageColumns))))
        return dbError(QStringLiteral("Cannot list base images"), q.lastError());
    QList<BaseImage> out;
    while (q.next())
        out.append(baseImageFromQuery(q));
    return out;
}

Result<BaseImage> Store::baseImageById(const QString &id)
{
    return findById<BaseImage>(database(), "base_images", kBaseImageColumns, id, QStringLiteral("base image"), baseImageFromQuery);
}

Result<void> Store::removeBaseImage(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT id, image_name FROM builds WHERE base_image_id = ? AND state IN ('queued', 'running')"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot check the base image's builds"), q.lastError());
    if (q.next())
        return makeError(ErrorKind::InUse,
                         QStringLiteral("The base image is used by build %1 (image \"%2\"); wait for it to end or cancel it first.")
                             .arg(q.value(0).toString().left(8), q.value(1).toString()));
    q.prepare(QStringLiteral("DELETE FROM base_images WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot remove the base image"), q.lastError());
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no base image with id %1.").arg(id));
    notifyChanged(kImagesChannel, id);
    return {};
}

Result<void> Store::renameBaseImage(const QString &id, const QString &name)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE base_images SET name = ? WHERE id = ?"));
    q.addBindValue(name);
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot rename the base image"), q.lastError());
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no base image with id %1.").arg(id));
    notifyChanged(kImagesChannel, id);
    return {};
}

Result<BuildRecord> Store::createBuild(const BuildRecord &input)
{
    BuildRecord b = input;
    if (b.id.isEmpty())
        b.id = newId();
    b.state = BuildState::Queued;
    b.createdAt = parseTime(now());
    QSqlQuery q(database());
    q.prepare(insertInto("builds", kBuildColumns));
    if (!exec(q, {b.id, text(b.templateId), b.templateRevision, compact(b.snapshot.toJson()), text(b.imageName), text(b.baseImage.id),
                  compact(baseImageToJson(b.baseImage)), text(b.provider), buildStateName(b.state), buildStepName(b.currentStep),
                  text(b.failureCause), text(b.ownerHost), b.ownerPid, text(b.logPath), text(b.imageId), 0, timeText(b.createdAt),
                  QStringLiteral(""), QStringLiteral("")}))
        return dbError(QStringLiteral("Cannot save the build"), q.lastError());
    notifyChanged(kBuildsChannel, b.id);
    return b;
}

Result<BuildRecord> Store::buildById(const QString &id)
{
    auto found = findById<BuildRecord>(database(), "builds", kBuildColumns, id, QStringLiteral("build"), buildFromQuery);
    if (!found)
        return found;
    // Build ids become folder names: a row whose id is not a UUID was not written by
    // Image Builder (a team store's member can write any row) and is left alone.
    if (!trusted::isBuildId(found->id))
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("The build row \"%1\" has an id that is not a UUID; Image Builder ignores it.").arg(found->id));
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT step, started_at, finished_at, outcome FROM build_steps WHERE build_id = ? ORDER BY started_at"));
    q.addBindValue(found->id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot read the build's steps"), q.lastError());
    while (q.next())
        found->steps.append({buildStepFromName(q.value(0).toString()), timeOrNull(q.value(1).toString()), timeOrNull(q.value(2).toString()),
                             q.value(3).toString()});
    // Steps started in the same millisecond (a launch that fails at once and its clean-up)
    // tie in ORDER BY: the pipeline's order decides.
    std::stable_sort(found->steps.begin(), found->steps.end(), [](const BuildStepRecord &a, const BuildStepRecord &b) {
        return a.startedAt != b.startedAt ? a.startedAt < b.startedAt : a.step < b.step;
    });
    return found;
}

Result<QList<BuildRecord>> Store::listBuilds(const QString &templateId)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (templateId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT %1 FROM builds ORDER BY created_at DESC").arg(QLatin1String(kBuildColumns)));
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM builds WHERE template_id = ? ORDER BY created_at DESC").arg(QLatin1String(kBuildColumns)));
        q.addBindValue(templateId);
    }
    if (!q.exec())
        return dbError(QStringLiteral("Cannot list builds"), q.lastError());
    QList<BuildRecord> out;
    while (q.next()) {
        if (trusted::isBuildId(q.value(0).toString()))  // see buildById
            out.append(buildFromQuery(q));
    }
    return out;
}

Result<QList<BuildRecord>> Store::unfinishedBuilds()
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT %1 FROM builds WHERE state IN ('queued', 'running') ORDER BY created_at")
                    .arg(QLatin1String(kBuildColumns))))
        return dbError(QStringLiteral("Cannot list running builds"), q.lastError());
    QList<BuildRecord> out;
    while (q.next()) {
        if (trusted::isBuildId(q.value(0).toString()))  // see buildById
            out.append(buildFromQuery(q));
    }
    return out;
}

Result<void> Store::markBuildStarted(const QString &id, const QString &ownerHost, qint64 ownerPid, const QString &logPath)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE builds SET state = 'running', owner_host = ?, owner_pid = ?, log_path = ?, started_at = ? WHERE id = ?"));
    if (!exec(q, {text(ownerHost), ownerPid, text(logPath), now(), id}))
        return dbError(QStringLiteral("Cannot mark the build started"), q.lastError());
    notifyChanged(kBuildsChannel, id);
    return {};
}

Result<void> Store::setBuildStep(const QString &id, BuildStep step)
{
    auto db = database();
    Transaction tx(db);
    if (!tx.isOpen())
        return dbError(QStringLiteral("Cannot record the build's step"), tx.error());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE builds SET current_step = ? WHERE id = ?"));
    if (!exec(q, {buildStepName(step), id}))
        return dbError(QStringLiteral("Cannot record the build's step"), q.lastError());
    q.prepare(QStringLiteral("DELETE FROM build_steps WHERE build_id = ? AND step = ?"));
    exec(q, {id, buildStepName(step)});
    q.prepare(QStringLiteral("INSERT INTO build_steps (build_id, step, started_at, finished_at, outcome) VALUES (?, ?, ?, '', '')"));
    if (!exec(q, {id, buildStepName(step), now()}))
        return dbError(QStringLiteral("Cannot record the build's step"), q.lastError());
    if (!tx.commit())
        return dbError(QStringLiteral("Cannot record the build's step"), db.lastError());
    notifyChanged(kBuildsChannel, id);
    return {};
}

Result<void> Store::finishStep(const QString &id, BuildStep step, const QString &outcome)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE build_steps SET finished_at = ?, outcome = ? WHERE build_id = ? AND step = ?"));
    if (!exec(q, {now(), outcome, id, buildStepName(step)}))
        return dbError(QStringLiteral("Cannot record the step's end"), q.lastError());
    notifyChanged(kBuildsChannel, id);
    return {};
}

Result<void> Store::finishBuild(const QString &id, BuildState state, const QString &failureCause, const QString &imageId)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE builds SET state = ?, failure_cause = ?, image_id = ?, finished_at = ? WHERE id = ?"));
    if (!exec(q, {buildStateName(state), text(failureCause), text(imageId), now(), id}))
        return dbError(QStringLiteral("Cannot record the build's end"), q.lastError());
    notifyChanged(kBuildsChannel, id);
    return {};
}

Result<void> Store::requestCancel(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE builds SET cancel_requested = 1 WHERE id = ?"));
    if (!exec(q, {id}))
        return dbError(QStringLiteral("Cannot request the cancel"), q.lastError());
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no build with id %1.").arg(id));
    notifyChanged(kBuildsChannel, id);
    return {};
}

Result<QStringList> Store::buildsToSweep()
{
    QSqlQuery q(database());
    // Two indexed look-ups rather than one scan of every build (and its snapshot) behind
    // an OR: the start-up of the app runs this before its window shows.
    if (!q.exec(
            QStringLiteral("SELECT id FROM builds WHERE state IN ('queued', 'running')"
                           " UNION SELECT r.build_id FROM build_resources r JOIN builds b ON b.id = r.build_id WHERE r.state <> 'gone'")))
        return dbError(QStringLiteral("Cannot look for builds to clean up"), q.lastError());
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

Result<bool> Store::cancelRequested(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT cancel_requested FROM builds WHERE id = ?"));
    if (!exec(q, {id}))
        return dbError(QStringLiteral("Cannot read the build"), q.lastError());
    return q.next() && q.value(0).toInt() != 0;
}

Result<QString> Store::addResourceIntent(const QString &buildId, const QString &kind, const QString &identifier, const QString &detail)
{
    const auto id = newId();
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO build_resources (id, build_id, kind, identifier, detail, state, created_at, updated_at)"
                             " VALUES (?, ?, ?, ?, ?, 'intent', ?, ?)"));
    const auto stamp = now();
    if (!exec(q, {id, buildId, kind, text(identifier), text(detail), stamp, stamp}))
        return dbError(QStringLiteral("Cannot record the resource"), q.lastError());
    notifyChanged(kBuildsChannel, buildId);
    return id;
}

Result<void> Store::setResourceState(const QString &resourceId, const QString &state, const QString &identifier)
{
    QSqlQuery q(database());
    if (identifier.isEmpty()) {
        q.prepare(QStringLiteral("UPDATE build_resources SET state = ?, updated_at = ? WHERE id = ?"));
        if (!exec(q, {state, now(), resourceId}))
            return dbError(QStringLiteral("Cannot record the resource"), q.lastError());
    } else {
        q.prepare(QStringLiteral("UPDATE build_resources SET state = ?, identifier = ?, updated_at = ? WHERE id = ?"));
        if (!exec(q, {state, identifier, now(), resourceId}))
            return dbError(QStringLiteral("Cannot record the resource"), q.lastError());
    }
    notifyChanged(kBuildsChannel);
    return {};
}

Result<QList<BuildResource>> Store::buildResources(const QString &buildId)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "SELECT id, build_id, kind, identifier, detail, state FROM build_resources WHERE build_id = ? ORDER BY created_at, id"));
    if (!exec(q, {buildId}))
        return dbError(QStringLiteral("Cannot read the build's resources"), q.lastError());
    QList<BuildResource> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                    q.value(5).toString()});
    return out;
}

Result<ImageRecord> Store::addImage(const ImageRecord &input)
{
    ImageRecord i = input;
    if (i.id.isEmpty())
        i.id = newId();
    if (!i.createdAt.isValid())
        i.createdAt = parseTime(now());
    QSqlQuery q(database());
    q.prepare(insertInto("images", kImageColumns));
    QList<QVariant> values{i.id, text(i.name), text(i.provider), text(i.location), text(i.format), text(i.templateId)};
    values << i.templateRevision << text(i.buildId) << text(i.os.type) << text(i.os.distro) << text(i.os.version) << text(i.loginUser)
           << i.sizeBytes << i.virtualSizeBytes << timeText(i.createdAt) << text(i.testState) << text(i.datasources.join(QLatin1Char(',')))
           << text(i.checksum) << text(i.sourceImageId) << text(i.architecture);
    if (!exec(q, values))
        return dbError(QStringLiteral("Cannot save the image record"), q.lastError());
    notifyChanged(kImagesChannel, i.id);
    return i;
}

Result<QList<ImageRecord>> Store::listImages(const QString &templateId)
{
    QSqlQuery q(database());
    if (templateId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT %1 FROM images ORDER BY created_at DESC").arg(QLatin1String(kImageColumns)));
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM images WHERE template_id = ? ORDER BY created_at DESC").arg(QLatin1String(kImageColumns)));
        q.addBindValue(templateId);
    }
    if (!q.exec())
        return dbError(QStringLiteral("Cannot list images"), q.lastError());
    QList<ImageRecord> out;
    while (q.next())
        out.append(imageFromQuery(q));
    return out;
}

Result<ImageRecord> Store::imageById(const QString &id)
{
    return findById<ImageRecord>(database(), "images", kImageColumns, id, QStringLiteral("image"), imageFromQuery);
}

Result<void> Store::removeImage(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM images WHERE id = ?"));
    if (!exec(q, {id}))
        return dbError(QStringLiteral("Cannot remove the image record"), q.lastError());
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no image with id %1.").arg(id));
    notifyChanged(kImagesChannel, id);
    return {};
}

Result<void> Store::setImageTestState(const QString &id, const QString &testState)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE images SET test_state = ? WHERE id = ?"));
    if (!exec(q, {text(testState), id}))
        return dbError(QStringLiteral("Cannot save the image's test state"), q.lastError());
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no image with id %1.").arg(id));
    notifyChanged(kImagesChannel, id);
    return {};
}

Result<qint64> Store::appendLogChunk(const QString &buildId, const QString &chunkText)
{
    // One writer per build (the machine running it), so MAX + 1 does not race in practice;
    // should two writers meet anyway, the primary key refuses the second and it tries again.
    auto db = database();
    for (int attempt = 0; attempt < 3; ++attempt) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM build_log_chunks WHERE build_id = ?"));
        if (!exec(q, {buildId}) || !q.next())
            return dbError(QStringLiteral("Cannot read the build's log"), q.lastError());
        const qint64 seq = q.value(0).toLongLong() + 1;
        q.prepare(QStringLiteral("INSERT INTO build_log_chunks (build_id, seq, text, created_at) VALUES (?, ?, ?, ?)"));
        if (exec(q, {buildId, seq, text(chunkText), now()})) {
            notifyChanged(kBuildLogChannel, buildId);
            return seq;
        }
        if (!isUniqueViolation(q.lastError()))
            return dbError(QStringLiteral("Cannot write the build's log"), q.lastError());
    }
    return makeError(ErrorKind::Conflict, QStringLiteral("Cannot write the log of build %1: another process writes it too.").arg(buildId));
}

Result<QList<LogChunk>> Store::logChunks(const QString &buildId, qint64 afterSeq, int limit)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT seq, text, created_at FROM build_log_chunks WHERE build_id = ? AND seq > ? ORDER BY seq");
    QVariantList values{buildId, afterSeq};
    if (limit > 0) {
        sql += QStringLiteral(" LIMIT ?");
        values.append(limit);
    }
    q.prepare(sql);
    if (!exec(q, values))
        return dbError(QStringLiteral("Cannot read the build's log"), q.lastError());
    QList<LogChunk> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), timeOrNull(q.value(2).toString())});
    return out;
}

}  // namespace ib
