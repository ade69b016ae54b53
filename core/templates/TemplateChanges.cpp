#include "templates/TemplateChanges.h"

#include <algorithm>
#include <vector>

namespace ib::templatechanges {

QList<TemplateField> changedFields(const ImageTemplate &before, const ImageTemplate &after)
{
    QList<TemplateField> out;
    const auto add = [&out](bool differs, TemplateField field) {
        if (differs)
            out.append(field);
    };
    add(before.name != after.name, TemplateField::Name);
    add(!(before.os == after.os), TemplateField::Os);
    add(before.applications != after.applications, TemplateField::Applications);
    add(before.minStorageGb != after.minStorageGb, TemplateField::MinStorage);
    add(before.userScript != after.userScript, TemplateField::UserScript);
    add(before.description != after.description, TemplateField::Description);
    add(before.testScript != after.testScript, TemplateField::TestScript);
    add(before.bootTest != after.bootTest, TemplateField::BootTest);
    return out;
}

namespace {

QStringList linesOf(const QString &text)
{
    if (text.isEmpty())
        return {};
    auto lines = text.split(QLatin1Char('\n'));
    if (lines.last().isEmpty())
        lines.removeLast();  // a final newline ends the last line
    return lines;
}

struct Line
{
    char mark;  // ' ', '-', '+'
    QString text;
};

// The middle part (after the common prefix and suffix) as a longest-common-subsequence edit.
void diffMiddle(const QStringList &a, const QStringList &b, int maxLines, QList<Line> &out)
{
    const auto n = a.size();
    const auto m = b.size();
    if (n > maxLines || m > maxLines) {
        for (const auto &l : a)
            out.append({'-', l});
        for (const auto &l : b)
            out.append({'+', l});
        return;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    std::vector<int> lcs(static_cast<size_t>((n + 1) * (m + 1)), 0);
    const auto at = [m](qsizetype i, qsizetype j) { return static_cast<size_t>(i * (m + 1) + j); };
    for (auto i = n - 1; i >= 0; --i)
        for (auto j = m - 1; j >= 0; --j)
            lcs[at(i, j)] = a[i] == b[j] ? lcs[at(i + 1, j + 1)] + 1 : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (a[i] == b[j]) {
            out.append({' ', a[i]});
            ++i;
            ++j;
        } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            out.append({'-', a[i++]});
        } else {
            out.append({'+', b[j++]});
        }
    }
    while (i < n)
        out.append({'-', a[i++]});
    while (j < m)
        out.append({'+', b[j++]});
}

}  // namespace

QStringList lineDiff(const QString &before, const QString &after, int context, int maxLines)
{
    const auto a = linesOf(before);
    const auto b = linesOf(after);
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    QList<Line> all;
    for (qsizetype k = 0; k < prefix; ++k)
        all.append({' ', a[k]});
    diffMiddle(a.mid(prefix, a.size() - prefix - suffix), b.mid(prefix, b.size() - prefix - suffix), maxLines, all);
    for (qsizetype k = a.size() - suffix; k < a.size(); ++k)
        all.append({' ', a[k]});

    // Keep the changes and `context` unchanged lines around each; "…" where lines are left out.
    std::vector<bool> keep(static_cast<size_t>(all.size()), false);
    for (qsizetype k = 0; k < all.size(); ++k) {
        if (all[k].mark == ' ')
            continue;
        for (qsizetype c = std::max<qsizetype>(0, k - context); c <= std::min<qsizetype>(all.size() - 1, k + context); ++c)
            keep[static_cast<size_t>(c)] = true;
    }
    QStringList out;
    bool skipped = false;
    for (qsizetype k = 0; k < all.size(); ++k) {
        if (!keep[static_cast<size_t>(k)]) {
            skipped = true;
            continue;
        }
        if (skipped && !out.isEmpty())
            out.append(QStringLiteral("\u2026"));
        skipped = false;
        out.append(QLatin1Char(all[k].mark) + QLatin1Char(' ') + all[k].text);
    }
    return out;
}

}  // namespace ib::templatechanges
