#pragma once

#include "GuiFixture.h"

#include "builds/BuildService.h"
#include "providers/Provider.h"

#include <QDir>
#include <QThread>

#include <atomic>

namespace ib::test {

// A provider that starts no VM. Its launch fails at once (a realistic failed build, with
// a cause) or, when told to hold, waits until the build is cancelled; the build runner
// never gets as far as SSH.
class FakeProvider final : public Provider
{
public:
    explicit FakeProvider(bool hold)
        : m_hold(hold)
    {}

    QString id() const override { return QStringLiteral("local"); }
    Result<VmAddress> launch(BuildContext &context, const LaunchSpec &) override
    {
        context.log(QStringLiteral("fake provider: no VM is started in GUI tests"));
        while (m_hold && !m_cancelled && !context.isCancelled())
            QThread::msleep(10);
        if (m_hold)
            return makeError(ErrorKind::Cancelled, QStringLiteral("cancelled"));
        return makeError(ErrorKind::Io, QStringLiteral("The test provider cannot start VMs (qemu exited with status 1)."));
    }
    Result<void> waitStopped(BuildContext &, std::chrono::seconds) override { return {}; }
    Result<ImageRecord> capture(BuildContext &, const QString &) override
    {
        return makeError(ErrorKind::Unsupported, QStringLiteral("no capture"));
    }
    Result<void> destroy(const BuildResource &) override { return {}; }
    void cancel() override { m_cancelled = true; }

private:
    bool m_hold;
    std::atomic<bool> m_cancelled{false};
};

// GuiFixture plus a data folder, base images and a BuildService over a FakeProvider.
class BuildFixture final
{
public:
    explicit BuildFixture(bool holdLaunch = false, int concurrency = 1)
    {
        qputenv("IMAGEBUILDER_DATA_DIR", data.path().toUtf8());
        auto settings = BuildSettings::defaults();
        settings.dataDirectory = data.path();
        settings.concurrency = concurrency;
        service = std::make_unique<BuildService>(*gui.store, ApplicationCatalog::builtin(), settings,
                                                 [holdLaunch](const QString &) { return std::make_unique<FakeProvider>(holdLaunch); });
    }
    ~BuildFixture()
    {
        service.reset();  // waits for build threads before the store closes
    }
    BuildFixture(const BuildFixture &) = delete;
    BuildFixture &operator=(const BuildFixture &) = delete;

    BaseImage addBase(const QString &name, const QString &os, const QString &user, const QString &architecture = QLatin1String(ArchX86))
    {
        BaseImage b;
        b.architecture = architecture;
        b.name = name;
        b.os.distro = os.section(QLatin1Char(':'), 0, 0);
        b.os.version = os.section(QLatin1Char(':'), 1);
        b.loginUser = user;
        b.path = data.filePath(name + QStringLiteral(".qcow2"));
        b.sizeBytes = 4LL << 30;
        auto added = gui.store->addBaseImage(b);
        if (!added)
            qFatal("cannot add base image: %s", qPrintable(added.error().message));
        return added.value();
    }

    // Destroyed last: the store (in gui) waits for the UI's background reads before it
    // closes, and some of them write here (TemplateChangesView opens this computer's
    // ledger). Removed first, the folder raced them ("Unable to remove" on CI's run).
    QTemporaryDir data;
    GuiFixture gui;
    std::unique_ptr<BuildService> service;
};

}  // namespace ib::test
