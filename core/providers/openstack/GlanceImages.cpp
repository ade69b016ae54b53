#include "providers/openstack/GlanceImages.h"

#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudReplies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace ib::openstack::glance {

namespace {

QDateTime timeOf(const QJsonObject &image, const char *key)
{
    return QDateTime::fromString(image.value(QLatin1String(key)).toString(), Qt::ISODate).toUTC();
}

}  // namespace

Result<QList<QJsonObject>> list(OpenStackClient &client, const QString &query, int pageSize, Cancellation cancellation)
{
    auto base = client.serviceUrl(Service::Image, cancellation);
    if (!base)
        return base.error();
    // `next` is "/v2/images?marker=...", relative to the service's root.
    QString root = base.value();
    if (root.endsWith(QLatin1String("/v2")))
        root.chop(3);
    QString sep = query.isEmpty() ? QString() : QStringLiteral("&");
    QUrl url(base.value() + QStringLiteral("/images?") + query + sep + QStringLiteral("limit=%1").arg(pageSize));
    QList<QJsonObject> out;
    QSet<QString> seen;
    for (int page = 0; page < 10000; ++page) {
        auto reply = client.callUrl("GET", url, {}, cancellation);
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return client.errorFor(reply.value(), QStringLiteral("list the images"));
        QString next;
        auto images = replies::imagesPage(reply->body, &next);
        if (!images)
            return images.error();
        for (const auto &o : std::as_const(images.value())) {
            if (!seen.contains(o.value(QStringLiteral("id")).toString())) {
                seen.insert(o.value(QStringLiteral("id")).toString());
                out.append(o);
            }
        }
        if (next.isEmpty() || images->isEmpty())
            break;
        url = next.startsWith(QLatin1String("http")) ? QUrl(next) : QUrl(root + next);
    }
    return out;
}

Result<QJsonObject> get(OpenStackClient &client, const QString &imageId, Cancellation cancellation)
{
    auto reply = client.call("GET", Service::Image, QStringLiteral("/images/") + imageId, {}, cancellation);
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return client.errorFor(reply.value(), QStringLiteral("read image %1").arg(imageId));
    return replies::object(reply->body, QStringLiteral("the image query"));
}

Result<bool> isSaved(const QJsonObject &image)
{
    const auto status = image.value(QStringLiteral("status")).toString();
    // Glance's end states (NHN's image API lists killed, deleted, pending_delete).
    if (status == QLatin1String("killed") || status == QLatin1String("deleted") || status == QLatin1String("pending_delete") ||
        status == QLatin1String("deactivated"))
        return makeError(ErrorKind::Io, QStringLiteral("The cloud could not save the image (status %1).").arg(status));
    return status == QLatin1String("active");
}

Result<QJsonObject> tagAsBuilt(OpenStackClient &client, const QString &imageId, const QString &templateId, int templateRevision,
                               const QString &buildId)
{
    // Only Image Builder's own properties. The OS ones (os_type, os_distro, os_version,
    // login_username) came with the snapshot or volume upload from the base image; NHN
    // Cloud's console guide says the OS classification cannot be changed, and Glance
    // refuses a whole PATCH with 403 when one key of it is protected.
    QJsonArray patch;
    auto add = [&patch](const QString &key, const QString &value) {
        patch.append(QJsonObject{{QStringLiteral("op"), QStringLiteral("add")},
                                 {QStringLiteral("path"), QString(QLatin1Char('/') + key)},
                                 {QStringLiteral("value"), value}});
    };
    add(QLatin1String(TemplateProperty), templateId);
    add(QLatin1String(RevisionProperty), QString::number(templateRevision));
    add(QLatin1String(BuildProperty), buildId);
    auto tagged =
        client.call("PATCH", Service::Image, QStringLiteral("/images/") + imageId, QJsonDocument(patch).toJson(QJsonDocument::Compact),
                    Cancellation::Honour, "application/openstack-images-v2.1-json-patch");
    if (!tagged)
        return tagged.error();
    if (!tagged->ok())
        return client.errorFor(tagged.value(), QStringLiteral("tag the image with its template and build"));
    auto described = replies::object(tagged->body, QStringLiteral("the image's tagging"));
    return described ? described.value() : QJsonObject();
}

bool isWindows(const QJsonObject &image)
{
    return image.value(QStringLiteral("os_type")).toString().compare(QLatin1String("windows"), Qt::CaseInsensitive) == 0 ||
           image.value(QStringLiteral("os_distro")).toString().compare(QLatin1String("windows"), Qt::CaseInsensitive) == 0;
}

QString whyNotBaseImage(const QJsonObject &image, bool availableTagInUse)
{
    const auto status = image.value(QStringLiteral("status")).toString();
    if (status != QLatin1String("active"))
        return QStringLiteral("it is %1, not active").arg(status.isEmpty() ? QStringLiteral("of no status") : status);
    if (isWindows(image))
        return QStringLiteral("a Windows image: builds run a shell script over SSH as the image's Linux user");
    // NHN Cloud's GPU and container images: made for other products' flavors and agents.
    const auto product = image.value(QStringLiteral("nhncloud_product")).toString();
    if (!product.isEmpty() && product.compare(QLatin1String("instance"), Qt::CaseInsensitive) != 0 &&
        product.compare(QLatin1String("compute"), Qt::CaseInsensitive) != 0)
        return QStringLiteral("an image for NHN Cloud's %1 product (nhncloud_product), not for general instances").arg(product);
    if (image.value(QStringLiteral("nhncloud_allow_user_script"))
            .toVariant()
            .toString()
            .compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("it takes no user data (nhncloud_allow_user_script=false), so the build's keys never reach it");
    if (image.value(QStringLiteral("nhncloud_allow_image_create"))
            .toVariant()
            .toString()
            .compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("NHN Cloud allows no image to be made from it (nhncloud_allow_image_create=false)");
    if (image.value(QStringLiteral("os_distro")).toString().trimmed().isEmpty())
        return QStringLiteral("it names no operating system (os_distro)");
    if (availableTagInUse && image.value(QStringLiteral("visibility")).toString() == QLatin1String("public") &&
        !image.value(QStringLiteral("tags")).toArray().contains(QLatin1String(AvailableTag)))
        return QStringLiteral("a public image NHN Cloud no longer offers (no _AVAILABLE_ tag)");
    return {};
}

OsSpec osOf(const QJsonObject &image, const ApplicationCatalog *catalog)
{
    OsSpec os;
    if (const auto type = image.value(QStringLiteral("os_type")).toString().trimmed().toLower(); !type.isEmpty())
        os.type = type;
    os.distro = image.value(QStringLiteral("os_distro")).toString().trimmed().toLower();
    const QString version = image.value(QStringLiteral("os_version")).toString().trimmed();
    // The first number anywhere: NHN's "Server 22.04 LTS" is Ubuntu 22.04.
    static const QRegularExpression number(QStringLiteral("(\\d+)(\\.\\d+)?"));
    const auto m = number.match(version);
    os.version = m.hasMatch() ? m.captured(0) : version;
    if (catalog && !catalog->findOs(os.key()) && m.hasMatch() && catalog->findOs(os.distro + QLatin1Char(':') + m.captured(1)))
        os.version = m.captured(1);  // "12.5" of a Debian 12 image, "9.3" of Rocky 9: the catalog knows "12", "9"
    return os;
}

BaseImage toBaseImage(const QJsonObject &image, const QString &provider, const ApplicationCatalog *catalog)
{
    BaseImage b;
    b.id = image.value(QStringLiteral("id")).toString();
    b.name = image.value(QStringLiteral("name")).toString();
    b.provider = provider;
    b.path = image.value(QStringLiteral("visibility")).toString();  // a cloud image has no path; its visibility says whose it is
    b.format = image.value(QStringLiteral("disk_format")).toString();
    b.os = osOf(image, catalog);
    b.loginUser = image.value(QStringLiteral("login_username")).toString();
    if (b.loginUser.isEmpty() && catalog) {
        if (const auto *os = catalog->findOs(b.os.key()))
            b.loginUser = os->loginUser;
    }
    const auto minDisk = image.value(QStringLiteral("min_disk")).toVariant().toLongLong();
    b.sizeBytes =
        std::max<qint64>(minDisk * 1024LL * 1024 * 1024, static_cast<qint64>(image.value(QStringLiteral("virtual_size")).toDouble()));
    b.createdAt = timeOf(image, "created_at");
    return b;
}

ImageRecord toImageRecord(const QJsonObject &image, const QString &provider)
{
    ImageRecord r;
    r.id = image.value(QStringLiteral("id")).toString();
    r.name = image.value(QStringLiteral("name")).toString();
    r.provider = provider;
    r.location = r.id;
    r.format = image.value(QStringLiteral("disk_format")).toString();
    r.templateId = image.value(QLatin1String(TemplateProperty)).toString();
    r.templateRevision = image.value(QLatin1String(RevisionProperty)).toVariant().toInt();
    r.buildId = image.value(QLatin1String(BuildProperty)).toString();
    r.os = osOf(image, nullptr);
    r.loginUser = image.value(QStringLiteral("login_username")).toString();
    r.sizeBytes = static_cast<qint64>(image.value(QStringLiteral("size")).toDouble());
    r.virtualSizeBytes = static_cast<qint64>(image.value(QStringLiteral("virtual_size")).toDouble());
    r.createdAt = timeOf(image, "created_at");
    return r;
}

BaseImageChoice baseImageChoice(const QList<QJsonObject> &activeImages, const QString &provider, const ApplicationCatalog *catalog)
{
    bool availableTagInUse = false;
    for (const auto &i : activeImages) {
        if (i.value(QStringLiteral("tags")).toArray().contains(QLatin1String(AvailableTag)))
            availableTagInUse = true;
    }
    BaseImageChoice choice;
    for (const auto &i : activeImages) {
        if (const auto why = whyNotBaseImage(i, availableTagInUse); !why.isEmpty())
            choice.hidden.append(HiddenImage{i.value(QStringLiteral("id")).toString(), i.value(QStringLiteral("name")).toString(), why});
        else
            choice.offered.append(toBaseImage(i, provider, catalog));
    }
    return choice;
}

Result<QList<ImageRecord>> builtImages(OpenStackClient &client, const QString &templateId, const QString &provider)
{
    // NHN Cloud documents no filter by a custom property: the project's own images are
    // listed (the documented `owner` filter) and compared here, by equality.
    if (auto signedIn = client.serviceUrl(Service::Image); !signedIn)
        return signedIn.error();
    const QString project = client.projectId();
    auto images = list(client, project.isEmpty() ? QString() : QStringLiteral("owner=") + percentEncoded(project));
    if (!images)
        return images.error();
    QList<ImageRecord> out;
    for (const auto &i : images.value()) {
        const auto tagged = i.value(QLatin1String(TemplateProperty)).toString();
        if (tagged.isEmpty() || (!templateId.isEmpty() && tagged != templateId))
            continue;
        out.append(toImageRecord(i, provider));
    }
    return out;
}

}  // namespace ib::openstack::glance
