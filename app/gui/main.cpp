#include "MainWindow.h"
#include "logging/Logging.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ImageBuilder"));
    QApplication::setApplicationName(QStringLiteral("imagebuilder"));
    QApplication::setApplicationDisplayName(QStringLiteral("Image Builder"));
    ib::logging::init(ib::logging::Target::GuiApp);

    ib::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
