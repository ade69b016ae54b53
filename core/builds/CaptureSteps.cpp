// The steps that turn the build's VM into an image: "Generalize" (what must not go into the
// image is removed), "Stop" (file systems frozen, else a power-off) and "Capture" (the
// provider saves the disk; the image is recorded untested). BuildRunner's members.
#include "builds/BuildLog.h"
#include "builds/BuildRunner.h"
#include "ssh/SshClient.h"
#include "storage/Store.h"

#include <QUuid>

namespace ib {

BuildRunner::StepResult BuildRunner::generalize()
{
    readDatasources();
    // The image must not carry the build's key, the VM's host keys, its machine id or
    // cloud-init's record of this boot: every VM made from it gets its own.
    const auto script =
        guestScript(QStringLiteral("generalize.sh"), {m_build.baseImage.loginUser, QStringLiteral("imagebuilder-build-") + m_build.id});
    if (!script)
        return script.error();
    return runRemote(QStringLiteral("generalize"), *script, true, std::chrono::seconds(600));
}

BuildRunner::StepResult BuildRunner::stop()
{
    if (m_provider->canHaltFrozenVm()) {
        auto frozen = freezeFileSystems();
        if (!frozen)
            return frozen.error();
        if (*frozen) {
            m_ssh->disconnect();
            auto halted = m_provider->haltFrozenVm(*this, m_settings.stopTimeout);
            if (!halted)
                return StepError{halted.error().message, {}, halted.error().kind == ErrorKind::Cancelled};
            return {};
        }
    }
    // Power off a moment after this command returns, so it can return first.
    ssh::SshExecOptions options;
    options.allowFailure = true;
    options.timeout = std::chrono::seconds(60);
    auto scheduled = m_ssh->execAsRoot(
        QStringLiteral("systemd-run --on-active=2 --timer-property=AccuracySec=100ms systemctl poweroff >/dev/null 2>&1 || "
                       "(nohup sh -c 'sleep 2; poweroff' >/dev/null 2>&1 &)"),
        options);
    if (!scheduled && scheduled.error().kind == ssh::SshErrorKind::Cancelled)
        return StepError{QStringLiteral("cancelled"), {}, true};
    m_ssh->disconnect();
    log(QStringLiteral("Powering off; waiting up to %1 s for the VM to stop").arg(m_settings.stopTimeout.count()));
    auto stopped = m_provider->waitStopped(*this, m_settings.stopTimeout);
    if (!stopped)
        return StepError{stopped.error().message, {}, stopped.error().kind == ErrorKind::Cancelled};
    return {};
}

Result<bool, BuildRunner::StepError> BuildRunner::freezeFileSystems()
{
    // Freezes what can be frozen, the root last (resources/guest/freeze.sh says why);
    // if the root cannot be frozen, nothing stays frozen and the guest powers off instead.
    const auto script = guestScript(QStringLiteral("freeze.sh"));
    if (!script)
        return script.error();
    ssh::SshExecOptions options;
    options.allowFailure = true;
    options.timeout = std::chrono::seconds(120);
    bool frozen = false;
    options.onStdoutLine = [this, &frozen](const QString &line) {
        if (line == QLatin1String("ib-frozen"))
            frozen = true;
        else
            m_log->append(QStringLiteral("stop"), line);
    };
    options.onStderrLine = [this](const QString &line) { m_log->append(QStringLiteral("stop:err"), line); };
    log(QStringLiteral("Flushing and freezing the VM's file systems"));
    auto ran = m_ssh->execAsRoot(*script, options);
    if (!ran && ran.error().kind == ssh::SshErrorKind::Cancelled)
        return StepError{QStringLiteral("cancelled"), {}, true};
    if (frozen) {
        log(QStringLiteral("File systems frozen; the disk is consistent"));
        return true;
    }
    log(QStringLiteral("Cannot freeze the root file system (%1); powering the VM off instead")
            .arg(ran ? QStringLiteral("status %1").arg(ran->exitStatus) : ran.error().message));
    return false;
}

BuildRunner::StepResult BuildRunner::capture()
{
    m_imageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto image = m_provider->capture(*this, m_imageId);
    if (!image)
        return StepError{image.error().message, {}, image.error().kind == ErrorKind::Cancelled};
    ImageRecord record = image.value();
    record.id = m_imageId;
    record.name = m_build.imageName;
    record.provider = m_provider->id();
    record.templateId = m_build.templateId;
    record.templateRevision = m_build.templateRevision;
    record.buildId = m_build.id;
    record.os = m_build.snapshot.os;
    record.loginUser = m_build.baseImage.loginUser;
    record.architecture = m_build.baseImage.architecture;
    // Untested until the next step says otherwise: a build that ends before (a crash) never
    // leaves an image that looks good.
    record.testState = QStringLiteral("untested");
    record.datasources = m_datasources;
    auto saved = m_store.addImage(record);
    if (!saved)
        return StepError{saved.error().message, {}, false};
    // The image file is the record's now, no longer the build's to clean up.
    if (auto made = m_ledger.resources(m_build.id)) {
        for (const auto &r : std::as_const(made.value()))
            if (r.kind == QLatin1String("file") && r.identifier == record.location && r.state == QLatin1String("created"))
                markGone(r.id);
    }
    // What this process made: the image test boots it from here, never from the shared
    // row (another member of a team store could rewrite its location in between).
    m_capturedImage = saved.value();
    log(QStringLiteral("Image \"%1\" saved: %2 (%3 MB)").arg(record.name, record.location).arg(record.sizeBytes / (1024LL * 1024)));
    return {};
}

}  // namespace ib
