#include "Cli.h"
#include "logging/Logging.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("ImageBuilder"));
    QCoreApplication::setApplicationName(QStringLiteral("imagebuilder"));
    ib::logging::init(ib::logging::Target::Cli);
    ib::cli::Cli cli;
    return cli.run(QCoreApplication::arguments().mid(1));
}
