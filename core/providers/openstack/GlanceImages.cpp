#include "providers/openstack/GlanceImages.h"

#include "catalog/ApplicationCatalog.h"

#include <QJsonArray>
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
        const auto root_ = reply->json();
        const auto images = root_.value(QStringLiteral("images")).toArray();
        for (const auto &i : images) {
            const auto o = i.toObject();
            if (!seen.contains(o.value(QStringLiteral("id")).toString())) {
                seen.insert(o.value(QStringLiteral("id")).toString());
                out.append(o);
            }
        }
        const auto next = root_.value(QStringLiteral("next")).toString();
        if (next.isEmpty() || images.isEmpty())
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
    return reply->json();
}

OsSpec osOf(const QJsonObject &image, const ApplicationCatalog *catalog)
{
    OsSpec os;
    os.distro = image.value(QStringLiteral("os_distro")).toString().trimmed().toLower();
    const QString version = image.value(QStringLiteral("os_version")).toString().trimmed();
    static const QRegularExpression number(QStringLiteral("^(\\d+)(\\.\\d+)?"));
    const auto m = number.match(version);
    os.version = m.hasMatch() ? m.captured(0) : version;
    if (catalog && !catalog->findOs(os.key()) && m.hasMatch() && catalog->findOs(os.distro + QLatin1Char(':') + m.captured(1)))
        os.version = m.captured(1);  // "12.5" of a Debian 12 image: the catalog knows "12"
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

}  // namespace ib::openstack::glance
