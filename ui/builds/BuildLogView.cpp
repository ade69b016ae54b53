#include "builds/BuildLogView.h"

#include "builds/BuildLogModel.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStyledItemDelegate>

#include <algorithm>

namespace ib::ui {

// Every row has the same size: one line of the fixed font, as wide as the longest line
// seen (so long lines scroll sideways instead of being cut). The list asks one row for
// its size and lays out the rest without asking.
class BuildLogView::LineDelegate final : public QStyledItemDelegate
{
public:
    explicit LineDelegate(QObject *parent)
        : QStyledItemDelegate(parent)
    {}
    void setWidth(int width) { m_width = width; }
    int width() const { return m_width; }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return {m_width, option.fontMetrics.height() + 2};
    }

private:
    int m_width = 0;
};

BuildLogView::BuildLogView(QWidget *parent)
    : QListView(parent)
    , m_model(new BuildLogModel(this))
    , m_delegate(new LineDelegate(this))
{
    m_model->setMaxLines(DefaultMaxLines);
    setModel(m_model);
    setItemDelegate(m_delegate);
    setUniformItemSizes(true);
    setLayoutMode(QListView::SinglePass);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setTextElideMode(Qt::ElideNone);
    setWordWrap(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_batch.setSingleShot(true);
    m_batch.setInterval(BatchMs);
    connect(&m_batch, &QTimer::timeout, this, &BuildLogView::onBatch);
}

BuildLogView::~BuildLogView() = default;

void BuildLogView::setMaxLines(int lines)
{
    const bool follow = isAtBottom();
    const int keep = verticalScrollBar()->value();
    afterRowsDropped(m_model->setMaxLines(lines), follow, keep);
}

int BuildLogView::maxLines() const
{
    return m_model->maxLines();
}

void BuildLogView::trim()
{
    const bool follow = isAtBottom();
    const int keep = verticalScrollBar()->value();
    afterRowsDropped(m_model->trim(), follow, keep);
}

void BuildLogView::appendLine(const QString &line)
{
    appendLines(QStringList{line});
}

void BuildLogView::appendLines(const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    m_pending.append(lines);
    const qsizetype max = m_model->maxLines();
    if (m_pending.size() > max)
        m_pending.remove(0, m_pending.size() - max);
    if (!m_batch.isActive())
        m_batch.start();
}

void BuildLogView::setLines(const QStringList &lines)
{
    m_pending.clear();
    m_batch.stop();
    m_longest = 0;
    m_delegate->setWidth(0);
    widenFor(lines);
    m_model->setLines(lines);
    scrollToBottom();
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
    const bool follow = isAtBottom();
    const int keep = verticalScrollBar()->value();
    const qsizetype take = std::min<qsizetype>(m_pending.size(), maxLines);
    QStringList batch;
    if (take == m_pending.size()) {
        batch.swap(m_pending);
    } else {
        batch = m_pending.mid(0, take);
        m_pending.remove(0, take);
    }
    widenFor(batch);
    afterRowsDropped(m_model->append(batch), follow, keep);
}

void BuildLogView::afterRowsDropped(int dropped, bool follow, int keep)
{
    if (follow) {
        scrollToBottom();
        return;
    }
    if (dropped <= 0)
        return;
    // The rows above the user's place went: the lines they read move up by as many rows,
    // so the view moves with them (scrolling is per row).
    executeDelayedItemsLayout();
    verticalScrollBar()->setValue(std::max(0, keep - dropped));
}

void BuildLogView::widenFor(const QStringList &lines)
{
    const QString *longest = nullptr;
    for (const auto &line : lines) {
        if (line.size() > m_longest) {
            m_longest = line.size();
            longest = &line;
        }
    }
    if (!longest)
        return;
    const int width = fontMetrics().horizontalAdvance(*longest) + 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 8;
    if (width > m_delegate->width())
        m_delegate->setWidth(width);
}

int BuildLogView::lineCount() const
{
    return m_model->rowCount();
}

QString BuildLogView::lineText(int line) const
{
    return line >= 0 && line < m_model->rowCount() ? m_model->line(line) : QString();
}

bool BuildLogView::isAtBottom() const
{
    const auto *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

QString BuildLogView::toPlainText() const
{
    return m_model->lines().join(QLatin1Char('\n'));
}

QString BuildLogView::selectedText() const
{
    auto rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList out;
    out.reserve(rows.size());
    for (const auto &index : std::as_const(rows))
        out.append(m_model->line(index.row()));
    return out.join(QLatin1Char('\n'));
}

int BuildLogView::currentLine() const
{
    const auto index = currentIndex();
    return index.isValid() ? index.row() : -1;
}

bool BuildLogView::find(const QString &text, bool backward)
{
    if (text.isEmpty())
        return false;
    flushPending();
    const int count = m_model->rowCount();
    if (count == 0)
        return false;
    const int from = currentLine();
    const int step = backward ? -1 : 1;
    // From the line after (before) the current one, once round, the current line last.
    int row = from < 0 ? (backward ? count - 1 : 0) : from + step;
    for (int i = 0; i < count; ++i, row += step) {
        row = (row + count) % count;
        if (m_model->line(row).contains(text, Qt::CaseInsensitive)) {
            selectLine(row);
            return true;
        }
    }
    return false;
}

void BuildLogView::selectLine(int line)
{
    const auto index = m_model->index(line);
    if (!index.isValid())
        return;
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void BuildLogView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        QApplication::clipboard()->setText(selectedText());
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

}  // namespace ib::ui
