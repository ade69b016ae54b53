#include "providers/openstack/OpenStackProvider.h"

#include "catalog/ApplicationCatalog.h"
#include "cloudinit/NoCloudSeed.h"
#include "logging/Logging.h"
#include "providers/openstack/CinderVolumes.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/NeutronNetworking.h"
#include "providers/openstack/NovaCompute.h"
#include "providers/openstack/ResourceCleanup.h"

#include <QElapsedTimer>

namespace ib::openstack {

namespace {

Error cancelled(const QString &what)
{
    return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while %1.").arg(what));
}

// cloud-init's user data for the build's server, base64 as Nova takes it.
QByteArray userDataOf(const LaunchSpec &spec, const QString &instanceId)
{
    cloudinit::NoCloudSeed seed;
    seed.instanceId = instanceId;
    seed.hostname = spec.hostname;
    seed.authorizedKey = spec.authorizedKey;
    seed.hostPrivateKey = QString::fromUtf8(spec.hostPrivateKey);
    seed.hostPublicKey = spec.hostPublicKey;
    return seed.userData().toUtf8().toBase64();
}

}  // namespace

OpenStackProvider::OpenStackProvider(CloudAccount account, Result<QString> password, const ApplicationCatalog *catalog,
                                     ProviderOptions options)
    : m_account(std::move(account))
    , m_password(std::move(password))
    , m_catalog(catalog)
    , m_options(options)
{}

OpenStackProvider::~OpenStackProvider() = default;

Error OpenStackProvider::unavailable() const
{
    return m_password.error();
}

OpenStackClient *OpenStackProvider::client()
{
    if (!m_password)
        return nullptr;
    if (!m_client)
        m_client = std::make_unique<OpenStackClient>(m_account, m_password.value(), m_options.client);
    return m_client.get();
}

void OpenStackProvider::cancel()
{
    m_cancelled = true;
    if (m_client)
        m_client->cancel();
}

QString OpenStackProvider::diagnostics(const QString &workDirectory) const
{
    Q_UNUSED(workDirectory)
    return m_lastFault;
}

QString OpenStackProvider::detailJson(const QString &name, const QJsonObject &extra) const
{
    QJsonObject detail = extra;
    detail.insert(QStringLiteral("account"), m_account.name);
    detail.insert(QStringLiteral("name"), name);
    return QString::fromUtf8(jsonBody(detail));
}

Result<void> OpenStackProvider::checkSignIn()
{
    auto *c = client();
    if (!c)
        return unavailable();
    return c->authenticate();
}

Result<QString> OpenStackProvider::createResource(BuildContext &context, const QString &kind, const QString &name,
                                                  const std::function<Result<QString>()> &create)
{
    auto intent = context.recordIntent(kind, QString(), detailJson(name));
    if (!intent)
        return intent.error();
    auto made = create();
    if (!made) {
        // A refusal made nothing; a lost answer may have made it: the clean-up looks by name.
        if (made.error().kind != ErrorKind::Io && made.error().kind != ErrorKind::Cancelled)
            context.markGone(intent.value());
        return made.error();
    }
    context.markCreated(intent.value(), made.value());
    return made;
}

Result<QJsonObject> OpenStackProvider::waitFor(BuildContext &context, Service service, const QString &path, const QString &what,
                                               std::chrono::seconds timeout, const std::function<Result<bool>(const QJsonObject &)> &done)
{
    auto *c = client();
    QElapsedTimer timer;
    timer.start();
    QString lastStatus;
    while (true) {
        if (m_cancelled || context.isCancelled())
            return cancelled(QStringLiteral("waiting for ") + what);
        auto reply = c->call("GET", service, path);
        if (!reply)
            return reply.error().kind == ErrorKind::Cancelled ? cancelled(QStringLiteral("waiting for ") + what) : reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("check ") + what);
        auto body = replies::object(reply->body, QStringLiteral("a status query of ") + what);
        if (!body)
            return body.error();
        const auto object = replies::entity(body.value());
        const auto status = object.value(QStringLiteral("status")).toString();
        if (status != lastStatus) {
            context.log(QStringLiteral("%1: %2").arg(what, status));
            lastStatus = status;
        }
        auto finished = done(object);
        if (!finished)
            return finished.error();
        if (finished.value())
            return object;
        if (timer.elapsed() > std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count())
            return makeError(ErrorKind::Io, QStringLiteral("%1 is still %2 after %3 s; the cloud may be busy, try again later.")
                                                .arg(what, status)
                                                .arg(timeout.count()));
        if (!c->pause(m_options.pollInterval))
            return cancelled(QStringLiteral("waiting for ") + what);
    }
}

Result<QList<replies::Flavor>> OpenStackProvider::listFlavors()
{
    auto *c = client();
    if (!c)
        return unavailable();
    return nova::listFlavors(*c);
}

Result<replies::Flavor> OpenStackProvider::chooseFlavor(BuildContext &context, int diskGb, const ImageNeeds &needs)
{
    auto flavors = listFlavors();
    if (!flavors)
        return flavors.error();
    if (!m_account.flavor.isEmpty())
        return accountFlavor(flavors.value(), m_account);
    auto chosen = chooseDefaultFlavor(flavors.value(), m_account.kind, diskGb, needs);
    if (chosen)
        context.log(QStringLiteral("No flavor set for %1; using %2 (%3 vCPU, %4 MB)")
                        .arg(m_account.name, chosen->name)
                        .arg(chosen->vcpus)
                        .arg(chosen->ramMb));
    else
        chosen = makeError(chosen.error().kind, QStringLiteral("Cloud %1: %2").arg(m_account.name, chosen.error().message));
    return chosen;
}

Result<QString> OpenStackProvider::chooseNetwork(bool external, const QString &externalId)
{
    OpenStackClient &c = *client();  // launch() has checked that there is one
    auto networks = neutron::listNetworks(c);
    if (!networks)
        return networks.error();
    auto candidates = candidateNetworks(networks.value(), m_account, external);
    if (!candidates)
        return candidates.error();
    if (external || !m_account.network.isEmpty())
        return candidates->first();
    // The first internal network that a floating IP can reach; when the cloud does not list
    // routers (not every account may), the first one, as before.
    auto routed = neutron::routedNetworks(c, externalId);
    if (!routed)
        return candidates->first();
    for (const auto &id : std::as_const(candidates.value())) {
        if (routed->contains(id))
            return id;
    }
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("Cloud %1: no internal network is joined by a router to the external network, so a floating IP "
                                    "would not reach the build's server. Attach an internet gateway to a subnet (NHN Cloud: Network > "
                                    "Internet Gateway) or set the account's network.")
                         .arg(m_account.name));
}

Result<VmAddress> OpenStackProvider::launch(BuildContext &context, const LaunchSpec &spec)
{
    auto *c = client();
    if (!c)
        return unavailable();
    c->setNotifier([&context](const QString &line) { context.log(line); });
    const auto &build = context.build();
    m_resourceName = QStringLiteral("imagebuilder-") + build.id.left(8);
    context.log(QStringLiteral("Cloud %1 (%2, region %3), base image %4")
                    .arg(m_account.name, m_account.kindName(), m_account.region, build.baseImage.id));

    // The base image as the cloud describes it now: its minimums and switches decide.
    auto image = glance::get(*c, build.baseImage.id);
    if (!image)
        return image.error();
    if (const auto why = glance::whyNotBaseImage(image.value(), false); !why.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("Image %1 cannot be a base image: %2. Choose another base image.").arg(build.baseImage.id, why));
    return launchServer(context, spec, build.baseImage.id, image.value());
}

Result<VmAddress> OpenStackProvider::launchTest(BuildContext &context, const ImageRecord &image, const LaunchSpec &spec)
{
    auto *c = client();
    if (!c)
        return unavailable();
    c->setNotifier([&context](const QString &line) { context.log(line); });
    // Names of their own: the build's key pair and security group are still on the ledger
    // (the clean-up removes both servers' resources).
    m_resourceName = QStringLiteral("imagebuilder-test-") + context.build().id.left(8);
    // The image as the cloud describes it now (the record's location is its Glance id, which
    // this build's capture put on the ledger).
    auto described = glance::get(*c, image.location);
    if (!described)
        return described.error();
    const auto status = described->value(QStringLiteral("status")).toString();
    if (status != QLatin1String("active"))
        return makeError(ErrorKind::Io,
                         QStringLiteral("Image %1 is %2, not active: no server can boot from it.").arg(image.location, status));
    context.log(
        QStringLiteral("Cloud %1: a test server from the new image %2, as a user would launch it").arg(m_account.name, image.location));
    return launchServer(context, spec, image.location, described.value());
}

Result<VmAddress> OpenStackProvider::launchServer(BuildContext &context, const LaunchSpec &spec, const QString &imageId,
                                                  const QJsonObject &image)
{
    auto *c = client();
    const auto &build = context.build();
    const auto needs = ImageNeeds::of(image);
    auto flavor = chooseFlavor(context, spec.diskGb, needs);
    if (!flavor)
        return flavor.error();
    m_volumeBacked = !isLocalDiskFlavor(m_account.kind, flavor.value());
    auto rootGb = rootDiskGb(m_account.kind, flavor.value(), spec.diskGb, needs);
    if (!rootGb)
        return rootGb.error();
    auto volumeType = chooseVolumeType();
    if (!volumeType)
        return volumeType.error();
    auto external = chooseNetwork(true, QString());
    if (!external)
        return external.error();
    auto network = chooseNetwork(false, external.value());
    if (!network)
        return network.error();

    if (auto keypair = importKeyPair(context, spec.authorizedKey); !keypair)
        return keypair.error();

    // The root volume Nova makes goes with the server (delete_on_termination); it is on
    // the ledger too, well before the server, so the clean-up (newest first) removes it
    // after the server.
    Result<QString> volumeIntent = QString();
    if (m_volumeBacked) {
        volumeIntent = context.recordIntent(QStringLiteral("volume"), QString(), detailJson(m_resourceName));
        if (!volumeIntent)
            return volumeIntent.error();
    }

    auto group = createResource(context, QStringLiteral("security-group"), m_resourceName, [&] {
        return neutron::createSecurityGroup(*c, m_resourceName, QStringLiteral("SSH to Image Builder build %1").arg(build.id));
    });
    if (!group) {
        if (m_volumeBacked)
            context.markGone(volumeIntent.value());
        return group.error();
    }
    // Part of the group: deleted with it.
    if (auto rule = neutron::allowSsh(*c, group.value(), m_account.sshPort, m_account.sshSource); !rule)
        return rule.error();

    const nova::ServerRequest server{.name = m_resourceName,
                                     .flavorId = flavor->id,
                                     .networkId = network.value(),
                                     .imageId = imageId,
                                     .userData = userDataOf(spec, m_resourceName),
                                     .buildId = build.id,
                                     .volumeBacked = m_volumeBacked,
                                     .rootGb = rootGb.value(),
                                     .volumeType = volumeType.value()};
    context.log(QStringLiteral("Creating server %1: flavor %2, %3 GB %4 root disk")
                    .arg(m_resourceName, flavor->name)
                    .arg(rootGb.value())
                    .arg(m_volumeBacked ? QStringLiteral("volume") : QStringLiteral("local")));
    auto created = createResource(context, QStringLiteral("server"), m_resourceName, [&] { return nova::createServer(*c, server); });
    if (!created) {
        if (m_volumeBacked && created.error().kind != ErrorKind::Io && created.error().kind != ErrorKind::Cancelled)
            context.markGone(volumeIntent.value());
        return created.error();
    }
    m_serverId = created.value();

    auto active = waitFor(context, Service::Compute, nova::serverPath(m_serverId), QStringLiteral("server ") + m_resourceName,
                          m_options.serverTimeout, [this](const QJsonObject &s) { return nova::hasStarted(s, &m_lastFault); });
    if (!active)
        return active.error();
    if (auto volume = recordRootVolume(context, active.value(), volumeIntent.value()); !volume)
        return volume.error();
    return attachFloatingIp(context, external.value());
}

Result<QString> OpenStackProvider::chooseVolumeType()
{
    // The account's volume type, checked against those the cloud lists (NHN's default type
    // is undocumented: none is sent unless the account names one).
    if (!m_volumeBacked || m_account.volumeType.isEmpty())
        return QString();
    auto types = cinder::listVolumeTypes(*client());  // launch() has checked that there is one
    if (!types)
        return types.error();
    QString volumeType;
    QStringList names;
    for (const auto &t : std::as_const(types.value())) {
        names.append(t.name);
        if (t.name == m_account.volumeType || t.id == m_account.volumeType)
            volumeType = t.name;
    }
    if (volumeType.isEmpty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("Cloud %1 has no volume type \"%2\"; it has: %3. Change the account's volume type.")
                             .arg(m_account.name, m_account.volumeType, names.join(QStringLiteral(", "))));
    return volumeType;
}

Result<QString> OpenStackProvider::importKeyPair(BuildContext &context, const QString &publicKey)
{
    // The key pair: the build's ephemeral key, so the default user gets it even on
    // images whose cloud-init ignores our user data.
    auto *c = client();
    return createResource(context, QStringLiteral("keypair"), m_resourceName, [&]() -> Result<QString> {
        auto reply = nova::importKeyPair(*c, m_resourceName, publicKey);
        if (!reply)
            return reply.error();
        if (reply->status == 400 && publicKey.startsWith(QLatin1String("ssh-ed25519"))) {
            // Every key pair NHN Cloud documents is RSA (undocumented; handled both ways): when an
            // ed25519 import is refused, the cloud makes an RSA pair (its private half is
            // dropped) to satisfy the mandatory key_name; the build's key arrives by user data.
            context.log(QStringLiteral("The cloud refused an ed25519 key pair (%1); using a cloud-made RSA key pair")
                            .arg(OpenStackClient::serviceMessage(reply.value())));
            reply = nova::createKeyPair(*c, m_resourceName);
            if (!reply)
                return reply.error();
        }
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("import the build's key pair"));
        return m_resourceName;
    });
}

Result<void> OpenStackProvider::recordRootVolume(BuildContext &context, const QJsonObject &server, const QString &intent)
{
    if (!m_volumeBacked)
        return {};
    m_volumeId = nova::rootVolume(*client(), m_serverId, server);
    if (m_volumeId.isEmpty())
        return makeError(
            ErrorKind::Io,
            QStringLiteral("Server %1 is ACTIVE but shows no root volume; the image could not be saved from it.").arg(m_resourceName));
    context.markCreated(intent, m_volumeId);
    context.log(QStringLiteral("Root volume %1").arg(m_volumeId));
    return {};
}

Result<QString> OpenStackProvider::serverPort()
{
    // The server's port, for the floating IP; Neutron may list it a moment after ACTIVE.
    auto *c = client();
    QString portId;
    for (int attempt = 0; attempt < 30 && portId.isEmpty(); ++attempt) {
        auto ports = neutron::portsOf(*c, m_serverId);
        if (!ports)
            return ports.error();
        if (!ports->isEmpty())
            portId = ports->first();
        else if (!c->pause(m_options.pollInterval))
            return cancelled(QStringLiteral("waiting for the server's port"));
    }
    if (portId.isEmpty())
        return makeError(ErrorKind::Io, QStringLiteral("Server %1 has no network port to attach a floating IP to.").arg(m_resourceName));
    return portId;
}

Result<VmAddress> OpenStackProvider::attachFloatingIp(BuildContext &context, const QString &externalId)
{
    auto port = serverPort();
    if (!port)
        return port.error();
    const QString portId = port.value();
    // Found again by its id, or (an answer that never came) by its attachment to the
    // build's port, recorded before it is asked for: NHN Cloud's floating IPs have no
    // `description` (Floating IP API: `label`), so no text field is relied on.
    auto intent = context.recordIntent(QStringLiteral("floating-ip"), QString(),
                                       detailJson(m_resourceName, QJsonObject{{QStringLiteral("port"), portId}}));
    if (!intent)
        return intent.error();
    // On an error the intent stays: without an answer the clean-up looks on the port; a
    // retried request may have made one before a refusal (a 409 for a port that has one
    // already), and the clean-up removes only what is on the port.
    auto ip = neutron::createFloatingIp(*client(), m_account.kind, externalId, portId, m_resourceName);
    if (!ip)
        return ip.error();
    const QString address = ip->address;
    context.markCreated(intent.value(), ip->id);
    context.log(QStringLiteral("Floating IP %1 (%2) on port %3").arg(ip->id, address, portId));
    if (address.isEmpty())
        return makeError(ErrorKind::Io, QStringLiteral("The cloud made floating IP %1 but gave no address.").arg(ip->id));
    context.log(QStringLiteral("Server %1 (%2) is ACTIVE at floating IP %3").arg(m_resourceName, m_serverId, address));
    return VmAddress{address, static_cast<quint16>(m_account.sshPort)};
}

Result<void> OpenStackProvider::waitStopped(BuildContext &context, std::chrono::seconds timeout)
{
    auto *c = client();
    if (!c)
        return unavailable();
    if (m_serverId.isEmpty())
        return makeError(ErrorKind::Internal, QStringLiteral("No server was started."));
    // The guest powers itself off; os-stop makes Nova notice now rather than at its next
    // power-state sync. A 409 means it is stopping or stopped already.
    if (auto stop = nova::stopServer(*c, m_serverId); !stop)
        return stop.error();
    auto stopped = waitFor(context, Service::Compute, nova::serverPath(m_serverId), QStringLiteral("server ") + m_resourceName, timeout,
                           nova::hasStopped);
    if (!stopped)
        return stopped.error();
    return {};
}

Result<ImageRecord> OpenStackProvider::capture(BuildContext &context, const QString &imageId)
{
    Q_UNUSED(imageId)
    auto *c = client();
    if (!c)
        return unavailable();
    const auto &build = context.build();
    const QString name = build.imageName;
    auto intent = context.recordIntent(QStringLiteral("image"), QString(), detailJson(name));
    if (!intent)
        return intent.error();
    auto requested = requestImage(context, name, intent.value());
    if (!requested)
        return requested.error();
    const QString glanceId = requested.value();
    if (glanceId.isEmpty())
        return makeError(ErrorKind::Io, QStringLiteral("The cloud accepted the image request but named no image."));
    context.markCreated(intent.value(), glanceId);

    auto image = waitFor(context, Service::Image, QStringLiteral("/images/") + glanceId, QStringLiteral("image \"%1\"").arg(name),
                         m_options.imageTimeout, glance::isSaved);
    if (!image)
        return image.error();

    // The image is the build's product now, not something to clean up, whatever the tagging
    // below meets.
    context.markGone(intent.value());

    auto tagged = glance::tagAsBuilt(*c, glanceId, build.templateId, build.templateRevision, build.id);
    QJsonObject described = image.value();
    if (tagged) {
        if (!tagged->isEmpty())
            described = tagged.value();
        context.log(QStringLiteral("Image %1 is active and tagged with template %2 revision %3")
                        .arg(glanceId, build.templateId)
                        .arg(build.templateRevision));
    } else {
        // The image is good: keep it, and say why the template's image list will not show it.
        context.log(QStringLiteral("Warning: image %1 is active but untagged (%2). It is kept; the template's image list "
                                   "shows it once it carries %3=%4.")
                        .arg(glanceId, tagged.error().message, QLatin1String(glance::TemplateProperty), build.templateId));
    }

    ImageRecord record = glance::toImageRecord(described, m_account.name);
    record.location = glanceId;
    record.templateId = build.templateId;
    record.templateRevision = build.templateRevision;
    record.buildId = build.id;
    return record;
}

Result<QString> OpenStackProvider::requestImage(BuildContext &context, const QString &name, const QString &intent)
{
    auto *c = client();
    if (m_volumeBacked) {
        context.log(QStringLiteral("Uploading root volume %1 as image \"%2\" (volume-backed server)").arg(m_volumeId, name));
        auto reply = cinder::uploadToImage(*c, m_volumeId, name);
        if (!reply)
            return reply.error();
        if (!reply->ok()) {
            context.markGone(intent);
            return c->errorFor(reply.value(), QStringLiteral("upload the root volume as an image"));
        }
        return replies::uploadedImageId(reply->body);
    }
    context.log(QStringLiteral("Creating image \"%1\" from server %2 (local disk)").arg(name, m_serverId));
    auto reply = nova::createImage(*c, m_serverId, name);
    if (!reply)
        return reply.error();
    if (!reply->ok()) {
        context.markGone(intent);
        return c->errorFor(reply.value(), QStringLiteral("create the image"));
    }
    return replies::createdImageId(reply->body, reply->header("location"));
}

Result<void> OpenStackProvider::destroy(const BuildResource &resource)
{
    if (!client())
        return unavailable();
    return ResourceCleanup(*m_client, m_options.pollInterval, m_options.deleteTimeout).destroy(resource);
}

Result<OpenStackProvider::BaseImageChoice> OpenStackProvider::baseImageChoice()
{
    auto *c = client();
    if (!c)
        return unavailable();
    auto images = glance::list(*c, QStringLiteral("status=active"));
    if (!images)
        return images.error();
    return glance::baseImageChoice(images.value(), m_account.name, m_catalog);
}

Result<QList<BaseImage>> OpenStackProvider::listBaseImages()
{
    auto choice = baseImageChoice();
    if (!choice)
        return choice.error();
    return choice->offered;
}

Result<BaseImage> OpenStackProvider::baseImage(const QString &imageId)
{
    auto *c = client();
    if (!c)
        return unavailable();
    auto image = glance::get(*c, imageId);
    if (!image) {
        if (image.error().kind == ErrorKind::NotFound)
            return makeError(ErrorKind::NotFound,
                             QStringLiteral("Cloud %1 has no image %2; `base-image list --provider %1` shows those there are.")
                                 .arg(m_account.name, imageId));
        return image.error();
    }
    if (const auto why = glance::whyNotBaseImage(image.value(), false); !why.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("Image %1 cannot be a base image: %2. Choose another; `base-image list "
                                                            "--provider %3` shows those that can.")
                                                 .arg(imageId, why, m_account.name));
    return glance::toBaseImage(image.value(), m_account.name, m_catalog);
}

Result<QList<ImageRecord>> OpenStackProvider::listImages(const QString &templateId)
{
    auto *c = client();
    if (!c)
        return unavailable();
    return glance::builtImages(*c, templateId, m_account.name);
}

Result<void> OpenStackProvider::deleteImage(const QString &glanceId)
{
    if (!client())
        return unavailable();
    // The id comes from an image record, which on a team store anyone can write: only an
    // image that says it was made by an Image Builder build is deleted (the build's own
    // clean-up deletes what its ledger recorded, through destroy()).
    auto image = glance::get(*client(), glanceId);
    if (!image)
        return image.error();
    if (image->value(QLatin1String(glance::BuildProperty)).toString().isEmpty() &&
        image->value(QLatin1String(glance::TemplateProperty)).toString().isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("The Glance image %1 (\"%2\") carries neither %3 nor %4: Image Builder deletes only images its "
                                        "builds made and tagged. If it is yours, delete it in the cloud's console.")
                             .arg(glanceId, image->value(QLatin1String("name")).toString(), QLatin1String(glance::BuildProperty),
                                  QLatin1String(glance::TemplateProperty)));
    return ResourceCleanup(*m_client, m_options.pollInterval, m_options.deleteTimeout)
        .destroyImage(glanceId, image->value(QLatin1String("name")).toString());
}

}  // namespace ib::openstack
