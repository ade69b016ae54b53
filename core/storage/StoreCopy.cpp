#include "storage/StoreCopy.h"

#include "logging/Logging.h"
#include "storage/SqlHelpers.h"
#include "storage/Store.h"

#include <QElapsedTimer>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace ib {

using namespace ib::sql;

namespace {

// Values per INSERT: many rows per round trip keeps a copy over the network in seconds.
// Not many more: QtSql's binding of positional values grows faster than linearly with
// their number (8000 values per statement copied 6x slower than 1000, measured).
constexpr int kMaxValuesPerInsert = 1000;

Result<QStringList> columnsOf(const QSqlDatabase &db, const QString &table)
{
    const QSqlRecord record = db.record(table);
    if (record.isEmpty())
        return makeError(ErrorKind::Io, QStringLiteral("The table %1 is missing from the store.").arg(table));
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns.append(record.fieldName(i).toLower());
    return columns;
}

QString insertStatement(const QString &table, const QStringList &columns, int rows)
{
    QString oneRow = QStringLiteral("(");
    for (qsizetype i = 0; i < columns.size(); ++i)
        oneRow += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    oneRow += QLatin1Char(')');
    QString statement = QStringLiteral("INSERT INTO %1 (%2) VALUES ").arg(table, columns.join(QStringLiteral(", ")));
    for (int r = 0; r < rows; ++r) {
        if (r > 0)
            statement += QStringLiteral(", ");
        statement += oneRow;
    }
    return statement;
}

// A value as text the same on both backends: SQLite hands INTEGER columns back as
// qlonglong, PostgreSQL as int or qlonglong; all of them print the same digits.
QString canonicalValue(const QVariant &v)
{
    if (v.isNull())
        return QStringLiteral("\\N");
    return v.toString();
}

// One table, row for row, in batches of up to kMaxValuesPerInsert values; returns the rows copied.
Result<qint64> copyTable(Store &from, Store &to, const QSqlDatabase &source, const QSqlDatabase &target, const QString &table)
{
    auto columns = columnsOf(source, table);
    if (!columns)
        return columns.error();
    auto targetColumns = columnsOf(target, table);
    if (!targetColumns)
        return targetColumns.error();
    for (const auto &c : columns.value())
        if (!targetColumns->contains(c))
            return makeError(
                ErrorKind::Unsupported,
                QStringLiteral("The target's table %1 has no column %2; both stores must be at the same schema.").arg(table, c));

    const auto width = static_cast<int>(columns->size());
    const int rowsPerInsert = std::max(1, kMaxValuesPerInsert / width);
    QSqlQuery read(source);
    read.setForwardOnly(true);
    if (!read.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns->join(QStringLiteral(", ")), table)))
        return dbError(QStringLiteral("Cannot read %1 from %2").arg(table, from.location()), read.lastError());

    QSqlQuery fullInsert(target);
    bool fullPrepared = false;
    QVariantList pending;
    pending.reserve(static_cast<qsizetype>(rowsPerInsert) * width);
    qint64 rows = 0;
    auto flush = [&](int rowCount) -> Result<void> {
        QSqlQuery partial(target);
        QSqlQuery *insert = &fullInsert;
        if (rowCount == rowsPerInsert) {
            if (!fullPrepared && !fullInsert.prepare(insertStatement(table, columns.value(), rowCount)))
                return dbError(QStringLiteral("Cannot prepare the copy of %1").arg(table), fullInsert.lastError());
            fullPrepared = true;
        } else {
            insert = &partial;
            if (!partial.prepare(insertStatement(table, columns.value(), rowCount)))
                return dbError(QStringLiteral("Cannot prepare the copy of %1").arg(table), partial.lastError());
        }
        for (qsizetype i = 0; i < pending.size(); ++i)
            insert->bindValue(static_cast<int>(i), pending.at(i));
        if (!insert->exec())
            return dbError(QStringLiteral("Cannot write %1 into %2").arg(table, to.location()), insert->lastError());
        pending.clear();
        return {};
    };
    int pendingRows = 0;
    while (read.next()) {
        for (int c = 0; c < width; ++c)
            pending.append(read.value(c));
        ++rows;
        if (++pendingRows == rowsPerInsert) {
            if (auto ok = flush(pendingRows); !ok)
                return ok.error();
            pendingRows = 0;
        }
    }
    if (read.lastError().isValid())
        return dbError(QStringLiteral("Cannot read %1 from %2").arg(table, from.location()), read.lastError());
    if (pendingRows > 0) {
        if (auto ok = flush(pendingRows); !ok)
            return ok.error();
    }
    return rows;
}

}  // namespace

QStringList StoreCopy::tables()
{
    return {
        QStringLiteral("templates"),     QStringLiteral("template_revisions"), QStringLiteral("base_images"),      QStringLiteral("builds"),
        QStringLiteral("build_steps"),   QStringLiteral("build_resources"),    QStringLiteral("build_log_chunks"), QStringLiteral("images"),
        QStringLiteral("cloud_accounts")};
}

Result<QList<StoreCopy::TableCount>> StoreCopy::counts(Store &store)
{
    QList<TableCount> out;
    QSqlQuery q(store.database());
    for (const auto &table : tables()) {
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !q.next())
            return dbError(QStringLiteral("Cannot count the rows of %1 in %2").arg(table, store.location()), q.lastError());
        out.append({table, q.value(0).toLongLong()});
    }
    return out;
}

Result<void> StoreCopy::checkEmpty(Store &target)
{
    auto counted = counts(target);
    if (!counted)
        return counted.error();
    QStringList found;
    for (const auto &c : counted.value())
        if (c.rows > 0)
            found.append(QStringLiteral("%1 %2").arg(c.rows).arg(c.table));
    if (!found.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("The target store %1 is not empty (it holds %2); nothing was copied. "
                                                            "Copy into a new, empty database or file.")
                                                 .arg(target.location(), found.join(QStringLiteral(", "))));
    return {};
}

Result<QList<StoreCopy::TableCount>> StoreCopy::copy(Store &from, Store &to, const std::function<void(const QString &)> &progress)
{
    if (from.schemaVersion() != to.schemaVersion())
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("The stores are at different schema versions (%1 and %2); open both with this Image Builder first.")
                             .arg(from.schemaVersion())
                             .arg(to.schemaVersion()));
    QElapsedTimer timer;
    timer.start();
    auto source = from.database();
    auto target = to.database();
    // Copying a store into itself would find it not empty; still, say what went wrong.
    if (from.location() == to.location())
        return makeError(ErrorKind::Invalid, QStringLiteral("--from and --to name the same store (%1).").arg(from.location()));

    Transaction tx(target);
    if (!tx.isOpen())
        return dbError(QStringLiteral("Cannot start a transaction on %1").arg(to.location()), tx.error());
    // Checked inside the transaction: on SQLite it holds the write lock already, so
    // nothing can land between the check and the copy.
    if (auto empty = checkEmpty(to); !empty)
        return empty.error();

    QList<TableCount> copied;
    for (const auto &table : tables()) {
        auto rows = copyTable(from, to, source, target, table);
        if (!rows)
            return rows.error();
        copied.append({table, rows.value()});
        if (progress)
            progress(QStringLiteral("%1: %2 rows").arg(table).arg(rows.value()));
    }
    if (!tx.commit())
        return dbError(QStringLiteral("Cannot commit the copy into %1").arg(to.location()), target.lastError());
    logging::get("db")->info("copied {} into {} in {} ms", from.location().toStdString(), to.location().toStdString(), timer.elapsed());
    return copied;
}

Result<QStringList> StoreCopy::canonicalDump(Store &store)
{
    auto db = store.database();
    QStringList out;
    for (const auto &table : tables()) {
        auto columns = columnsOf(db, table);
        if (!columns)
            return columns.error();
        // The same column order whatever order the backend reports them in.
        QStringList sorted = columns.value();
        sorted.sort();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT %1 FROM %2").arg(sorted.join(QStringLiteral(", ")), table)))
            return dbError(QStringLiteral("Cannot read %1").arg(table), q.lastError());
        // Sorted here, not by ORDER BY: the two backends may collate text differently.
        QStringList rows;
        while (q.next()) {
            QString row = table;
            for (int c = 0; c < sorted.size(); ++c)
                row += QLatin1Char('\x1f') + canonicalValue(q.value(c));
            rows.append(row);
        }
        rows.sort();
        out += rows;
    }
    return out;
}

}  // namespace ib
