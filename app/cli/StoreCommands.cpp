// imagebuilder-cli: store commands (copy a store into another, keep a password in the keychain).
#include "Cli.h"
#include "CliSupport.h"

#include "secrets/SecretStore.h"
#include "storage/Store.h"
#include "storage/StoreCopy.h"
#include "storage/StoreLocation.h"
#include "util/InertText.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

namespace ib::cli {

namespace {

std::unique_ptr<Store> openOrSay(const QString &location, const char *role, QTextStream &err, int *status)
{
    std::unique_ptr<SecretStore> keychain;
    if (Store::isPostgresLocation(location))
        keychain = SecretStore::systemKeychain();
    auto opened = Store::open(location, keychain.get());
    if (!opened) {
        err << "error: " << role << ": " << inertForTerminal(opened.error().message) << '\n';
        *status = opened.error().kind == ErrorKind::Invalid ? Invalid : Failure;
        return nullptr;
    }
    return std::move(opened).value();
}

}  // namespace

int Cli::storeCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption from(QStringLiteral("from"), QString(), QStringLiteral("LOCATION"));
    const QCommandLineOption to(QStringLiteral("to"), QString(), QStringLiteral("LOCATION"));
    const QCommandLineOption remove(QStringLiteral("remove"));
    if (verb == QLatin1String("copy")) {
        p.addOptions({from, to});
    } else if (verb == QLatin1String("password")) {
        p.addOption(remove);
    } else {
        m_err << "unknown command \"store " << verb << "\"\n\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("store")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }

    if (verb == QLatin1String("password"))
        return storePassword(p.isSet(remove));
    if (!p.isSet(from) || !p.isSet(to) || !p.positionalArguments().isEmpty()) {
        m_err << "store copy needs --from LOCATION and --to LOCATION (a SQLite file or a postgresql:// URL)\n";
        return Invalid;
    }
    return storeCopy(p.value(from), p.value(to));
}

int Cli::storePassword(bool remove)
{
    const auto location = StoreLocation::resolve(m_dbLocation);
    if (!Store::isPostgresLocation(location)) {
        m_err << "store password: --db must name a postgresql:// URL (a SQLite file needs no password)\n";
        return Invalid;
    }
    if (!QUrl(location).password().isEmpty()) {
        m_err << "store password: give the URL without a password; the password is read from stdin\n";
        return Invalid;
    }
    auto keychain = SecretStore::systemKeychain();
    const auto key = Store::secretKey(location);
    if (remove) {
        if (auto removed = keychain->remove(key); !removed) {
            m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
            return removed.error().kind == ErrorKind::NotFound ? NotFound : Failure;
        }
        m_out << "removed the password of " << Store::redactedLocation(location) << " from " << keychain->name() << '\n';
        return Ok;
    }
    // At a prompt without echo on a terminal; the first line of stdin otherwise.
    const QString password = readPassword(m_err, QStringLiteral("Password for %1: ").arg(Store::redactedLocation(location)));
    if (password.isEmpty()) {
        m_err << "store password: type the password (or write it on stdin, one line)\n";
        return Invalid;
    }
    if (auto written = keychain->write(key, password); !written) {
        m_err << "error: " << inertForTerminal(written.error().message)
              << "\nPut the password in ~/.pgpass instead (a line \"host:port:database:user:password\", mode 0600).\n";
        return Failure;
    }
    m_out << "stored the password of " << Store::redactedLocation(location) << " in " << keychain->name() << '\n';
    return Ok;
}

int Cli::storeCopy(const QString &from, const QString &to)
{
    int status = Ok;
    auto source = openOrSay(from, "--from", m_err, &status);
    if (!source)
        return status;
    auto target = openOrSay(to, "--to", m_err, &status);
    if (!target)
        return status;
    QElapsedTimer timer;
    timer.start();
    auto copied = StoreCopy::copy(*source, *target);
    if (!copied) {
        m_err << "error: " << inertForTerminal(copied.error().message) << '\n';
        return copied.error().kind == ErrorKind::Invalid ? Invalid : Failure;
    }
    m_out << "Copied " << source->location() << " into " << target->location() << " in "
          << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s:\n";
    for (const auto &c : copied.value())
        m_out << "  " << c.table.leftJustified(20) << ' ' << c.rows << '\n';
    return Ok;
}

}  // namespace ib::cli
