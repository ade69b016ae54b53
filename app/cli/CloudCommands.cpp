// imagebuilder-cli: cloud accounts (NHN Cloud, OpenStack).
#include "Cli.h"
#include "CliSupport.h"
#include "TableOutput.h"

#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudAccountService.h"
#include "providers/openstack/CloudAccountStore.h"
#include "providers/openstack/CloudProbe.h"
#include "providers/openstack/CloudsYaml.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace ib::cli {

namespace {

// `cloud password NAME`: the password entered again, bound to the account's details as
// the store has them now (after a change a colleague or the user made). The details are
// shown first: they are what the password will be sent to from then on.
int rebindCloud(QTextStream &out, QTextStream &err, openstack::CloudAccountStore &accounts, const QString &name)
{
    auto account = accounts.find(name);
    if (!account) {
        err << "error: " << inertForTerminal(account.error().message) << '\n';
        return account.error().kind == ErrorKind::NotFound ? NotFound : Failure;
    }
    const auto &a = account.value();
    err << "Cloud account " << inertForLine(a.name) << ": the password will be sent to " << inertForLine(a.authUrl) << " (identity "
        << inertForLine(a.identityVersion) << ") for user " << inertForLine(a.userName) << ", project "
        << inertForLine(a.tenantId.isEmpty() ? a.projectName : a.tenantId) << ", region " << inertForLine(a.region)
        << ". Enter it only if these are right.\n";
    err.flush();
    const QString password = readPassword(err, QStringLiteral("API password for %1 on %2: ").arg(a.userName, a.name));
    if (password.isEmpty()) {
        err << "cloud password: type the password (or write it on stdin, one line)\n";
        return Invalid;
    }
    if (auto bound = accounts.rebind(a, password); !bound) {
        err << "error: " << inertForTerminal(bound.error().message) << '\n';
        return bound.error().kind == ErrorKind::Invalid ? Invalid : Failure;
    }
    out << "stored the password of " << inertForLine(a.name) << ", bound to its sign-in details as they are now\n";
    return Ok;
}

QJsonObject accountJson(const openstack::CloudAccount &a)
{
    return QJsonObject{{QStringLiteral("name"), a.name},
                       {QStringLiteral("kind"), a.kindName()},
                       {QStringLiteral("authUrl"), a.authUrl},
                       {QStringLiteral("identityVersion"), a.identityVersion},
                       {QStringLiteral("region"), a.region},
                       {QStringLiteral("tenantId"), a.tenantId},
                       {QStringLiteral("projectName"), a.projectName},
                       {QStringLiteral("user"), a.userName},
                       {QStringLiteral("flavor"), a.flavor},
                       {QStringLiteral("network"), a.network},
                       {QStringLiteral("floatingNetwork"), a.floatingNetwork},
                       {QStringLiteral("volumeType"), a.volumeType},
                       {QStringLiteral("sshPort"), a.sshPort},
                       {QStringLiteral("caFile"), a.caFile},
                       {QStringLiteral("createdAt"), a.createdAt.toString(Qt::ISODateWithMs)}};
}

int listClouds(QTextStream &out, QTextStream &err, openstack::CloudAccountStore &accounts, bool json)
{
    auto list = accounts.list();
    if (!list) {
        err << "error: " << inertForTerminal(list.error().message) << '\n';
        return Failure;
    }
    if (json) {
        QJsonArray array;
        for (const auto &a : list.value())
            array.append(accountJson(a));
        printJson(out, QJsonDocument(array));
        return Ok;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("REGION"), QStringLiteral("PROJECT"),
                             QStringLiteral("USER"), QStringLiteral("SSH PORT"), QStringLiteral("IDENTITY")}};
    for (const auto &a : list.value())
        rows.append({a.name, a.kindName(), a.region.isEmpty() ? QStringLiteral("-") : a.region,
                     a.tenantId.isEmpty() ? a.projectName : a.tenantId, a.userName, QString::number(a.sshPort), a.authUrl});
    printTable(out, rows);
    return Ok;
}

// `cloud check`: the read-only probe (CloudProbe), as text or JSON; 0 when every step worked.
int checkCloud(QTextStream &out, QTextStream &err, openstack::CloudAccountStore &accounts, const QString &name,
               const openstack::ProbeOptions &options, bool json)
{
    auto account = accounts.find(name);
    if (!account) {
        err << "error: " << inertForTerminal(account.error().message) << '\n';
        return account.error().kind == ErrorKind::NotFound ? NotFound : Failure;
    }
    auto password = accounts.password(account.value());
    if (!password) {
        err << "error: " << inertForTerminal(password.error().message) << '\n';
        return Failure;
    }
    openstack::CloudProbe probe(account.value(), password.value(), &ApplicationCatalog::builtin());
    const auto report = probe.run(options);
    if (json)
        printJson(out, QJsonDocument(report));
    else
        out << inertForTerminal(openstack::CloudProbe::text(report));
    return report.value(QStringLiteral("ok")).toBool() ? Ok : Failure;
}

}  // namespace

// The options of the cloud verbs (each verb takes its own share of them).
struct Cli::CloudOptions
{
    const QCommandLineOption name{QStringLiteral("name"), QString(), QStringLiteral("NAME")};
    const QCommandLineOption region{QStringLiteral("region"), QString(), QStringLiteral("R")};
    const QCommandLineOption tenant{QStringLiteral("tenant"), QString(), QStringLiteral("T")};
    const QCommandLineOption user{QStringLiteral("user"), QString(), QStringLiteral("U")};
    const QCommandLineOption authUrl{QStringLiteral("auth-url"), QString(), QStringLiteral("URL")};
    const QCommandLineOption fromYaml{QStringLiteral("from-clouds-yaml"), QString(), QStringLiteral("CLOUD")};
    const QCommandLineOption yamlFile{QStringLiteral("clouds-yaml"), QString(), QStringLiteral("FILE")};
    const QCommandLineOption flavor{QStringLiteral("flavor"), QString(), QStringLiteral("F")};
    const QCommandLineOption network{QStringLiteral("network"), QString(), QStringLiteral("N")};
    const QCommandLineOption floatingNetwork{QStringLiteral("floating-network"), QString(), QStringLiteral("N")};
    const QCommandLineOption sshPort{QStringLiteral("ssh-port"), QString(), QStringLiteral("P")};
    const QCommandLineOption volumeType{QStringLiteral("volume-type"), QString(), QStringLiteral("T")};
    const QCommandLineOption caFile{QStringLiteral("ca-file"), QString(), QStringLiteral("FILE")};
    const QCommandLineOption noCheck{QStringLiteral("no-check")};
    const QCommandLineOption json{QStringLiteral("json")};
    const QCommandLineOption write{QStringLiteral("write")};
    const QCommandLineOption record{QStringLiteral("record"), QString(), QStringLiteral("DIR")};
};

int Cli::cloudCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    const CloudOptions o;
    if (verb == QLatin1String("check"))
        p.addOptions({o.json, o.write, o.record});
    else if (verb == QLatin1String("add"))
        p.addOptions({o.name, o.region, o.tenant, o.user, o.authUrl, o.fromYaml, o.yamlFile, o.flavor, o.network, o.floatingNetwork,
                      o.sshPort, o.volumeType, o.caFile, o.noCheck});
    else if (verb == QLatin1String("list"))
        p.addOption(o.json);
    else if (verb != QLatin1String("remove") && verb != QLatin1String("password")) {
        m_err << "unknown command \"cloud " << verb << "\"\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("cloud")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    if (const int s = openStore(); s != Ok)
        return s;
    auto secrets = SecretStore::forThisProcess();
    openstack::CloudAccountStore accounts(*m_store, secrets.get());

    if (verb == QLatin1String("list"))
        return listClouds(m_out, m_err, accounts, p.isSet(o.json));

    const auto positional = p.positionalArguments();
    if (verb == QLatin1String("check")) {
        if (positional.size() != 1) {
            m_err << "cloud check needs exactly one account NAME\n";
            return Invalid;
        }
        return checkCloud(m_out, m_err, accounts, positional.first(), openstack::ProbeOptions{p.isSet(o.write), p.value(o.record)},
                          p.isSet(o.json));
    }
    if (verb == QLatin1String("password")) {
        if (positional.size() != 1) {
            m_err << "cloud password needs exactly one account NAME\n";
            return Invalid;
        }
        return rebindCloud(m_out, m_err, accounts, positional.first());
    }
    if (verb == QLatin1String("remove")) {
        if (positional.size() != 1) {
            m_err << "cloud remove needs exactly one account NAME\n";
            return Invalid;
        }
        if (auto removed = accounts.remove(positional.first()); !removed) {
            m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
            return removed.error().kind == ErrorKind::NotFound ? NotFound : Failure;
        }
        m_out << "removed " << positional.first() << '\n';
        return Ok;
    }

    return addCloud(p, o, *secrets);
}

// cloud add nhn|openstack: the account from the options (or a clouds.yaml entry), its
// password from the entry or the prompt, then CloudAccountService: sign in, save.
int Cli::addCloud(const QCommandLineParser &p, const CloudOptions &o, SecretStore &secrets)
{
    const auto positional = p.positionalArguments();
    if (positional.size() != 1 || (positional.first() != QLatin1String("nhn") && positional.first() != QLatin1String("openstack"))) {
        m_err << "kind: say `cloud add nhn ...` or `cloud add openstack ...`\n";
        return Invalid;
    }
    openstack::CloudAccount account;
    QString password;
    QStringList problems;
    if (positional.first() == QLatin1String("nhn")) {
        for (const auto *required : {&o.region, &o.tenant, &o.user}) {
            if (!p.isSet(*required))
                problems.append(QStringLiteral("%1: give --%1 (NHN Cloud console: Compute > Instance > Set API Endpoint)")
                                    .arg(required->names().constFirst()));
        }
        const QString r = p.value(o.region).toUpper();
        account = openstack::CloudAccount::nhn(p.isSet(o.name) ? p.value(o.name) : QStringLiteral("nhn-") + r.toLower(), r,
                                               p.value(o.tenant), p.value(o.user));
    } else {
        if (!p.isSet(o.fromYaml)) {
            m_err << "from-clouds-yaml: name the cloud of your clouds.yaml with --from-clouds-yaml CLOUD\n";
            return Invalid;
        }
        auto entry = openstack::CloudsYaml::read(p.value(o.fromYaml), p.value(o.name), p.value(o.yamlFile));
        if (!entry) {
            m_err << "error: " << inertForTerminal(entry.error().message) << '\n';
            return entry.error().kind == ErrorKind::NotFound ? NotFound : Invalid;
        }
        account = entry->account;
        password = entry->password;
        if (!password.isEmpty())
            m_err << "Using the password of cloud \"" << p.value(o.fromYaml) << "\" in " << entry->file << "; it goes into "
                  << secrets.name() << " (you may remove it from the file).\n";
    }
    if (p.isSet(o.authUrl))
        account.authUrl = p.value(o.authUrl);
    account.flavor = p.value(o.flavor);
    account.network = p.value(o.network);
    account.floatingNetwork = p.value(o.floatingNetwork);
    account.volumeType = p.value(o.volumeType);
    if (p.isSet(o.caFile))
        account.caFile = p.value(o.caFile).isEmpty() ? QString() : QFileInfo(p.value(o.caFile)).absoluteFilePath();
    if (p.isSet(o.sshPort)) {
        bool ok = false;
        account.sshPort = p.value(o.sshPort).toInt(&ok);
        if (!ok)
            account.sshPort = 0;
    }
    problems += account.problems();
    if (!problems.isEmpty()) {
        for (const auto &m : problems)
            m_err << m << '\n';
        return Invalid;
    }
    if (password.isEmpty())
        password = readPassword(m_err, QStringLiteral("API password for %1 on %2: ").arg(account.userName, account.name));
    if (password.isEmpty()) {
        m_err << "password: type the API password at the prompt or give it on standard input\n";
        return Invalid;
    }
    // Signing in once tells a wrong password or tenant now, not an hour into a build.
    openstack::CloudAccountService service(*m_store, &secrets);
    if (const auto failed = service.add(account, password, !p.isSet(o.noCheck))) {
        const Error &e = failed->error;
        m_err << "error: " << inertForTerminal(e.message) << '\n';
        if (failed->step == openstack::CloudAccountService::Failure::Step::SignIn) {
            m_err << "(nothing was saved; --no-check saves without signing in)\n";
            return e.kind == ErrorKind::Invalid ? Invalid : Failure;
        }
        return e.kind == ErrorKind::Conflict ? Conflict : (e.kind == ErrorKind::Invalid ? Invalid : Failure);
    }
    m_out << account.name << '\n';
    m_err << "Cloud account " << account.name << " saved; its password is in " << secrets.name() << ".\n";
    return Ok;
}

}  // namespace ib::cli
