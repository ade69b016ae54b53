#pragma once

#include "util/InertText.h"

#include <QLabel>
#include <QMessageBox>
#include <QWidget>

namespace ib::ui {

// Stored and remote text (template names and descriptions, build causes and logs, cloud
// replies) is never read as rich text: a colleague's "<img src=...>" or "<a href=...>" in a
// description shows as written, and its control characters show visibly (ib::inertForLine).

// Every QLabel under `root` (and root itself, if a label) shows plain text. Called once a
// widget has built its labels; a label that wants markup is made after it, on purpose.
inline void makeLabelsPlain(QWidget *root)
{
    if (auto *self = qobject_cast<QLabel *>(root))
        self->setTextFormat(Qt::PlainText);
    for (auto *label : root->findChildren<QLabel *>())
        label->setTextFormat(Qt::PlainText);
}

// A tooltip that shows `text` as it is: Qt reads a tooltip as rich text whenever it looks
// like markup (Qt::mightBeRichText), so the text goes in escaped, inside a paragraph that
// keeps its line breaks.
inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style='white-space:pre-wrap'>") + inertForTerminal(text).toHtmlEscaped() + QStringLiteral("</p>");
}

// A message box whose text and informative text are plain (both may quote stored names).
inline void makePlain(QMessageBox &box)
{
    box.setTextFormat(Qt::PlainText);
    makeLabelsPlain(&box);
}

}  // namespace ib::ui
