#pragma once

// Small helpers shared by the Store's source files.

#include "util/Result.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace ib::sql {

inline QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

inline QDateTime parseTime(const QString &text)
{
    auto t = QDateTime::fromString(text, Qt::ISODateWithMs);
    t.setTimeSpec(Qt::UTC);
    return t;
}

inline Error dbError(const QString &what, const QSqlError &e)
{
    return makeError(ErrorKind::Io, QStringLiteral("%1: %2").arg(what, e.text()));
}

// SQLSTATE 23505 on PostgreSQL; SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY on SQLite.
inline bool isUniqueViolation(const QSqlError &e)
{
    const auto code = e.nativeErrorCode();
    return code == QLatin1String("23505") || code == QLatin1String("2067") || code == QLatin1String("1555") ||
           e.databaseText().contains(QLatin1String("UNIQUE constraint failed"), Qt::CaseInsensitive);
}

// QtSql binds a null QString as SQL NULL; the columns want text, even empty text.
inline QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

// A LIKE pattern matching every text that starts with `prefix`, for `LIKE ? ESCAPE '!'`.
// SQLite has no default escape character and PostgreSQL's is the backslash: naming one
// in the statement makes both read the pattern the same way.
inline QString likePrefix(const QString &prefix)
{
    QString escaped;
    escaped.reserve(prefix.size() + 2);
    for (const QChar c : prefix) {
        if (c == QLatin1Char('!') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped += QLatin1Char('!');
        escaped += c;
    }
    escaped += QLatin1Char('%');
    return escaped;
}

// The channels the Store notifies on PostgreSQL after each write (StoreWatcher listens).
inline constexpr const char *kTemplatesChannel = "ib_templates";
inline constexpr const char *kBuildsChannel = "ib_builds";
inline constexpr const char *kImagesChannel = "ib_images";
inline constexpr const char *kBuildLogChannel = "ib_build_log";

// Rolls back unless committed: every early return leaves the database as it was.
//
// On SQLite the transaction starts with BEGIN IMMEDIATE: it takes the write lock at once
// (waiting up to the busy timeout), so two connections never both hold a read snapshot
// and then fail with SQLITE_BUSY when the second tries to write. On PostgreSQL it is a
// plain READ COMMITTED transaction; row locks of `UPDATE ... WHERE revision = ?` order
// concurrent writers.
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase &db)
        : m_db(db)
    {
        if (m_db.driverName() == QLatin1String("QSQLITE")) {
            QSqlQuery q(m_db);
            m_open = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
            if (!m_open)
                m_error = q.lastError();
        } else {
            m_open = m_db.transaction();
            if (!m_open)
                m_error = m_db.lastError();
        }
    }
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    bool isOpen() const { return m_open; }
    // Why it did not start.
    QSqlError error() const { return m_error; }
    bool commit()
    {
        m_open = false;
        return m_db.commit();
    }
    // Ends it now, before the queries of a failed statement are freed: PostgreSQL refuses
    // every command (even DEALLOCATE) in a transaction that an error aborted.
    void rollback()
    {
        if (m_open)
            m_db.rollback();
        m_open = false;
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
    QSqlError m_error;
};

}  // namespace ib::sql
