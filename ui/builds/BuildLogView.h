#pragma once

#include <QPlainTextEdit>
#include <QStringList>
#include <QTimer>

namespace ib::ui {

// A build's live log: a read-only QPlainTextEdit that keeps the last maxLines lines (the
// full log is on disk), takes lines in batches (appends within 50 ms are one insert, one
// repaint) and follows the end only while the user is at the bottom. Dropping lines from
// the top costs time in proportion to the whole document, so it happens in chunks (the
// view may hold up to a quarter more for a moment), not at every batch; the window is
// 20k lines, what a 50k-lines-a-second build needs to stay smooth (tests/bench/gui).
class BuildLogView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogView)

public:
    static constexpr int DefaultMaxLines = 20000;
    static constexpr int BatchMs = 50;
    // At most this many lines go in per batch; the rest waits for the next one (and the
    // oldest of it is dropped once more than maxLines wait: it would scroll out anyway).
    // A batch that took long spaces the next one out, so input is never starved.
    static constexpr int MaxLinesPerBatch = 4000;

    explicit BuildLogView(QWidget *parent = nullptr);

    void setMaxLines(int lines);
    int maxLines() const { return m_maxLines; }
    void appendLine(const QString &line);
    void appendLines(const QStringList &lines);
    // Removes the lines over maxLines from the top now.
    void trim();
    void setLines(const QStringList &lines);
    // Inserts what is pending now instead of at the next batch.
    void flushPending();
    int lineCount() const;
    bool isAtBottom() const;

    // Selects the next (or previous) match after the cursor, wrapping; false when none.
    bool find(const QString &text, bool backward);

private:
    void insertPending(qsizetype maxLines);
    void onBatch();

    QStringList m_pending;
    QTimer m_batch;
    int m_maxLines = DefaultMaxLines;
    bool m_empty = true;
};

}  // namespace ib::ui
