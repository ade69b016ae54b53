#pragma once

#include "providers/Provider.h"
#include "providers/local/Accelerator.h"
#include "providers/local/QemuTools.h"
#include "providers/local/QmpChannel.h"
#include "settings/BuildSettings.h"

#include <QProcess>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace ib::local {

// Builds on this machine: a qcow2 overlay on the base image, QEMU with user-mode
// networking (passt on Linux, else QEMU's own; SSH forwarded to a free 127.0.0.1 port), cloud-init NoCloud data on a
// vvfat disk labelled CIDATA (QEMU's own, no ISO tools), capture by qemu-img convert.
class LocalProvider final : public Provider
{
public:
    explicit LocalProvider(BuildSettings settings);
    ~LocalProvider() override;

    QString id() const override { return QStringLiteral("local"); }
    Result<VmAddress> launch(BuildContext &context, const LaunchSpec &spec) override;
    Result<VmAddress> launchTest(BuildContext &context, const ImageRecord &image, const LaunchSpec &spec) override;
    Result<void> waitStopped(BuildContext &context, std::chrono::seconds timeout) override;
    // QEMU quits cleanly on SIGTERM (Linux, macOS) and on QMP's "quit" (Windows, where no
    // signal reaches it): it flushes and closes the disk (qcow2 metadata too).
    bool canHaltFrozenVm() const override { return true; }
    Result<void> haltFrozenVm(BuildContext &context, std::chrono::seconds timeout) override;
    // The seed is ours alone (no cloud's vendor data): the VM runs cloud-init's init
    // stages only, and the image's own first boot runs the rest (NoCloudSeed).
    bool defersCloudInitModules() const override { return true; }
    Result<ImageRecord> capture(BuildContext &context, const QString &imageId) override;
    Result<void> destroy(const BuildResource &resource) override;
    void cancel() override;

    // The last lines of QEMU's own output and of the VM's serial console, for failures.
    QString diagnostics(const QString &workDirectory) const override;
    QString consoleTail(const QString &workDirectory) const override;

private:
    QString serialLogPath(const QString &workDirectory) const;
    // What tells one VM of a build from the other: the build's VM, the image test's.
    struct VmFiles
    {
        QString backingPath;  // the base image, or the captured image
        QString prefix;       // of the overlay, seed and logs in the build's folder
        QString instanceId;
        bool initStagesOnly = false;
        QString architecture;  // the backing image's (architectureFromText: "" = unknown)
    };
    Result<VmAddress> launchVm(BuildContext &context, const LaunchSpec &spec, const VmFiles &files);
    // launchVm's parts. The overlay on the backing image and the NoCloud seed, each recorded
    // in the ledger before it is made; the seed's folder.
    Result<QString> makeDiskAndSeed(BuildContext &context, const LaunchSpec &spec, const VmFiles &files, const QemuTools &tools);
    struct VmNetwork
    {
        QString program;     // passt, or empty: QEMU's user networking
        QString reason;      // for the build log
        QString socketPath;  // passt's
    };
    VmNetwork chooseNetwork(BuildContext &context, const VmFiles &files) const;
    // Try `attempt` at starting QEMU (and passt) on a free loopback port: the VM's address,
    // or none when the port was taken meanwhile (try another).
    Result<std::optional<VmAddress>> startQemu(BuildContext &context, const VmFiles &files, const QString &seedFolder,
                                               const VmNetwork &network, const QemuTools &tools, const Accelerator &accelerator,
                                               int attempt);
    // Connects to the QMP endpoint QEMU was started with, if any (Windows), and says so.
    void openQmp(BuildContext &context, const QmpEndpoint &endpoint);
    // Starts passt for one VM; false when its SSH port was taken meanwhile (try another).
    Result<bool> startPasst(BuildContext &context, const QString &program, const QString &socketPath, quint16 port);
    void stopPasst();
    Result<QString> runTool(BuildContext &context, const QString &program, const QStringList &arguments, int timeoutMs);

    BuildSettings m_settings;
    std::atomic_bool m_cancelled{false};
    std::unique_ptr<QProcess> m_qemu;
    std::unique_ptr<QProcess> m_passt;  // the VM's network, where PasstNetwork chose passt
    QString m_passtSocket;
    QmpClient m_qmp;  // open while the VM runs, where QEMU has a QMP endpoint
    QString m_overlayPath;
    QString m_serialLogPath;
    QString m_qemuLogPath;
};

}  // namespace ib::local
