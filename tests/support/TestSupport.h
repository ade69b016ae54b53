#pragma once

#include <QString>
#include <QTemporaryDir>

namespace ib::test {

// The source tree (IB_SOURCE_DIR, set by ctest) for fixtures and scripts.
QString sourceDir();
// The build tree (IB_BINARY_DIR).
QString binaryDir();

// A free TCP port on 127.0.0.1 (bound and released; good enough for test servers).
quint16 freeTcpPort();

}  // namespace ib::test
