#include "providers/openstack/OpenStackProvider.h"

#include "catalog/ApplicationCatalog.h"
#include "cloudinit/NoCloudSeed.h"
#include "logging/Logging.h"
#include "providers/openstack/GlanceImages.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

namespace ib::openstack {

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// What a resource of the build carries: the name the build gave it (not empty).
std::function<bool(const QJsonObject &)> namedAs(const QString &name)
{
    return [name](const QJsonObject &o) { return !name.isEmpty() && o.value(QStringLiteral("name")).toString() == name; };
}

// The build's floating IP: on the build's port (recorded before the request), or labelled
// with the build's name (upstream Neutron's description, NHN's label) and on no other port.
bool buildsFloatingIp(const replies::FloatingIp &ip, const QString &name, const QString &portId)
{
    const bool onOurPort = !portId.isEmpty() && ip.portId == portId;
    const bool named =
        !name.isEmpty() && (ip.description == name || ip.label == name) && (ip.portId.isEmpty() || portId.isEmpty() || ip.portId == portId);
    return onOurPort || named;
}

QString fromDetail(const QString &detail, const char *key)
{
    return QJsonDocument::fromJson(detail.toUtf8()).object().value(QLatin1String(key)).toString();
}

QString encoded(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

Error cancelled(const QString &what)
{
    return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while %1.").arg(what));
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
    return QString::fromUtf8(compact(detail));
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
    // NHN Cloud documents no paging of the flavor list (undocumented; handled both ways):
    // every page is read when the reply carries a flavors_links "next".
    QList<replies::Flavor> all;
    QSet<QString> seen;
    auto reply = c->call("GET", Service::Compute, QStringLiteral("/flavors/detail"));
    for (int page = 0; page < 1000; ++page) {
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("list the flavors"));
        QString next;
        auto flavors = replies::flavors(reply->body, &next);
        if (!flavors)
            return flavors.error();
        int added = 0;
        for (const auto &f : std::as_const(flavors.value())) {
            if (!seen.contains(f.id)) {
                seen.insert(f.id);
                all.append(f);
                ++added;
            }
        }
        if (next.isEmpty() || added == 0)
            break;
        reply = c->callUrl("GET", QUrl(next));
    }
    return all;
}

Result<replies::Flavor> OpenStackProvider::chooseFlavor(BuildContext &context, int diskGb, const ImageNeeds &needs)
{
    auto flavors = listFlavors();
    if (!flavors)
        return flavors.error();
    if (!m_account.flavor.isEmpty()) {
        QStringList names;
        for (const auto &f : std::as_const(flavors.value())) {
            if (f.id == m_account.flavor || f.name == m_account.flavor)
                return f;
            names.append(f.name);
        }
        return makeError(ErrorKind::NotFound, QStringLiteral("Cloud %1 has no flavor \"%2\"; it has: %3. Change the account's flavor.")
                                                  .arg(m_account.name, m_account.flavor, names.join(QStringLiteral(", "))));
    }
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

Result<QStringList> OpenStackProvider::routedNetworks(const QString &externalId)
{
    // A floating IP reaches a server only when its subnet is an interface of a router
    // whose gateway is the external network (Neutron's model; NHN: an internet gateway).
    auto *c = client();
    auto routers = c->call("GET", Service::Network, QStringLiteral("/routers"));
    if (!routers)
        return routers.error();
    auto interfaces = c->call("GET", Service::Network, QStringLiteral("/ports?device_owner=network:router_interface"));
    if (!interfaces)
        return interfaces.error();
    if (!routers->ok() || !interfaces->ok())
        return makeError(ErrorKind::Unsupported, QStringLiteral("the cloud did not list its routers"));
    auto r = replies::object(routers->body, QStringLiteral("the router list"));
    if (!r)
        return r.error();
    QStringList gateways;
    for (const QJsonArray jsonItems = r->value(QStringLiteral("routers")).toArray(); const auto &router : jsonItems) {
        const auto o = router.toObject();
        if (o.value(QStringLiteral("external_gateway_info")).toObject().value(QStringLiteral("network_id")).toString() == externalId)
            gateways.append(o.value(QStringLiteral("id")).toString());
    }
    auto p = replies::object(interfaces->body, QStringLiteral("the router interface list"));
    if (!p)
        return p.error();
    QStringList routed;
    for (const QJsonArray jsonItems = p->value(QStringLiteral("ports")).toArray(); const auto &port : jsonItems) {
        const auto o = port.toObject();
        if (gateways.contains(o.value(QStringLiteral("device_id")).toString()))
            routed.append(o.value(QStringLiteral("network_id")).toString());
    }
    return routed;
}

Result<QString> OpenStackProvider::chooseNetwork(bool external, const QString &externalId)
{
    auto *c = client();
    const QString wanted = external ? m_account.floatingNetwork : m_account.network;
    auto reply = c->call("GET", Service::Network, QStringLiteral("/networks"));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return c->errorFor(reply.value(), QStringLiteral("list the networks"));
    auto networks = replies::networks(reply->body);
    if (!networks)
        return networks.error();
    QStringList names;
    QStringList candidates;
    for (const auto &n : std::as_const(networks.value())) {
        names.append(n.name);
        if (!wanted.isEmpty()) {
            if (n.id == wanted || n.name == wanted)
                return n.id;
            continue;
        }
        if (n.external == external)
            candidates.append(n.id);
    }
    if (!wanted.isEmpty())
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("Cloud %1 has no network \"%2\"; it has: %3.").arg(m_account.name, wanted, names.join(QStringLiteral(", "))));
    if (candidates.isEmpty())
        return makeError(ErrorKind::NotFound,
                         external
                             ? QStringLiteral("Cloud %1 has no external network for floating IPs; set the account's floating network.")
                                   .arg(m_account.name)
                             : QStringLiteral("Cloud %1 has no network for the server; set the account's network.").arg(m_account.name));
    if (external)
        return candidates.first();
    // The first internal network that a floating IP can reach; when the cloud does not list
    // routers (not every account may), the first one, as before.
    auto routed = routedNetworks(externalId);
    if (!routed)
        return candidates.first();
    for (const auto &id : std::as_const(candidates)) {
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
    int rootGb = flavor->diskGb;
    if (m_volumeBacked) {
        auto size = rootVolumeGb(m_account.kind, spec.diskGb, needs);
        if (!size)
            return size.error();
        rootGb = size.value();
    }
    if (!m_volumeBacked && flavor->diskGb < spec.diskGb)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("Flavor %1 has a %2 GB local disk, less than the template's %3 GB; choose a larger or a volume-backed flavor.")
                .arg(flavor->name)
                .arg(flavor->diskGb)
                .arg(spec.diskGb));
    // The account's volume type, checked against those the cloud lists (NHN's default type
    // is undocumented: none is sent unless the account names one).
    QString volumeType;
    if (m_volumeBacked && !m_account.volumeType.isEmpty()) {
        auto types = c->call("GET", Service::Volume, QStringLiteral("/types"));
        if (!types)
            return types.error();
        if (!types->ok())
            return c->errorFor(types.value(), QStringLiteral("list the volume types"));
        auto listed = replies::object(types->body, QStringLiteral("the volume type list"));
        if (!listed)
            return listed.error();
        QStringList names;
        for (const QJsonArray jsonItems = listed->value(QStringLiteral("volume_types")).toArray(); const auto &t : jsonItems) {
            const auto o = t.toObject();
            names.append(o.value(QStringLiteral("name")).toString());
            if (o.value(QStringLiteral("name")).toString() == m_account.volumeType ||
                o.value(QStringLiteral("id")).toString() == m_account.volumeType)
                volumeType = o.value(QStringLiteral("name")).toString();
        }
        if (volumeType.isEmpty())
            return makeError(ErrorKind::NotFound,
                             QStringLiteral("Cloud %1 has no volume type \"%2\"; it has: %3. Change the account's volume type.")
                                 .arg(m_account.name, m_account.volumeType, names.join(QStringLiteral(", "))));
    }

    auto external = chooseNetwork(true, QString());
    if (!external)
        return external.error();
    auto network = chooseNetwork(false, external.value());
    if (!network)
        return network.error();

    // The key pair: the build's ephemeral key, so the default user gets it even on
    // images whose cloud-init ignores our user data.
    auto keypair = createResource(context, QStringLiteral("keypair"), m_resourceName, [&]() -> Result<QString> {
        auto reply =
            c->call("POST", Service::Compute, QStringLiteral("/os-keypairs"),
                    compact(QJsonObject{{QStringLiteral("keypair"), QJsonObject{{QStringLiteral("name"), m_resourceName},
                                                                                {QStringLiteral("public_key"), spec.authorizedKey}}}}));
        if (!reply)
            return reply.error();
        if (reply->status == 400 && spec.authorizedKey.startsWith(QLatin1String("ssh-ed25519"))) {
            // Every key pair NHN Cloud documents is RSA (undocumented; handled both ways): when an
            // ed25519 import is refused, the cloud makes an RSA pair (its private half is
            // dropped) to satisfy the mandatory key_name; the build's key arrives by user data.
            context.log(QStringLiteral("The cloud refused an ed25519 key pair (%1); using a cloud-made RSA key pair")
                            .arg(OpenStackClient::serviceMessage(reply.value())));
            reply = c->call("POST", Service::Compute, QStringLiteral("/os-keypairs"),
                            compact(QJsonObject{{QStringLiteral("keypair"), QJsonObject{{QStringLiteral("name"), m_resourceName}}}}));
            if (!reply)
                return reply.error();
        }
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("import the build's key pair"));
        return m_resourceName;
    });
    if (!keypair)
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

    auto group = createResource(context, QStringLiteral("security-group"), m_resourceName, [&]() -> Result<QString> {
        auto reply =
            c->call("POST", Service::Network, QStringLiteral("/security-groups"),
                    compact(QJsonObject{
                        {QStringLiteral("security_group"),
                         QJsonObject{{QStringLiteral("name"), m_resourceName},
                                     {QStringLiteral("description"), QStringLiteral("SSH to Image Builder build %1").arg(build.id)}}}}));
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("create the build's security group"));
        return reply->json().value(QStringLiteral("security_group")).toObject().value(QStringLiteral("id")).toString();
    });
    if (!group) {
        if (m_volumeBacked)
            context.markGone(volumeIntent.value());
        return group.error();
    }
    {
        // Part of the group: deleted with it.
        auto reply = c->call("POST", Service::Network, QStringLiteral("/security-group-rules"),
                             compact(QJsonObject{{QStringLiteral("security_group_rule"),
                                                  QJsonObject{{QStringLiteral("direction"), QStringLiteral("ingress")},
                                                              {QStringLiteral("protocol"), QStringLiteral("tcp")},
                                                              {QStringLiteral("ethertype"), QStringLiteral("IPv4")},
                                                              {QStringLiteral("port_range_min"), m_account.sshPort},
                                                              {QStringLiteral("port_range_max"), m_account.sshPort},
                                                              {QStringLiteral("remote_ip_prefix"), m_account.sshSource},
                                                              {QStringLiteral("security_group_id"), group.value()}}}}));
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("allow SSH in the build's security group"));
    }

    cloudinit::NoCloudSeed seed;
    seed.instanceId = m_resourceName;
    seed.hostname = spec.hostname;
    seed.authorizedKey = spec.authorizedKey;
    seed.hostPrivateKey = QString::fromUtf8(spec.hostPrivateKey);
    seed.hostPublicKey = spec.hostPublicKey;
    const QByteArray userData = seed.userData().toUtf8().toBase64();

    QJsonObject device{{QStringLiteral("source_type"), QStringLiteral("image")},
                       {QStringLiteral("uuid"), imageId},
                       {QStringLiteral("boot_index"), 0},
                       {QStringLiteral("delete_on_termination"), true}};
    if (m_volumeBacked) {
        device.insert(QStringLiteral("destination_type"), QStringLiteral("volume"));
        device.insert(QStringLiteral("volume_size"), rootGb);
        if (!volumeType.isEmpty())
            device.insert(QStringLiteral("volume_type"), volumeType);
    } else {
        device.insert(QStringLiteral("destination_type"), QStringLiteral("local"));
    }
    QJsonObject server{{QStringLiteral("name"), m_resourceName},
                       {QStringLiteral("flavorRef"), flavor->id},
                       {QStringLiteral("key_name"), m_resourceName},
                       {QStringLiteral("networks"), QJsonArray{QJsonObject{{QStringLiteral("uuid"), network.value()}}}},
                       {QStringLiteral("security_groups"), QJsonArray{QJsonObject{{QStringLiteral("name"), m_resourceName}}}},
                       {QStringLiteral("user_data"), QString::fromLatin1(userData)},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("imagebuilder_build"), build.id}}},
                       {QStringLiteral("block_device_mapping_v2"), QJsonArray{device}}};
    if (!m_volumeBacked)
        server.insert(QStringLiteral("imageRef"), imageId);

    context.log(QStringLiteral("Creating server %1: flavor %2, %3 GB %4 root disk")
                    .arg(m_resourceName, flavor->name)
                    .arg(rootGb)
                    .arg(m_volumeBacked ? QStringLiteral("volume") : QStringLiteral("local")));
    auto created = createResource(context, QStringLiteral("server"), m_resourceName, [&]() -> Result<QString> {
        auto reply =
            c->call("POST", Service::Compute, QStringLiteral("/servers"), compact(QJsonObject{{QStringLiteral("server"), server}}));
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("create the server"));
        return reply->json().value(QStringLiteral("server")).toObject().value(QStringLiteral("id")).toString();
    });
    if (!created) {
        if (m_volumeBacked && created.error().kind != ErrorKind::Io && created.error().kind != ErrorKind::Cancelled)
            context.markGone(volumeIntent.value());
        return created.error();
    }
    m_serverId = created.value();

    auto active =
        waitFor(context, Service::Compute, QStringLiteral("/servers/") + m_serverId, QStringLiteral("server ") + m_resourceName,
                m_options.serverTimeout, [this](const QJsonObject &s) -> Result<bool> {
                    const auto status = s.value(QStringLiteral("status")).toString();
                    if (status == QLatin1String("ERROR")) {
                        const auto fault = s.value(QStringLiteral("fault")).toObject().value(QStringLiteral("message")).toString();
                        m_lastFault = fault;
                        return makeError(ErrorKind::Io,
                                         QStringLiteral("The cloud could not start the server: %1")
                                             .arg(fault.isEmpty() ? QStringLiteral("it went into ERROR without saying why.") : fault));
                    }
                    return status == QLatin1String("ACTIVE");
                });
    if (!active)
        return active.error();

    if (m_volumeBacked) {
        m_volumeId = replies::rootVolumeOfServer(active.value());
        if (m_volumeId.isEmpty()) {
            auto reply = c->call("GET", Service::Compute, QStringLiteral("/servers/%1/os-volume_attachments").arg(m_serverId));
            if (reply && reply->ok())
                m_volumeId = replies::firstVolumeAttachment(reply->body);
        }
        if (m_volumeId.isEmpty())
            return makeError(
                ErrorKind::Io,
                QStringLiteral("Server %1 is ACTIVE but shows no root volume; the image could not be saved from it.").arg(m_resourceName));
        context.markCreated(volumeIntent.value(), m_volumeId);
        context.log(QStringLiteral("Root volume %1").arg(m_volumeId));
    }

    // The server's port, for the floating IP; Neutron may list it a moment after ACTIVE.
    QString portId;
    for (int attempt = 0; attempt < 30 && portId.isEmpty(); ++attempt) {
        auto reply = c->call("GET", Service::Network, QStringLiteral("/ports?device_id=") + m_serverId);
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("find the server's network port"));
        auto ports = replies::idsNamed(reply->body, QStringLiteral("ports"), QString());
        if (!ports)
            return ports.error();
        if (!ports->isEmpty())
            portId = ports->first();
        else if (!c->pause(m_options.pollInterval))
            return cancelled(QStringLiteral("waiting for the server's port"));
    }
    if (portId.isEmpty())
        return makeError(ErrorKind::Io, QStringLiteral("Server %1 has no network port to attach a floating IP to.").arg(m_resourceName));

    // Found again by its id, or (an answer that never came) by its attachment to the
    // build's port, recorded before it is asked for: NHN Cloud's floating IPs have no
    // `description` (Floating IP API: `label`), so no text field is relied on.
    QString address;
    auto intent = context.recordIntent(QStringLiteral("floating-ip"), QString(),
                                       detailJson(m_resourceName, QJsonObject{{QStringLiteral("port"), portId}}));
    if (!intent)
        return intent.error();
    QJsonObject request{{QStringLiteral("floating_network_id"), external.value()}, {QStringLiteral("port_id"), portId}};
    // NHN Cloud: `label` (Floating IP API, "Creating a floating IP"); elsewhere Neutron's `description`.
    request.insert(m_account.kind == CloudKind::Nhn ? QStringLiteral("label") : QStringLiteral("description"), m_resourceName);
    auto reply =
        c->call("POST", Service::Network, QStringLiteral("/floatingips"), compact(QJsonObject{{QStringLiteral("floatingip"), request}}));
    if (!reply)
        return reply.error();  // the intent stays: the clean-up looks on the port
    if (!reply->ok()) {
        // The intent stays: a retried request may have made one before this answer (a 409
        // for a port that has one already); the clean-up removes only what is on the port.
        return c->errorFor(reply.value(), QStringLiteral("attach a floating IP to the server"));
    }
    auto ip = replies::floatingIp(reply->body);
    if (!ip)
        return ip.error();
    address = ip->address;
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
    auto reply = c->call("POST", Service::Compute, QStringLiteral("/servers/%1/action").arg(m_serverId), R"({"os-stop":null})");
    if (!reply)
        return reply.error();
    if (!reply->ok() && reply->status != 409)
        return c->errorFor(reply.value(), QStringLiteral("stop the server"));
    auto stopped =
        waitFor(context, Service::Compute, QStringLiteral("/servers/") + m_serverId, QStringLiteral("server ") + m_resourceName, timeout,
                [](const QJsonObject &s) -> Result<bool> {
                    const auto status = s.value(QStringLiteral("status")).toString();
                    if (status == QLatin1String("ERROR"))
                        return makeError(ErrorKind::Io,
                                         QStringLiteral("The server went into ERROR while stopping: %1")
                                             .arg(s.value(QStringLiteral("fault")).toObject().value(QStringLiteral("message")).toString()));
                    return status == QLatin1String("SHUTOFF");
                });
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
    QString glanceId;
    if (m_volumeBacked) {
        context.log(QStringLiteral("Uploading root volume %1 as image \"%2\" (volume-backed server)").arg(m_volumeId, name));
        const QJsonObject upload{{QStringLiteral("image_name"), name},
                                 {QStringLiteral("force"), true},
                                 {QStringLiteral("disk_format"), QStringLiteral("qcow2")},
                                 {QStringLiteral("container_format"), QStringLiteral("bare")},
                                 {QStringLiteral("visibility"), QStringLiteral("private")},
                                 {QStringLiteral("protected"), false}};
        auto reply = c->call("POST", Service::Volume, QStringLiteral("/volumes/%1/action").arg(m_volumeId),
                             compact(QJsonObject{{QStringLiteral("os-volume_upload_image"), upload}}));
        if (!reply)
            return reply.error();
        if (!reply->ok()) {
            context.markGone(intent.value());
            return c->errorFor(reply.value(), QStringLiteral("upload the root volume as an image"));
        }
        glanceId = replies::uploadedImageId(reply->body);
    } else {
        context.log(QStringLiteral("Creating image \"%1\" from server %2 (local disk)").arg(name, m_serverId));
        auto reply =
            c->call("POST", Service::Compute, QStringLiteral("/servers/%1/action").arg(m_serverId),
                    compact(QJsonObject{{QStringLiteral("createImage"),
                                         QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("metadata"), QJsonObject()}}}}));
        if (!reply)
            return reply.error();
        if (!reply->ok()) {
            context.markGone(intent.value());
            return c->errorFor(reply.value(), QStringLiteral("create the image"));
        }
        glanceId = replies::createdImageId(reply->body, reply->header("location"));
    }
    if (glanceId.isEmpty())
        return makeError(ErrorKind::Io, QStringLiteral("The cloud accepted the image request but named no image."));
    context.markCreated(intent.value(), glanceId);

    auto image =
        waitFor(context, Service::Image, QStringLiteral("/images/") + glanceId, QStringLiteral("image \"%1\"").arg(name),
                m_options.imageTimeout, [](const QJsonObject &i) -> Result<bool> {
                    const auto status = i.value(QStringLiteral("status")).toString();
                    // Glance's end states (NHN's image API lists killed, deleted, pending_delete).
                    if (status == QLatin1String("killed") || status == QLatin1String("deleted") ||
                        status == QLatin1String("pending_delete") || status == QLatin1String("deactivated"))
                        return makeError(ErrorKind::Io, QStringLiteral("The cloud could not save the image (status %1).").arg(status));
                    return status == QLatin1String("active");
                });
    if (!image)
        return image.error();

    // The image is the build's product now, not something to clean up, whatever the tagging
    // below meets.
    context.markGone(intent.value());

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
    add(QLatin1String(glance::TemplateProperty), build.templateId);
    add(QLatin1String(glance::RevisionProperty), QString::number(build.templateRevision));
    add(QLatin1String(glance::BuildProperty), build.id);
    auto tagged =
        c->call("PATCH", Service::Image, QStringLiteral("/images/") + glanceId, QJsonDocument(patch).toJson(QJsonDocument::Compact),
                Cancellation::Honour, "application/openstack-images-v2.1-json-patch");
    QJsonObject described = image.value();
    if (tagged && tagged->ok()) {
        if (auto o = replies::object(tagged->body, QStringLiteral("the image's tagging")); o && !o->isEmpty())
            described = o.value();
        context.log(QStringLiteral("Image %1 is active and tagged with template %2 revision %3")
                        .arg(glanceId, build.templateId)
                        .arg(build.templateRevision));
    } else {
        // The image is good: keep it, and say why the template's image list will not show it.
        const auto why = tagged ? c->errorFor(tagged.value(), QStringLiteral("tag the image with its template and build")).message
                                : tagged.error().message;
        context.log(QStringLiteral("Warning: image %1 is active but untagged (%2). It is kept; the template's image list "
                                   "shows it once it carries %3=%4.")
                        .arg(glanceId, why, QLatin1String(glance::TemplateProperty), build.templateId));
    }

    ImageRecord record = glance::toImageRecord(described, m_account.name);
    record.location = glanceId;
    record.templateId = build.templateId;
    record.templateRevision = build.templateRevision;
    record.buildId = build.id;
    return record;
}

Result<void> OpenStackProvider::deleteAndWait(Service service, const QString &path, const QString &what, bool waitGone)
{
    auto *c = client();
    QElapsedTimer timer;
    timer.start();
    const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(m_options.deleteTimeout).count();
    bool deleted = false;
    while (true) {
        if (!deleted) {
            auto reply = c->call("DELETE", service, path, {}, Cancellation::Ignore);
            if (!reply)
                return reply.error();
            if (reply->status == 404)
                return {};
            if (reply->ok()) {
                deleted = true;
                if (!waitGone)
                    return {};
            } else if ((reply->status != 409 && reply->status != 400) || timer.elapsed() > limit) {
                return c->errorFor(reply.value(), QStringLiteral("delete ") + what);
            }
            // 409/400: still in use (a server going away); try again shortly.
        } else {
            auto reply = c->call("GET", service, path, {}, Cancellation::Ignore);
            if (!reply)
                return reply.error();
            if (reply->status == 404)
                return {};
            // Any body (an HTML 502 of a proxy too) gives a status or none: the loop asks again.
            const auto status = replies::status(reply->body);
            if (status.compare(QLatin1String("deleted"), Qt::CaseInsensitive) == 0)
                return {};
            if (status == QLatin1String("ERROR") || status == QLatin1String("error_deleting"))
                deleted = false;  // ask again
            if (timer.elapsed() > limit)
                return makeError(ErrorKind::Io, QStringLiteral("%1 is still there %2 s after it was deleted (status %3).")
                                                    .arg(what)
                                                    .arg(m_options.deleteTimeout.count())
                                                    .arg(status));
        }
        c->pause(m_options.pollInterval, Cancellation::Ignore);
    }
}

Result<bool> OpenStackProvider::cloudSaysOurs(Service service, const QString &path, const QString &what,
                                              const std::function<bool(const QJsonObject &)> &ours)
{
    auto *c = client();
    auto reply = c->call("GET", service, path, {}, Cancellation::Ignore);
    if (!reply)
        return reply.error();
    if (reply->status == 404)
        return false;
    if (!reply->ok())
        return c->errorFor(reply.value(), QStringLiteral("check %1 before deleting it").arg(what));
    auto answer = replies::object(reply->body, QStringLiteral("the check of ") + what);
    if (!answer)
        return answer.error();
    const auto resource = replies::entity(answer.value());
    if (!ours(resource))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("Refused to delete %1: the cloud says it is not this build's (its name is \u201c%2\u201d). "
                                        "It is left as it is; if it was the build's, delete it in the cloud's console.")
                             .arg(what, resource.value(QStringLiteral("name")).toString()));
    return true;
}

Result<void> OpenStackProvider::destroyServer(const QString &id, const QString &name)
{
    auto *c = client();
    QStringList ids;
    if (!id.isEmpty()) {
        // The build's server carries the build's unique name.
        auto ours = cloudSaysOurs(Service::Compute, QStringLiteral("/servers/") + id, QStringLiteral("server ") + id, namedAs(name));
        if (!ours)
            return ours.error();
        if (!*ours)
            return {};
        ids.append(id);
    } else if (!name.isEmpty()) {
        // The create call's answer never came: find it by its unique name.
        auto reply = c->call("GET", Service::Compute, QStringLiteral("/servers?name=") + encoded(name), {}, Cancellation::Ignore);
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("look for server %1").arg(name));
        auto found = replies::idsNamed(reply->body, QStringLiteral("servers"), name);
        if (!found)
            return found.error();
        ids = found.value();
    }
    for (const auto &serverId : std::as_const(ids)) {
        // Waiting until it is gone lets its volume, port and security group go next.
        if (auto r = deleteAndWait(Service::Compute, QStringLiteral("/servers/") + serverId, QStringLiteral("server ") + serverId, true);
            !r)
            return r;
    }
    return {};
}

Result<void> OpenStackProvider::destroyVolume(const QString &id, const QString &name)
{
    if (id.isEmpty())
        return {};  // never known: it went with its server (delete_on_termination)
    auto *c = client();
    QElapsedTimer timer;
    timer.start();
    const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(m_options.deleteTimeout).count();
    while (true) {
        auto reply = c->call("GET", Service::Volume, QStringLiteral("/volumes/") + id, {}, Cancellation::Ignore);
        if (!reply)
            return reply.error();
        if (reply->status == 404)
            return {};
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("check volume %1").arg(id));
        auto volume = replies::volume(reply->body);
        if (!volume)
            return volume.error();
        const auto status = volume->status;
        if (status == QLatin1String("available") || status == QLatin1String("error") || status == QLatin1String("error_deleting")) {
            auto deleted = c->call("DELETE", Service::Volume, QStringLiteral("/volumes/") + id, {}, Cancellation::Ignore);
            if (!deleted)
                return deleted.error();
            if (!deleted->ok() && deleted->status != 404 && deleted->status != 400 && deleted->status != 409)
                return c->errorFor(deleted.value(), QStringLiteral("delete volume %1").arg(id));
        }
        // Still attached to the build's own server (a clean-up that ran out of order, a
        // sweep): that server goes first. Only a server of this build's unique name.
        if (status == QLatin1String("in-use") && !name.isEmpty()) {
            for (const auto &serverId : std::as_const(volume->attachedServers)) {
                auto server = c->call("GET", Service::Compute, QStringLiteral("/servers/") + serverId, {}, Cancellation::Ignore);
                if (server && server->ok() && replies::entity(server->json()).value(QStringLiteral("name")).toString() == name) {
                    if (auto r = destroyServer(serverId, name); !r)
                        return r;
                }
            }
        }
        // in-use, detaching, uploading, deleting: its server or an upload is finishing.
        if (timer.elapsed() > limit)
            return makeError(ErrorKind::Io, QStringLiteral("Volume %1 is still %2 after %3 s; delete it in the console.")
                                                .arg(id, status)
                                                .arg(m_options.deleteTimeout.count()));
        c->pause(m_options.pollInterval, Cancellation::Ignore);
    }
}

Result<void> OpenStackProvider::destroySecurityGroup(const QString &id, const QString &name)
{
    auto *c = client();
    QStringList ids;
    if (!id.isEmpty()) {
        auto ours = cloudSaysOurs(Service::Network, QStringLiteral("/security-groups/") + id, QStringLiteral("security group ") + id,
                                  namedAs(name));
        if (!ours)
            return ours.error();
        if (!*ours)
            return {};
        ids.append(id);
    } else if (!name.isEmpty()) {
        auto reply = c->call("GET", Service::Network, QStringLiteral("/security-groups?name=") + encoded(name), {}, Cancellation::Ignore);
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("look for security group %1").arg(name));
        auto found = replies::idsNamed(reply->body, QStringLiteral("security_groups"), name);
        if (!found)
            return found.error();
        ids = found.value();
    }
    for (const auto &groupId : std::as_const(ids)) {
        // 409 while the server's port still uses it: deleteAndWait asks again.
        if (auto r = deleteAndWait(Service::Network, QStringLiteral("/security-groups/") + groupId,
                                   QStringLiteral("security group ") + groupId, false);
            !r)
            return r;
    }
    return {};
}

Result<void> OpenStackProvider::destroyFloatingIp(const QString &id, const QString &name, const QString &portId)
{
    auto *c = client();
    QStringList ids;
    if (!id.isEmpty()) {
        // One that was moved to another port is not deleted.
        auto ours = cloudSaysOurs(Service::Network, QStringLiteral("/floatingips/") + id, QStringLiteral("floating IP ") + id,
                                  [&name, &portId](const QJsonObject &o) {
                                      replies::FloatingIp ip;
                                      ip.portId = o.value(QStringLiteral("port_id")).toString();
                                      ip.description = o.value(QStringLiteral("description")).toString();
                                      ip.label = o.value(QStringLiteral("label")).toString();
                                      return buildsFloatingIp(ip, name, portId);
                                  });
        if (!ours)
            return ours.error();
        if (!*ours)
            return {};
        ids.append(id);
    } else if (!portId.isEmpty() || !name.isEmpty()) {
        // The answer never came: the build's floating IP is the one on the build's port
        // (recorded before the request). Upstream Neutron also has the description; NHN's
        // label is matched in case a cloud set it. Never a floating IP of another port.
        auto reply = c->call("GET", Service::Network, QStringLiteral("/floatingips"), {}, Cancellation::Ignore);
        if (!reply)
            return reply.error();
        if (!reply->ok())
            return c->errorFor(reply.value(), QStringLiteral("look for the build's floating IP"));
        auto ips = replies::floatingIps(reply->body);
        if (!ips)
            return ips.error();
        for (const auto &ip : std::as_const(ips.value())) {
            if (buildsFloatingIp(ip, name, portId))
                ids.append(ip.id);
        }
    }
    for (const auto &ipId : std::as_const(ids)) {
        if (auto r = deleteAndWait(Service::Network, QStringLiteral("/floatingips/") + ipId, QStringLiteral("floating IP ") + ipId, false);
            !r)
            return r;
    }
    return {};
}

Result<void> OpenStackProvider::destroyImage(const QString &id, const QString &name)
{
    if (id.isEmpty())
        return {};  // the request's answer never came; an image named like a user's is not ours to guess at
    // The capture's image, by the id its request answered: still named as the build named it.
    auto ours = cloudSaysOurs(Service::Image, QStringLiteral("/images/") + id, QStringLiteral("image ") + id, namedAs(name));
    if (!ours)
        return ours.error();
    if (!*ours)
        return {};
    return deleteAndWait(Service::Image, QStringLiteral("/images/") + id, QStringLiteral("image ") + id, false);
}

Result<void> OpenStackProvider::destroy(const BuildResource &resource)
{
    if (!client())
        return unavailable();
    const QString name = fromDetail(resource.detail, "name");
    const auto &id = resource.identifier;
    if (resource.kind == QLatin1String("server"))
        return destroyServer(id, name);
    if (resource.kind == QLatin1String("volume"))
        return destroyVolume(id, name);
    if (resource.kind == QLatin1String("floating-ip"))
        return destroyFloatingIp(id, name, fromDetail(resource.detail, "port"));
    if (resource.kind == QLatin1String("security-group"))
        return destroySecurityGroup(id, name);
    if (resource.kind == QLatin1String("image"))
        return destroyImage(id, name);
    if (resource.kind == QLatin1String("keypair")) {
        const QString keyName = id.isEmpty() ? name : id;
        if (keyName.isEmpty())
            return {};
        return deleteAndWait(Service::Compute, QStringLiteral("/os-keypairs/") + encoded(keyName), QStringLiteral("key pair ") + keyName,
                             false);
    }
    return makeError(ErrorKind::Unsupported,
                     QStringLiteral("The OpenStack provider does not know resources of kind %1.").arg(resource.kind));
}

Result<OpenStackProvider::BaseImageChoice> OpenStackProvider::baseImageChoice()
{
    auto *c = client();
    if (!c)
        return unavailable();
    auto images = glance::list(*c, QStringLiteral("status=active"));
    if (!images)
        return images.error();
    bool availableTagInUse = false;
    for (const auto &i : std::as_const(images.value())) {
        if (i.value(QStringLiteral("tags")).toArray().contains(QLatin1String(glance::AvailableTag)))
            availableTagInUse = true;
    }
    BaseImageChoice choice;
    for (const auto &i : std::as_const(images.value())) {
        if (const auto why = glance::whyNotBaseImage(i, availableTagInUse); !why.isEmpty())
            choice.hidden.append(HiddenImage{i.value(QStringLiteral("id")).toString(), i.value(QStringLiteral("name")).toString(), why});
        else
            choice.offered.append(glance::toBaseImage(i, m_account.name, m_catalog));
    }
    return choice;
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
    // NHN Cloud documents no filter by a custom property: the project's own images are
    // listed (the documented `owner` filter) and compared here, by equality.
    if (auto signedIn = c->serviceUrl(Service::Image); !signedIn)
        return signedIn.error();
    const QString project = c->projectId();
    auto images = glance::list(*c, project.isEmpty() ? QString() : QStringLiteral("owner=") + encoded(project));
    if (!images)
        return images.error();
    QList<ImageRecord> out;
    for (const auto &i : images.value()) {
        const auto tagged = i.value(QLatin1String(glance::TemplateProperty)).toString();
        if (tagged.isEmpty() || (!templateId.isEmpty() && tagged != templateId))
            continue;
        out.append(glance::toImageRecord(i, m_account.name));
    }
    return out;
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
    return destroyImage(glanceId, image->value(QLatin1String("name")).toString());
}

}  // namespace ib::openstack
