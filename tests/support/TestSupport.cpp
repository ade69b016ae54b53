#include "TestSupport.h"

#include <QTcpServer>
#include <QtGlobal>

namespace ib::test {

QString sourceDir()
{
    return qEnvironmentVariable("IB_SOURCE_DIR");
}

QString binaryDir()
{
    return qEnvironmentVariable("IB_BINARY_DIR");
}

quint16 freeTcpPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

}  // namespace ib::test
