#include "providers/openstack/CloudsYaml.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <yaml-cpp/yaml.h>

namespace ib::openstack {

namespace {

QString str(const YAML::Node &node, const char *key)
{
    const auto v = node[key];
    if (!v || !v.IsScalar())
        return {};
    return QString::fromStdString(v.as<std::string>());
}

Result<YAML::Node> load(const QString &file)
{
    try {
        return YAML::LoadFile(QFile::encodeName(file).toStdString());
    } catch (const YAML::Exception &e) {
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("%1 is not valid YAML (%2); fix it or name another file.").arg(file, QString::fromStdString(e.what())));
    }
}

// The account that `cloud` (with its `auth` section) of clouds.yaml `path` describes, unnamed.
CloudAccount accountOf(const YAML::Node &cloud, const YAML::Node &auth, const QString &path)
{
    CloudAccount a;
    a.kind = CloudKind::OpenStack;
    a.authUrl = str(auth, "auth_url");
    while (a.authUrl.endsWith(QLatin1Char('/')))
        a.authUrl.chop(1);
    QString version = str(cloud, "identity_api_version");
    if (version.isEmpty())
        version = a.authUrl.endsWith(QLatin1String("/v2.0")) ? QStringLiteral("2.0") : QStringLiteral("3");
    a.identityVersion = version.startsWith(QLatin1Char('2')) ? QStringLiteral("2.0") : QStringLiteral("3");
    a.region = str(cloud, "region_name");
    a.userName = str(auth, "username");
    a.tenantId = str(auth, "project_id");
    if (a.tenantId.isEmpty())
        a.tenantId = str(auth, "tenant_id");
    a.projectName = str(auth, "project_name");
    if (a.projectName.isEmpty())
        a.projectName = str(auth, "tenant_name");
    for (const auto *key : {"user_domain_name", "user_domain_id", "domain_name"}) {
        if (const auto v = str(auth, key); !v.isEmpty()) {
            a.userDomain = v;
            break;
        }
    }
    for (const auto *key : {"project_domain_name", "project_domain_id", "domain_name"}) {
        if (const auto v = str(auth, key); !v.isEmpty()) {
            a.projectDomain = v;
            break;
        }
    }
    if (const auto iface = str(cloud, "interface"); !iface.isEmpty())
        a.interface = iface;
    // TLS as openstacksdk reads it: `cacert` names the CA bundle; a relative path is taken
    // relative to this file's folder (the SDK takes it relative to its working directory,
    // which a desktop app does not have). `verify: false` is refused rather than obeyed.
    if (auto ca = str(cloud, "cacert"); !ca.isEmpty()) {
        if (ca.startsWith(QLatin1String("~/")))
            ca = QDir::homePath() + ca.mid(1);
        a.caFile = QDir::cleanPath(QFileInfo(path).absoluteDir().absoluteFilePath(ca));
    }
    return a;
}

// secure.yaml beside clouds.yaml keeps the passwords apart, as the SDK allows.
QString securePassword(const QString &path, const QString &cloudName)
{
    const QString secure = QFileInfo(path).absolutePath() + QStringLiteral("/secure.yaml");
    if (!QFileInfo::exists(secure))
        return {};
    auto s = load(secure);
    if (!s)
        return {};
    const auto sc = s->IsMap() ? s.value()["clouds"] : YAML::Node();
    const auto mine = sc && sc.IsMap() ? sc[cloudName.toStdString()] : YAML::Node();
    if (mine && mine.IsMap() && mine["auth"] && mine["auth"].IsMap())
        return str(mine["auth"], "password");
    return {};
}

}  // namespace

QStringList CloudsYaml::searchPaths()
{
    QStringList paths;
    if (const auto env = qEnvironmentVariable("OS_CLIENT_CONFIG_FILE"); !env.isEmpty())
        paths.append(env);
    paths.append(QDir::currentPath() + QStringLiteral("/clouds.yaml"));
    paths.append(QDir::homePath() + QStringLiteral("/.config/openstack/clouds.yaml"));
    paths.append(QStringLiteral("/etc/openstack/clouds.yaml"));
    return paths;
}

QString CloudsYaml::findFile()
{
    for (const auto &p : searchPaths()) {
        if (QFileInfo::exists(p))
            return p;
    }
    return {};
}

// yaml-cpp throws on a non-scalar key, a scalar where a map was indexed, a conversion
// that fails: any of them is a clouds.yaml of the wrong shape, said in words.
namespace {

template <typename Fn>
auto guarded(const QString &file, Fn &&fn) -> decltype(fn())
{
    try {
        return fn();
    } catch (const YAML::Exception &e) {
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 is not shaped as clouds.yaml should be (%2); fix it or name another file.")
                             .arg(file.isEmpty() ? QStringLiteral("clouds.yaml") : file, QString::fromStdString(e.what())));
    } catch (const std::exception &e) {
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 could not be read (%2).")
                             .arg(file.isEmpty() ? QStringLiteral("clouds.yaml") : file, QString::fromStdString(e.what())));
    }
}

}  // namespace

Result<QStringList> CloudsYaml::cloudNames(const QString &file)
{
    return guarded(file, [&] { return cloudNamesUnguarded(file); });
}

Result<CloudsYamlEntry> CloudsYaml::read(const QString &cloudName, const QString &accountName, const QString &file)
{
    return guarded(file, [&] { return readUnguarded(cloudName, accountName, file); });
}

Result<QStringList> CloudsYaml::cloudNamesUnguarded(const QString &file)
{
    const QString path = file.isEmpty() ? findFile() : file;
    if (path.isEmpty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("No clouds.yaml found (looked at %1).").arg(searchPaths().join(QStringLiteral(", "))));
    auto root = load(path);
    if (!root)
        return root.error();
    QStringList names;
    if (!root->IsMap())
        return names;
    const auto clouds = root.value()["clouds"];
    if (clouds && clouds.IsMap()) {
        for (const auto &c : clouds) {
            if (c.first.IsScalar())
                names.append(QString::fromStdString(c.first.as<std::string>()));
        }
    }
    return names;
}

Result<CloudsYamlEntry> CloudsYaml::readUnguarded(const QString &cloudName, const QString &accountName, const QString &file)
{
    const QString path = file.isEmpty() ? findFile() : file;
    if (path.isEmpty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("No clouds.yaml found (looked at %1); write one or add the cloud with its settings.")
                             .arg(searchPaths().join(QStringLiteral(", "))));
    auto root = load(path);
    if (!root)
        return root.error();
    if (!root->IsMap())
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 is not a clouds.yaml: it has no \"clouds:\" map.").arg(path));
    const auto clouds = root.value()["clouds"];
    const auto cloud = clouds && clouds.IsMap() ? clouds[cloudName.toStdString()] : YAML::Node();
    if (!cloud || !cloud.IsMap()) {
        auto names = cloudNames(path);
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("%1 has no cloud \"%2\"; it has: %3.")
                .arg(path, cloudName, names && !names->isEmpty() ? names->join(QStringLiteral(", ")) : QStringLiteral("none")));
    }
    const auto auth = cloud["auth"];
    if (!auth || !auth.IsMap())
        return makeError(ErrorKind::Invalid, QStringLiteral("Cloud \"%1\" in %2 has no auth section.").arg(cloudName, path));
    const QString authType = str(cloud, "auth_type");
    if (!authType.isEmpty() && authType != QLatin1String("password") && authType != QLatin1String("v3password") &&
        authType != QLatin1String("v2password"))
        return makeError(
            ErrorKind::Unsupported,
            QStringLiteral("Cloud \"%1\" signs in with %2; Image Builder supports password sign-in only.").arg(cloudName, authType));

    CloudsYamlEntry entry;
    entry.file = path;
    entry.account = accountOf(cloud, auth, path);
    entry.account.name = accountName.isEmpty() ? cloudName : accountName;
    if (str(cloud, "verify").compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("Cloud \"%1\" in %2 sets verify: false; Image Builder always checks the cloud's certificate. "
                                        "Remove it and give the cloud's CA certificate as cacert: PATH instead.")
                             .arg(cloudName, path));
    entry.password = str(auth, "password");
    if (entry.password.isEmpty())
        entry.password = securePassword(path, cloudName);
    return entry;
}

}  // namespace ib::openstack
