#include "publish/PublishRules.h"

#include "providers/openstack/GlanceImages.h"
#include "util/InertText.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace ib::publish {

using openstack::CloudKind;

namespace {

// A property value from the store: at most 255 characters (Glance's limit on property
// values), no control characters. Empty when the value is not usable.
QString propertyValue(const QString &value)
{
    QString v = value.trimmed();
    if (v.size() > 255 || firstRefusedInName(v) != 0)
        return {};
    return v;
}

constexpr qint64 GiB = 1024LL * 1024 * 1024;

// The GUI's sentence (the error's shown()): it names the Publish dialog's controls where the
// CLI's names its options.
QString shownInDialog(const char *source)
{
    return QCoreApplication::translate("ib::publish::PublishRules", source);
}

}  // namespace

Result<QString> imageName(const QString &requested, const ImageRecord &source)
{
    const QString name = (requested.isEmpty() ? source.name : requested).trimmed();
    if (name.isEmpty())
        return makeError(ErrorKind::Invalid, TwoTexts{QStringLiteral("The image name is empty; give one with --name."),
                                                      shownInDialog(QT_TRANSLATE_NOOP("ib::publish::PublishRules",
                                                                                      "The name in the cloud is empty; type one."))});
    if (name.size() > MaxNameLength)
        return makeError(
            ErrorKind::Invalid,
            TwoTexts{QStringLiteral("The image name has %1 characters; a cloud image name has at most %2. "
                                    "Give a shorter one with --name.")
                         .arg(name.size())
                         .arg(MaxNameLength),
                     shownInDialog(QT_TRANSLATE_NOOP("ib::publish::PublishRules",
                                                     "The name in the cloud has %1 characters; a cloud image name has at most %2. "
                                                     "Shorten it."))
                         .arg(name.size())
                         .arg(MaxNameLength)});
    if (firstRefusedInName(name) != 0)  // the names' one rule (util/InertText.h)
        return makeError(
            ErrorKind::Invalid,
            TwoTexts{QStringLiteral("The image name contains control characters; give a name without them with --name."),
                     shownInDialog(QT_TRANSLATE_NOOP("ib::publish::PublishRules",
                                                     "The name in the cloud contains control characters; type it without them."))});
    return name;
}

Result<void> checkDatasources(const ImageRecord &source, const openstack::CloudAccount &account, bool skipCheck)
{
    const QString cloud = account.kind == CloudKind::Nhn ? QStringLiteral("NHN Cloud") : QStringLiteral("OpenStack");
    if (source.datasources.isEmpty()) {
        if (skipCheck)
            return {};
        return makeError(
            ErrorKind::Invalid,
            TwoTexts{QStringLiteral("It is not known which cloud-init datasources image \"%1\" has (it was built before Image "
                                    "Builder recorded them, or imported), so it may never receive its SSH key on %2 (%3). "
                                    "Rebuild it from a base image whose cloud-init lists OpenStack or ConfigDrive, or publish "
                                    "anyway with --skip-datasource-check if you know it does.")
                         .arg(source.name, account.name, cloud),
                     shownInDialog(QT_TRANSLATE_NOOP("ib::publish::PublishRules",
                                                     "It is not known which cloud-init datasources image \u201c%1\u201d has (it was "
                                                     "built before Image Builder recorded them, or imported), so it may never receive "
                                                     "its SSH key on %2 (%3). Rebuild it from a base image whose cloud-init lists "
                                                     "OpenStack or ConfigDrive, or tick \u201cPublish even if the image's cloud-init "
                                                     "datasources are unknown\u201d if you know it does."))
                         .arg(source.name, account.name, cloud)});
    }
    for (const auto &d : source.datasources) {
        if (d.compare(QLatin1String("OpenStack"), Qt::CaseInsensitive) == 0 ||
            d.compare(QLatin1String("ConfigDrive"), Qt::CaseInsensitive) == 0)
            return {};
    }
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("Image \"%1\" cannot work on %2 (%3): its cloud-init datasource_list is [ %4 ], which names "
                                    "neither OpenStack nor ConfigDrive, so a server made from it would never receive its SSH key. "
                                    "Rebuild it from a base image whose cloud-init lists OpenStack or ConfigDrive (or has no "
                                    "datasource_list, cloud-init's default search).")
                         .arg(source.name, account.name, cloud, source.datasources.join(QStringLiteral(", "))));
}

Result<QJsonObject> createBody(const ImageRecord &source, const QString &name, const openstack::CloudAccount &account,
                               const QString &diskFormat, qint64 virtualBytes)
{
    const bool nhn = account.kind == CloudKind::Nhn;
    const QString osType = propertyValue(source.os.type).toLower();
    if (osType != QLatin1String("linux"))
        return makeError(ErrorKind::Unsupported, QStringLiteral("Image \"%1\" is recorded as a %2 image; only Linux images are published.")
                                                     .arg(source.name, osType.isEmpty() ? QStringLiteral("(unknown OS)") : osType));
    // The disk in whole GiB, rounded up: a volume made from the image must hold it.
    int minDisk = static_cast<int>((virtualBytes + GiB - 1) / GiB);
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("disk_format"), diskFormat},
                     {QStringLiteral("container_format"), QStringLiteral("bare")},
                     {QStringLiteral("visibility"), QStringLiteral("private")},
                     {QStringLiteral("os_type"), QStringLiteral("linux")}};
    auto put = [&body](const char *key, const QString &value) {
        if (!value.isEmpty())
            body.insert(QLatin1String(key), value);
    };
    put("os_distro", propertyValue(source.os.distro));
    put("os_version", propertyValue(source.os.version));
    put("login_username", propertyValue(source.loginUser));
    put("description", propertyValue(QStringLiteral("%1 (Image Builder, published from local image %2)").arg(name.left(150), source.id)));
    put(openstack::glance::TemplateProperty, propertyValue(source.templateId));
    if (source.templateRevision > 0)
        put(openstack::glance::RevisionProperty, QString::number(source.templateRevision));
    put(openstack::glance::BuildProperty, propertyValue(source.buildId));
    put(SourceImageProperty, propertyValue(source.id));
    if (nhn) {
        // CIm en/public-api.md "Create Image": os_type required (linux|windows), os_distro,
        // os_version. CI console-guide "Image"/"Block Storage Size": a Linux image needs a
        // 20 GB root volume at least and 1 GB of memory. os_architecture "amd64" and
        // hypervisor_type "qemu" as NHN's own images carry them (CIm "List Images" example).
        minDisk = std::max(minDisk, 20);
        body.insert(QStringLiteral("min_ram"), 1024);
        put("os_architecture", QStringLiteral("amd64"));
        put("hypervisor_type", QStringLiteral("qemu"));
    } else {
        // Glance's common image properties: `architecture` (Nova's ImagePropertiesFilter
        // matches it). hypervisor_type is left out: a wrong one makes scheduling fail.
        put("architecture", QStringLiteral("x86_64"));
        body.insert(QStringLiteral("min_ram"), 0);
    }
    body.insert(QStringLiteral("min_disk"), minDisk);
    return body;
}

bool isImageId(const QString &id)
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"));
    return shape.match(id).hasMatch();
}

}  // namespace ib::publish
