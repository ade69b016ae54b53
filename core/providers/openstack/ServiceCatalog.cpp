#include "providers/openstack/ServiceCatalog.h"

#include <QJsonObject>

namespace ib::openstack {

ServiceCatalog ServiceCatalog::fromV2(const QJsonArray &serviceCatalog)
{
    ServiceCatalog c;
    for (const auto &s : serviceCatalog) {
        const auto service = s.toObject();
        const auto type = service.value(QStringLiteral("type")).toString();
        for (const QJsonArray jsonItems = service.value(QStringLiteral("endpoints")).toArray(); const auto &e : jsonItems) {
            const auto endpoint = e.toObject();
            const auto region = endpoint.value(QStringLiteral("region")).toString();
            for (const auto *iface : {"public", "internal", "admin"}) {
                const auto url = endpoint.value(QLatin1String(iface) + QStringLiteral("URL")).toString();
                if (!url.isEmpty())
                    c.m_endpoints.append({type, region, QLatin1String(iface), url});
            }
        }
    }
    return c;
}

ServiceCatalog ServiceCatalog::fromV3(const QJsonArray &catalog)
{
    ServiceCatalog c;
    for (const auto &s : catalog) {
        const auto service = s.toObject();
        const auto type = service.value(QStringLiteral("type")).toString();
        for (const QJsonArray jsonItems = service.value(QStringLiteral("endpoints")).toArray(); const auto &e : jsonItems) {
            const auto endpoint = e.toObject();
            auto region = endpoint.value(QStringLiteral("region_id")).toString();
            if (region.isEmpty())
                region = endpoint.value(QStringLiteral("region")).toString();
            c.m_endpoints.append(
                {type, region, endpoint.value(QStringLiteral("interface")).toString(), endpoint.value(QStringLiteral("url")).toString()});
        }
    }
    return c;
}

QString ServiceCatalog::url(const QStringList &types, const QString &region, const QString &interface) const
{
    for (const auto &type : types) {
        for (const auto &e : m_endpoints) {
            if (e.type == type && e.interface == interface && (region.isEmpty() || e.region.compare(region, Qt::CaseInsensitive) == 0)) {
                QString url = e.url;
                while (url.endsWith(QLatin1Char('/')))
                    url.chop(1);
                return url;
            }
        }
    }
    return {};
}

QStringList ServiceCatalog::types() const
{
    QStringList out;
    for (const auto &e : m_endpoints)
        out.append(e.type);
    out.removeDuplicates();
    out.sort();
    return out;
}

QStringList ServiceCatalog::regions() const
{
    QStringList out;
    for (const auto &e : m_endpoints) {
        if (!e.region.isEmpty())
            out.append(e.region);
    }
    out.removeDuplicates();
    out.sort();
    return out;
}

}  // namespace ib::openstack
