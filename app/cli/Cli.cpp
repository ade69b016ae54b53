#include "Cli.h"
#include "TableOutput.h"

#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "secrets/SecretStore.h"
#include "settings/Settings.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
#include "templates/TemplateService.h"
#include "templates/UserScript.h"
#include "util/BuildInfo.h"
#include "util/InertText.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cstdio>

namespace ib::cli {

namespace {

const char *kUsage = R"(Usage: imagebuilder-cli [--db PATH|URL] COMMAND ...

Image templates:
  template create --name N --os DISTRO:VERSION [--app ID]... [--min-storage GB]
                  [--script FILE] [--description TEXT] [--convert-crlf]
  template list [--json]
  template show ID-OR-NAME [--json]
  template update ID-OR-NAME [--name N] [--os DISTRO:VERSION] [--app ID]... [--no-apps]
                  [--min-storage GB] [--script FILE] [--no-script] [--description TEXT]
                  [--convert-crlf] [--revision R]
  template delete ID-OR-NAME
  template export ID-OR-NAME          JSON on stdout
  template import FILE [--name N]     FILE as written by export ("-" reads stdin)
  template revisions ID-OR-NAME [--json]

Catalog:
  catalog apps [--json]
  catalog os [--json]

Builds (local QEMU provider):
  build start --template ID-OR-NAME --image-name N --base-image ID [--provider CLOUD-NAME] [--follow]
              [--keep-vm-on-failure]    a failed build's VM stays up (ssh command in the log)
                                        until `build cancel ID` or Ctrl-C
  build list [--template X] [--json]
  build show ID [--json]
  build log ID [--follow]
  build cancel ID
  image list [--template X] [--provider CLOUD-NAME] [--json]
  image delete ID
  base-image create debian:12          makes one from Debian's archive (root)
  base-image import FILE [--os DISTRO:VERSION --user LOGIN] [--name N]
                                       (OS and user default from a known cloud image name)
  base-image list [--provider CLOUD-NAME] [--json]
  base-image remove ID

Clouds (NHN Cloud, OpenStack):
  cloud add nhn --region KR1|KR2|KR3|JP1 --tenant T --user U [--name N]
  cloud add openstack --from-clouds-yaml CLOUD [--clouds-yaml FILE] [--name N]
        [--flavor F] [--network N] [--floating-network N] [--ssh-port P] [--no-check]
        the password is read from a prompt or stdin (never an argument) and kept in
        the OS keychain; --provider NAME on build start, base-image list, image list
  cloud list [--json]
  cloud remove NAME
  cloud check NAME [--json] [--write] [--record DIR]

Stores:
  store copy --from LOCATION --to LOCATION   copy everything into an empty store
                                             (SQLite file <-> postgresql:// URL)
  store password [--remove]   keep the password of the --db postgresql:// URL in the
                              OS keychain (read from stdin); ~/.pgpass works too

Options:
  --db PATH|URL   the store (default: the GUI's database; IMAGEBUILDER_DB sets it too)
  --version       version, commit and library versions
  --help          this text

--script FILE reads the user script from FILE ("-" for stdin). Exit status: 0 done,
1 failure, 2 invalid input (one "field: message" line per broken rule on stderr),
3 not found, 4 conflict (someone else saved first). `build start --follow` exits 1
when the build fails, is cancelled or interrupted (Ctrl-C cancels it and cleans up).
)";

const char *kExportFormat = "imagebuilder-template";

struct ScriptInput
{
    bool ok = true;
    QByteArray bytes;
    QString error;
};

ScriptInput readScript(const QString &path)
{
    ScriptInput in;
    QFile file;
    bool opened = false;
    if (path == QLatin1String("-")) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        in.ok = false;
        in.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return in;
    }
    // One byte past the limit is enough to tell that it is too large.
    in.bytes = file.read(TemplateRules::MaxScriptBytes * 4 + 1);
    return in;
}

void printRuleMessages(QTextStream &err, const RuleMessages &messages)
{
    for (const auto &m : messages) {
        err << TemplateRules::fieldKey(m.field) << ": " << (m.severity == Severity::Warning ? QStringLiteral("warning: ") : QString())
            << inertForTerminal(m.message);
        if (m.fix == SuggestedFix::ConvertCrlf)
            err << " (add --convert-crlf to convert them)";
        err << '\n';
    }
}

QJsonObject exportDocument(const ImageTemplate &t)
{
    return QJsonObject{
        {QStringLiteral("format"), QLatin1String(kExportFormat)},
        {QStringLiteral("formatVersion"), 1},
        {QStringLiteral("exportedFrom"), QJsonObject{{QStringLiteral("id"), t.id}, {QStringLiteral("revision"), t.revision}}},
        {QStringLiteral("template"), t.contentToJson()},
    };
}

}  // namespace

Cli::Cli()
    : m_out(stdout)
    , m_err(stderr)
{}

Cli::~Cli()
{
    m_builds.reset();  // cancels and cleans up what still runs, before the store closes
}

int Cli::usage(int status)
{
    (status == Ok ? m_out : m_err) << kUsage;
    return status;
}

int Cli::openStore()
{
    if (m_store)
        return Ok;
    // --db, else IMAGEBUILDER_DB, else the desktop app's Settings > Team Store, else the SQLite file.
    const auto location = StoreLocation::resolve(m_dbLocation);
    // A team store's password: handed down by the parent (a background build), else the
    // keychain if it has one, else libpq's ~/.pgpass.
    const auto keychain = StoreLocation::passwordSource(location);
    auto opened = Store::open(location, keychain.get());
    if (!opened) {
        m_err << "error: " << inertForTerminal(opened.error().message) << '\n';
        return Failure;
    }
    m_store = std::move(opened).value();
    // Builds left behind by a process that died are cleaned up at every start.
    // The settings the desktop app saved (QEMU, data folder, VM size, ...) hold here too.
    m_builds = std::make_unique<BuildService>(*m_store, ApplicationCatalog::builtin(), Settings().buildSettings());
    if (const int swept = m_builds->sweep(); swept > 0)
        m_err << "Cleaned up " << swept << " build(s) left unfinished by an Image Builder process that is gone.\n";
    return Ok;
}

int Cli::run(const QStringList &arguments)
{
    QStringList args = arguments;
    // Global options come before the command.
    while (!args.isEmpty() && args.first().startsWith(QLatin1String("-"))) {
        const QString a = args.takeFirst();
        if (a == QLatin1String("--db")) {
            if (args.isEmpty()) {
                m_err << "--db needs a path or a postgresql:// URL\n";
                return Invalid;
            }
            m_dbLocation = args.takeFirst();
        } else if (a.startsWith(QLatin1String("--db="))) {
            m_dbLocation = a.mid(5);
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            m_out << buildinfo::versionReport() << '\n';
            return Ok;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            return usage(Ok);
        } else {
            m_err << "unknown option " << a << "\n\n";
            return usage(Invalid);
        }
    }
    if (args.isEmpty())
        return usage(Invalid);
    const QString group = args.takeFirst();
    if (group == QLatin1String("help"))
        return usage(Ok);
    if (args.isEmpty()) {
        m_err << "\"" << group << "\" needs a command\n\n";
        return usage(Invalid);
    }
    const QString verb = args.takeFirst();
    if (group == QLatin1String("template"))
        return templateCommand(verb, args);
    if (group == QLatin1String("catalog"))
        return catalogCommand(verb, args);
    if (group == QLatin1String("build"))
        return buildCommand(verb, args);
    if (group == QLatin1String("image"))
        return imageCommand(verb, args);
    if (group == QLatin1String("base-image"))
        return baseImageCommand(verb, args);
    if (group == QLatin1String("store"))
        return storeCommand(verb, args);
    if (group == QLatin1String("cloud"))
        return cloudCommand(verb, args);
    m_err << "unknown command \"" << group << "\"\n\n";
    return usage(Invalid);
}

int Cli::templateCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("N"));
    const QCommandLineOption os(QStringLiteral("os"), QString(), QStringLiteral("DISTRO:VERSION"));
    const QCommandLineOption app(QStringLiteral("app"), QString(), QStringLiteral("ID"));
    const QCommandLineOption noApps(QStringLiteral("no-apps"));
    const QCommandLineOption minStorage(QStringLiteral("min-storage"), QString(), QStringLiteral("GB"));
    const QCommandLineOption script(QStringLiteral("script"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption noScript(QStringLiteral("no-script"));
    const QCommandLineOption description(QStringLiteral("description"), QString(), QStringLiteral("TEXT"));
    const QCommandLineOption convertCrlf(QStringLiteral("convert-crlf"));
    const QCommandLineOption revision(QStringLiteral("revision"), QString(), QStringLiteral("R"));
    const QCommandLineOption json(QStringLiteral("json"));

    const bool isCreate = verb == QLatin1String("create");
    const bool isUpdate = verb == QLatin1String("update");
    if (isCreate || isUpdate) {
        p.addOptions({name, os, app, minStorage, script, description, convertCrlf, noApps, noScript, revision});
    } else if (verb == QLatin1String("list") || verb == QLatin1String("show") || verb == QLatin1String("revisions")) {
        p.addOption(json);
    } else if (verb == QLatin1String("import")) {
        p.addOption(name);
    } else if (verb != QLatin1String("delete") && verb != QLatin1String("export")) {
        m_err << "unknown command \"template " << verb << "\"\n\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("template")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    const auto positional = p.positionalArguments();
    const bool needsTarget = !isCreate && verb != QLatin1String("list");
    if (needsTarget && positional.size() != 1) {
        m_err << "template " << verb << " needs exactly one " << (verb == QLatin1String("import") ? "FILE" : "ID-OR-NAME") << '\n';
        return Invalid;
    }
    if (!needsTarget && !positional.isEmpty()) {
        m_err << "unexpected argument \"" << positional.first() << "\"\n";
        return Invalid;
    }
    if (isCreate) {
        for (const auto *updateOnly : {&noApps, &noScript, &revision}) {
            if (p.isSet(*updateOnly)) {
                m_err << "--" << updateOnly->names().first() << " is for template update only\n";
                return Invalid;
            }
        }
    }
    if (const int s = openStore(); s != Ok)
        return s;

    const auto &catalog = ApplicationCatalog::builtin();
    TemplateService service(*m_store, catalog);

    auto findTarget = [&]() -> Result<ImageTemplate> { return m_store->findTemplate(positional.first()); };
    auto reportLookup = [&](const Error &e) {
        m_err << "error: " << inertForTerminal(e.message) << '\n';
        return e.kind == ErrorKind::NotFound ? NotFound : (e.kind == ErrorKind::Invalid ? Invalid : Failure);
    };
    auto reportSave = [&](const TemplateError &e) {
        if (e.kind == ErrorKind::Invalid && !e.violations.isEmpty()) {
            printRuleMessages(m_err, e.violations);
            return Invalid;
        }
        m_err << "error: " << inertForTerminal(e.message) << '\n';
        if (e.kind == ErrorKind::Conflict)
            return Conflict;
        return e.kind == ErrorKind::NotFound ? NotFound : Failure;
    };

    if (isCreate || isUpdate) {
        ImageTemplate t;
        RuleMessages inputErrors;
        if (isUpdate) {
            auto found = findTarget();
            if (!found)
                return reportLookup(found.error());
            t = found.value();
            if (p.isSet(revision)) {
                bool ok = false;
                t.revision = p.value(revision).toInt(&ok);
                if (!ok || t.revision < 1) {
                    m_err << "revision: give the revision you edited as a whole number (the current one is " << found->revision << ")\n";
                    return Invalid;
                }
            }
        } else {
            if (!p.isSet(name))
                inputErrors.append({TemplateField::Name, Severity::Error, QStringLiteral("Enter a name for the template with --name.")});
            if (!p.isSet(os))
                inputErrors.append(
                    {TemplateField::Os, Severity::Error, QStringLiteral("Choose the OS with --os DISTRO:VERSION (see `catalog os`).")});
        }
        if (p.isSet(name))
            t.name = p.value(name);
        if (p.isSet(os)) {
            const auto value = p.value(os);
            const auto colon = value.indexOf(QLatin1Char(':'));
            if (colon <= 0 || colon == value.size() - 1) {
                inputErrors.append(
                    {TemplateField::Os, Severity::Error,
                     QStringLiteral("Write the OS as DISTRO:VERSION, e.g. debian:12 (see `catalog os`); \"%1\" is not.").arg(value)});
            } else {
                t.os.distro = value.left(colon).toLower();
                t.os.version = value.mid(colon + 1);
            }
        }
        if (p.isSet(noApps))
            t.applications.clear();
        if (p.isSet(app)) {
            t.applications.clear();
            for (const auto &v : p.values(app))
                for (const auto &id : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
                    t.applications.append(id.trimmed());
        }
        if (p.isSet(minStorage)) {
            bool ok = false;
            const int gb = p.value(minStorage).toInt(&ok);
            if (!ok)
                inputErrors.append({TemplateField::MinStorage, Severity::Error,
                                    QStringLiteral("Minimum block storage must be a whole number of GB from %1 to %2; \"%3\" is not.")
                                        .arg(TemplateRules::MinStorageGb)
                                        .arg(TemplateRules::MaxStorageGb)
                                        .arg(p.value(minStorage))});
            else
                t.minStorageGb = gb;
        } else if (isCreate) {
            t.minStorageGb = service.rules().applicationsMinimumGb(t.applications);
        }
        if (p.isSet(noScript))
            t.userScript.clear();
        if (p.isSet(script)) {
            const auto in = readScript(p.value(script));
            if (!in.ok) {
                inputErrors.append({TemplateField::UserScript, Severity::Error, in.error});
            } else {
                if (const auto text = userscript::decode(in.bytes))
                    t.userScript = p.isSet(convertCrlf) ? userscript::convertCrlfToLf(*text) : *text;
                else
                    inputErrors += TemplateRules::checkUserScriptBytes(in.bytes);
            }
        }
        if (p.isSet(description))
            t.description = p.value(description);

        if (!inputErrors.isEmpty()) {
            // Report what else is wrong too, so one round fixes everything.
            auto rest = service.validate(t);
            rest.removeIf([&](const RuleMessage &m) {
                return std::any_of(inputErrors.cbegin(), inputErrors.cend(), [&](const RuleMessage &e) { return e.field == m.field; });
            });
            printRuleMessages(m_err, inputErrors + rest);
            return Invalid;
        }

        auto saved = isCreate ? service.create(t) : service.update(t);
        if (!saved)
            return reportSave(saved.error());
        printRuleMessages(m_err, userscript::shellcheckWarnings(saved->userScript));
        if (isCreate)
            m_out << saved->id << '\n';
        else
            m_out << saved->id << " revision " << saved->revision << '\n';
        return Ok;
    }

    if (verb == QLatin1String("list")) {
        auto list = m_store->listTemplates();
        if (!list) {
            m_err << "error: " << inertForTerminal(list.error().message) << '\n';
            return Failure;
        }
        if (p.isSet(json)) {
            QJsonArray array;
            for (const auto &t : list.value())
                array.append(t.toJson());
            printJson(m_out, QJsonDocument(array));
            return Ok;
        }
        QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("OS"), QStringLiteral("APPLICATIONS"),
                                 QStringLiteral("STORAGE"), QStringLiteral("REV"), QStringLiteral("UPDATED")}};
        for (const auto &t : list.value()) {
            rows.append({t.id.left(8), t.name, t.os.key(),
                         t.applications.isEmpty() ? QStringLiteral("-") : t.applications.join(QLatin1Char(',')),
                         QStringLiteral("%1 GB").arg(t.minStorageGb), QString::number(t.revision),
                         t.updatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))});
        }
        printTable(m_out, rows);
        return Ok;
    }

    if (verb == QLatin1String("import")) {
        const auto path = positional.first();
        QFile file;
        const bool opened =
            path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
        if (!opened) {
            m_err << "error: cannot read " << inertForLine(path) << ": " << file.errorString() << '\n';
            return Failure;
        }
        QJsonParseError parseError;
        const auto doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (doc.isNull() || !doc.isObject()) {
            m_err << "error: " << path << " is not a template export (invalid JSON: " << parseError.errorString() << " at offset "
                  << parseError.offset << ")\n";
            return Invalid;
        }
        const auto root = doc.object();
        if (root.value(QStringLiteral("format")).toString() != QLatin1String(kExportFormat)) {
            m_err << "error: " << path << " is not a template export; make one with `template export`\n";
            return Invalid;
        }
        if (root.value(QStringLiteral("formatVersion")).toInt() != 1) {
            m_err << "error: " << path << " has export format version " << root.value(QStringLiteral("formatVersion")).toInt()
                  << "; this Image Builder reads version 1, so update Image Builder\n";
            return Invalid;
        }
        auto t = ImageTemplate::contentFromJson(root.value(QStringLiteral("template")).toObject());
        if (p.isSet(name))
            t.name = p.value(name);
        auto saved = service.create(t);
        if (!saved) {
            const int status = reportSave(saved.error());
            if (std::any_of(saved.error().violations.cbegin(), saved.error().violations.cend(),
                            [](const RuleMessage &m) { return m.field == TemplateField::Name; }))
                m_err << "(import it under another name with --name)\n";
            return status;
        }
        m_out << saved->id << '\n';
        return Ok;
    }

    auto found = findTarget();
    if (!found)
        return reportLookup(found.error());
    const ImageTemplate &t = found.value();

    if (verb == QLatin1String("show")) {
        if (p.isSet(json)) {
            printJson(m_out, QJsonDocument(t.toJson()));
            return Ok;
        }
        const auto *osEntry = catalog.findOs(t.os.key());
        QStringList apps;
        for (const auto &id : t.applications) {
            const auto *a = catalog.findApp(id);
            apps.append(a ? QStringLiteral("%1 %2 (%3)").arg(a->name, a->versionFor(t.os.key()), id) : id);
        }
        m_out << "ID:            " << t.id << '\n'
              << "Name:          " << inertForLine(t.name) << '\n'
              << "OS:            " << (osEntry ? osEntry->name : inertForLine(t.os.key())) << " [" << inertForLine(t.os.key()) << "]\n"
              << "Applications:  " << (apps.isEmpty() ? QStringLiteral("none") : inertForLine(apps.join(QStringLiteral(", ")))) << '\n'
              << "Min storage:   " << t.minStorageGb << " GB\n"
              << "Description:   " << inertForTerminal(t.description) << '\n'
              << "Revision:      " << t.revision << '\n'
              << "Created:       " << t.createdAt.toString(Qt::ISODate) << '\n'
              << "Updated:       " << t.updatedAt.toString(Qt::ISODate) << '\n'
              << "User script:   " << (t.userScript.isEmpty() ? QStringLiteral("none") : QString()) << '\n';
        if (!t.userScript.isEmpty())
            m_out << inertForTerminal(t.userScript) << (t.userScript.endsWith(QLatin1Char('\n')) ? "" : "\n");
        return Ok;
    }
    if (verb == QLatin1String("revisions")) {
        auto revisions = m_store->templateRevisions(t.id);
        if (!revisions) {
            m_err << "error: " << inertForTerminal(revisions.error().message) << '\n';
            return Failure;
        }
        if (p.isSet(json)) {
            QJsonArray array;
            for (const auto &r : revisions.value())
                array.append(r.toJson());
            printJson(m_out, QJsonDocument(array));
            return Ok;
        }
        QList<QStringList> rows{{QStringLiteral("REV"), QStringLiteral("SAVED"), QStringLiteral("NAME"), QStringLiteral("OS"),
                                 QStringLiteral("APPLICATIONS"), QStringLiteral("STORAGE")}};
        for (const auto &r : revisions.value())
            rows.append({QString::number(r.revision), r.updatedAt.toString(Qt::ISODate), r.name, r.os.key(),
                         r.applications.join(QLatin1Char(',')), QStringLiteral("%1 GB").arg(r.minStorageGb)});
        printTable(m_out, rows);
        return Ok;
    }
    if (verb == QLatin1String("delete")) {
        if (auto removed = service.remove(t.id); !removed)
            return reportSave(removed.error());
        m_out << "deleted " << inertForLine(t.id) << " (" << inertForLine(t.name) << ")\n";
        return Ok;
    }
    if (verb == QLatin1String("export")) {
        printJson(m_out, QJsonDocument(exportDocument(t)));
        return Ok;
    }
    return usage(Invalid);
}

int Cli::catalogCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption json(QStringLiteral("json"));
    p.addOption(json);
    if (!p.parse(QStringList{QStringLiteral("catalog")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    const auto &catalog = ApplicationCatalog::builtin();
    if (verb == QLatin1String("os")) {
        if (p.isSet(json)) {
            QJsonArray array;
            for (const auto &os : catalog.operatingSystems())
                array.append(QJsonObject{{QStringLiteral("key"), os.key()},
                                         {QStringLiteral("type"), os.type},
                                         {QStringLiteral("distro"), os.distro},
                                         {QStringLiteral("version"), os.version},
                                         {QStringLiteral("name"), os.name},
                                         {QStringLiteral("family"), os.family},
                                         {QStringLiteral("loginUser"), os.loginUser},
                                         {QStringLiteral("endOfSupport"), os.endOfSupport.toString(Qt::ISODate)}});
            printJson(m_out, QJsonDocument(array));
            return Ok;
        }
        QList<QStringList> rows{{QStringLiteral("OS"), QStringLiteral("NAME"), QStringLiteral("FAMILY"), QStringLiteral("LOGIN USER"),
                                 QStringLiteral("END OF SUPPORT")}};
        for (const auto &os : catalog.operatingSystems())
            rows.append({os.key(), os.name, os.family, os.loginUser, os.endOfSupport.toString(Qt::ISODate)});
        printTable(m_out, rows);
        return Ok;
    }
    if (verb == QLatin1String("apps")) {
        if (p.isSet(json)) {
            QJsonArray array;
            for (const auto &a : catalog.applications()) {
                QJsonArray supports, conflicts, ports;
                for (const auto &s : a.supports)
                    supports.append(QJsonObject{{QStringLiteral("os"), s.osKey}, {QStringLiteral("version"), s.version}});
                for (const auto &c : a.conflicts)
                    conflicts.append(QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("reason"), c.reason}});
                for (int port : a.ports)
                    ports.append(port);
                array.append(QJsonObject{{QStringLiteral("id"), a.id},
                                         {QStringLiteral("name"), a.name},
                                         {QStringLiteral("category"), a.category},
                                         {QStringLiteral("description"), a.description},
                                         {QStringLiteral("minDiskGb"), a.minDiskGb},
                                         {QStringLiteral("ports"), ports},
                                         {QStringLiteral("supports"), supports},
                                         {QStringLiteral("conflicts"), conflicts}});
            }
            printJson(m_out, QJsonDocument(array));
            return Ok;
        }
        QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("CATEGORY"), QStringLiteral("MIN DISK"),
                                 QStringLiteral("CONFLICTS WITH"), QStringLiteral("OS (VERSION)")}};
        for (const auto &a : catalog.applications()) {
            QStringList supports, conflicts;
            for (const auto &s : a.supports)
                supports.append(QStringLiteral("%1 (%2)").arg(s.osKey, s.version));
            for (const auto &c : a.conflicts)
                conflicts.append(c.id);
            rows.append({a.id, a.name, a.category, QStringLiteral("%1 GB").arg(a.minDiskGb),
                         conflicts.isEmpty() ? QStringLiteral("-") : conflicts.join(QLatin1Char(',')),
                         supports.join(QStringLiteral(", "))});
        }
        printTable(m_out, rows);
        return Ok;
    }
    m_err << "unknown command \"catalog " << verb << "\"\n\n";
    return usage(Invalid);
}

}  // namespace ib::cli
