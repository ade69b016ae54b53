#pragma once

#include "model/BuildTypes.h"
#include "providers/openstack/CloudAccount.h"
#include "settings/BuildSettings.h"
#include "util/Result.h"

#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>

namespace ib::openstack {
class OpenStackClient;
}

namespace ib::publish {

struct PublishRequest
{
    ImageRecord source;                // a local image (its record; the store is not trusted for its path)
    openstack::CloudAccount account;   // where it goes
    QString password;                  // the account's, from the keychain
    QString name;                      // empty: the source's name
    bool skipDatasourceCheck = false;  // publish an image whose datasources are unknown
    QString diskFormat = QStringLiteral("qcow2");  // "qcow2" (uncompressed) or "raw"
};

enum class PublishPhase { Converting, Creating, Uploading, Verifying, CleaningUp };

struct PublishProgress
{
    PublishPhase phase = PublishPhase::Converting;
    qint64 sentBytes = 0;
    qint64 totalBytes = 0;
    double bytesPerSecond = 0;  // upload: since it started
    qint64 secondsLeft = -1;    // -1: unknown
};

// Uploads a local image to a cloud's Glance as a private image (issue 19, "publish"):
// converts it to an uncompressed copy in the builds folder, creates the Glance image with
// every property at once (NHN refuses later changes to the OS keys), streams the copy while
// hashing it, and compares Glance's checksum (md5) and os_hash_value (sha512) with the
// bytes sent. The ledger holds the run like a build (the copy's folder and the Glance
// image): cancel, an error or a mismatch deletes the Glance image and the copy; a crash
// leaves them to the start-up sweep.
//
// publish() blocks: call it on a worker thread (GUI) or the CLI's main thread. cancel()
// may be called from any thread. progress() and message() are emitted on the publishing
// thread (queued to receivers elsewhere).
class ImagePublisher final : public QObject
{
    Q_OBJECT

public:
    explicit ImagePublisher(BuildSettings settings, QObject *parent = nullptr);
    ~ImagePublisher() override;

    // The record of the published image (provider: the account's name, location: the
    // Glance id, sourceImageId: the local image), not yet stored.
    Result<ImageRecord> publish(const PublishRequest &request);
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

    // The upload alone (bytes, milliseconds) of the last publish: the benchmark's figure.
    qint64 lastUploadBytes() const { return m_uploadBytes; }
    qint64 lastUploadMs() const { return m_uploadMs; }

    // Checks that need no network: the name, the datasources, the source being a local
    // image in this installation's images folder. The path it resolved, or an error.
    Result<QString> check(const PublishRequest &request) const;

signals:
    void progress(const ib::publish::PublishProgress &progress);
    void message(const QString &text);

private:
    struct Run;
    Result<ImageRecord> run(Run &r, const PublishRequest &request, const QString &sourcePath);
    Result<QString> createImage(Run &r, const PublishRequest &request, const QString &name, qint64 virtualBytes);
    Result<void> upload(Run &r);
    Result<QJsonObject> verify(Run &r);
    void cleanUp(Run &r);
    void say(const QString &text);

    BuildSettings m_settings;
    std::atomic_bool m_cancelled{false};
    QMutex m_clientMutex;
    openstack::OpenStackClient *m_client = nullptr;
    qint64 m_uploadBytes = 0;
    qint64 m_uploadMs = 0;
};

QString phaseName(PublishPhase phase);

}  // namespace ib::publish

Q_DECLARE_METATYPE(ib::publish::PublishProgress)
