// The Store's templates and their revisions (schema 1, with the test script and boot test
// of schema 5 and who saved each revision of schema 6).
#include "storage/Store.h"

#include "logging/Logging.h"
#include "storage/SqlHelpers.h"
#include "templates/TemplateRules.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ib {

using namespace ib::sql;

namespace {

const char *const kTemplateColumns =
    "id, name, os_type, os_distro, os_version, applications, min_storage_gb, user_script, description, revision, created_at, updated_at,"
    " test_script, boot_test";

ImageTemplate templateFromQuery(const QSqlQuery &q)
{
    ImageTemplate t;
    t.id = q.value(0).toString();
    t.name = q.value(1).toString();
    t.os.type = q.value(2).toString();
    t.os.distro = q.value(3).toString();
    t.os.version = q.value(4).toString();
    for (const QJsonArray jsonItems = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).array(); const auto &app : jsonItems)
        t.applications.append(app.toString());
    t.minStorageGb = q.value(6).toInt();
    t.userScript = q.value(7).toString();
    t.description = q.value(8).toString();
    t.revision = q.value(9).toInt();
    t.createdAt = parseTime(q.value(10).toString());
    t.updatedAt = parseTime(q.value(11).toString());
    t.testScript = q.value(12).toString();
    t.bootTest = q.value(13).toInt() != 0;
    return t;
}

QString applicationsJson(const QStringList &apps)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(apps)).toJson(QJsonDocument::Compact));
}

QString contentJson(const ImageTemplate &t)
{
    return QString::fromUtf8(QJsonDocument(t.contentToJson()).toJson(QJsonDocument::Compact));
}

// A failed INSERT or UPDATE of a template: its name taken (by another, ignoring case), or
// the database's own error.
Error saveFailed(const QSqlError &error, const QString &name)
{
    if (isUniqueViolation(error))
        return makeError(
            ErrorKind::Conflict,
            TemplateRules::tr("A template named \"%1\" already exists (names are compared ignoring case); choose another name.").arg(name));
    return dbError(QStringLiteral("Cannot save the template"), error);
}

// The revision `t` is now at, in its history, inside the caller's transaction.
Result<void> recordRevision(QSqlQuery &q, const ImageTemplate &t, const QString &stamp)
{
    q.prepare(QStringLiteral("INSERT INTO template_revisions (template_id, revision, content, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(t.id);
    q.addBindValue(t.revision);
    q.addBindValue(contentJson(t));
    q.addBindValue(stamp);
    q.addBindValue(Store::savedBy());
    if (!q.exec())
        return dbError(QStringLiteral("Cannot save the template's revision"), q.lastError());
    return {};
}

}  // namespace

Result<QList<ImageTemplate>> Store::listTemplates()
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM templates ORDER BY name_key").arg(QLatin1String(kTemplateColumns))))
        return dbError(QStringLiteral("Cannot list templates"), q.lastError());
    QList<ImageTemplate> out;
    while (q.next())
        out.append(templateFromQuery(q));
    return out;
}

Result<ImageTemplate> Store::templateById(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM templates WHERE id = ?").arg(QLatin1String(kTemplateColumns)));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot read template %1").arg(id), q.lastError());
    if (!q.next())
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no template with id %1.").arg(id));
    return templateFromQuery(q);
}

Result<ImageTemplate> Store::findTemplate(const QString &idOrName)
{
    if (auto byId = templateById(idOrName); byId || byId.error().kind != ErrorKind::NotFound)
        return byId;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM templates WHERE name_key = ?").arg(QLatin1String(kTemplateColumns)));
    q.addBindValue(TemplateRules::nameKey(idOrName));
    if (!q.exec())
        return dbError(QStringLiteral("Cannot look up template %1").arg(idOrName), q.lastError());
    if (q.next())
        return templateFromQuery(q);
    if (idOrName.size() >= 8) {
        q.prepare(
            QStringLiteral("SELECT %1 FROM templates WHERE id LIKE ? ESCAPE '!' ORDER BY id LIMIT 2").arg(QLatin1String(kTemplateColumns)));
        q.addBindValue(likePrefix(idOrName));
        if (q.exec() && q.next()) {
            auto t = templateFromQuery(q);
            if (!q.next())
                return t;
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("More than one template id starts with %1; give more of the id.").arg(idOrName));
        }
    }
    return makeError(ErrorKind::NotFound,
                     QStringLiteral("There is no template with the id or name \"%1\"; `template list` shows them.").arg(idOrName));
}

Result<bool> Store::nameTaken(const QString &name, const QString &exceptId)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT id FROM templates WHERE name_key = ? AND id <> ?"));
    q.addBindValue(TemplateRules::nameKey(name));
    q.addBindValue(text(exceptId));
    if (!q.exec())
        return dbError(QStringLiteral("Cannot check the template name"), q.lastError());
    return q.next();
}

QString Store::savedBy()
{
    // What the saving client says of itself: the OS user and the host name.
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return user + QLatin1Char('@') + QHostInfo::localHostName();
}

Result<ImageTemplate> Store::createTemplate(const ImageTemplate &input)
{
    ImageTemplate t = input;
    t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.revision = 1;
    const auto stamp = now();
    t.createdAt = t.updatedAt = parseTime(stamp);

    auto db = database();
    Transaction tx(db);
    if (!tx.isOpen())
        return dbError(QStringLiteral("Cannot start a transaction"), tx.error());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO templates (id, name, name_key, os_type, os_distro, os_version, applications,"
                             " min_storage_gb, user_script, description, revision, created_at, updated_at, test_script, boot_test)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v :
         {QVariant(t.id), text(t.name), QVariant(TemplateRules::nameKey(t.name)), text(t.os.type), text(t.os.distro), text(t.os.version),
          QVariant(applicationsJson(t.applications)), QVariant(t.minStorageGb), text(t.userScript), text(t.description),
          QVariant(t.revision), QVariant(stamp), QVariant(stamp), text(t.testScript), QVariant(t.bootTest ? 1 : 0)})
        q.addBindValue(v);
    if (!q.exec()) {
        tx.rollback();
        return saveFailed(q.lastError(), t.name);
    }
    if (auto recorded = recordRevision(q, t, stamp); !recorded)
        return recorded.error();
    if (!tx.commit())
        return dbError(QStringLiteral("Cannot commit the template"), db.lastError());
    notifyChanged(kTemplatesChannel, t.id);
    logging::get("db")->info("template {} created ({})", t.id.toStdString(), t.name.toStdString());
    return t;
}

Result<ImageTemplate> Store::updateTemplate(const ImageTemplate &input)
{
    auto db = database();
    Transaction tx(db);
    if (!tx.isOpen())
        return dbError(QStringLiteral("Cannot start a transaction"), tx.error());
    const auto stamp = now();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE templates SET name = ?, name_key = ?, os_type = ?, os_distro = ?, os_version = ?,"
                             " applications = ?, min_storage_gb = ?, user_script = ?, description = ?, test_script = ?, boot_test = ?,"
                             " revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?"));
    for (const QVariant &v : {text(input.name), QVariant(TemplateRules::nameKey(input.name)), text(input.os.type), text(input.os.distro),
                              text(input.os.version), QVariant(applicationsJson(input.applications)), QVariant(input.minStorageGb),
                              text(input.userScript), text(input.description), text(input.testScript), QVariant(input.bootTest ? 1 : 0),
                              QVariant(stamp), QVariant(input.id), QVariant(input.revision)})
        q.addBindValue(v);
    if (!q.exec()) {
        tx.rollback();
        return saveFailed(q.lastError(), input.name);
    }
    if (q.numRowsAffected() != 1) {
        auto current = templateById(input.id);
        if (!current)
            return current.error();
        return makeError(ErrorKind::Conflict,
                         QCoreApplication::translate("ib::Store",
                                                     "\"%1\" was changed by someone else (now at revision %2, you edited revision %3); "
                                                     "nothing was overwritten. Review their changes and apply yours again.")
                             .arg(current->name)
                             .arg(current->revision)
                             .arg(input.revision));
    }
    ImageTemplate saved = input;
    saved.revision = input.revision + 1;
    if (auto recorded = recordRevision(q, saved, stamp); !recorded)
        return recorded.error();
    // Read back inside the transaction: after the commit another writer may already have
    // moved the template on, and the caller must get the revision it saved.
    auto written = templateById(saved.id);
    if (!written)
        return written.error();
    if (!tx.commit())
        return dbError(QStringLiteral("Cannot commit the template"), db.lastError());
    notifyChanged(kTemplatesChannel, saved.id);
    logging::get("db")->info("template {} updated to revision {}", saved.id.toStdString(), saved.revision);
    return written;
}

Result<void> Store::deleteTemplate(const QString &id)
{
    auto db = database();
    Transaction tx(db);
    if (!tx.isOpen())
        return dbError(QStringLiteral("Cannot start a transaction"), tx.error());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM template_revisions WHERE template_id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot delete the template's revisions"), q.lastError());
    q.prepare(QStringLiteral("DELETE FROM templates WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot delete the template"), q.lastError());
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("There is no template with id %1.").arg(id));
    if (!tx.commit())
        return dbError(QStringLiteral("Cannot commit the deletion"), db.lastError());
    notifyChanged(kTemplatesChannel, id);
    logging::get("db")->info("template {} deleted", id.toStdString());
    return {};
}

Result<QList<ImageTemplate>> Store::templateRevisions(const QString &id)
{
    auto current = templateById(id);
    if (!current)
        return current.error();
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("SELECT revision, content, saved_at, saved_by FROM template_revisions WHERE template_id = ? ORDER BY revision"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("Cannot read the revisions"), q.lastError());
    QList<ImageTemplate> out;
    while (q.next()) {
        auto t = ImageTemplate::contentFromJson(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
        t.id = id;
        t.revision = q.value(0).toInt();
        t.createdAt = current->createdAt;
        t.updatedAt = parseTime(q.value(2).toString());
        t.savedBy = q.value(3).toString();
        out.append(t);
    }
    return out;
}

}  // namespace ib
