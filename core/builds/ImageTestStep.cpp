// The step "Test the image" (issue 19) and what the build reads for it before generalizing:
// BuildRunner's members that boot the captured image as a user's first boot would.
#include "builds/BuildLog.h"
#include "builds/BuildRunner.h"
#include "builds/DatasourceNames.h"
#include "logging/Logging.h"
#include "ssh/SshClient.h"
#include "storage/Store.h"

#include <QElapsedTimer>

namespace ib {

namespace {

constexpr int kTestFailureLines = 20;
const QString kSource = QStringLiteral("test-image");

}  // namespace

void BuildRunner::readDatasources()
{
    ssh::SshExecOptions options;
    options.allowFailure = true;
    options.timeout = std::chrono::seconds(120);
    QString output;
    options.onStdoutLine = [&output](const QString &line) { output += line + QLatin1Char('\n'); };
    options.onStderrLine = [this](const QString &line) { m_log->append(QStringLiteral("generalize:err"), line); };
    const auto script = guestScript(QStringLiteral("datasources.sh"));
    if (!script) {
        log(script.error().message);
        return;
    }
    auto ran = m_ssh->execAsRoot(*script, options);
    if (!ran || ran->exitStatus != 0) {
        log(QStringLiteral("Cannot read cloud-init's datasource_list on the VM (%1); the image records none.")
                .arg(ran ? QStringLiteral("status %1").arg(ran->exitStatus) : ran.error().message));
        return;
    }
    m_datasources = datasourceNames(output);
    log(QStringLiteral("cloud-init datasources configured in the image: %1")
            .arg(m_datasources.isEmpty() ? QStringLiteral("(none)") : m_datasources.join(QStringLiteral(", "))));
}

void BuildRunner::setTestState(const QString &state)
{
    if (m_imageId.isEmpty())
        return;
    if (auto saved = m_store.setImageTestState(m_imageId, state); !saved)
        log(QStringLiteral("Cannot save the image's test state: %1").arg(saved.error().message));
    else
        log(QStringLiteral("The image is marked %1.").arg(state));
}

BuildRunner::StepResult BuildRunner::testImage()
{
    const auto &t = m_build.snapshot;
    if (!t.bootTest && t.testScript.isEmpty()) {
        log(QStringLiteral("Skipped: the template turns the boot test off and has no test script."));
        setTestState(QStringLiteral("untested"));
        return {};
    }
    if (m_provider->id() != QLatin1String("local") && !m_settings.testCloudImages) {
        log(QStringLiteral("Skipped: testing a cloud image boots a server from it, which the cloud charges for; turn on "
                           "\"Test images built on clouds\" in Settings (build/testCloudImages) to test them."));
        setTestState(QStringLiteral("untested"));
        return {};
    }
    auto launched = launchTestVm();
    if (!launched) {
        if (launched.error().message.isEmpty()) {  // the provider cannot: said in the log
            setTestState(QStringLiteral("untested"));
            return {};
        }
        setTestState(launched.error().cancelled || m_address.host.isEmpty() ? QStringLiteral("untested") : QStringLiteral("failed"));
        return launched;
    }
    if (auto checked = checkTestVmBoot(); !checked) {
        setTestState(checked.error().cancelled ? QStringLiteral("untested") : QStringLiteral("failed"));
        return checked;
    }
    if (auto ran = runTestScript(); !ran) {
        setTestState(ran.error().cancelled || m_cancelled ? QStringLiteral("untested") : QStringLiteral("failed"));
        return ran;
    }
    setTestState(QStringLiteral("passed"));
    return {};
}

BuildRunner::StepResult BuildRunner::launchTestVm()
{
    // Nothing of the build's VM: a new key, a new pinned host key, a new instance id.
    m_address = {};
    if (auto keys = newKeys(QStringLiteral("imagebuilder-test-"), QStringLiteral("imagebuilder-test-host-")); !keys)
        return keys;

    const auto spec = launchSpec(QStringLiteral("ib-test-") + m_build.id.left(8));
    log(QStringLiteral("Booting a fresh VM from the image, as a user's first boot (new instance id, key and host key %1)")
            .arg(m_hostPublicKey.section(QLatin1Char(' '), 0, 1)));
    // 3 minutes, or twice what the base image took on this host (software emulation on a
    // busy machine can take longer than 3 minutes to boot any image).
    const auto bootLimit = std::max(m_settings.testBootTimeout, 2 * m_buildVmBootTime);
    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    auto address = m_provider->launchTest(*this, m_capturedImage, spec);
    if (!address && address.error().kind == ErrorKind::Unsupported) {
        log(QStringLiteral("Skipped: %1").arg(address.error().message));
        return StepError{QString(), {}, false};
    }
    if (!address)
        return StepError{address.error().message, {}, address.error().kind == ErrorKind::Cancelled};
    m_address = address.value();

    openSsh(
        std::max(std::chrono::milliseconds(5000), std::chrono::milliseconds(bootLimit) - std::chrono::milliseconds(sinceLaunch.elapsed())),
        &sinceLaunch);
    log(QStringLiteral("Logging in to %1 (the image has %2 s from its launch to let us in; a boot the console shows stopped ends "
                       "the wait sooner)")
            .arg(m_ssh->target())
            .arg(bootLimit.count()));
    if (auto connected = connectToBootingVm(); !connected) {
        if (connected.error().kind == ssh::SshErrorKind::Cancelled)
            return StepError{QStringLiteral("cancelled"), {}, true};
        auto said = m_provider->diagnostics(workDirectory()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        return StepError{QStringLiteral("The image did not boot far enough to let a fresh key log in (waited %1 s of %2): %3")
                             .arg(sinceLaunch.elapsed() / 1000)
                             .arg(bootLimit.count())
                             .arg(connected.error().message),
                         said.mid(std::max<qsizetype>(0, said.size() - kTestFailureLines)), false};
    }
    log(QStringLiteral("Logged in as %1 with a fresh key; the image's fresh host key verified").arg(m_build.baseImage.loginUser));
    return {};
}

Result<ssh::SshExecResult, ssh::SshError> BuildRunner::execReconnecting(const QString &command, const ssh::SshExecOptions &options,
                                                                        bool asRoot)
{
    auto run = [&] { return asRoot ? m_ssh->execAsRoot(command, options) : m_ssh->exec(command, options); };
    auto result = run();
    for (int reconnects = 0; !result && result.error().kind == ssh::SshErrorKind::Disconnected && reconnects < 5; ++reconnects) {
        log(QStringLiteral("The connection dropped (%1); connecting again.").arg(result.error().message));
        if (auto again = m_ssh->connect(); !again)
            return again.error();
        result = run();
    }
    return result;
}

BuildRunner::StepResult BuildRunner::checkTestVmBoot()
{
    const bool strict = m_build.snapshot.bootTest;
    ssh::SshExecOptions options;
    options.allowFailure = true;
    options.timeout = std::chrono::seconds(900);
    int cloudInitStatus = -1;
    bool inUnits = false;
    QStringList failedUnits;
    options.onStdoutLine = [&](const QString &line) {
        if (line.startsWith(QLatin1String("ib-test: cloud-init "))) {
            cloudInitStatus = line.mid(20).toInt();
        } else if (line == QLatin1String("ib-test: failed units")) {
            inUnits = true;
        } else if (inUnits) {
            failedUnits.append(line);
        } else {
            m_log->append(kSource, line);
        }
    };
    options.onStderrLine = [this](const QString &line) { m_log->append(kSource + QStringLiteral(":err"), line); };
    log(QStringLiteral("Waiting for cloud-init to finish the image's first boot"));
    const auto script = guestScript(QStringLiteral("image-boot-check.sh"));
    if (!script)
        return script.error();
    auto ran = execReconnecting(*script, options, false);
    if (!ran)
        return sshFailure(QStringLiteral("Checking the image's first boot failed"), ran.error().message,
                          static_cast<int>(ran.error().kind));
    if (!failedUnits.isEmpty()) {
        log(QStringLiteral("Failed systemd units on the image's first boot:"));
        for (const auto &unit : std::as_const(failedUnits))
            m_log->append(kSource, QStringLiteral("  ") + unit);
    } else {
        log(QStringLiteral("No systemd unit failed."));
    }
    // `cloud-init status`: 0 done; 1 error; 2 done with recoverable errors (cloud-init 22+).
    if (cloudInitStatus == 2)
        log(QStringLiteral("cloud-init finished with recoverable errors (warnings); going on."));
    if (cloudInitStatus != 0 && cloudInitStatus != 2) {
        const QString what = QStringLiteral("cloud-init reported errors on the image's first boot (status %1)").arg(cloudInitStatus);
        if (strict)
            return StepError{what, m_log->lastLines(kTestFailureLines), false};
        log(what + QStringLiteral("; the template turns the boot test off, so going on."));
    } else {
        log(QStringLiteral("The image booted: fresh key accepted, cloud-init done."));
    }
    return {};
}

BuildRunner::StepResult BuildRunner::runTestScript()
{
    auto ran = runTemplateScript(QStringLiteral("test script"), m_build.snapshot.testScript, std::chrono::seconds(3600));
    if (!ran && !ran.error().cancelled) {
        auto error = ran.error();
        error.message = QStringLiteral("the test script failed (%1)").arg(error.message);
        return error;
    }
    return ran;
}

}  // namespace ib
