#include "providers/DeferredProvider.h"

namespace ib {

DeferredProvider::DeferredProvider(Factory factory, QString providerId)
    : m_factory(std::move(factory))
    , m_id(std::move(providerId))
{}

DeferredProvider::~DeferredProvider() = default;

Provider *DeferredProvider::real() const
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_made)
            return m_real.get();
    }
    // Made without the lock, so cancel() from another thread never waits for a keychain.
    auto made = m_factory(m_id);
    QMutexLocker lock(&m_mutex);
    if (!m_made) {
        m_made = true;
        m_real = std::move(made);
        if (m_real && m_cancelled)
            m_real->cancel();
    }
    return m_real.get();
}

Error DeferredProvider::missing() const
{
    return makeError(ErrorKind::NotFound,
                     QStringLiteral("There is no provider or cloud account \"%1\" any more; add the account again.").arg(m_id));
}

Result<VmAddress> DeferredProvider::launch(BuildContext &context, const LaunchSpec &spec)
{
    auto *p = real();
    if (!p)
        return missing();
    return p->launch(context, spec);
}

Result<VmAddress> DeferredProvider::launchTest(BuildContext &context, const ImageRecord &image, const LaunchSpec &spec)
{
    auto *p = real();
    if (!p)
        return missing();
    return p->launchTest(context, image, spec);
}

Result<void> DeferredProvider::waitStopped(BuildContext &context, std::chrono::seconds timeout)
{
    auto *p = real();
    if (!p)
        return missing();
    return p->waitStopped(context, timeout);
}

Result<ImageRecord> DeferredProvider::capture(BuildContext &context, const QString &imageId)
{
    auto *p = real();
    if (!p)
        return missing();
    return p->capture(context, imageId);
}

Result<void> DeferredProvider::destroy(const BuildResource &resource)
{
    auto *p = real();
    if (!p)
        return missing();
    return p->destroy(resource);
}

void DeferredProvider::cancel()
{
    QMutexLocker lock(&m_mutex);
    m_cancelled = true;
    if (m_real)
        m_real->cancel();
}

bool DeferredProvider::canHaltFrozenVm() const
{
    auto *p = real();
    return p && p->canHaltFrozenVm();
}

bool DeferredProvider::defersCloudInitModules() const
{
    auto *p = real();
    return p && p->defersCloudInitModules();
}

Result<void> DeferredProvider::haltFrozenVm(BuildContext &context, std::chrono::seconds timeout)
{
    auto *p = real();
    if (!p)
        return missing();
    return p->haltFrozenVm(context, timeout);
}

QString DeferredProvider::diagnostics(const QString &workDirectory) const
{
    auto *p = real();
    return p ? p->diagnostics(workDirectory) : QString();
}

QString DeferredProvider::consoleTail(const QString &workDirectory) const
{
    auto *p = real();
    return p ? p->consoleTail(workDirectory) : QString();
}

}  // namespace ib
