#include "ledger/TrustedPaths.h"

#include "platform/Platform.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace ib::trusted {

bool isBuildId(const QString &id)
{
    static const QRegularExpression uuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return uuid.match(id).hasMatch();
}

namespace {

// The canonical form of a path that may not exist yet: its nearest existing parent made
// canonical, the rest appended as written (after "." and ".." were folded by cleanPath).
QString canonicalOrPending(const QString &path)
{
    QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QString existing = clean;
    QString rest;
    while (!existing.isEmpty()) {
        const QString canonical = QFileInfo(existing).canonicalFilePath();
        if (!canonical.isEmpty())
            return rest.isEmpty() ? canonical : QDir::cleanPath(canonical + QLatin1Char('/') + rest);
        const auto cut = existing.lastIndexOf(QLatin1Char('/'));
        if (cut < 0)
            break;
        rest = rest.isEmpty() ? existing.mid(cut + 1) : existing.mid(cut + 1) + QLatin1Char('/') + rest;
        existing = existing.left(cut);
        if (existing.isEmpty())
            existing = QStringLiteral("/");
        if (existing == QLatin1String("/") && QFileInfo(existing).canonicalFilePath().isEmpty())
            break;
    }
    return clean;
}

}  // namespace

Result<QString> insideFolder(const QString &folder, const QString &path)
{
    if (folder.isEmpty() || path.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("An empty path is never inside the app's folders."));
    const QString root = canonicalOrPending(folder);
    const QString resolved = canonicalOrPending(path);
    const QString prefix = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    if (!resolved.startsWith(prefix) || resolved.size() <= prefix.size())
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 is not inside %2 (it resolves to %3); Image Builder only removes or "
                                                            "reads files in its own folders.")
                                                 .arg(path, folder, resolved));
    return resolved;
}

bool isRegularFile(const QString &path)
{
    return platform::isRegularFile(path);
}

}  // namespace ib::trusted
