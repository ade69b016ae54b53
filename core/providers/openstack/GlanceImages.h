#pragma once

#include "model/BuildTypes.h"
#include "providers/openstack/OpenStackClient.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QList>

namespace ib {
class ApplicationCatalog;
}

namespace ib::openstack {

// Glance v2 image lists (every page, following `next`) and their mapping to the build
// engine's base images and images. Images a build made carry three properties, so the
// images of a template are one Glance query, whoever built them.
namespace glance {

inline constexpr const char *TemplateProperty = "imagebuilder_template";
inline constexpr const char *RevisionProperty = "imagebuilder_template_revision";
inline constexpr const char *BuildProperty = "imagebuilder_build";

// `query` without "?", e.g. "status=active&imagebuilder_template=ID".
Result<QList<QJsonObject>> list(OpenStackClient &client, const QString &query, int pageSize = 100,
                                Cancellation cancellation = Cancellation::Honour);
Result<QJsonObject> get(OpenStackClient &client, const QString &imageId, Cancellation cancellation = Cancellation::Honour);

// A new image's state as GET /images/ID describes it while the cloud saves it: true once
// active, an error in one of Glance's end states.
Result<bool> isSaved(const QJsonObject &image);
// The three properties of a build's image on `imageId` (a JSON patch): the image as the
// reply describes it (empty when the reply says nothing readable).
Result<QJsonObject> tagAsBuilt(OpenStackClient &client, const QString &imageId, const QString &templateId, int templateRevision,
                               const QString &buildId);

// Why an image is not offered as a base image, empty when it is one. `availableTagInUse`:
// some public image of the cloud carries NHN's `_AVAILABLE_` tag, so a public one without
// it is one NHN no longer offers (a cloud without the convention hides nothing for it).
QString whyNotBaseImage(const QJsonObject &image, bool availableTagInUse);
bool isWindows(const QJsonObject &image);
inline constexpr const char *AvailableTag = "_AVAILABLE_";

// os_distro/os_version as the catalog's key, for matching only: NHN writes "ubuntu" +
// "Server 22.04 LTS", "Rocky" + "9.3", "Debian" + "12.5 Bookworm", "CentOS" + "6.10";
// OpenStack "debian" + "12". The image's own values are never rewritten.
// login_username, or the catalog's default user for the OS.
BaseImage toBaseImage(const QJsonObject &image, const QString &provider, const ApplicationCatalog *catalog);
OsSpec osOf(const QJsonObject &image, const ApplicationCatalog *catalog);
ImageRecord toImageRecord(const QJsonObject &image, const QString &provider);

// The cloud's active images as base images: those offered, and those hidden with the
// reason (for `cloud check`).
struct HiddenImage
{
    QString id;
    QString name;
    QString reason;
};
struct BaseImageChoice
{
    QList<BaseImage> offered;
    QList<HiddenImage> hidden;
};
BaseImageChoice baseImageChoice(const QList<QJsonObject> &activeImages, const QString &provider, const ApplicationCatalog *catalog);

// The project's images that builds made of template `templateId` (of any template when
// empty), whoever built them.
Result<QList<ImageRecord>> builtImages(OpenStackClient &client, const QString &templateId, const QString &provider);

}  // namespace glance
}  // namespace ib::openstack
