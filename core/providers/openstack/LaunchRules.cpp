#include "providers/openstack/LaunchRules.h"

#include <algorithm>

namespace ib::openstack {

namespace {

int intOf(const QJsonObject &image, const char *key)
{
    const auto v = image.value(QLatin1String(key));
    const double d = v.isString() ? v.toString().toDouble() : v.toDouble();
    return d > 0 && d < 1e7 ? static_cast<int>(d) : 0;
}

}  // namespace

ImageNeeds ImageNeeds::of(const QJsonObject &image)
{
    ImageNeeds n;
    n.minRamMb = intOf(image, "min_ram");
    n.minDiskGb = intOf(image, "min_disk");
    n.minCpu = intOf(image, "min_cpu");
    n.maxCpu = intOf(image, "max_cpu");
    n.windows = image.value(QStringLiteral("os_type")).toString().compare(QLatin1String("windows"), Qt::CaseInsensitive) == 0;
    return n;
}

bool isLocalDiskFlavor(CloudKind kind, const replies::Flavor &flavor)
{
    if (kind == CloudKind::Nhn)
        return flavor.diskGb > 0 && flavor.name.startsWith(QLatin1String("u2."), Qt::CaseInsensitive);
    return flavor.diskGb > 0;
}

Result<replies::Flavor> accountFlavor(const QList<replies::Flavor> &flavors, const CloudAccount &account)
{
    QStringList names;
    for (const auto &f : flavors) {
        if (f.id == account.flavor || f.name == account.flavor)
            return f;
        names.append(f.name);
    }
    return makeError(ErrorKind::NotFound, QStringLiteral("Cloud %1 has no flavor \"%2\"; it has: %3. Change the account's flavor.")
                                              .arg(account.name, account.flavor, names.join(QStringLiteral(", "))));
}

Result<replies::Flavor> chooseDefaultFlavor(const QList<replies::Flavor> &flavors, CloudKind kind, int diskGb, const ImageNeeds &needs)
{
    const int minRam = std::max({1024, needs.minRamMb, needs.windows ? 2048 : 0});
    const int minCpu = std::max(1, needs.minCpu);
    QList<replies::Flavor> fitting;
    for (const auto &f : flavors) {
        if (f.disabled || f.ramMb < minRam || f.vcpus < minCpu || (needs.maxCpu > 0 && f.vcpus > needs.maxCpu))
            continue;
        // NHN Cloud: volume-backed only, unless the account names a u2 flavor itself.
        if (isLocalDiskFlavor(kind, f) && (kind == CloudKind::Nhn || f.diskGb < diskGb))
            continue;
        fitting.append(f);
    }
    if (fitting.isEmpty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no flavor has %1 MB of memory and %2 vCPU%3 for this image%4; set the account's flavor.")
                             .arg(minRam)
                             .arg(minCpu)
                             .arg(needs.maxCpu > 0 ? QStringLiteral(" (at most %1)").arg(needs.maxCpu) : QString(),
                                  kind == CloudKind::Nhn ? QStringLiteral(" among the volume-backed flavors")
                                                         : QStringLiteral(" and room for %1 GB").arg(diskGb)));
    std::stable_sort(fitting.begin(), fitting.end(), [](const replies::Flavor &a, const replies::Flavor &b) {
        if (a.ramMb != b.ramMb)
            return a.ramMb < b.ramMb;
        if (a.vcpus != b.vcpus)
            return a.vcpus < b.vcpus;
        return a.diskGb < b.diskGb;
    });
    return fitting.first();
}

Result<QStringList> candidateNetworks(const QList<replies::Network> &networks, const CloudAccount &account, bool external)
{
    const QString wanted = external ? account.floatingNetwork : account.network;
    QStringList names;
    QStringList candidates;
    for (const auto &n : networks) {
        names.append(n.name);
        if (!wanted.isEmpty()) {
            if (n.id == wanted || n.name == wanted)
                return QStringList{n.id};
            continue;
        }
        if (n.external == external)
            candidates.append(n.id);
    }
    if (!wanted.isEmpty())
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("Cloud %1 has no network \"%2\"; it has: %3.").arg(account.name, wanted, names.join(QStringLiteral(", "))));
    if (candidates.isEmpty())
        return makeError(
            ErrorKind::NotFound,
            external
                ? QStringLiteral("Cloud %1 has no external network for floating IPs; set the account's floating network.").arg(account.name)
                : QStringLiteral("Cloud %1 has no network for the server; set the account's network.").arg(account.name));
    return candidates;
}

Result<int> rootVolumeGb(CloudKind kind, int wantedGb, const ImageNeeds &needs)
{
    int size = std::max(wantedGb, needs.minDiskGb);
    if (kind != CloudKind::Nhn)
        return std::max(size, 1);
    size = std::max(size, needs.windows ? NhnWindowsMinRootGb : NhnMinRootGb);
    if (size > NhnMaxRootGb)
        return makeError(ErrorKind::Invalid, QStringLiteral("NHN Cloud's root volumes hold at most %1 GB, and this build needs %2 GB; "
                                                            "lower the template's minimum block storage (or the image's min_disk).")
                                                 .arg(NhnMaxRootGb)
                                                 .arg(size));
    return size;
}

Result<int> rootDiskGb(CloudKind kind, const replies::Flavor &flavor, int wantedGb, const ImageNeeds &needs)
{
    if (!isLocalDiskFlavor(kind, flavor))
        return rootVolumeGb(kind, wantedGb, needs);
    if (flavor.diskGb < wantedGb)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("Flavor %1 has a %2 GB local disk, less than the template's %3 GB; choose a larger or a volume-backed flavor.")
                .arg(flavor.name)
                .arg(flavor.diskGb)
                .arg(wantedGb));
    return flavor.diskGb;
}

}  // namespace ib::openstack
