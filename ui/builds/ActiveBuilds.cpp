#include "builds/ActiveBuilds.h"

#include <algorithm>

namespace ib::ui {

void ActiveBuilds::queued(const QString &buildId, const QString &templateId, const QString &imageName)
{
    m_builds.insert(buildId, Build{templateId, imageName, {}, ++m_order, false});
}

std::optional<QString> ActiveBuilds::stepChanged(const QString &buildId, const QString &stepText)
{
    auto it = m_builds.find(buildId);
    if (it == m_builds.end() || it->vmKept)
        return std::nullopt;
    it->step = stepText;
    it->order = ++m_order;
    return it->templateId;
}

std::optional<ActiveBuilds::Build> ActiveBuilds::vmKept(const QString &buildId)
{
    auto it = m_builds.find(buildId);
    if (it == m_builds.end())
        return std::nullopt;
    it->vmKept = true;
    return *it;
}

std::optional<ActiveBuilds::Build> ActiveBuilds::finished(const QString &buildId)
{
    if (!m_builds.contains(buildId))
        return std::nullopt;
    return m_builds.take(buildId);
}

bool ActiveBuilds::hasTemplate(const QString &templateId) const
{
    return std::any_of(m_builds.cbegin(), m_builds.cend(), [&](const Build &b) { return b.templateId == templateId; });
}

QString ActiveBuilds::statusText() const
{
    int running = 0;
    int queued = 0;
    int kept = 0;
    const Build *latest = nullptr;
    for (const auto &b : m_builds) {
        if (b.vmKept) {
            ++kept;
            continue;
        }
        if (b.step.isEmpty()) {
            ++queued;
            continue;
        }
        ++running;
        if (!latest || b.order > latest->order)
            latest = &b;
    }
    // What runs first, then what waits; no "0 builds running" when none does.
    QString text;
    if (running > 0) {
        text = running == 1 ? tr("1 build running") : tr("%1 builds running").arg(running);
        text += tr(" — “%1”: %2").arg(latest->imageName, latest->step);
    }
    if (queued > 0 && text.isEmpty())
        text = queued == 1 ? tr("1 build queued") : tr("%1 builds queued").arg(queued);
    else if (queued > 0)
        text += queued == 1 ? tr(", 1 queued") : tr(", %1 queued").arg(queued);
    if (kept > 0 && text.isEmpty())
        text = kept == 1 ? tr("1 failed build's VM kept for debugging") : tr("%1 failed builds' VMs kept for debugging").arg(kept);
    else if (kept > 0)
        text += kept == 1 ? tr(", 1 failed build's VM kept for debugging") : tr(", %1 failed builds' VMs kept for debugging").arg(kept);
    return text;
}

QString ActiveBuilds::deleteGuard(const QString &templateId) const
{
    for (auto it = m_builds.cbegin(); it != m_builds.cend(); ++it) {
        if (it->templateId == templateId && it->vmKept)
            return tr("The failed build of the image “%1” (build %2) keeps its VM for debugging. Release the VM, then delete the template.")
                .arg(it->imageName, it.key().left(8));
        if (it->templateId == templateId)
            return tr("The build of the image “%1” (build %2) is %3. Cancel it or wait until it ends, then delete the template.")
                .arg(it->imageName, it.key().left(8), it->step.isEmpty() ? tr("queued") : tr("running"));
    }
    return {};
}

QString ActiveBuilds::cleanupText() const
{
    return count() == 1 ? tr("Cleaning up 1 build…") : tr("Cleaning up %1 builds…").arg(count());
}

}  // namespace ib::ui
