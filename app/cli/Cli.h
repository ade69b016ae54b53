#pragma once

#include "util/Result.h"

#include <QStringList>
#include <QTextStream>

#include <memory>

class QCommandLineParser;

namespace ib {

class BaseImageLibrary;
class BuildService;
class SecretStore;
class Store;
struct BuildRecord;
struct TemplateError;
namespace publish {
class ImagePublisher;
struct PublishRequest;
}  // namespace publish

namespace cli {

// Exit statuses of imagebuilder-cli (the README lists them).
enum Exit : int {
    Ok = 0,
    Failure = 1,   // the store, a file or a process failed
    Invalid = 2,   // bad usage or input that breaks a rule: one "field: message" line each
    NotFound = 3,  // no such template, build, image
    Conflict = 4,  // someone else saved first (stale --revision)
};

// imagebuilder-cli: the same core as the GUI, headless. Each command group parses its
// options and hands over to one handler per verb; lists go through printRecords
// (TableOutput.h), the one printer of tables and --json.
class Cli final
{
public:
    Cli();
    ~Cli();
    int run(const QStringList &arguments);

private:
    int usage(int status);
    int openStore();

    // TemplateCommands.cpp
    int templateCommand(const QString &verb, const QStringList &args);
    int templateSave(const QCommandLineParser &p, bool isCreate);
    int templateList(const QCommandLineParser &p);
    int templateImport(const QCommandLineParser &p);
    int templateOne(const QString &verb, const QCommandLineParser &p);
    int reportLookup(const Error &e);
    int reportSave(const TemplateError &e);
    int catalogCommand(const QString &verb, const QStringList &args);

    // BuildCommands.cpp
    int buildCommand(const QString &verb, const QStringList &args);
    int buildStart(const QCommandLineParser &p);
    void sayChangesSinceLastBuild(const QString &templateIdOrName);
    int buildStartInBackground(const QCommandLineParser &p);
    int buildList(const QCommandLineParser &p);
    int buildShow(const BuildRecord &b, bool json);
    int buildLog(const BuildRecord &b, bool followLog);
    int buildCancel(const BuildRecord &b);
    int follow(const QString &buildId, bool printLog);
    int imageCommand(const QString &verb, const QStringList &args);
    int imageDelete(const QString &id);
    int imageList(const QCommandLineParser &p);
    int imagePublish(const QCommandLineParser &p);
    int runPublish(publish::ImagePublisher &publisher, const publish::PublishRequest &request);
    int baseImageCommand(const QString &verb, const QStringList &args);
    int baseImageImport(const QCommandLineParser &p, BaseImageLibrary &library);
    int baseImageCreate(const QStringList &positional, BaseImageLibrary &library);
    int baseImageList(const QCommandLineParser &p);

    // Cli.cpp
    int diagnosticsCommand(const QString &verb, const QStringList &args);

    // StoreCommands.cpp
    int storeCommand(const QString &verb, const QStringList &args);
    int storePassword(bool remove);
    int storeCopy(const QString &from, const QString &to);

    // CloudCommands.cpp
    int cloudCommand(const QString &verb, const QStringList &args);
    struct CloudOptions;
    int addCloud(const QCommandLineParser &p, const CloudOptions &o, SecretStore &secrets);

    QTextStream m_out;
    QTextStream m_err;
    QString m_dbLocation;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<BuildService> m_builds;
};

}  // namespace cli
}  // namespace ib
