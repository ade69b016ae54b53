#include "model/BuildTypes.h"

#include "platform/Platform.h"

namespace ib {

namespace {

struct StepInfo
{
    BuildStep step;
    const char *name;
    const char *title;
};

constexpr StepInfo kSteps[] = {
    {BuildStep::Prepare, "prepare", "Prepare keys and cloud-init data"},
    {BuildStep::Launch, "launch", "Launch the VM"},
    {BuildStep::Connect, "connect", "Connect over SSH"},
    {BuildStep::Ready, "ready", "Wait for cloud-init"},
    {BuildStep::Install, "install", "Install applications"},
    {BuildStep::UserScript, "user-script", "Run the user script"},
    {BuildStep::Generalize, "generalize", "Generalize the system"},
    {BuildStep::Stop, "stop", "Power off the VM"},
    {BuildStep::Capture, "capture", "Save the disk as an image"},
    {BuildStep::TestImage, "test-image", "Test the image"},
    {BuildStep::Cleanup, "cleanup", "Clean up"},
};

constexpr std::pair<BuildState, const char *> kStates[] = {
    {BuildState::Queued, "queued"}, {BuildState::Running, "running"},     {BuildState::Succeeded, "succeeded"},
    {BuildState::Failed, "failed"}, {BuildState::Cancelled, "cancelled"}, {BuildState::Interrupted, "interrupted"},
};

}  // namespace

QString buildStateName(BuildState state)
{
    for (const auto &[s, name] : kStates) {
        if (s == state)
            return QLatin1String(name);
    }
    return {};
}

BuildState buildStateFromName(const QString &name)
{
    for (const auto &[s, n] : kStates) {
        if (name == QLatin1String(n))
            return s;
    }
    return BuildState::Interrupted;
}

QString buildStepName(BuildStep step)
{
    for (const auto &info : kSteps) {
        if (info.step == step)
            return QLatin1String(info.name);
    }
    return {};
}

QString buildStepTitle(BuildStep step)
{
    for (const auto &info : kSteps) {
        if (info.step == step)
            return QLatin1String(info.title);
    }
    return {};
}

BuildStep buildStepFromName(const QString &name)
{
    for (const auto &info : kSteps) {
        if (name == QLatin1String(info.name))
            return info.step;
    }
    return BuildStep::Prepare;
}

bool isFinished(BuildState state)
{
    return state != BuildState::Queued && state != BuildState::Running;
}

QList<BuildStep> allBuildSteps()
{
    QList<BuildStep> out;
    for (const auto &info : kSteps)
        out.append(info.step);
    return out;
}

QString architectureFromText(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String(ArchX86) || t == QLatin1String("amd64") || t == QLatin1String("x86-64"))
        return QLatin1String(ArchX86);
    if (t == QLatin1String(ArchArm64) || t == QLatin1String("arm64"))
        return QLatin1String(ArchArm64);
    return {};
}

QString architectureTitle(const QString &architecture)
{
    return architecture == QLatin1String(ArchArm64) ? QStringLiteral("arm64") : QStringLiteral("x86-64");
}

QString hostArchitecture()
{
    const QString cpu = platform::cpuArchitecture();
    return cpu.isEmpty() ? QString() : architectureFromText(cpu);
}

}  // namespace ib
