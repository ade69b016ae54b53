#include "MainWindow.h"
#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "storage/Store.h"
#include "templates/TemplateController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

#include <spdlog/spdlog.h>

namespace {

// The language: --lang, else $IMAGEBUILDER_LANG, else the "ui/language" setting, else the
// system's. "en" forces English.
QLocale chooseLocale(const QString &fromArgument)
{
    QString name = fromArgument;
    if (name.isEmpty())
        name = qEnvironmentVariable("IMAGEBUILDER_LANG");
    if (name.isEmpty())
        name = QSettings().value(QStringLiteral("ui/language")).toString();
    return name.isEmpty() ? QLocale::system() : QLocale(name);
}

void installTranslations(QApplication &app, const QLocale &locale)
{
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("imagebuilder"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
    else
        ib::logging::get("ui")->info("No translation for {}", locale.name().toStdString());
    // Qt's own strings: standard buttons, context menus.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    QLocale::setDefault(locale);
}

}  // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ImageBuilder"));
    QApplication::setApplicationName(QStringLiteral("imagebuilder"));
    QApplication::setApplicationDisplayName(QStringLiteral("Image Builder"));
    ib::logging::init(ib::logging::Target::GuiApp);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Image Builder: keep VM image templates and build private images from them."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The store: a SQLite file or a postgresql:// URL (default: $IMAGEBUILDER_DB, else the app's data folder)."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("The language of the interface, e.g. ko or en (default: $IMAGEBUILDER_LANG, else the system's)."),
                                        QStringLiteral("LANG"));
    parser.addOption(dbOption);
    parser.addOption(langOption);
    parser.process(app);

    installTranslations(app, chooseLocale(parser.value(langOption)));

    const QString location = parser.isSet(dbOption) ? parser.value(dbOption) : ib::Store::defaultLocation();
    auto opened = ib::Store::open(location);
    if (!opened) {
        ib::logging::get("ui")->error("Cannot open the store {}: {}", location.toStdString(), opened.error().message.toStdString());
        QMessageBox box(QMessageBox::Critical, QApplication::translate("main", "Image Builder"),
                        QApplication::translate("main", "The template store could not be opened."), QMessageBox::Close);
        box.setInformativeText(QApplication::translate("main", "%1\n\nStore: %2\n\nChoose another store with --db PATH or the IMAGEBUILDER_DB environment variable.")
                                   .arg(opened.error().message, location));
        box.exec();
        return 1;
    }
    std::unique_ptr<ib::Store> store = std::move(opened).value();
    ib::logging::get("ui")->info("Store: {}", location.toStdString());

    int status = 0;
    {
        ib::ui::TemplateController controller(*store, ib::ApplicationCatalog::builtin());
        ib::ui::MainWindow window(controller);
        window.show();
        window.reload();
        status = QApplication::exec();
    }  // the controller's thread ends before the store closes
    return status;
}
