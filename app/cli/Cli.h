#pragma once

#include <QStringList>
#include <QTextStream>

#include <memory>

namespace ib {

class BuildService;
class Store;

namespace cli {

// Exit statuses of imagebuilder-cli (the README lists them).
enum Exit : int {
    Ok = 0,
    Failure = 1,   // the store, a file or a process failed
    Invalid = 2,   // bad usage or input that breaks a rule: one "field: message" line each
    NotFound = 3,  // no such template, build, image
    Conflict = 4,  // someone else saved first (stale --revision)
};

// imagebuilder-cli: the same core as the GUI, headless.
class Cli final
{
public:
    Cli();
    ~Cli();
    int run(const QStringList &arguments);

private:
    int usage(int status);
    int templateCommand(const QString &verb, const QStringList &args);
    int catalogCommand(const QString &verb, const QStringList &args);
    int openStore();
    int buildCommand(const QString &verb, const QStringList &args);
    int imageCommand(const QString &verb, const QStringList &args);
    int baseImageCommand(const QString &verb, const QStringList &args);
    int storeCommand(const QString &verb, const QStringList &args);
    int cloudCommand(const QString &verb, const QStringList &args);
    int follow(const QString &buildId, bool printLog);

    QTextStream m_out;
    QTextStream m_err;
    QString m_dbLocation;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<BuildService> m_builds;
};

}  // namespace cli
}  // namespace ib
