#include "builds/BuildLogView.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace ib::ui {

BuildLogView::BuildLogView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_batch.setSingleShot(true);
    m_batch.setInterval(BatchMs);
    connect(&m_batch, &QTimer::timeout, this, &BuildLogView::onBatch);
}

void BuildLogView::setMaxLines(int lines)
{
    m_maxLines = std::max(1, lines);
    trim();
}

void BuildLogView::trim()
{
    const int excess = document()->blockCount() - m_maxLines;
    if (excess <= 0 || m_empty)
        return;
    auto *bar = verticalScrollBar();
    const bool follow = isAtBottom();
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::Start);
    cursor.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor, excess);
    cursor.removeSelectedText();
    if (follow)
        bar->setValue(bar->maximum());
}

void BuildLogView::appendLine(const QString &line)
{
    m_pending.append(line);
    if (m_pending.size() > m_maxLines)
        m_pending.erase(m_pending.begin(), m_pending.begin() + (m_pending.size() - m_maxLines));
    if (!m_batch.isActive())
        m_batch.start();
}

void BuildLogView::appendLines(const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    m_pending.append(lines);
    if (m_pending.size() > m_maxLines)
        m_pending.erase(m_pending.begin(), m_pending.begin() + (m_pending.size() - m_maxLines));
    if (!m_batch.isActive())
        m_batch.start();
}

void BuildLogView::setLines(const QStringList &lines)
{
    m_pending.clear();
    m_batch.stop();
    clear();
    m_empty = true;
    appendLines(lines);
    flushPending();
}

void BuildLogView::flushPending()
{
    m_batch.stop();
    m_batch.setInterval(BatchMs);
    while (!m_pending.isEmpty())
        insertPending(m_pending.size());
}

void BuildLogView::onBatch()
{
    QElapsedTimer spent;
    spent.start();
    insertPending(MaxLinesPerBatch);
    if (!m_pending.isEmpty()) {
        m_batch.setInterval(std::clamp(static_cast<int>(2 * spent.elapsed()), BatchMs, 500));
        m_batch.start();
    } else {
        m_batch.setInterval(BatchMs);
    }
}

void BuildLogView::insertPending(qsizetype maxLines)
{
    if (m_pending.isEmpty())
        return;
    auto *bar = verticalScrollBar();
    const bool follow = isAtBottom();
    const int keep = bar->value();
    const qsizetype take = std::min<qsizetype>(m_pending.size(), maxLines);
    QString text = QStringList(m_pending.cbegin(), m_pending.cbegin() + take).join(QLatin1Char('\n'));
    m_pending.erase(m_pending.begin(), m_pending.begin() + take);
    if (!m_empty)
        text.prepend(QLatin1Char('\n'));
    m_empty = false;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    if (document()->blockCount() > m_maxLines + m_maxLines / 4)
        trim();
    if (follow)
        bar->setValue(bar->maximum());
    else
        bar->setValue(std::min(keep, bar->maximum()));
}

int BuildLogView::lineCount() const
{
    return m_empty ? 0 : document()->blockCount();
}

bool BuildLogView::isAtBottom() const
{
    const auto *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

bool BuildLogView::find(const QString &text, bool backward)
{
    if (text.isEmpty())
        return false;
    flushPending();
    const QTextDocument::FindFlags flags = backward ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    auto found = document()->find(text, textCursor(), flags);
    if (found.isNull()) {
        QTextCursor wrap(document());
        wrap.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
        found = document()->find(text, wrap, flags);
    }
    if (found.isNull())
        return false;
    setTextCursor(found);
    ensureCursorVisible();
    return true;
}

}  // namespace ib::ui
