#pragma once

#include "util/InertText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace ib::cli {

// Prints rows as aligned columns (the first row is the header); the last column is not padded.
// Every cell is shown inert (its control characters, newlines and tabs visible): cells hold
// stored and remote text, and one cell must stay one cell on one line.
inline void printTable(QTextStream &out, const QList<QStringList> &rows)
{
    if (rows.isEmpty())
        return;
    QList<QStringList> cells;
    cells.reserve(rows.size());
    for (const auto &row : rows) {
        QStringList inert;
        inert.reserve(row.size());
        for (const auto &cell : row)
            inert.append(inertForLine(cell));
        cells.append(inert);
    }
    QList<int> widths(cells.first().size(), 0);
    for (const auto &row : cells)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], static_cast<int>(row[i].size()));
    for (const auto &row : cells) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        out << line << '\n';
    }
}

// Prints a JSON document as --json does. JSON escapes the C0 controls itself (ESC as
// \u001b); the characters it leaves as they are but a terminal may obey or read otherwise
// (DEL, the C1 controls, the line separators and bidirectional overrides) are written as
// \u escapes too. They can only stand inside strings, so the document means the same.
inline void printJson(QTextStream &out, const QJsonDocument &document)
{
    const QString text = QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    if (!hasControlCharacters(text)) {
        out << text;
        return;
    }
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar ch : text) {
        // The document's own newlines are layout; a newline or tab in a string is \n or \t already.
        if (ch != QLatin1Char('\n') && hasControlCharacters(QString(ch)))
            escaped += QStringLiteral("\\u%1").arg(uint(ch.unicode()), 4, 16, QLatin1Char('0'));
        else
            escaped += ch;
    }
    out << escaped;
}

// A time as the tables show it: "2026-11-27 14:05" in the local zone, "-" when not set.
inline QString tableTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-");
}

// One column of a list: its header and how a record fills its cell.
template <typename T>
struct Column
{
    const char *header;
    std::function<QString(const T &)> cell;
};

// The one printer of the lists (template list, build list, image list, ...): with --json
// the records as a JSON array (toJson: a function or a member function of T), else a table.
template <typename T, typename ToJson>
void printRecords(QTextStream &out, const QList<T> &records, bool json, ToJson toJson, const QList<Column<T>> &columns)
{
    if (json) {
        QJsonArray array;
        for (const auto &record : records)
            array.append(std::invoke(toJson, record));
        printJson(out, QJsonDocument(array));
        return;
    }
    QList<QStringList> rows;
    rows.reserve(records.size() + 1);
    QStringList header;
    for (const auto &column : columns)
        header.append(QString::fromLatin1(column.header));
    rows.append(header);
    for (const auto &record : records) {
        QStringList row;
        row.reserve(columns.size());
        for (const auto &column : columns)
            row.append(column.cell(record));
        rows.append(row);
    }
    printTable(out, rows);
}

}  // namespace ib::cli
