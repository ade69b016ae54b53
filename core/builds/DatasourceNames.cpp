#include "builds/DatasourceNames.h"

#include <QRegularExpression>

namespace ib {

QStringList datasourceNames(const QString &vmOutput)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,\\[\\]'\"]+"));
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z][A-Za-z0-9]{0,31}$"));
    constexpr int kMaxNames = 32;
    QStringList out;
    for (const auto &word : vmOutput.left(64LL * 1024).split(separators, Qt::SkipEmptyParts)) {
        if (out.size() >= kMaxNames)
            break;
        if (valid.match(word).hasMatch() && !out.contains(word))
            out.append(word);
    }
    return out;
}

}  // namespace ib
