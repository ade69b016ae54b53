#pragma once

#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/CloudReplies.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QList>

namespace ib::openstack {

// What a base image asks of the server that boots it (Glance's min_ram, min_disk and
// NHN Cloud's min_cpu/max_cpu properties, and whether it is a Windows image).
struct ImageNeeds
{
    int minRamMb = 0;
    int minDiskGb = 0;
    int minCpu = 0;
    int maxCpu = 0;  // 0: no limit
    bool windows = false;

    static ImageNeeds of(const QJsonObject &image);
};

// NHN Cloud's root block storage sizes (Compute > Instance console guide, "Block Storage
// Size"): 20 to 2000 GB for t2, m2, c2, r2 and x1 flavors; Linux images need 20 GB, Windows
// 50 GB ("Image").
inline constexpr int NhnMinRootGb = 20;
inline constexpr int NhnWindowsMinRootGb = 50;
inline constexpr int NhnMaxRootGb = 2000;

// A flavor whose root disk is local to the host, captured with createImage. On NHN Cloud
// only u2 flavors (ended in the Korean regions in 2024; JP1 still lists them); every other
// NHN flavor boots from a volume. On other clouds any flavor with a disk.
bool isLocalDiskFlavor(CloudKind kind, const replies::Flavor &flavor);

// The flavor the account names (`account.flavor`, by id or name) among `flavors`.
Result<replies::Flavor> accountFlavor(const QList<replies::Flavor> &flavors, const CloudAccount &account);

// The flavor a build uses when the account names none: the smallest (memory, then vCPUs)
// enabled flavor that meets the image's minimums and 1 GB of memory; volume-backed on NHN
// Cloud, volume-backed or with room for `diskGb` elsewhere. Never "the first in API order".
Result<replies::Flavor> chooseDefaultFlavor(const QList<replies::Flavor> &flavors, CloudKind kind, int diskGb, const ImageNeeds &needs);

// The networks a build may use: the one the account names (by id or name) alone, else
// every external (`external`) or internal one in the cloud's order; an error when none is.
Result<QStringList> candidateNetworks(const QList<replies::Network> &networks, const CloudAccount &account, bool external);

// The root volume's size for a template that needs `wantedGb`: at least the image's
// min_disk (and NHN Cloud's minimum), at most NHN Cloud's maximum (an error that says what
// to change above it).
Result<int> rootVolumeGb(CloudKind kind, int wantedGb, const ImageNeeds &needs);

// The server's root disk on `flavor`: a volume of rootVolumeGb on a volume-backed flavor;
// else the flavor's local disk, an error when it is smaller than the template's `wantedGb`.
Result<int> rootDiskGb(CloudKind kind, const replies::Flavor &flavor, int wantedGb, const ImageNeeds &needs);

}  // namespace ib::openstack
