#pragma once

#include "ledger/ResourceLedger.h"
#include "model/BuildTypes.h"
#include "providers/Provider.h"
#include "settings/BuildSettings.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>
#include <utility>

namespace ib {

class ApplicationCatalog;
class BuildLog;
class Store;

namespace ssh {
class SshClient;
struct SshExecOptions;
struct SshExecResult;
struct SshError;
}  // namespace ssh

// Runs one build's steps on a worker thread (run() blocks), each resource it makes on the
// ledger first, and cleans up in reverse on success, failure and cancel alike.
class BuildRunner final : public QObject, public BuildContext
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildRunner)

public:
    BuildRunner(Store &store, const ApplicationCatalog &catalog, BuildRecord build, std::unique_ptr<Provider> provider,
                BuildSettings settings, std::shared_ptr<BuildLog> log);
    ~BuildRunner() override;

    // Blocks until the build has ended and everything it made is gone (or kept on purpose).
    void run();
    // Thread-safe: the running step returns within a second or so, then clean-up runs.
    void cancel();

    std::shared_ptr<BuildLog> buildLog() const { return m_log; }

    // BuildContext
    const BuildRecord &build() const override { return m_build; }
    QString workDirectory() const override;
    void log(const QString &text) override;
    bool isCancelled() const override { return m_cancelled.load(); }
    Result<QString> recordIntent(const QString &kind, const QString &identifier, const QString &detail) override;
    void markCreated(const QString &resourceId, const QString &identifier = {}) override;
    void markGone(const QString &resourceId) override;

    // Removes every resource of a build that is not gone yet, newest first, as this
    // installation's ledger recorded them (never as a shared row says).
    static QStringList destroyResources(ResourceLedger &ledger, Provider &provider, const QString &buildId,
                                        const std::function<void(const QString &)> &log);

    // Empties a build's folder but for its logs (the build's, QEMU's, the VM console's).
    static void removeAllButLogs(const QString &directory);

signals:
    void stepChanged(const QString &buildId, ib::BuildStep step);
    void finished(const QString &buildId, ib::BuildState state, const QString &failureCause);
    // The build failed and its VM is kept for debugging (keepVmOnFailure) until cancel():
    // it is failed for the user now; `finished` follows once the VM is released.
    void vmKept(const QString &buildId, const QString &failureCause, const QString &sshCommand);

private:
    struct StepError
    {
        QString message;
        QStringList lastLines;
        bool cancelled = false;
    };
    using StepResult = Result<void, StepError>;
    // A guest script of resources/guest (compiled in; the guest_scripts test runs sh -n and
    // shellcheck over them), with its arguments set first as its positional parameters.
    static Result<QString, StepError> guestScript(const QString &name, const QStringList &arguments = {});

    // run()'s parts: the steps in order until one fails or the build is cancelled (the
    // state and the cause so far); a failed build's VM kept until cancel() releases it; the
    // clean-up, which adds what it left behind to `cause` and records the end.
    std::pair<BuildState, QString> runSteps();
    void keepVmUntilReleased(const QString &cause);
    void cleanUp(BuildState state, QString &cause);

    StepResult prepare();
    void adviseOnArchitecture();
    StepResult newKeys(const QString &keyComment, const QString &hostKeyComment);
    LaunchSpec launchSpec(const QString &hostname) const;
    // `sinceLaunch`: the VM's boot is being awaited; the console is watched for a boot that
    // has stopped (BootWatch), which ends the wait early.
    void openSsh(std::chrono::milliseconds retryDeadline, const QElapsedTimer *sinceLaunch = nullptr);
    // Connects, ending the wait early when the console shows that the boot has stopped.
    Result<void, ssh::SshError> connectToBootingVm();
    StepResult launch();
    StepResult connect();
    StepResult waitReady();
    StepResult install();
    StepResult userScript();
    StepResult runTemplateScript(const QString &what, const QString &text, std::chrono::seconds limit);
    StepResult generalize();
    StepResult stop();
    StepResult capture();
    // Issue 19 (ImageTestStep.cpp): boots the captured image as a user's first boot would,
    // checks it (login, cloud-init, failed units), runs the template's test script.
    StepResult testImage();
    StepResult launchTestVm();
    StepResult checkTestVmBoot();
    StepResult runTestScript();
    void setTestState(const QString &state);
    // The VM's cloud-init datasource_list as /etc/cloud configures it (before generalizing).
    void readDatasources();
    // exec that connects again when sshd restarts under it (cloud-init's config stage).
    Result<ssh::SshExecResult, ssh::SshError> execReconnecting(const QString &command, const ssh::SshExecOptions &options, bool asRoot);
    // True: the guest's file systems are frozen and its VM may be ended at once.
    Result<bool, StepError> freezeFileSystems();
    StepResult runRemote(const QString &source, const QString &command, bool asRoot, std::chrono::seconds timeout);
    StepError sshFailure(const QString &what, const QString &message, int kind);
    // Writes the key and known_hosts a person needs to reach the kept VM; the ssh command.
    QString debugAccess();

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    BuildRecord m_build;
    std::unique_ptr<Provider> m_provider;
    BuildSettings m_settings;
    std::shared_ptr<BuildLog> m_log;
    ResourceLedger m_ledger;  // what this build made, in this installation's own data folder
    std::atomic_bool m_cancelled{false};

    QMutex m_sshMutex;
    std::unique_ptr<ssh::SshClient> m_ssh;

    // Prepared in step 1
    QString m_publicKey;
    QByteArray m_privateKey;
    QString m_hostPublicKey;
    QByteArray m_hostPrivateKey;
    VmAddress m_address;
    QString m_imageId;
    ImageRecord m_capturedImage;  // as capture() recorded it (the test step boots its location)
    QString m_osFamily;
    QStringList m_datasources;
    QElapsedTimer m_sinceLaunch;                // started by launch(); read once the build VM lets us in
    std::chrono::seconds m_buildVmBootTime{0};  // how long the base image took to let us in
    bool m_watchingBoot = false;                // set while connectToBootingVm() waits
};

}  // namespace ib
