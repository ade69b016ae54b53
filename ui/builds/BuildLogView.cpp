#include "builds/BuildLogView.h"

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
    document()->setMaximumBlockCount(m_maxLines);
    m_batch.setSingleShot(true);
    m_batch.setInterval(BatchMs);
    connect(&m_batch, &QTimer::timeout, this, &BuildLogView::flushPending);
}

void BuildLogView::setMaxLines(int lines)
{
    m_maxLines = std::max(1, lines);
    document()->setMaximumBlockCount(m_maxLines);
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
    for (const auto &line : lines)
        appendLine(line);
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
    if (m_pending.isEmpty())
        return;
    auto *bar = verticalScrollBar();
    const bool follow = isAtBottom();
    const int keep = bar->value();
    QString text = m_pending.join(QLatin1Char('\n'));
    m_pending.clear();
    if (!m_empty)
        text.prepend(QLatin1Char('\n'));
    m_empty = false;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
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
