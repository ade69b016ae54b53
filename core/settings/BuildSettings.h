#pragma once

#include <QString>

#include <chrono>

namespace ib {

struct BuildSettings
{
    // Builds' folders (logs, overlays, seeds) live in dataDirectory/builds, images in
    // dataDirectory/images, base images in dataDirectory/base-images.
    QString dataDirectory;
    int concurrency = 1;
    // A failed build's VM stays up for debugging (the log prints the ssh command) until
    // the build is cancelled or the program quits.
    bool keepVmOnFailure = false;
    // How long a VM may take from launch to answering SSH (software emulation is slow).
    std::chrono::seconds bootTimeout{600};
    std::chrono::seconds stopTimeout{180};
    // Image tests (issue 19): how long the image's first boot may take to let the test log
    // in, and whether a cloud build boots a server from its image to test it (it costs money).
    std::chrono::seconds testBootTimeout{180};
    bool testCloudImages = false;

    // Local provider
    QString qemuSystemProgram;  // empty: found on PATH
    QString qemuImgProgram;
    QString accelerator = QStringLiteral("auto");  // "auto", "hardware", "software"
    int vmMemoryMb = 2048;
    int vmCpus = 2;
    // Linux: the build VM's network leaves this computer's loopback out (passt, when it is
    // installed); off: QEMU's user networking, where 10.0.2.2 is this computer's loopback.
    bool isolateVmFromHost = true;

    // The data folder (QStandardPaths::AppLocalDataLocation) unless IMAGEBUILDER_DATA_DIR is set.
    static BuildSettings defaults();
    QString buildsDirectory() const { return dataDirectory + QStringLiteral("/builds"); }
    QString imagesDirectory() const { return dataDirectory + QStringLiteral("/images"); }
    QString baseImagesDirectory() const { return dataDirectory + QStringLiteral("/base-images"); }
};

}  // namespace ib
