#include "InertText.h"

#include <QList>

namespace ib {

namespace {

enum class Newlines { Keep, Show };

bool isBidiOrSeparator(char16_t c)
{
    return c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool needsEscape(char16_t c, Newlines newlines)
{
    if (c == u'\n' || c == u'\t')
        return newlines == Newlines::Show;
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || isBidiOrSeparator(c);
}

void appendVisible(QString &out, char16_t c, Newlines newlines)
{
    if (newlines == Newlines::Show && c == u'\n') {
        out += QChar(0x23CE);  // ⏎
    } else if (newlines == Newlines::Show && c == u'\t') {
        out += QChar(0x2192);  // →
    } else if (c < 0x20) {
        out += QLatin1Char('^');
        out += QChar(char16_t(c + 0x40));
    } else if (c == 0x7F) {
        out += QStringLiteral("^?");
    } else {
        out += QStringLiteral("\\u{%1}").arg(uint(c), 0, 16);
    }
}

QString inert(const QString &text, Newlines newlines)
{
    qsizetype i = 0;
    while (i < text.size() && !needsEscape(text.at(i).unicode(), newlines))
        ++i;
    if (i == text.size())
        return text;
    QString out = text.left(i);
    out.reserve(text.size() + 16);
    for (; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (newlines == Newlines::Keep && c == u'\r' && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
            continue;  // CRLF ends a line like LF
        if (needsEscape(c, newlines))
            appendVisible(out, c, newlines);
        else
            out += QChar(c);
    }
    return out;
}

}  // namespace

QString inertForTerminal(const QString &text)
{
    return inert(text, Newlines::Keep);
}

QString inertForLine(const QString &text)
{
    return inert(text, Newlines::Show);
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar ch : text) {
        if (needsEscape(ch.unicode(), Newlines::Keep))
            return true;
    }
    return false;
}

bool isRefusedInName(char32_t c)
{
    // Exactly what inertForLine shows escaped: every such code point lies in the BMP.
    return c <= 0xFFFF && needsEscape(static_cast<char16_t>(c), Newlines::Show);
}

char32_t firstRefusedInName(const QString &name)
{
    for (const char32_t c : name.toUcs4()) {
        if (isRefusedInName(c))
            return c;
    }
    return 0;
}

}  // namespace ib
