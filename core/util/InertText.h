#pragma once

#include <QString>

namespace ib {

// Text that came from outside this machine's own records (the shared store's rows, a build
// VM's output, a cloud's replies, a file a user handed us) made inert for where it is shown.
// Nothing in it can move a terminal's cursor, retitle its window, write its clipboard
// (OSC 52), or be read as rich text by a label.

// For a terminal: every C0 control character but tab and newline, DEL, and the C1 controls
// (U+0080..U+009F, which some terminals obey like ESC sequences) are written visibly:
// ESC as ^[, the other C0 controls as ^@ .. ^_, DEL as ^?, a C1 control as \u{9b}. A
// carriage return shows as ^M unless a newline follows it (CRLF ends a line like LF).
// The line and paragraph separators (U+2028, U+2029) and the bidirectional overrides
// (U+202A..U+202E, U+2066..U+2069), which can make text read otherwise than it holds,
// show as \u{202e} and so on.
QString inertForTerminal(const QString &text);

// The same for one line of a label or a table cell: newlines and tabs are shown as "⏎"
// and "→" too, so a single-line cell cannot show two lines.
QString inertForLine(const QString &text);

// True when inertForTerminal(text) would change text.
bool hasControlCharacters(const QString &text);

// The one rule for names kept on one line (templates, base images, images published to a
// cloud): no C0 or C1 control, DEL, line or paragraph separator (U+0085, U+2028, U+2029), or
// bidirectional override or isolate (U+202A..U+202E, U+2066..U+2069), which would make a
// name read otherwise than it is. Everything else, Korean and emoji included, is allowed.
bool isRefusedInName(char32_t c);
// The first code point of `name` that isRefusedInName, or 0 when there is none.
char32_t firstRefusedInName(const QString &name);

}  // namespace ib
