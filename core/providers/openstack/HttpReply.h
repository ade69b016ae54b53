#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace ib::openstack {

// One HTTP answer, whatever its status: callers decide what a 404 means to them (a
// delete that finds nothing has succeeded).
struct HttpReply
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;  // names in lower case

    bool ok() const { return status >= 200 && status < 300; }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

}  // namespace ib::openstack
