#include "logging/Logging.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ib::logging::init(ib::logging::Target::Cli);
    return 0;
}
