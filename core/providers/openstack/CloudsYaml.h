#pragma once

#include "providers/openstack/CloudAccount.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

namespace ib::openstack {

// One cloud of the user's clouds.yaml (the file the openstack CLI and SDK read), as an
// account, plus its password when the file (or the secure.yaml beside it) has one.
struct CloudsYamlEntry
{
    CloudAccount account;
    QString password;  // empty: ask for it
    QString file;      // where it was found
};

class CloudsYaml final
{
public:
    // $OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml,
    // /etc/openstack/clouds.yaml: the SDK's order.
    static QStringList searchPaths();
    // The first file of searchPaths() that exists; empty when none does.
    static QString findFile();
    // The cloud `cloudName` of `file` (findFile() when empty), named `accountName`.
    static Result<CloudsYamlEntry> read(const QString &cloudName, const QString &accountName, const QString &file = {});
    static Result<QStringList> cloudNames(const QString &file = {});

private:
    static Result<CloudsYamlEntry> readUnguarded(const QString &cloudName, const QString &accountName, const QString &file);
    static Result<QStringList> cloudNamesUnguarded(const QString &file);
};

}  // namespace ib::openstack
