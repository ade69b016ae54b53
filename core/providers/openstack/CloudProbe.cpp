#include "providers/openstack/CloudProbe.h"

#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/LaunchRules.h"
#include "providers/openstack/NovaCompute.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace ib::openstack {

namespace {

QJsonObject failed(const Error &e)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), e.message}};
}

QString fileSafe(QString s)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_.-]+"));
    return s.replace(unsafe, QStringLiteral("_")).left(80);
}

// The report's parts as text() says them.
QString errorOf(const QJsonValue &v)
{
    return v.toObject().value(QStringLiteral("error")).toString();
}

QString catalogLine(const QJsonObject &catalog)
{
    QStringList types, regions;
    for (const QJsonArray jsonItems = catalog.value(QStringLiteral("types")).toArray(); const auto &t : jsonItems)
        types << t.toString();
    for (const QJsonArray jsonItems = catalog.value(QStringLiteral("regions")).toArray(); const auto &t : jsonItems)
        regions << t.toString();
    return QStringLiteral("Catalog: %1 (regions %2)").arg(types.join(QStringLiteral(", ")), regions.join(QStringLiteral(", ")));
}

QString flavorsLine(const QJsonObject &flavors)
{
    if (!flavors.value(QStringLiteral("ok")).toBool())
        return QStringLiteral("Flavors: ") + errorOf(flavors);
    return QStringLiteral("Flavors: %1; default for a Linux base image: %2%3")
        .arg(flavors.value(QStringLiteral("list")).toArray().size())
        .arg(flavors.value(QStringLiteral("default")).toString(),
             flavors.contains(QStringLiteral("configured"))
                 ? QStringLiteral(" (the account sets %1)").arg(flavors.value(QStringLiteral("configured")).toString())
                 : QString());
}

QStringList baseImagesLines(const QJsonObject &images)
{
    if (!images.value(QStringLiteral("ok")).toBool())
        return {QStringLiteral("Base images: ") + errorOf(images)};
    const auto offered = images.value(QStringLiteral("offered")).toArray();
    const auto hidden = images.value(QStringLiteral("hidden")).toArray();
    QStringList lines;
    lines << QStringLiteral("Base images offered: %1").arg(offered.size());
    for (const auto &i : offered)
        lines << QStringLiteral("  %1  [%2]  %3")
                     .arg(i.toObject().value(QStringLiteral("name")).toString(), i.toObject().value(QStringLiteral("os")).toString(),
                          i.toObject().value(QStringLiteral("id")).toString());
    lines << QStringLiteral("Base images hidden: %1").arg(hidden.size());
    for (const auto &i : hidden)
        lines << QStringLiteral("  %1: %2")
                     .arg(i.toObject().value(QStringLiteral("name")).toString(), i.toObject().value(QStringLiteral("why")).toString());
    return lines;
}

QStringList networksLines(const QJsonObject &nets)
{
    if (!nets.contains(QStringLiteral("list")))
        return {QStringLiteral("Networks: ") + errorOf(nets)};
    QStringList names;
    for (const QJsonArray jsonItems = nets.value(QStringLiteral("list")).toArray(); const auto &n : jsonItems) {
        const auto o = n.toObject();
        const auto id = o.value(QStringLiteral("id")).toString();
        names << QStringLiteral("%1 (%2%3)")
                     .arg(o.value(QStringLiteral("name")).toString(),
                          o.value(QStringLiteral("external")).toBool() ? QStringLiteral("external") : QStringLiteral("internal"),
                          id == nets.value(QStringLiteral("chosen")).toString() || id == nets.value(QStringLiteral("floating")).toString()
                              ? QStringLiteral(", used")
                              : QString());
    }
    return {QStringLiteral("Networks: ") + names.join(QStringLiteral(", ")),
            QStringLiteral("Floating IP reaches the build's network: ") + nets.value(QStringLiteral("floatingIpReaches")).toString()};
}

QString volumeTypesLine(const QJsonValue &volumeTypes)
{
    if (!volumeTypes.isArray())
        return QStringLiteral("Volume types: ") + errorOf(volumeTypes);
    QStringList names;
    for (const QJsonArray jsonItems = volumeTypes.toArray(); const auto &v : jsonItems)
        names << v.toString();
    return QStringLiteral("Volume types: ") + names.join(QStringLiteral(", "));
}

QString quotasLine(const QJsonObject &quotas)
{
    if (quotas.contains(QStringLiteral("error")))
        return QStringLiteral("Quotas: ") + errorOf(quotas);
    auto pair = [&quotas](const char *used, const char *max) {
        return QStringLiteral("%1/%2").arg(quotas.value(QLatin1String(used)).toInt()).arg(quotas.value(QLatin1String(max)).toInt());
    };
    return QStringLiteral("Quotas: instances %1, vCPUs %2, RAM %3 MB")
        .arg(pair("totalInstancesUsed", "maxTotalInstances"), pair("totalCoresUsed", "maxTotalCores"),
             pair("totalRAMUsed", "maxTotalRAMSize"));
}

}  // namespace

CloudProbe::CloudProbe(CloudAccount account, QString password, const ApplicationCatalog *catalog, ProviderOptions options)
    : m_account(account)
    , m_password(password)
    , m_provider(std::move(account), std::move(password), catalog, options)
{}

QString CloudProbe::redact(QString text) const
{
    if (!m_password.isEmpty())
        text.replace(m_password, QStringLiteral("<password>"));
    if (!m_projectId.isEmpty())
        text.replace(m_projectId, QStringLiteral("<tenant>"));
    if (!m_account.tenantId.isEmpty())
        text.replace(m_account.tenantId, QStringLiteral("<tenant>"));
    return text;
}

void CloudProbe::record(const QString &what, const HttpReply &reply)
{
    if (m_recordDirectory.isEmpty())
        return;
    QDir().mkpath(m_recordDirectory);
    QFile f(QDir(m_recordDirectory).filePath(QStringLiteral("%1-%2.json").arg(++m_recorded, 2, 10, QLatin1Char('0')).arg(fileSafe(what))));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(redact(QString::fromUtf8(reply.body)).toUtf8());
}

Result<HttpReply> CloudProbe::get(Service service, const QString &path)
{
    return m_provider.client()->call("GET", service, path);
}

QJsonObject CloudProbe::run(const ProbeOptions &options)
{
    m_recordDirectory = options.recordDirectory;
    if (!m_recordDirectory.isEmpty()) {
        if (auto *client = m_provider.client())
            client->setRecorder([this](const QByteArray &method, const QUrl &url, const HttpReply &reply) {
                if (method == "GET")
                    record(url.path().section(QLatin1Char('/'), -2) + QLatin1Char('_') + url.query(), reply);
            });
    }
    QJsonObject report{{QStringLiteral("account"), m_account.name},
                       {QStringLiteral("kind"), m_account.kindName()},
                       {QStringLiteral("authUrl"), m_account.authUrl},
                       {QStringLiteral("identityVersion"), m_account.identityVersion},
                       {QStringLiteral("region"), m_account.region}};
    bool ok = true;
    auto *c = m_provider.client();
    if (auto signedIn = m_provider.checkSignIn(); !signedIn) {
        report.insert(QStringLiteral("signIn"), failed(signedIn.error()));
        report.insert(QStringLiteral("ok"), false);
        return QJsonDocument::fromJson(redact(QString::fromUtf8(QJsonDocument(report).toJson())).toUtf8()).object();
    }
    report.insert(QStringLiteral("signIn"), QJsonObject{{QStringLiteral("ok"), true}});
    m_projectId = c->projectId();
    const auto catalog = c->catalog();
    report.insert(QStringLiteral("catalog"), QJsonObject{{QStringLiteral("types"), QJsonArray::fromStringList(catalog.types())},
                                                         {QStringLiteral("regions"), QJsonArray::fromStringList(catalog.regions())}});
    // In this order: `--record` numbers the replies it saves.
    report.insert(QStringLiteral("flavors"), flavorsStep(ok));
    report.insert(QStringLiteral("baseImages"), baseImagesStep(ok));
    report.insert(QStringLiteral("networks"), networksStep(ok));
    report.insert(QStringLiteral("volumeTypes"), volumeTypesStep());
    report.insert(QStringLiteral("quotas"), quotasStep());
    if (options.write)
        report.insert(QStringLiteral("write"), writeStep(ok));
    report.insert(QStringLiteral("ok"), ok);
    return QJsonDocument::fromJson(redact(QString::fromUtf8(QJsonDocument(report).toJson())).toUtf8()).object();
}

QJsonObject CloudProbe::flavorsStep(bool &ok)
{
    // Flavors, and the default a build on a Linux base image would take.
    auto flavors = m_provider.listFlavors();
    if (!flavors) {
        ok = false;
        return failed(flavors.error());
    }
    QJsonArray list;
    for (const auto &f : std::as_const(flavors.value()))
        list.append(QJsonObject{{QStringLiteral("name"), f.name},
                                {QStringLiteral("vcpus"), f.vcpus},
                                {QStringLiteral("ramMb"), f.ramMb},
                                {QStringLiteral("diskGb"), f.diskGb},
                                {QStringLiteral("localDisk"), isLocalDiskFlavor(m_account.kind, f)}});
    QJsonObject out{{QStringLiteral("ok"), true}, {QStringLiteral("list"), list}};
    ImageNeeds linux;
    linux.minDiskGb = m_account.kind == CloudKind::Nhn ? NhnMinRootGb : 0;
    if (!m_account.flavor.isEmpty())
        out.insert(QStringLiteral("configured"), m_account.flavor);
    auto chosen = chooseDefaultFlavor(flavors.value(), m_account.kind, 20, linux);
    out.insert(QStringLiteral("default"), chosen ? chosen->name : QStringLiteral("none: ") + chosen.error().message);
    return out;
}

QJsonObject CloudProbe::baseImagesStep(bool &ok)
{
    // Base images offered, and hidden with why.
    auto choice = m_provider.baseImageChoice();
    if (!choice) {
        ok = false;
        return failed(choice.error());
    }
    QJsonArray offered, hidden;
    for (const auto &b : std::as_const(choice->offered))
        offered.append(QJsonObject{{QStringLiteral("id"), b.id}, {QStringLiteral("name"), b.name}, {QStringLiteral("os"), b.os.key()}});
    for (const auto &h : std::as_const(choice->hidden))
        hidden.append(QJsonObject{{QStringLiteral("id"), h.id}, {QStringLiteral("name"), h.name}, {QStringLiteral("why"), h.reason}});
    return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("offered"), offered}, {QStringLiteral("hidden"), hidden}};
}

QJsonObject CloudProbe::networksStep(bool &ok)
{
    // Networks, and whether a floating IP reaches the one a build would use: its subnet
    // must be an interface of a router whose gateway is the external network.
    auto nets = get(Service::Network, QStringLiteral("/networks"));
    auto routers = get(Service::Network, QStringLiteral("/routers"));
    auto interfaces = get(Service::Network, QStringLiteral("/ports?device_owner=network:router_interface"));
    if (!nets || !nets->ok()) {
        ok = false;
        return failed(nets ? m_provider.client()->errorFor(nets.value(), QStringLiteral("list the networks")) : nets.error());
    }
    auto parsed = replies::networks(nets->body);
    if (!parsed) {
        ok = false;
        return failed(parsed.error());
    }
    QString external;
    QStringList internals;
    QJsonArray list;
    for (const auto &n : std::as_const(parsed.value())) {
        const bool wantedInternal = m_account.network.isEmpty() ? !n.external : (n.id == m_account.network || n.name == m_account.network);
        const bool wantedExternal =
            m_account.floatingNetwork.isEmpty() ? n.external : (n.id == m_account.floatingNetwork || n.name == m_account.floatingNetwork);
        if (wantedInternal && !n.external)
            internals.append(n.id);
        if (external.isEmpty() && wantedExternal && n.external)
            external = n.id;
        list.append(QJsonObject{{QStringLiteral("id"), n.id}, {QStringLiteral("name"), n.name}, {QStringLiteral("external"), n.external}});
    }
    // As the provider chooses: the first internal network a router joins to the external one.
    QString internal = internals.isEmpty() ? QString() : internals.first();
    QString reach = QStringLiteral("unknown: the cloud did not list its routers");
    if (routers && routers->ok() && interfaces && interfaces->ok()) {
        // A reply that is not the JSON object its API describes joins nothing.
        const auto joined = replies::routedNetworks(routers->body, interfaces->body, external);
        const QStringList routed = joined ? joined.value() : QStringList();
        const auto it = std::find_if(internals.cbegin(), internals.cend(), [&routed](const QString &id) { return routed.contains(id); });
        if (it != internals.cend())
            internal = *it;
        const bool reaches = it != internals.cend();
        reach = reaches ? QStringLiteral("yes: a router joins it to the external network")
                        : QStringLiteral("no: no router joins an internal network to the external one; a floating IP would not reach "
                                         "the build's server");
        ok = ok && reaches;
    }
    ok = ok && !internal.isEmpty() && !external.isEmpty();
    return QJsonObject{{QStringLiteral("ok"), !internal.isEmpty() && !external.isEmpty()},
                       {QStringLiteral("list"), list},
                       {QStringLiteral("chosen"), internal},
                       {QStringLiteral("floating"), external},
                       {QStringLiteral("floatingIpReaches"), reach}};
}

QJsonValue CloudProbe::volumeTypesStep()
{
    auto types = get(Service::Volume, QStringLiteral("/types"));
    if (!types || !types->ok())
        return failed(types ? m_provider.client()->errorFor(types.value(), QStringLiteral("list the volume types")) : types.error());
    // A reply that is not the JSON object its API describes lists none.
    const auto listed = replies::volumeTypes(types->body);
    QStringList names;
    for (const auto &t : listed ? listed.value() : QList<replies::VolumeType>())
        names.append(t.name);
    return QJsonArray::fromStringList(names);
}

QJsonObject CloudProbe::quotasStep()
{
    auto limits = get(Service::Compute, QStringLiteral("/limits"));
    if (!limits || !limits->ok())
        return failed(limits ? m_provider.client()->errorFor(limits.value(), QStringLiteral("read the limits")) : limits.error());
    const auto o = replies::object(limits->body, QStringLiteral("the limits"));
    return o ? o->value(QStringLiteral("limits")).toObject().value(QStringLiteral("absolute")).toObject() : failed(o.error());
}

QJsonObject CloudProbe::writeStep(bool &ok)
{
    // A key pair the cloud makes and a security group, each removed at once.
    auto *c = m_provider.client();
    const QString name = QStringLiteral("imagebuilder-check-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    QJsonObject write{{QStringLiteral("ok"), true}};
    auto kp = c->call("POST", Service::Compute, QStringLiteral("/os-keypairs"),
                      QJsonDocument(QJsonObject{{QStringLiteral("keypair"), QJsonObject{{QStringLiteral("name"), name}}}})
                          .toJson(QJsonDocument::Compact));
    if (kp && kp->ok()) {
        auto gone = c->call("DELETE", Service::Compute, nova::keyPairPath(name), {}, Cancellation::Ignore);
        write.insert(QStringLiteral("keypair"), gone && (gone->ok() || gone->status == 404)
                                                    ? QStringLiteral("made and removed")
                                                    : QStringLiteral("made; REMOVE key pair %1 by hand").arg(name));
    } else {
        write.insert(QStringLiteral("ok"), false);
        write.insert(QStringLiteral("keypair"),
                     kp ? c->errorFor(kp.value(), QStringLiteral("make a key pair")).message : kp.error().message);
    }
    auto sg = c->call("POST", Service::Network, QStringLiteral("/security-groups"),
                      QJsonDocument(QJsonObject{{QStringLiteral("security_group"), QJsonObject{{QStringLiteral("name"), name}}}})
                          .toJson(QJsonDocument::Compact));
    const auto sgId = sg && sg->ok() ? replies::entity(sg->json()).value(QStringLiteral("id")).toString() : QString();
    if (!sgId.isEmpty()) {
        auto gone = c->call("DELETE", Service::Network, QStringLiteral("/security-groups/") + sgId, {}, Cancellation::Ignore);
        write.insert(QStringLiteral("securityGroup"), gone && (gone->ok() || gone->status == 404)
                                                          ? QStringLiteral("made and removed")
                                                          : QStringLiteral("made; REMOVE security group %1 by hand").arg(sgId));
    } else {
        write.insert(QStringLiteral("ok"), false);
        write.insert(QStringLiteral("securityGroup"),
                     sg ? c->errorFor(sg.value(), QStringLiteral("make a security group")).message : sg.error().message);
    }
    ok = ok && write.value(QStringLiteral("ok")).toBool();
    return write;
}

QString CloudProbe::text(const QJsonObject &r)
{
    QStringList lines;
    lines << QStringLiteral("Cloud %1 (%2, region %3, identity v%4 at %5)")
                 .arg(r.value(QStringLiteral("account")).toString(), r.value(QStringLiteral("kind")).toString(),
                      r.value(QStringLiteral("region")).toString(), r.value(QStringLiteral("identityVersion")).toString(),
                      r.value(QStringLiteral("authUrl")).toString());
    const auto signIn = r.value(QStringLiteral("signIn")).toObject();
    lines << QStringLiteral("Sign-in: ") + (signIn.value(QStringLiteral("ok")).toBool() ? QStringLiteral("ok") : errorOf(signIn));
    if (!signIn.value(QStringLiteral("ok")).toBool())
        return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    lines << catalogLine(r.value(QStringLiteral("catalog")).toObject());
    lines << flavorsLine(r.value(QStringLiteral("flavors")).toObject());
    lines << baseImagesLines(r.value(QStringLiteral("baseImages")).toObject());
    lines << networksLines(r.value(QStringLiteral("networks")).toObject());
    lines << volumeTypesLine(r.value(QStringLiteral("volumeTypes")));
    lines << quotasLine(r.value(QStringLiteral("quotas")).toObject());
    if (r.contains(QStringLiteral("write"))) {
        const auto w = r.value(QStringLiteral("write")).toObject();
        lines << QStringLiteral("Write check: key pair %1; security group %2")
                     .arg(w.value(QStringLiteral("keypair")).toString(), w.value(QStringLiteral("securityGroup")).toString());
    } else {
        lines << QStringLiteral("Write check: not run (--write makes and removes a key pair and a security group)");
    }
    lines << (r.value(QStringLiteral("ok")).toBool() ? QStringLiteral("Result: ok") : QStringLiteral("Result: PROBLEMS (see above)"));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace ib::openstack
