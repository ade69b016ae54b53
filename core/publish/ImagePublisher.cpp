#include "publish/ImagePublisher.h"

#include "ledger/ResourceLedger.h"
#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "providers/local/QemuImage.h"
#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/GlanceImages.h"
#include "providers/openstack/OpenStackClient.h"
#include "publish/HashingReader.h"
#include "publish/PublishRules.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QScopeGuard>
#include <QUuid>

#include <memory>

namespace ib::publish {

using openstack::Cancellation;
using openstack::Service;

QString phaseName(PublishPhase phase)
{
    switch (phase) {
    case PublishPhase::Converting:
        return QStringLiteral("converting");
    case PublishPhase::Creating:
        return QStringLiteral("creating the image");
    case PublishPhase::Uploading:
        return QStringLiteral("uploading");
    case PublishPhase::Verifying:
        return QStringLiteral("verifying");
    case PublishPhase::CleaningUp:
        return QStringLiteral("cleaning up");
    }
    return {};
}

struct ImagePublisher::Run
{
    std::unique_ptr<ResourceLedger> ledger;
    std::unique_ptr<openstack::OpenStackClient> client;
    QString id;        // the ledger's entry (a UUID, like a build's)
    QString workDir;   // builds/<id>: the sweep removes it
    QString copyPath;  // the uncompressed copy
    QString intent;    // the ledger's resource of the Glance image
    QString glanceId;
    QString md5;
    QString sha512;
    qint64 size = 0;
};

ImagePublisher::ImagePublisher(BuildSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    qRegisterMetaType<ib::publish::PublishProgress>();
}

ImagePublisher::~ImagePublisher() = default;

void ImagePublisher::say(const QString &text)
{
    logging::get("cloud")->info("publish: {}", text.toStdString());
    emit message(text);
}

void ImagePublisher::cancel()
{
    m_cancelled = true;
    QMutexLocker lock(&m_clientMutex);
    if (m_client)
        m_client->cancel();
}

Result<QString> ImagePublisher::check(const PublishRequest &request) const
{
    const auto &source = request.source;
    if (source.provider != QLatin1String("local"))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("Image \"%1\" is on cloud \"%2\" already; publish a local image.").arg(source.name, source.provider));
    if (auto name = imageName(request.name, source); !name)
        return name.error();
    // Issue 20: an arm64 image built with HVF on Apple Silicon is local only.
    if (source.architecture != QLatin1String(ArchX86))
        return makeError(
            ErrorKind::Unsupported,
            QStringLiteral("Image \"%1\" boots on %2 CPUs only and stays local: the clouds here boot x86-64 images. "
                           "Build the template from an x86-64 base image to publish it.")
                .arg(source.name, source.architecture.isEmpty() ? QStringLiteral("unknown") : architectureTitle(source.architecture)));
    if (request.diskFormat != QLatin1String("qcow2") && request.diskFormat != QLatin1String("raw"))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("Disk format \"%1\" is not offered; use qcow2 or raw.").arg(request.diskFormat));
    if (auto ok = checkDatasources(source, request.account, request.skipDatasourceCheck); !ok)
        return ok.error();
    // The record's path is a shared row's: only a regular file inside our images folder.
    auto path = trusted::insideFolder(m_settings.imagesDirectory(), source.location);
    if (!path)
        return makeError(ErrorKind::Invalid, QStringLiteral("Image \"%1\" is not a file in this installation's images folder "
                                                            "(%2), so it is not published from here.")
                                                 .arg(source.name, m_settings.imagesDirectory()));
    if (!trusted::isRegularFile(path.value()))
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("The file of image \"%1\" is missing or not a regular file: %2.").arg(source.name, path.value()));
    return path.value();
}

Result<ImageRecord> ImagePublisher::publish(const PublishRequest &request)
{
    m_cancelled = false;
    m_uploadBytes = m_uploadMs = 0;
    auto sourcePath = check(request);
    if (!sourcePath)
        return sourcePath.error();
    Run r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.workDir = m_settings.buildsDirectory() + QLatin1Char('/') + r.id;
    r.copyPath = r.workDir + QStringLiteral("/upload.") + request.diskFormat;
    r.ledger = std::make_unique<ResourceLedger>(m_settings.dataDirectory);
    // In the ledger before anything exists: a crash leaves the copy's folder and the Glance
    // image to the next start's sweep (through the account's provider).
    if (auto added = r.ledger->addBuild(r.id, request.account.name); !added)
        return added.error();
    if (!QDir().mkpath(r.workDir)) {
        (void)r.ledger->closeBuild(r.id);
        return makeError(ErrorKind::Io, QStringLiteral("Cannot make the folder %1.").arg(r.workDir));
    }
    auto result = run(r, request, sourcePath.value());
    const auto forgetClient = qScopeGuard([this] {
        QMutexLocker lock(&m_clientMutex);
        m_client = nullptr;
    });
    if (!result) {
        cleanUp(r);
        return result.error();
    }
    QDir(r.workDir).removeRecursively();
    (void)r.ledger->closeBuild(r.id);
    return result;
}

Result<ImageRecord> ImagePublisher::run(Run &r, const PublishRequest &request, const QString &sourcePath)
{
    const QString name = imageName(request.name, request.source).value();
    local::QemuImage qemu(m_settings.qemuImgProgram.isEmpty() ? QStringLiteral("qemu-img") : m_settings.qemuImgProgram);
    // The header is read first (qcow2 or raw only, no backing or data file), as for an import.
    auto inspected = qemu.inspectUntrusted(sourcePath);
    if (!inspected)
        return inspected.error();
    emit progress({PublishPhase::Converting, 0, inspected->virtualSize, 0, -1});
    say(QStringLiteral("Converting %1 to an uncompressed %2 copy").arg(QFileInfo(sourcePath).fileName(), request.diskFormat));
    const qint64 virtualSize = inspected->virtualSize;
    auto copy = qemu.convertForUpload(
        sourcePath, inspected->format, r.copyPath, request.diskFormat, [this] { return m_cancelled.load(); },
        [this, virtualSize](double percent) {
            emit progress({PublishPhase::Converting, static_cast<qint64>(virtualSize * percent / 100.0), virtualSize, 0, -1});
        });
    if (!copy)
        return copy.error();
    {
        QMutexLocker lock(&m_clientMutex);
        r.client = std::make_unique<openstack::OpenStackClient>(request.account, request.password);
        m_client = r.client.get();
        if (m_cancelled)
            m_client->cancel();
    }
    auto created = createImage(r, request, name, inspected->virtualSize);
    if (!created)
        return created.error();
    if (auto sent = upload(r); !sent)
        return sent.error();
    auto image = verify(r);
    if (!image)
        return image.error();
    // The image is the product now: nothing for a sweep to delete.
    (void)r.ledger->markGone(r.intent);
    ImageRecord record = openstack::glance::toImageRecord(image.value(), request.account.name);
    record.id.clear();
    record.name = name;
    record.location = r.glanceId;
    record.format = request.diskFormat;
    record.templateId = request.source.templateId;
    record.templateRevision = request.source.templateRevision;
    record.buildId = request.source.buildId;
    record.os = request.source.os;
    record.loginUser = request.source.loginUser;
    record.sizeBytes = r.size;
    record.virtualSizeBytes = inspected->virtualSize;
    record.testState = request.source.testState;
    record.datasources = request.source.datasources;
    record.checksum = QStringLiteral("md5:") + r.md5;
    record.sourceImageId = request.source.id;
    record.createdAt = {};
    say(QStringLiteral("Image %1 is active on %2; its checksum matches the bytes sent (md5 %3)")
            .arg(r.glanceId, request.account.name, r.md5));
    return record;
}

Result<QString> ImagePublisher::createImage(Run &r, const PublishRequest &request, const QString &name, qint64 virtualBytes)
{
    emit progress({PublishPhase::Creating, 0, 0, 0, -1});
    auto body = createBody(request.source, name, request.account, request.diskFormat, virtualBytes);
    if (!body)
        return body.error();
    auto intent = r.ledger->recordIntent(
        r.id, QStringLiteral("image"), QString(),
        QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("name"), name}}).toJson(QJsonDocument::Compact)));
    if (!intent)
        return intent.error();
    r.intent = intent.value();
    auto reply =
        r.client->call("POST", Service::Image, QStringLiteral("/images"), QJsonDocument(body.value()).toJson(QJsonDocument::Compact));
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return r.client->errorFor(reply.value(), QStringLiteral("create image \"%1\" on %2").arg(name, request.account.name));
    auto created = openstack::replies::object(reply->body, QStringLiteral("the new image"));
    if (!created)
        return created.error();
    const QString id = created->value(QStringLiteral("id")).toString();
    if (!isImageId(id))
        return makeError(ErrorKind::Io, QStringLiteral("The cloud answered the image creation with no usable image id."));
    r.glanceId = id;
    (void)r.ledger->markCreated(r.intent, id);
    say(QStringLiteral("Created image %1 (\"%2\") on %3").arg(id, name, request.account.name));
    return id;
}

Result<void> ImagePublisher::upload(Run &r)
{
    HashingReader file(r.copyPath);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, QStringLiteral("Cannot read %1: %2").arg(r.copyPath, file.errorText()));
    r.size = file.size();
    auto base = r.client->serviceUrl(Service::Image);
    if (!base)
        return base.error();
    QElapsedTimer timer;
    timer.start();
    say(QStringLiteral("Uploading %1 bytes").arg(r.size));
    emit progress({PublishPhase::Uploading, 0, r.size, 0, -1});
    qint64 lastEmit = -1000;
    qint64 lastSent = -1;
    // Progress is the bytes read from the copy (the socket's buffers hold a little more than
    // the cloud has); at most ten updates a second, and the last one always.
    auto onProgress = [&](qint64 sent) {
        const qint64 ms = timer.elapsed();
        if (sent <= lastSent || (ms - lastEmit < 100 && sent != r.size))
            return;
        lastEmit = ms;
        lastSent = sent;
        const double rate = ms > 0 ? static_cast<double>(sent) * 1000.0 / static_cast<double>(ms) : 0.0;
        const qint64 left = rate > 0 ? static_cast<qint64>(static_cast<double>(r.size - sent) / rate) : -1;
        emit progress({PublishPhase::Uploading, sent, r.size, rate, left});
    };
    file.setReadCallback(onProgress);
    auto reply = r.client->upload(QUrl(base.value() + QStringLiteral("/images/") + r.glanceId + QStringLiteral("/file")), &file, r.size,
                                  [&](qint64 sent, qint64) { onProgress(sent); });
    m_uploadMs = timer.elapsed();
    m_uploadBytes = r.size;
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return r.client->errorFor(reply.value(), QStringLiteral("upload the image data"));
    if (file.incomplete())
        return makeError(ErrorKind::Io, QStringLiteral("The upload did not read the whole copy (%1 bytes); nothing is kept.").arg(r.size));
    r.md5 = file.md5Hex();
    r.sha512 = file.sha512Hex();
    return {};
}

Result<QJsonObject> ImagePublisher::verify(Run &r)
{
    emit progress({PublishPhase::Verifying, r.size, r.size, 0, 0});
    // Glance answers the upload once the image is active; a cloud that stores it after the
    // answer shows `saving` for a while.
    for (int attempt = 0; attempt < 600; ++attempt) {
        auto image = openstack::glance::get(*r.client, r.glanceId);
        if (!image)
            return image.error();
        const QString status = image->value(QStringLiteral("status")).toString();
        if (status == QLatin1String("active")) {
            const QString md5 = image->value(QStringLiteral("checksum")).toString();
            if (md5.compare(r.md5, Qt::CaseInsensitive) != 0)
                return makeError(ErrorKind::Io, QStringLiteral("The cloud's checksum of image %1 is \"%2\", the bytes sent have md5 %3: "
                                                               "the upload was damaged. The image is deleted; publish again.")
                                                    .arg(r.glanceId, md5.left(80), r.md5));
            const QString algo = image->value(QStringLiteral("os_hash_algo")).toString();
            const QString value = image->value(QStringLiteral("os_hash_value")).toString();
            if (algo == QLatin1String("sha512") && value.compare(r.sha512, Qt::CaseInsensitive) != 0)
                return makeError(ErrorKind::Io, QStringLiteral("The cloud's sha512 of image %1 is \"%2\", the bytes sent have %3: the "
                                                               "upload was damaged. The image is deleted; publish again.")
                                                    .arg(r.glanceId, value.left(160), r.sha512));
            return image.value();
        }
        if (status != QLatin1String("saving") && status != QLatin1String("queued") && status != QLatin1String("importing"))
            return makeError(ErrorKind::Io,
                             QStringLiteral("The cloud could not store image %1 (status %2).").arg(r.glanceId, status.left(40)));
        if (!r.client->pause(std::chrono::milliseconds(500)))
            return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while the cloud stored the image."));
    }
    return makeError(ErrorKind::Io, QStringLiteral("Image %1 was not active 5 minutes after its upload.").arg(r.glanceId));
}

void ImagePublisher::cleanUp(Run &r)
{
    emit progress({PublishPhase::CleaningUp, 0, 0, 0, -1});
    bool left = false;
    if (!r.glanceId.isEmpty() && r.client) {
        auto reply = r.client->call("DELETE", Service::Image, QStringLiteral("/images/") + r.glanceId, {}, Cancellation::Ignore);
        if (reply && (reply->ok() || reply->status == 404)) {
            (void)r.ledger->markGone(r.intent);
            say(QStringLiteral("Deleted the unfinished image %1").arg(r.glanceId));
        } else {
            left = true;
            say(QStringLiteral("Could not delete the unfinished image %1 (%2); the next start tries again.")
                    .arg(r.glanceId,
                         reply ? r.client->errorFor(reply.value(), QStringLiteral("delete it")).message : reply.error().message));
        }
    } else if (!r.intent.isEmpty()) {
        (void)r.ledger->markGone(r.intent);  // no id came back: nothing of ours to name
    }
    QDir(r.workDir).removeRecursively();
    if (!left)
        (void)r.ledger->closeBuild(r.id);
}

}  // namespace ib::publish
