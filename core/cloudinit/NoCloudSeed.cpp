#include "NoCloudSeed.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace ib::cloudinit {

namespace {

QString indented(const QString &text, const QString &indent)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    for (QString &line : lines) {
        line.prepend(indent);
    }
    return lines.join(QLatin1Char('\n'));
}

Result<void> writeFile(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(ErrorKind::Io, QStringLiteral("Could not write %1: %2.").arg(path, file.errorString()));
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(text.toUtf8());
    if (!file.commit()) {
        return makeError(ErrorKind::Io, QStringLiteral("Could not write %1: %2.").arg(path, file.errorString()));
    }
    return {};
}

// Single-line YAML scalars from our own inputs; quoting keeps a ':' or '#' harmless.
QString yamlQuoted(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

}  // namespace

QString NoCloudSeed::metaData() const
{
    return QStringLiteral("instance-id: %1\nlocal-hostname: %2\n").arg(yamlQuoted(instanceId), yamlQuoted(hostname));
}

QString NoCloudSeed::userData() const
{
    QString text = QStringLiteral("#cloud-config\n");
    if (!authorizedKey.isEmpty()) {
        text += QStringLiteral("ssh_authorized_keys:\n  - %1\n").arg(yamlQuoted(authorizedKey.trimmed()));
    }
    if (!hostPrivateKey.isEmpty() && !hostPublicKey.isEmpty()) {
        text += QStringLiteral("ssh_keys:\n  ed25519_private: |\n%1\n  ed25519_public: %2\n")
                    .arg(indented(hostPrivateKey, QStringLiteral("    ")), yamlQuoted(hostPublicKey.trimmed()));
    }
    text += QStringLiteral("ssh_pwauth: false\n");
    if (initStagesOnly) {
        // User data's lists replace the image's own (cloud.cfg): the two stages then start,
        // run nothing, and write result.json.
        text += QStringLiteral("cloud_config_modules: []\ncloud_final_modules: []\n");
    }
    return text;
}

QString NoCloudSeed::networkConfig() const
{
    return QStringLiteral("version: 2\nethernets:\n  %1:\n    dhcp4: true\n").arg(interfaceName);
}

Result<void> NoCloudSeed::writeTo(const QString &folder) const
{
    if (instanceId.isEmpty()) {
        return makeError(ErrorKind::Invalid, QStringLiteral("The NoCloud seed needs an instance-id."));
    }
    if (!QDir().mkpath(folder)) {
        return makeError(ErrorKind::Io, QStringLiteral("Could not make the seed folder %1.").arg(folder));
    }
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QDir dir(folder);
    if (auto r = writeFile(dir.filePath(QStringLiteral("meta-data")), metaData()); !r) {
        return r;
    }
    if (auto r = writeFile(dir.filePath(QStringLiteral("user-data")), userData()); !r) {
        return r;
    }
    return writeFile(dir.filePath(QStringLiteral("network-config")), networkConfig());
}

}  // namespace ib::cloudinit
