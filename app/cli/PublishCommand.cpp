// imagebuilder-cli image publish: a local image uploaded to a cloud's Glance (issue 19).
#include "Cli.h"
#include "CliSupport.h"

#include "builds/BuildService.h"
#include "providers/openstack/CloudAccountStore.h"
#include "publish/ImagePublisher.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"
#include "util/InertText.h"

#include <QCommandLineParser>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

namespace ib::cli {

namespace {

QString megabytes(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1);
}

}  // namespace

int Cli::imagePublish(const QCommandLineParser &p)
{
    if (p.positionalArguments().size() != 1) {
        m_err << "image publish needs exactly one image ID (see `image list`)\n";
        return Invalid;
    }
    const QString cloud = p.value(QStringLiteral("provider"));
    if (cloud.isEmpty() || cloud == QLatin1String("local")) {
        m_err << "provider: image publish needs --provider CLOUD-NAME, a cloud account (`cloud list` shows them)\n";
        return Invalid;
    }
    const QString format = p.isSet(QStringLiteral("format")) ? p.value(QStringLiteral("format")) : QStringLiteral("qcow2");
    auto image = m_store->imageById(p.positionalArguments().constFirst());
    if (!image) {
        m_err << "error: " << inertForTerminal(image.error().message) << '\n';
        return exitFor(image.error());
    }
    auto secrets = SecretStore::forThisProcess();
    openstack::CloudAccountStore accounts(*m_store, secrets.get());
    auto account = accounts.find(cloud);
    if (!account) {
        m_err << "error: there is no cloud account \"" << inertForLine(cloud) << "\"; `cloud list` shows the accounts\n";
        return NotFound;
    }
    publish::PublishRequest request;
    request.source = image.value();
    request.account = account.value();
    request.name = p.value(QStringLiteral("name"));
    request.skipDatasourceCheck = p.isSet(QStringLiteral("skip-datasource-check"));
    request.diskFormat = format;
    publish::ImagePublisher publisher(m_builds->settings());
    // Checked before the password is read: a refusal needs no keychain.
    if (auto ok = publisher.check(request); !ok) {
        m_err << "error: " << inertForTerminal(ok.error().message) << '\n';
        return exitFor(ok.error());
    }
    auto password = accounts.password(account.value());
    if (!password) {
        m_err << "error: " << inertForTerminal(password.error().message) << '\n';
        return exitFor(password.error());
    }
    request.password = password.value();
    return runPublish(publisher, request);
}

int Cli::runPublish(publish::ImagePublisher &publisher, const publish::PublishRequest &request)
{
    g_interrupted = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::atomic_bool done{false};
    std::thread watch([&] {
        while (!done) {
            if (g_interrupted) {
                publisher.cancel();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    // Direct, as without a context: the publisher reports from its worker threads too.
    QObject::connect(
        &publisher, &publish::ImagePublisher::message, &publisher,
        [this](const QString &text) {
            m_err << inertForTerminal(text) << '\n';
            m_err.flush();
        },
        Qt::DirectConnection);
    qint64 lastConvertPercent = -1;
    QObject::connect(
        &publisher, &publish::ImagePublisher::progress, &publisher,
        [this, &lastConvertPercent](const publish::PublishProgress &pr) {
            if (pr.totalBytes <= 0)
                return;
            if (pr.phase == publish::PublishPhase::Converting) {
                // qemu-img's own progress: the share of the virtual disk converted so far.
                const auto percent = pr.sentBytes * 100 / pr.totalBytes;
                if (percent == lastConvertPercent)
                    return;
                lastConvertPercent = percent;
                m_err << "\rConverting: " << percent << " % of " << megabytes(pr.totalBytes) << " MiB (virtual size)   ";
                if (pr.sentBytes >= pr.totalBytes)
                    m_err << '\n';
                m_err.flush();
                return;
            }
            if (pr.phase != publish::PublishPhase::Uploading)
                return;
            if (lastConvertPercent >= 0 && lastConvertPercent < 100) {
                m_err << '\n';  // the conversion line ends before the upload's begins
                lastConvertPercent = 100;
            }
            m_err << "\r" << megabytes(pr.sentBytes) << " of " << megabytes(pr.totalBytes) << " MiB, "
                  << megabytes(static_cast<qint64>(pr.bytesPerSecond)) << " MiB/s, "
                  << (pr.secondsLeft >= 0 ? QString::number(pr.secondsLeft) + QStringLiteral(" s left")
                                          : QStringLiteral("time left unknown"))
                  << "   ";
            if (pr.sentBytes == pr.totalBytes)
                m_err << '\n';
            m_err.flush();
        },
        Qt::DirectConnection);
    m_err << "Publishing image \"" << inertForLine(request.source.name) << "\" to " << inertForLine(request.account.name)
          << "; Ctrl-C cancels it and deletes what was made.\n";
    m_err.flush();
    auto published = publisher.publish(request);
    done = true;
    watch.join();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!published) {
        m_err << "error: " << inertForTerminal(published.error().message) << '\n';
        return published.error().kind == ErrorKind::Cancelled ? Failure : exitFor(published.error());
    }
    auto stored = m_store->addImage(published.value());
    if (!stored) {
        m_err << "error: image " << published->location << " is on " << inertForLine(request.account.name)
              << " but its record could not be saved: " << inertForTerminal(stored.error().message) << '\n';
        return Failure;
    }
    m_out << stored->id << '\n';
    return Ok;
}

}  // namespace ib::cli
