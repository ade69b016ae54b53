#pragma once

#include "providers/Provider.h"
#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/LaunchRules.h"
#include "providers/openstack/OpenStackClient.h"

#include <QJsonObject>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace ib {
class ApplicationCatalog;
}

namespace ib::openstack {

struct ProviderOptions
{
    ClientOptions client;
    std::chrono::milliseconds pollInterval{2000};
    std::chrono::seconds serverTimeout{900};  // BUILD -> ACTIVE
    std::chrono::seconds imageTimeout{7200};  // queued -> active
    std::chrono::seconds deleteTimeout{600};  // a server, volume or security group gone
};

// Builds on an OpenStack cloud (NHN Cloud first). Launch: key pair, security group with
// one SSH rule, server from the base image with a root disk of the template's minimum
// block storage and the build's cloud-init data, floating IP. Capture: createImage on
// local-disk flavors, the root volume's os-volume_upload_image on volume-backed ones,
// then the image is tagged with the template, revision and build. Every resource is
// recorded before it is made, named "imagebuilder-<build>" so a sweep can find one whose
// id never came back, and removed by destroy() from this or a later process.
class OpenStackProvider final : public Provider
{
public:
    // `password` may be an error (no keychain entry): every call then fails with it.
    OpenStackProvider(CloudAccount account, Result<QString> password, const ApplicationCatalog *catalog, ProviderOptions options = {});
    ~OpenStackProvider() override;

    QString id() const override { return m_account.name; }
    Result<VmAddress> launch(BuildContext &context, const LaunchSpec &spec) override;
    // A server from the image this build captured (same flavor choice and network), with
    // its own key pair, security group and floating IP on the ledger (issue 19).
    Result<VmAddress> launchTest(BuildContext &context, const ImageRecord &image, const LaunchSpec &spec) override;
    Result<void> waitStopped(BuildContext &context, std::chrono::seconds timeout) override;
    Result<ImageRecord> capture(BuildContext &context, const QString &imageId) override;
    Result<void> destroy(const BuildResource &resource) override;
    void cancel() override;
    QString diagnostics(const QString &workDirectory) const override;

    Result<QList<BaseImage>> listBaseImages() override;
    // The base images offered and those hidden, each with the reason (for `cloud check`).
    using HiddenImage = glance::HiddenImage;
    using BaseImageChoice = glance::BaseImageChoice;
    Result<BaseImageChoice> baseImageChoice();
    // Every page of the flavor list.
    Result<QList<replies::Flavor>> listFlavors();
    Result<BaseImage> baseImage(const QString &imageId) override;
    Result<QList<ImageRecord>> listImages(const QString &templateId) override;

    // Removes an image a build made (image delete); 404 is success.
    Result<void> deleteImage(const QString &glanceId) override;
    // Signs in once, to check an account's settings and password.
    Result<void> checkSignIn();

    OpenStackClient *client();

private:
    // launch and launchTest: key pair, security group, server from `imageId` (`image` as
    // Glance describes it: its minimums choose the flavor), floating IP.
    Result<VmAddress> launchServer(BuildContext &context, const LaunchSpec &spec, const QString &imageId, const QJsonObject &image);
    Result<replies::Flavor> chooseFlavor(BuildContext &context, int diskGb, const ImageNeeds &needs);
    // The root volume's type: the account's, by a name the cloud lists; empty for the cloud's default.
    Result<QString> chooseVolumeType();
    // `externalId`: for the internal network, the external one its floating IP comes from.
    Result<QString> chooseNetwork(bool external, const QString &externalId);
    Result<QString> importKeyPair(BuildContext &context, const QString &publicKey);
    // A volume-backed server's root volume (`server`: its ACTIVE description), on the
    // ledger's `intent`.
    Result<void> recordRootVolume(BuildContext &context, const QJsonObject &server, const QString &intent);
    Result<QString> serverPort();
    // A floating IP of the external network `externalId` on the server's port.
    Result<VmAddress> attachFloatingIp(BuildContext &context, const QString &externalId);
    // capture's request: createImage on a local disk, os-volume_upload_image of the root
    // volume on a volume-backed server. The new image's id (empty when the answer names
    // none); a refusal made nothing, so the ledger's `intent` is marked gone.
    Result<QString> requestImage(BuildContext &context, const QString &name, const QString &intent);
    Result<QString> createResource(BuildContext &context, const QString &kind, const QString &name,
                                   const std::function<Result<QString>()> &create);
    // Polls GET `path` of `service` until `done` says yes (returns empty) or fails.
    Result<QJsonObject> waitFor(BuildContext &context, Service service, const QString &path, const QString &what,
                                std::chrono::seconds timeout, const std::function<Result<bool>(const QJsonObject &)> &done);
    QString detailJson(const QString &name, const QJsonObject &extra = {}) const;
    Error unavailable() const;

    CloudAccount m_account;
    Result<QString> m_password;
    const ApplicationCatalog *m_catalog;
    ProviderOptions m_options;
    std::unique_ptr<OpenStackClient> m_client;
    std::atomic_bool m_cancelled{false};

    // The build's resources, as they become known.
    QString m_resourceName;
    QString m_serverId;
    QString m_volumeId;
    bool m_volumeBacked = false;
    QString m_lastFault;
};

}  // namespace ib::openstack
