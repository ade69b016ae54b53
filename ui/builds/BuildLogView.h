#pragma once

#include <QPlainTextEdit>
#include <QStringList>
#include <QTimer>

namespace ib::ui {

// A build's live log: a read-only QPlainTextEdit that keeps at most maxLines lines (the
// full log is on disk), takes lines in batches (appends within 50 ms are one insert, one
// repaint) and follows the end only while the user is at the bottom.
class BuildLogView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogView)

public:
    static constexpr int DefaultMaxLines = 50000;
    static constexpr int BatchMs = 50;

    explicit BuildLogView(QWidget *parent = nullptr);

    void setMaxLines(int lines);
    int maxLines() const { return m_maxLines; }
    void appendLine(const QString &line);
    void appendLines(const QStringList &lines);
    void setLines(const QStringList &lines);
    // Inserts what is pending now instead of at the next batch.
    void flushPending();
    int lineCount() const;
    bool isAtBottom() const;

    // Selects the next (or previous) match after the cursor, wrapping; false when none.
    bool find(const QString &text, bool backward);

private:
    QStringList m_pending;
    QTimer m_batch;
    int m_maxLines = DefaultMaxLines;
    bool m_empty = true;
};

}  // namespace ib::ui
