#pragma once

#include <QListView>
#include <QStringList>
#include <QTimer>

namespace ib::ui {

class BuildLogModel;

// A build's live log: a read-only list of the last maxLines lines (the full log is on
// disk) over a BuildLogModel. Lines come in batches (appends within 50 ms are one insert,
// one repaint) and the view follows the end only while the user is at the bottom; when
// lines are dropped from the top, a user who scrolled up keeps the lines they read in
// place. One row per line with uniform heights: appending, dropping and painting cost the
// same at 20 lines or 20k (QPlainTextEdit's document relaid and trimmed itself in stalls
// of seconds at 50k lines a second; tests/bench/gui).
class BuildLogView final : public QListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogView)

public:
    static constexpr int DefaultMaxLines = 20000;
    static constexpr int BatchMs = 50;
    // At most this many lines go in per batch; the rest waits for the next one (and the
    // oldest of it is dropped once more than maxLines wait: it would scroll out anyway).
    static constexpr int MaxLinesPerBatch = 4000;

    explicit BuildLogView(QWidget *parent = nullptr);
    ~BuildLogView() override;

    void setMaxLines(int lines);
    int maxLines() const;
    void appendLine(const QString &line);
    void appendLines(const QStringList &lines);
    // Removes the lines over maxLines from the top now.
    void trim();
    void setLines(const QStringList &lines);
    // Inserts what is pending now instead of at the next batch.
    void flushPending();
    int lineCount() const;
    QString lineText(int line) const;
    bool isAtBottom() const;
    // Every line shown, one per line of text.
    QString toPlainText() const;
    // The selected lines, in order; empty when none is selected.
    QString selectedText() const;
    // The line of the last match (or the line the user last clicked); -1 for none.
    int currentLine() const;

    // Selects the next (or previous) line containing `text` (ignoring case) after the
    // current line, wrapping; false when no line has it.
    bool find(const QString &text, bool backward);
    // Selects `line` and scrolls it to the middle.
    void selectLine(int line);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void insertPending(qsizetype maxLines);
    void onBatch();
    void afterRowsDropped(int dropped, bool follow, int keep);
    void widenFor(const QStringList &lines);

    BuildLogModel *m_model;
    class LineDelegate;
    LineDelegate *m_delegate;
    QStringList m_pending;
    QTimer m_batch;
    qsizetype m_longest = 0;  // characters of the longest line seen
};

}  // namespace ib::ui
