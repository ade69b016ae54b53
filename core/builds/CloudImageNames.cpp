#include "builds/CloudImageNames.h"

#include <QRegularExpression>

namespace ib {

namespace {

struct Pattern
{
    const char *prefix;  // lower case
    const char *osKey;
};

// The prefixes of the published names (the release's code name or its number).
constexpr Pattern Patterns[] = {
    {"debian-12-", "debian:12"},       {"jammy-", "ubuntu:22.04"}, {"ubuntu-22.04-", "ubuntu:22.04"}, {"noble-", "ubuntu:24.04"},
    {"ubuntu-24.04-", "ubuntu:24.04"}, {"rocky-9-", "rocky:9"},    {"rocky-9.", "rocky:9"},
};

}  // namespace

const QList<CloudImageNames::Known> &CloudImageNames::known()
{
    static const QList<Known> list{
        {QStringLiteral("debian:12"),
         QStringLiteral("debian"),
         {QStringLiteral("debian-12-genericcloud-amd64.qcow2"), QStringLiteral("debian-12-generic-amd64.qcow2")},
         QStringLiteral("https://cloud.debian.org/images/cloud/bookworm/latest/"),
         QStringLiteral("debian-12-genericcloud-arm64.qcow2"),
         QStringLiteral("https://cloud.debian.org/images/cloud/bookworm/latest/")},
        {QStringLiteral("ubuntu:22.04"),
         QStringLiteral("ubuntu"),
         {QStringLiteral("jammy-server-cloudimg-amd64.img")},
         QStringLiteral("https://cloud-images.ubuntu.com/jammy/current/"),
         QStringLiteral("jammy-server-cloudimg-arm64.img"),
         QStringLiteral("https://cloud-images.ubuntu.com/jammy/current/")},
        {QStringLiteral("ubuntu:24.04"),
         QStringLiteral("ubuntu"),
         {QStringLiteral("noble-server-cloudimg-amd64.img")},
         QStringLiteral("https://cloud-images.ubuntu.com/noble/current/"),
         QStringLiteral("noble-server-cloudimg-arm64.img"),
         QStringLiteral("https://cloud-images.ubuntu.com/noble/current/")},
        {QStringLiteral("rocky:9"),
         QStringLiteral("rocky"),
         {QStringLiteral("Rocky-9-GenericCloud-Base.latest.x86_64.qcow2"), QStringLiteral("Rocky-9-GenericCloud.latest.x86_64.qcow2")},
         QStringLiteral("https://dl.rockylinux.org/pub/rocky/9/images/x86_64/"),
         QStringLiteral("Rocky-9-GenericCloud-Base.latest.aarch64.qcow2"),
         QStringLiteral("https://dl.rockylinux.org/pub/rocky/9/images/aarch64/")},
    };
    return list;
}

CloudImageNames::Guess CloudImageNames::guess(const QString &fileName)
{
    // The last part of a path with either separator: a Windows path typed on Linux too.
    static const QRegularExpression separator(QStringLiteral("[/\\\\]"));
    const QString name = fileName.section(separator, -1).toLower();
    static const QRegularExpression arm(QStringLiteral("(^|[^a-z0-9])(arm64|aarch64)([^a-z0-9]|$)"));
    static const QRegularExpression x86(QStringLiteral("(^|[^a-z0-9])(amd64|x86_64)([^a-z0-9]|$)"));
    const QString architecture = arm.match(name).hasMatch()   ? QStringLiteral("aarch64")
                                 : x86.match(name).hasMatch() ? QStringLiteral("x86_64")
                                                              : QString();
    for (const auto &p : Patterns) {
        if (name.startsWith(QLatin1String(p.prefix))) {
            const auto *k = forOs(QLatin1String(p.osKey));
            return {k->osKey, k->loginUser, architecture};
        }
    }
    return {{}, {}, architecture};
}

const CloudImageNames::Known *CloudImageNames::forOs(const QString &osKey)
{
    for (const auto &k : known()) {
        if (k.osKey == osKey)
            return &k;
    }
    return nullptr;
}

CloudImageNames::Download CloudImageNames::download(const QString &osKey, const QString &architecture)
{
    const auto *k = forOs(osKey);
    if (!k)
        return {};
    if (architectureFromText(architecture) == QLatin1String(ArchArm64))
        return {k->arm64FileName, k->arm64Url, k->loginUser};
    return {k->fileNames.first(), k->url, k->loginUser};
}

QStringList CloudImageNames::downloadLines(const QString &architecture)
{
    const bool arm = architectureFromText(architecture) == QLatin1String(ArchArm64);
    QStringList lines;
    for (const auto &k : known()) {
        const QString distro = k.osKey.section(QLatin1Char(':'), 0, 0);
        const QString name =
            distro == QLatin1String("rocky") ? QStringLiteral("Rocky Linux") : QString(distro.left(1).toUpper() + distro.mid(1));
        const QString label = name + QLatin1Char(' ') + k.osKey.section(QLatin1Char(':'), 1);
        lines.append(QStringLiteral("%1: %2 from %3 (--os %4 --user %5%6)")
                         .arg(label, arm ? k.arm64FileName : k.fileNames.join(QStringLiteral(" or ")), arm ? k.arm64Url : k.url, k.osKey,
                              k.loginUser, arm ? QStringLiteral(" --arch aarch64") : QString()));
    }
    return lines;
}

}  // namespace ib
