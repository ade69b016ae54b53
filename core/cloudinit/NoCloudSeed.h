#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>

namespace ib::cloudinit {

// The cloud-init NoCloud seed of one build: a folder with meta-data, user-data and
// network-config that QEMU's vvfat driver shows the VM as a FAT disk labelled CIDATA
// (no ISO tool needed). The host key is made before the VM starts, so the SSH client can
// check it instead of trusting the first key it sees.
struct NoCloudSeed
{
    QString instanceId;  // new per build: cloud-init runs its first-boot work again
    QString hostname = QStringLiteral("imagebuilder");
    QString authorizedKey;                           // "ssh-ed25519 AAAA... comment", for the default user
    QString hostPrivateKey;                          // OpenSSH PEM of the VM's ed25519 host key
    QString hostPublicKey;                           // "ssh-ed25519 AAAA..."
    QString interfaceName = QStringLiteral("eth0");  // images boot with net.ifnames=0
    // Run only cloud-init's init stages (disk, host name, network, users, SSH keys: what
    // makes the VM reachable) and leave the config and final stages' modules (locale,
    // passwords, apt sources, timezone, runcmd, keys to console...) to the first boot of
    // the image made from it: the build's state is removed before capture anyway.
    bool initStagesOnly = false;

    QString metaData() const;
    QString userData() const;
    QString networkConfig() const;

    // Writes the three files into folder (made if missing; only the owner may read it,
    // since user-data holds the host's private key).
    Result<void> writeTo(const QString &folder) const;
};

}  // namespace ib::cloudinit
