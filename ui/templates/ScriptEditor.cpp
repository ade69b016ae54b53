#include "templates/ScriptEditor.h"

#include "templates/UserScript.h"

#include <QFontDatabase>
#include <QMimeData>

namespace ib::ui {

ScriptEditor::ScriptEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(QFontMetricsF(mono).horizontalAdvance(QLatin1Char(' ')) * 4);
    // A form field like the others: Tab and Shift+Tab move to the next and previous field
    // instead of inserting a tab (one typed before the #! line broke the script). Indent
    // with spaces; a pasted script keeps its tabs.
    setTabChangesFocus(true);
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        // Once the text is empty nothing of the pasted CRLF is left.
        if (m_crlf && document()->isEmpty())
            m_crlf = false;
        emit scriptChanged();
    });
}

void ScriptEditor::setScript(const QString &script)
{
    m_crlf = script.contains(QLatin1String("\r\n"));
    setPlainText(script);
}

QString ScriptEditor::script() const
{
    QString text = toPlainText();
    if (m_crlf)
        text.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
    return text;
}

void ScriptEditor::convertToLf()
{
    if (!m_crlf)
        return;
    const QString converted = userscript::convertCrlfToLf(script());
    m_crlf = false;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(converted);
    cursor.endEditBlock();
    emit scriptChanged();
}

void ScriptEditor::insertFromMimeData(const QMimeData *source)
{
    if (source && source->hasText() && source->text().contains(QLatin1String("\r\n")))
        m_crlf = true;
    QPlainTextEdit::insertFromMimeData(source);
}

}  // namespace ib::ui
