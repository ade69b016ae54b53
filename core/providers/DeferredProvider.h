#pragma once

#include "providers/Provider.h"

#include <QMutex>

#include <functional>
#include <memory>

namespace ib {

// A provider made on first use, on the thread that uses it: a cloud provider reads its
// account and the keychain when it is made, which must not happen on the UI thread that
// queues a build. Every call is forwarded; cancel() before the provider exists is kept
// and passed on when it is made.
class DeferredProvider final : public Provider
{
public:
    using Factory = std::function<std::unique_ptr<Provider>(const QString &providerId)>;

    DeferredProvider(Factory factory, QString providerId);
    ~DeferredProvider() override;

    QString id() const override { return m_id; }
    Result<VmAddress> launch(BuildContext &context, const LaunchSpec &spec) override;
    Result<VmAddress> launchTest(BuildContext &context, const ImageRecord &image, const LaunchSpec &spec) override;
    Result<void> waitStopped(BuildContext &context, std::chrono::seconds timeout) override;
    Result<ImageRecord> capture(BuildContext &context, const QString &imageId) override;
    Result<void> destroy(const BuildResource &resource) override;
    void cancel() override;
    bool canHaltFrozenVm() const override;
    bool defersCloudInitModules() const override;
    Result<void> haltFrozenVm(BuildContext &context, std::chrono::seconds timeout) override;
    QString diagnostics(const QString &workDirectory) const override;
    QString consoleTail(const QString &workDirectory) const override;

private:
    // The real provider, made now if need be; nullptr when the factory knows no such id.
    Provider *real() const;
    Error missing() const;

    Factory m_factory;
    QString m_id;
    mutable QMutex m_mutex;
    mutable std::unique_ptr<Provider> m_real;
    mutable bool m_made = false;
    bool m_cancelled = false;
};

}  // namespace ib
