// Cheap summaries of the store for views that refresh often: which templates exist at
// which revision, and the latest build state per template. A view compares them with what
// it shows and then reads only what changed.
#include "storage/Store.h"

#include "storage/SqlHelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ib {

using namespace ib::sql;

Result<QHash<QString, int>> Store::templateRevisionIndex()
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, revision FROM templates")))
        return dbError(QStringLiteral("Cannot list templates"), q.lastError());
    QHash<QString, int> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toInt());
    return out;
}

Result<void> Store::forEachTemplateSummary(const std::function<void(const ImageTemplate &)> &visit)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    // Ties by id: the order TemplateTableModel sorts by name in, so its pages append.
    if (!q.exec(QStringLiteral(
            "SELECT id, name, os_type, os_distro, os_version, applications, min_storage_gb, description, revision, updated_at"
            " FROM templates ORDER BY name_key, id")))
        return dbError(QStringLiteral("Cannot list templates"), q.lastError());
    QHash<QString, QStringList> applications;  // by their stored JSON: a few hundred distinct lists
    QHash<QString, QString> words;             // OS fields: a handful of distinct values
    const auto shared = [&words](const QString &value) {
        auto it = words.constFind(value);
        return it != words.cend() ? *it : *words.insert(value, value);
    };
    ImageTemplate t;
    while (q.next()) {
        t.id = q.value(0).toString();
        t.name = q.value(1).toString();
        t.os.type = shared(q.value(2).toString());
        t.os.distro = shared(q.value(3).toString());
        t.os.version = shared(q.value(4).toString());
        const QString json = q.value(5).toString();
        if (const auto cached = applications.constFind(json); cached != applications.cend()) {
            t.applications = *cached;
        } else {
            QStringList list;
            for (const QJsonArray jsonItems = QJsonDocument::fromJson(json.toUtf8()).array(); const auto &app : jsonItems)
                list.append(app.toString());
            applications.insert(json, list);
            t.applications = list;
        }
        t.minStorageGb = q.value(6).toInt();
        t.description = q.value(7).toString();
        t.revision = q.value(8).toInt();
        t.updatedAt = parseTime(q.value(9).toString());
        visit(t);
    }
    if (q.lastError().isValid())
        return dbError(QStringLiteral("Cannot list templates"), q.lastError());
    return {};
}

Result<QHash<QString, BuildState>> Store::latestBuildStates()
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    // Oldest first: a later row of the same template replaces an earlier one.
    if (!q.exec(QStringLiteral("SELECT template_id, state FROM builds ORDER BY created_at")))
        return dbError(QStringLiteral("Cannot list builds"), q.lastError());
    QHash<QString, BuildState> out;
    while (q.next())
        out.insert(q.value(0).toString(), buildStateFromName(q.value(1).toString()));
    return out;
}

}  // namespace ib
