#pragma once

#include "util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace ib {

class Store;

// Copies one store into another, losing nothing: every table, row for row (template
// revisions, builds with their steps, resources and log chunks, images, base images), in
// one transaction on the target. SQLite to PostgreSQL and back; the target must be empty.
class StoreCopy final
{
public:
    struct TableCount
    {
        QString table;
        qint64 rows = 0;
    };

    // The tables copied, parents before children (foreign keys hold at every insert).
    // schema_migrations is not copied: both stores are at the latest schema once opened.
    static QStringList tables();

    // Rows per table.
    static Result<QList<TableCount>> counts(Store &store);
    // Fails with ErrorKind::Invalid, naming what is there, unless every table is empty.
    static Result<void> checkEmpty(Store &target);
    // Copies everything from `from` into `to` (which must be empty); returns the counts copied.
    // `progress` (optional) hears "templates: 1000 rows" as each table is done.
    static Result<QList<TableCount>> copy(Store &from, Store &to, const std::function<void(const QString &)> &progress = {});

    // Every row of every table as text, sorted, for comparing two stores: equal dumps
    // mean equal content whatever the backend.
    static Result<QStringList> canonicalDump(Store &store);
};

}  // namespace ib
