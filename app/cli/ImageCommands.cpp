// imagebuilder-cli: image and base-image commands (publish: PublishCommand.cpp).
#include "Cli.h"
#include "CliSupport.h"
#include "TableOutput.h"

#include "baseimages/BaseImageLibrary.h"
#include "builds/BuildService.h"
#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/TrustedPaths.h"
#include "platform/Platform.h"
#include "storage/Store.h"
#include "util/InertText.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>

namespace ib::cli {

int Cli::imageCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    if (verb == QLatin1String("list"))
        p.addOptions({{QStringLiteral("template"), QString(), QStringLiteral("ID-OR-NAME")},
                      QCommandLineOption(QStringLiteral("json")),
                      {QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")}});
    else if (verb == QLatin1String("publish"))
        p.addOptions({{QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")},
                      {QStringLiteral("name"), QString(), QStringLiteral("N")},
                      {QStringLiteral("format"), QString(), QStringLiteral("qcow2|raw")},
                      QCommandLineOption(QStringLiteral("skip-datasource-check"))});
    else if (verb != QLatin1String("delete")) {
        m_err << "unknown command \"image " << verb << "\"\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("image")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    if (const int s = openStore(); s != Ok)
        return s;
    if (verb == QLatin1String("delete")) {
        if (p.positionalArguments().size() != 1) {
            m_err << "image delete needs exactly one image ID\n";
            return Invalid;
        }
        return imageDelete(p.positionalArguments().constFirst());
    }
    if (verb == QLatin1String("publish"))
        return imagePublish(p);
    return imageList(p);
}

int Cli::imageDelete(const QString &id)
{
    auto image = m_store->imageById(id);
    if (!image) {
        m_err << "error: " << inertForTerminal(image.error().message) << '\n';
        return exitFor(image.error());
    }
    // A cloud's image goes from its Glance first; the record only once it is gone.
    if (image->provider != QLatin1String("local")) {
        auto provider = m_builds->makeProvider(image->provider);
        if (!provider) {
            m_err << "error: image " << inertForLine(image->id.left(8)) << " is on cloud account \"" << inertForLine(image->provider)
                  << "\", which is not configured; add it with `cloud add`\n";
            return NotFound;
        }
        if (auto removed = provider->deleteImage(image->location); !removed) {
            m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
            return exitFor(removed.error());
        }
    }
    // A local file goes only when it lies inside this installation's images folder (the
    // record may be a colleague's, naming any path); BuildService::deleteImage says so.
    QString note;
    if (image->provider == QLatin1String("local")) {
        auto deleted = m_builds->deleteImage(image.value());
        if (!deleted) {
            m_err << "error: " << inertForTerminal(deleted.error().message) << '\n';
            return exitFor(deleted.error());
        }
        note = deleted.value();
    } else if (auto removed = m_store->removeImage(image->id); !removed) {
        m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
        return Failure;
    }
    if (!note.isEmpty())
        m_err << inertForTerminal(note) << '\n';
    m_out << "deleted " << inertForLine(image->id) << " (" << inertForLine(image->name) << ")\n";
    return Ok;
}

int Cli::imageList(const QCommandLineParser &p)
{
    QString templateId;
    if (const int status = templateFilter(*m_store, m_err, p.value(QStringLiteral("template")), templateId); status != Ok)
        return status;
    // A cloud's images are a Glance query on the properties its builds set, so images
    // built by colleagues (or with another store) show too.
    Result<QList<ImageRecord>> images = QList<ImageRecord>();
    const QString cloud = p.value(QStringLiteral("provider"));
    if (!cloud.isEmpty() && cloud != QLatin1String("local")) {
        auto provider = m_builds->makeProvider(cloud);
        if (!provider) {
            m_err << "error: there is no cloud account \"" << cloud << "\"; `cloud list` shows the accounts\n";
            return NotFound;
        }
        images = provider->listImages(templateId);
    } else {
        images = m_store->listImages(templateId);
    }
    if (!images) {
        m_err << "error: " << inertForTerminal(images.error().message) << '\n';
        return Failure;
    }
    printRecords<ImageRecord>(m_out, images.value(), p.isSet(QStringLiteral("json")), &imageJson,
                              {{"ID", [](const ImageRecord &i) { return i.id.left(8); }},
                               {"NAME", [](const ImageRecord &i) { return i.name; }},
                               {"PROVIDER", [](const ImageRecord &i) { return i.provider; }},
                               {"OS", [](const ImageRecord &i) { return i.os.key(); }},
                               {"TEST", &testCell},
                               {"SIZE", [](const ImageRecord &i) { return QStringLiteral("%1 MB").arg(i.sizeBytes / (1024LL * 1024)); }},
                               {"CREATED", [](const ImageRecord &i) { return tableTime(i.createdAt); }},
                               {"BUILD", [](const ImageRecord &i) { return i.buildId.left(8); }},
                               {"LOCATION", [](const ImageRecord &i) { return i.location; }}});
    return Ok;
}

int Cli::baseImageCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    if (verb == QLatin1String("import"))
        p.addOptions({{QStringLiteral("os"), QString(), QStringLiteral("DISTRO:VERSION")},
                      {QStringLiteral("user"), QString(), QStringLiteral("LOGIN")},
                      {QStringLiteral("name"), QString(), QStringLiteral("N")},
                      {QStringLiteral("arch"), QString(), QStringLiteral("x86_64|aarch64")}});
    else if (verb == QLatin1String("list"))
        p.addOptions({QCommandLineOption(QStringLiteral("json")), {QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")}});
    else if (verb != QLatin1String("remove") && verb != QLatin1String("create") && verb != QLatin1String("rename")) {
        m_err << "unknown command \"base-image " << verb << "\"\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("base-image")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    if (const int s = openStore(); s != Ok)
        return s;
    BaseImageLibrary library(*m_store, ApplicationCatalog::builtin(), m_builds->settings());
    if (verb == QLatin1String("import"))
        return baseImageImport(p, library);
    if (verb == QLatin1String("create"))
        return baseImageCreate(p.positionalArguments(), library);
    if (verb == QLatin1String("rename")) {
        if (p.positionalArguments().size() != 2) {
            m_err << "base-image rename needs a base image ID and the new name\n";
            return Invalid;
        }
        auto renamed = library.rename(p.positionalArguments().at(0), p.positionalArguments().at(1));
        if (!renamed) {
            m_err << (renamed.error().kind == ErrorKind::Invalid ? "name: " : "error: ") << inertForTerminal(renamed.error().message)
                  << '\n';
            return exitFor(renamed.error());
        }
        m_out << "renamed " << renamed->id.left(8) << " to " << inertForTerminal(renamed->name) << '\n';
        return Ok;
    }
    if (verb == QLatin1String("remove")) {
        if (p.positionalArguments().size() != 1) {
            m_err << "base-image remove needs exactly one base image ID\n";
            return Invalid;
        }
        if (auto removed = library.remove(p.positionalArguments().constFirst()); !removed) {
            m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
            return exitFor(removed.error());
        }
        m_out << "removed\n";
        return Ok;
    }
    return baseImageList(p);
}

int Cli::baseImageImport(const QCommandLineParser &p, BaseImageLibrary &library)
{
    QStringList problems;
    if (p.positionalArguments().size() != 1)
        problems.append(QStringLiteral("file: give exactly one image FILE (qcow2 or raw)"));
    // A distribution's cloud image says its OS and user by its file name.
    const auto guess = CloudImageNames::guess(p.positionalArguments().value(0));
    const bool osGiven = p.isSet(QStringLiteral("os"));
    const bool userGiven = p.isSet(QStringLiteral("user"));
    const QString osKey = osGiven ? p.value(QStringLiteral("os")) : guess.osKey;
    const QString login = userGiven ? p.value(QStringLiteral("user")) : guess.loginUser;
    // arm64 images (issue 20) boot with HVF on Apple Silicon and stay local.
    const bool archGiven = p.isSet(QStringLiteral("arch"));
    const QString arch =
        archGiven ? p.value(QStringLiteral("arch")) : (guess.architecture.isEmpty() ? QStringLiteral("x86_64") : guess.architecture);
    if (osKey.isEmpty())
        problems.append(QStringLiteral("os: give the image's OS with --os DISTRO:VERSION (see `catalog os`)"));
    if (login.isEmpty())
        problems.append(QStringLiteral("user: give the image's default login user with --user (debian, ubuntu, rocky, ...)"));
    if (!problems.isEmpty()) {
        for (const auto &m : problems)
            m_err << m << '\n';
        return Invalid;
    }
    if (!osGiven || !userGiven)
        m_err << "From the file name: --os " << osKey << " --user " << login << '\n';
    if (!archGiven && arch != QLatin1String("x86_64"))
        m_err << "From the file name: --arch " << arch << " (an arm64 image stays local: clouds here boot x86-64)\n";
    auto imported = library.importFile(
        p.positionalArguments().constFirst(), osKey, login, p.value(QStringLiteral("name")),
        [this](const QString &line) {
            m_err << "\r" << inertForLine(line);
            m_err.flush();
        },
        arch);
    m_err << "\n";
    if (!imported) {
        m_err << inertForTerminal(imported.error().message) << '\n';
        return exitFor(imported.error());
    }
    m_out << imported->id << '\n';
    return Ok;
}

int Cli::baseImageCreate(const QStringList &positional, BaseImageLibrary &library)
{
    if (positional != QStringList{QStringLiteral("debian:12")}) {
        m_err << "os: base-image create makes debian:12 only (from Debian's archive, the one archive this needs).\n"
              << BaseImageLibrary::cloudImageHint() << '\n';
        return Invalid;
    }
    std::signal(SIGINT, onInterrupt);
    // Only the script runs as root (through sudo); the image goes into this user's library.
    const bool terminal = platform::stdinIsTerminal();
    const auto via = terminal ? BaseImageLibrary::RootVia::Sudo : BaseImageLibrary::RootVia::SudoNoPrompt;
    if (!BaseImageLibrary::isRoot() && BaseImageLibrary::checkCanCreate(via).isEmpty())
        m_err << "Making a Debian 12 base image needs root for debootstrap (and a loop device for the boot loader): "
              << (terminal ? "sudo runs the script and may ask for your password.\n"
                           : "trying sudo -n (no terminal to ask for a password on).\n");
    m_err.flush();
    auto made = library.createDebian12(
        [this](const QString &line) {
            m_err << inertForTerminal(line) << '\n';
            m_err.flush();
        },
        &g_interrupted, via);
    if (!made) {
        m_err << inertForTerminal(made.error().message) << '\n';
        return made.error().kind == ErrorKind::Unsupported ? Invalid : exitFor(made.error());
    }
    m_out << made->id << '\n';
    return Ok;
}

int Cli::baseImageList(const QCommandLineParser &p)
{
    // A cloud's base images are its Glance images (public and the project's own).
    Result<QList<BaseImage>> list = QList<BaseImage>();
    const bool providerGiven = p.isSet(QStringLiteral("provider"));
    const QString cloud = p.value(QStringLiteral("provider"));
    if (providerGiven && cloud != QLatin1String("local")) {
        auto provider = m_builds->makeProvider(cloud);
        if (!provider) {
            m_err << "error: there is no cloud account \"" << cloud << "\"; `cloud list` shows the accounts\n";
            return NotFound;
        }
        list = provider->listBaseImages();
    } else {
        list = m_store->listBaseImages();
    }
    if (!list) {
        m_err << "error: " << inertForTerminal(list.error().message) << '\n';
        return Failure;
    }
    // A cloud's image ids are Glance's: shown whole, as build start --base-image needs them.
    printRecords<BaseImage>(m_out, list.value(), p.isSet(QStringLiteral("json")), &baseImageJson,
                            {{"ID", [providerGiven](const BaseImage &b) { return providerGiven ? b.id : b.id.left(8); }},
                             {"NAME", [](const BaseImage &b) { return b.name; }},
                             {"PROVIDER", [](const BaseImage &b) { return b.provider; }},
                             {"OS", [](const BaseImage &b) { return b.os.key(); }},
                             {"LOGIN", [](const BaseImage &b) { return b.loginUser; }},
                             {"SIZE", [](const BaseImage &b) { return QStringLiteral("%1 GB").arg(b.sizeBytes / (1024LL * 1024 * 1024)); }},
                             {"PATH", [](const BaseImage &b) { return b.path; }}});
    return Ok;
}

}  // namespace ib::cli
