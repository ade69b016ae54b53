#pragma once

#include "model/BuildTypes.h"
#include "providers/openstack/CloudAccount.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace ib::publish {

// What publishing a local image to a cloud checks and sends, apart from the network so that
// it can be tested alone. The source record comes from the (shared, untrusted) store.

inline constexpr int MaxNameLength = 255;  // Glance's image schema: name maxLength 255
inline constexpr const char *SourceImageProperty = "imagebuilder_source_image";

// The name the cloud image gets: `requested`, else the source's; empty, longer than 255
// characters or with control characters → an error saying what to change.
Result<QString> imageName(const QString &requested, const ImageRecord &source);

// Whether cloud-init in the image can receive its configuration (the SSH key) on an
// OpenStack cloud (NHN Cloud too): its recorded datasource_list must name OpenStack or
// ConfigDrive. An empty record (an image made before datasources were recorded, or
// imported) is unknown: refused unless `skipCheck`. The error names the list and what to do.
Result<void> checkDatasources(const ImageRecord &source, const openstack::CloudAccount &account, bool skipCheck);

// Everything Glance gets at creation (POST /v2/images): NHN refuses later changes to the
// OS keys. `virtualBytes`: the disk's virtual size; `diskFormat`: "qcow2" or "raw".
Result<QJsonObject> createBody(const ImageRecord &source, const QString &name, const openstack::CloudAccount &account,
                               const QString &diskFormat, qint64 virtualBytes);

// A Glance image id as this program accepts it from a reply before using it in a URL.
bool isImageId(const QString &id);

}  // namespace ib::publish
