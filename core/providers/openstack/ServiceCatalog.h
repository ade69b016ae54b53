#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ib::openstack {

// The endpoints a Keystone token lists, in the v2.0 (NHN Cloud) or v3 shape.
class ServiceCatalog
{
public:
    static ServiceCatalog fromV2(const QJsonArray &serviceCatalog);
    static ServiceCatalog fromV3(const QJsonArray &catalog);

    // The URL of the first service of one of `types` in `region` (any region when empty)
    // for `interface` ("public"); empty when there is none.
    QString url(const QStringList &types, const QString &region, const QString &interface) const;
    bool isEmpty() const { return m_endpoints.isEmpty(); }
    // Every service type, and every region, the catalog lists (sorted, once each).
    QStringList types() const;
    QStringList regions() const;

private:
    struct Endpoint
    {
        QString type;
        QString region;
        QString interface;
        QString url;
    };
    QList<Endpoint> m_endpoints;
};

}  // namespace ib::openstack
