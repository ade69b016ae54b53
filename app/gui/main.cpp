#include "MainWindow.h"
#include "StoreUnavailableDialog.h"
#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
#include "storage/StoreWatcher.h"
#include "templates/TemplateController.h"
#include "util/BuildInfo.h"
#include "util/Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>

namespace {

// The language: --lang, else $IMAGEBUILDER_LANG, else the "ui/language" setting, else the
// system's. "en" forces English.
QLocale chooseLocale(const QString &fromArgument)
{
    QString name = fromArgument;
    if (name.isEmpty())
        name = qEnvironmentVariable("IMAGEBUILDER_LANG");
    if (name.isEmpty())
        name = ib::Settings().value(ib::Settings::Key::UiLanguage).toString();
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
    // --version answers before QApplication exists, so it needs no display (packaging checks it).
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0) {
            std::fputs(ib::buildinfo::versionReport().toUtf8().append('\n').constData(), stdout);
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ImageBuilder"));
    QApplication::setApplicationName(QStringLiteral("imagebuilder"));
    QApplication::setApplicationDisplayName(QStringLiteral("Image Builder"));
    ib::logging::init(ib::logging::Target::GuiApp);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Image Builder: keep VM image templates and build private images from them."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QStringLiteral("The store: a SQLite file or a postgresql:// URL (default: $IMAGEBUILDER_DB, else the app's data folder)."),
        QStringLiteral("PATH"));
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QStringLiteral("The language of the interface, e.g. ko or en (default: $IMAGEBUILDER_LANG, else the system's)."),
        QStringLiteral("LANG"));
    parser.addOption(dbOption);
    parser.addOption(langOption);
    parser.process(app);

    installTranslations(app, chooseLocale(parser.value(langOption)));
    // Light, dark or the desktop's choice (Settings > Appearance) before the first window shows.
    ib::ui::Theme::apply(ib::ui::Theme::fromSetting(ib::Settings().value(ib::Settings::Key::UiAppearance).toString()));

    // --db, else IMAGEBUILDER_DB, else Settings > Team Store, else the SQLite file: as the CLI.
    QString location = ib::StoreLocation::resolve(parser.value(dbOption));
    // A team store's password: the OS keychain (Settings > Team Store puts it there), else ~/.pgpass.
    const auto secrets = ib::StoreLocation::passwordSource(location);
    auto opened = ib::Store::open(location, secrets.get());
    std::unique_ptr<ib::Store> store;
    if (opened) {
        store = std::move(opened).value();
    } else {
        ib::logging::get("ui")->error("Cannot open the store {}: {}", ib::Store::redactedLocation(location).toStdString(),
                                      opened.error().message.toStdString());
        // Settings, this computer's store or Retry: no terminal needed to get back in.
        ib::ui::AppSettings settings;
        ib::ui::StoreUnavailableDialog recover(location, opened.error().message, parser.value(dbOption), settings);
        if (recover.exec() != QDialog::Accepted)
            return 1;
        store = recover.takeStore();
        location = recover.openedLocation();
    }
    ib::logging::get("ui")->info("Store: {}", ib::Store::redactedLocation(location).toStdString());

    int status = 0;
    {
        ib::ui::TemplateController controller(*store, ib::ApplicationCatalog::builtin());
        // Builds use the settings as they are now; the Settings dialog's changes apply at the next start.
        ib::BuildService builds(*store, ib::ApplicationCatalog::builtin(), ib::ui::AppSettings().buildSettings());
        // Builds left by an Image Builder that died: their VMs and files removed, marked
        // interrupted, while the window is already up (a cloud's clean-up takes a while).
        builds.sweepInBackground();
        // From here on the UI thread reads nothing itself: the controller's store thread
        // does (one session on a team store), so the connection it opened is given back.
        store->releaseThreadConnection();
        ib::ui::MainWindow window(controller);
        window.setBuildService(&builds, *store);
        // Saves by others (the CLI, a second window, colleagues on a team store) show live.
        ib::StoreWatcher watcher(*store);
        window.setStoreWatcher(&watcher);
        window.show();
        window.reload();
        status = QApplication::exec();
    }  // the window closes first (it waits for cancelled builds), then the build service, then the controller's thread, before the store closes
    return status;
}
