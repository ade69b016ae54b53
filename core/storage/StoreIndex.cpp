// Cheap summaries of the store for views that refresh often: which templates exist at
// which revision, and the latest build state per template. A view compares them with what
// it shows and then reads only what changed.
#include "storage/Store.h"

#include "storage/SqlHelpers.h"

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
