#include "Cli.h"

#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "diagnostics/Diagnostics.h"
#include "secrets/SecretStore.h"
#include "settings/Settings.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
#include "util/BuildInfo.h"
#include "util/InertText.h"

namespace ib::cli {

namespace {

const char *const kUsage = R"(Usage: imagebuilder-cli [--db PATH|URL] COMMAND ...

Image templates:
  template create --name N --os DISTRO:VERSION [--app ID]... [--min-storage GB]
                  [--script FILE] [--description TEXT] [--convert-crlf]
                  [--test-script FILE] [--no-boot-test]
  template list [--json]
  template show ID-OR-NAME [--json]
  template update ID-OR-NAME [--name N] [--os DISTRO:VERSION] [--app ID]... [--no-apps]
                  [--min-storage GB] [--script FILE] [--no-script] [--description TEXT]
                  [--convert-crlf] [--revision R]
                  [--test-script FILE] [--no-test-script] [--boot-test|--no-boot-test]
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
  image publish ID --provider CLOUD-NAME [--name N] [--format qcow2|raw] [--skip-datasource-check]
                                       uploads a local image to the cloud as a private image
                                       (uncompressed; the checksum is verified; Ctrl-C cancels
                                       and deletes it); refused when the image's cloud-init
                                       datasources cannot work there
  base-image create debian:12          makes one from Debian's archive (root)
  base-image import FILE [--os DISTRO:VERSION --user LOGIN] [--name N] [--arch x86_64|aarch64]
                                       (OS, user and architecture default from a known cloud
                                       image name; an arm64 image builds with HVF on Apple
                                       Silicon and stays local)
  base-image list [--provider CLOUD-NAME] [--json]
  base-image rename ID NAME
  base-image remove ID

Clouds (NHN Cloud, OpenStack):
  cloud add nhn --region KR1|KR2|KR3|JP1 --tenant T --user U [--name N]
  cloud add openstack --from-clouds-yaml CLOUD [--clouds-yaml FILE] [--name N]
        [--flavor F] [--network N] [--floating-network N] [--ssh-port P] [--volume-type T]
        [--ca-file PEM] [--no-check]   (PEM: the cloud's own CA; https_proxy/no_proxy are honoured)
        the password is read from a prompt or stdin (never an argument) and kept in
        the OS keychain; --provider NAME on build start, base-image list, image list
  cloud list [--json]
  cloud remove NAME
  cloud password NAME   enter the password again after the account's sign-in details
                        changed (it is sent only to the details it was entered for)
  cloud check NAME [--json] [--write] [--record DIR]

Stores:
  store copy --from LOCATION --to LOCATION   copy everything into an empty store
                                             (SQLite file <-> postgresql:// URL)
  store password [--remove]   keep the password of the --db postgresql:// URL in the
                              OS keychain (read from stdin); ~/.pgpass works too

Bug reports:
  diagnostics save FILE      versions, settings and logs in one zip, secrets redacted

Options:
  --db PATH|URL   the store (default: the GUI's database; IMAGEBUILDER_DB sets it too)
  --version       version, commit and library versions
  --help          this text

--script FILE reads the user script from FILE ("-" for stdin). Exit status: 0 done,
1 failure, 2 invalid input (one "field: message" line per broken rule on stderr),
3 not found, 4 conflict (someone else saved first). `build start --follow` exits 1
when the build fails, is cancelled or interrupted (Ctrl-C cancels it and cleans up).
)";

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
    if (group == QLatin1String("diagnostics"))
        return diagnosticsCommand(verb, args);
    m_err << "unknown command \"" << group << "\"\n\n";
    return usage(Invalid);
}

int Cli::diagnosticsCommand(const QString &verb, const QStringList &args)
{
    if (verb != QLatin1String("save") || args.size() != 1) {
        m_err << "usage: imagebuilder-cli diagnostics save FILE\n";
        return Invalid;
    }
    // The store is not opened: diagnostics are for when something does not work, the store too.
    const auto saved = diagnostics::saveForThisUser(args.first(), {QStringLiteral("Front end: imagebuilder-cli"),
                                                                   QStringLiteral("Store: %1").arg(StoreLocation::resolve(m_dbLocation))});
    if (!saved) {
        m_err << "error: " << inertForTerminal(saved.error().message) << '\n';
        return Failure;
    }
    m_out << "Saved " << saved.value() << " files to " << inertForTerminal(args.first())
          << " (secrets redacted; README.txt inside says what is there).\n";
    return Ok;
}

}  // namespace ib::cli
