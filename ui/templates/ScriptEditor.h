#pragma once

#include <QPlainTextEdit>

namespace ib::ui {

// A monospace editor for the user script. QTextDocument turns CRLF into plain line breaks
// on the way in, which would hide (and silently change) a script written on Windows; this
// editor remembers the CRLF endings it was given or pasted, reports them through script(),
// and drops them only when asked (convertToLf), so the rules can flag them and the user
// decides.
class ScriptEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptEditor)

public:
    explicit ScriptEditor(QWidget *parent = nullptr);

    void setScript(const QString &script);
    // The text with the line endings it came with.
    QString script() const;
    bool hasCrlf() const { return m_crlf; }
    // Replaces every CRLF with LF, using core's converter; undoable like a typed change.
    void convertToLf();

signals:
    void scriptChanged();

protected:
    void insertFromMimeData(const QMimeData *source) override;

private:
    bool m_crlf = false;
};

}  // namespace ib::ui
