#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>

namespace ib::ui {

// Times in tables and messages: ISO order in local time ("2026-11-27 14:05"), the same in
// every language. Qt's short formats are ambiguous ("26. 11. 27." in Korean, "11/27/26" in
// English) and a sorted column of them reads badly.
inline QString displayDateTime(const QDateTime &when)
{
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

inline QString displayDate(const QDate &day)
{
    return day.isValid() ? day.toString(QStringLiteral("yyyy-MM-dd")) : QString();
}

}  // namespace ib::ui
