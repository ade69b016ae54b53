#pragma once

#include "util/Result.h"

#include <QString>

namespace ib::trusted {

// What this installation accepts from outside (a shared store's row, a file's header, a
// user's argument) before it acts on the file system. SECURITY.md says why.

// A build id as this program makes them: a lower-case UUID without braces
// (QUuid::WithoutBraces). Anything else ("../x", a prefix, a path) is refused.
bool isBuildId(const QString &id);

// `path` resolved canonically (symbolic links and "..") and checked to lie inside
// `folder` (itself resolved), or an error that names both. A path that does not exist yet
// is resolved through its nearest existing parent. The folder itself is not "inside".
Result<QString> insideFolder(const QString &folder, const QString &path);

// True when `path` is a regular file (not a device, FIFO, socket or folder), without
// following a final symbolic link and without opening it.
bool isRegularFile(const QString &path);

}  // namespace ib::trusted
