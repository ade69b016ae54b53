#pragma once

#include "model/BuildTypes.h"
#include "providers/Provider.h"
#include "settings/BuildSettings.h"
#include "tasks/TaskRunner.h"
#include "util/Result.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace ib {

class ApplicationCatalog;
class BuildLog;
class BuildRunner;
class Store;
class StoreThread;

// Starts, queues, cancels and recovers builds. Lives on the thread that made it (the UI
// thread in the app); each build runs as a task of its own TaskRunner, at most
// `concurrency` at once. Nothing here blocks for long.
class BuildService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildService)

public:
    using ProviderFactory = std::function<std::unique_ptr<Provider>(const QString &providerId)>;

    BuildService(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, ProviderFactory factory = {},
                 QObject *parent = nullptr);
    ~BuildService() override;  // cancels what runs and waits for its clean-up

    // Checks the image name and the base image, freezes the template, queues the build.
    // `buildId` may be given (the CLI's background runner); otherwise one is made.
    // What start() checks, without starting anything.
    // `providerId` empty or "local": the base image is from the store's library; else the
    // name of a cloud account, whose provider finds the base image (Glance).
    Result<void> check(const QString &templateId, const QString &imageName, const QString &baseImageId, const QString &providerId = {});
    Result<BuildRecord> start(const QString &templateId, const QString &imageName, const QString &baseImageId, const QString &buildId = {},
                              const QString &providerId = {});
    // Starting in two halves, for a caller whose thread must not wait for the store (Build
    // Image in the app) and that has resolved the base image already (the dialog lists a
    // cloud's base images on a worker thread). prepare() returns the work that checks the
    // name and the template, freezes it and records the build; it runs on any thread (on the
    // app's StoreThread), with this service's settings as they are now. queue(), on this
    // service's thread, then queues the build it recorded.
    using Preparation = std::function<Result<BuildRecord>()>;
    Preparation prepare(const QString &templateId, const QString &imageName, const BaseImage &baseImage, const QString &buildId = {}) const;
    void queue(const BuildRecord &recorded);
    // The base image `baseImageId` of `providerId` (see check()).
    Result<BaseImage> resolveBaseImage(const QString &baseImageId, const QString &providerId);
    // A provider made by this service's factory (nullptr for an unknown id): for listing a
    // cloud's base images and images.
    std::unique_ptr<Provider> makeProvider(const QString &providerId) const { return m_factory(providerId); }
    // A build of this process: cancelled at once. Of another live process on this machine
    // or another machine: asked through the store (its owner polls). Of a dead process:
    // swept now.
    Result<void> cancel(const QString &buildId);
    // The same for a caller whose thread must not wait (the UI): a build of this process is
    // cancelled at once; what needs the store is done on the store thread. `done` gets the
    // outcome on this thread, unless `context` is gone by then.
    void cancel(const QString &buildId, QObject *context, std::function<void(Result<void>)> done);

    // Removes an image a build made, then its record. A local image's file goes only when
    // it lies, resolved, inside this installation's images folder: the record may come from
    // a colleague's client on a team store (its location is then a path on their machine,
    // or one they chose). Otherwise the file stays, the record goes, and the returned note
    // says so. A cloud image goes through its account's provider, which deletes only images
    // carrying this project's tags. Blocking for a cloud image: call it off the UI thread.
    Result<QString> deleteImage(const ImageRecord &image);

    // Builds left unfinished (or with resources left) by processes that are gone, on this
    // machine: their resources removed, their state set to interrupted. Returns how many.
    int sweep();
    // The same as a task of this service, for the app's start: the window shows at once
    // (a cloud's leftovers take a while to delete). Builds it ends are still announced
    // (buildFinished, on this thread).
    void sweepInBackground();

    // Cancels every build of this process and waits for their clean-up (at quit).
    void shutdown();

    std::shared_ptr<BuildLog> liveLog(const QString &buildId) const;
    int runningCount() const { return static_cast<int>(m_active.size()); }
    bool isActive(const QString &buildId) const { return m_active.contains(buildId) || m_queuedIds.contains(buildId); }
    const BuildSettings &settings() const { return m_settings; }
    // For builds started from now on (the CLI's --keep-vm-on-failure).
    void setKeepVmOnFailure(bool keep) { m_settings.keepVmOnFailure = keep; }
    // Settings changed while the app runs (Settings' OK): builds started from now on get
    // them (QEMU, accelerator, memory, CPUs, network, timeouts, keep-VM, cloud tests), a
    // larger "builds at once" starts queued builds now; running builds keep what they
    // started with. The data folder stays as it is until the next start.
    void applySettings(BuildSettings settings);
    void setTestCloudImages(bool test) { m_settings.testCloudImages = test; }

    static ProviderFactory defaultProviderFactory(const BuildSettings &settings);
    // Also the cloud accounts of `store` (provider id = account name), with their
    // passwords from the process's SecretStore (SecretStore::forThisProcess()).
    static ProviderFactory defaultProviderFactory(const BuildSettings &settings, Store *store);

signals:
    void buildQueued(const ib::BuildRecord &build);
    void buildStepChanged(const QString &buildId, ib::BuildStep step);
    // A build's log lines reach this thread in batches, at most LogBatchMs apart (a chatty
    // build writes tens of thousands of lines a second): `buildLogLines` once per batch,
    // then `buildLogLine` for each of its lines.
    void buildLogLines(const QString &buildId, const QStringList &lines);
    void buildLogLine(const QString &buildId, const QString &line);
    void buildFinished(const QString &buildId, ib::BuildState state, const QString &failureCause);
    // A failed build whose VM is kept for debugging: failed for the user from now on; its
    // VM stays until cancel() releases it (buildFinished follows then).
    void buildVmKept(const QString &buildId, const QString &failureCause, const QString &sshCommand);

private:
    struct Active
    {
        std::shared_ptr<BuildRunner> runner;
        std::shared_ptr<BuildLog> log;
    };

    struct Checked
    {
        ImageTemplate frozen;
        BaseImage base;
    };
    // What check() checks; the template and the base image it checked.
    Result<Checked> checked(const QString &templateId, const QString &imageName, const QString &baseImageId, const QString &providerId);
    // The image name and the template's rules; the template as it is now. Any thread.
    static Result<ImageTemplate> checkNameAndTemplate(Store &store, const ApplicationCatalog &catalog, const QString &templateId,
                                                      const QString &imageName);
    // The build recorded in the ledger and the store, ready for queue(). Any thread.
    static Result<BuildRecord> record(Store &store, const BuildSettings &settings, const ImageTemplate &frozen, const QString &imageName,
                                      const BaseImage &base, const QString &buildId);
    void schedule();
    // A build of this process, running or queued (`id` exactly): cancelled; false if none.
    // A queued build's record is written now, or on the store thread (for the UI thread).
    enum class StoreWrite { Now, OnStoreThread };
    bool cancelHere(const QString &id, StoreWrite write);
    // Another process's build: the cancel asked through the store, or its owner is gone and
    // a sweep cleans up. Any thread.
    enum class CancelRoute { Requested, Sweep };
    // What sweep() does, for any thread: `ours` are this process's builds (passed over).
    static int sweepDead(Store &store, const BuildSettings &settings, const ProviderFactory &factory, const QSet<QString> &ours,
                         const std::function<void(const QString &, BuildState, const QString &)> &interrupted);
    static Result<CancelRoute> cancelElsewhere(Store &store, const QString &dataDirectory, const BuildRecord &build);
    void launch(const BuildRecord &build);
    void pollCancelRequests();
    StoreThread *pollThread();
    void onRunnerFinished(const QString &buildId, BuildState state, const QString &cause);
    void queueLogLine(const QString &buildId, const QString &line);  // any thread
    void flushLogLines();

public:
    static constexpr int LogBatchMs = 50;

private:
    Store &m_store;
    const ApplicationCatalog &m_catalog;
    BuildSettings m_settings;
    bool m_defaultFactory = false;  // made from m_settings: made again when they change
    ProviderFactory m_factory;
    QQueue<BuildRecord> m_queue;
    QSet<QString> m_queuedIds;
    QHash<QString, Active> m_active;
    QTimer m_cancelPoll;
    // Another process's `build cancel` reaches a running build through the store. The poll
    // asks it on a store thread: a query per running build each second on the calling (UI)
    // thread would hold it up, most of all on a team store across a network. In the app
    // that is the UI's one StoreThread (no session of its own on a team store); elsewhere
    // (the CLI, tests) one of this service's own, made at the first poll.
    QPointer<StoreThread> m_sharedPollThread;
    std::unique_ptr<StoreThread> m_ownPollThread;
    bool m_pollInFlight = false;
    QMutex m_logMutex;
    QHash<QString, QStringList> m_pendingLog;  // guarded by m_logMutex
    bool m_logFlushPosted = false;             // guarded by m_logMutex
    QTimer m_logFlush;
    // The builds' threads (declared last: its destructor, after shutdown(), finds none running).
    TaskRunner m_runs;
    // The start-up sweep's (beside the builds: a slow clean-up holds no build back).
    TaskRunner m_sweeps{QStringLiteral("sweep"), 1};
};

}  // namespace ib
