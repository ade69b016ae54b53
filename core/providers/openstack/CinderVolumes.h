#pragma once

#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/OpenStackClient.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace ib::openstack {

// Cinder's calls of a build: the volume types an account may name, the root volume's
// upload as an image (volume-backed servers), and the clean-up's reads and deletes of a
// volume. The request bodies are built and the replies read here; the order of the steps,
// the ledger and the log are the provider's.
namespace cinder {

Result<QList<replies::VolumeType>> listVolumeTypes(OpenStackClient &client);

// POST os-volume_upload_image: a private qcow2 image named `imageName`. The reply as it
// came (replies::uploadedImageId reads it).
Result<HttpReply> uploadToImage(OpenStackClient &client, const QString &volumeId, const QString &imageName);

// The clean-up's (cancel() does not end them). The volume as the cloud describes it, none
// when it is gone (404).
Result<std::optional<replies::Volume>> volume(OpenStackClient &client, const QString &volumeId);
// DELETE; gone already (404) and not yet deletable (400, 409: still in use) are no failure.
Result<void> deleteVolume(OpenStackClient &client, const QString &volumeId);

}  // namespace cinder
}  // namespace ib::openstack
