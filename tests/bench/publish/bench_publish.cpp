// The upload phase of publish (ImagePublisher: a file streamed through OpenStackClient's
// PUT while hashed) against `curl -T` of the same bytes with the same token to the same
// endpoint of the API double on loopback, alternated --runs times (default 3). Prints both
// rates, the ratio (target >= 0.9) and the load average.
#include "OpenStackDouble.h"

#include "publish/ImagePublisher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace ib;
using ib::test::OpenStackDouble;

namespace {

QByteArray curl(const QStringList &args, int *exitCode)
{
    QProcess p;
    p.start(QStringLiteral("curl"), args);
    p.waitForFinished(600000);
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2) : QStringLiteral("?");
}

struct Bench
{
    OpenStackDouble &dbl;
    QString token;
    QString imageUrl;  // .../image/v2/images

    QString createImage()
    {
        int rc = 0;
        const QByteArray body = curl({QStringLiteral("-sS"), QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                                      QStringLiteral("X-Auth-Token: ") + token, QStringLiteral("-H"),
                                      QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                                      QStringLiteral(R"({"name":"curl","disk_format":"qcow2","container_format":"bare"})"), imageUrl},
                                     &rc);
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("id")).toString();
    }

    // Seconds of the transfer as curl measures it, or -1.
    double curlUpload(const QString &file)
    {
        const QString id = createImage();
        int rc = 0;
        const QByteArray out = curl({QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                                     QStringLiteral("%{http_code} %{time_total}"), QStringLiteral("-T"), file, QStringLiteral("-H"),
                                     QStringLiteral("X-Auth-Token: ") + token, QStringLiteral("-H"),
                                     QStringLiteral("Content-Type: application/octet-stream"), imageUrl + QLatin1Char('/') + id +
                                                                                                   QStringLiteral("/file")},
                                    &rc);
        (void)curl({QStringLiteral("-sS"), QStringLiteral("-X"), QStringLiteral("DELETE"), QStringLiteral("-H"),
                    QStringLiteral("X-Auth-Token: ") + token, imageUrl + QLatin1Char('/') + id},
                   &rc);
        const auto parts = QString::fromLatin1(out).split(QLatin1Char(' '));
        return parts.value(0) == QLatin1String("204") ? parts.value(1).toDouble() : -1;
    }
};

// A random disk (incompressible), captured like a build (zstd qcow2) into the images
// folder, and its uncompressed copy (what publish uploads) at `copy` for curl.
bool makeCapture(const QTemporaryDir &dir, const BuildSettings &settings, qint64 sizeMb, ImageRecord &local, const QString &copy)
{
    const QString raw = dir.filePath(QStringLiteral("disk.raw"));
    {
        QFile f(raw);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        QByteArray block(1024 * 1024, '\0');
        for (qint64 i = 0; i < sizeMb; ++i) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            f.write(block);
        }
    }
    local.id = QStringLiteral("00000000-0000-4000-8000-000000000001");
    local.name = QStringLiteral("bench");
    local.location = settings.imagesDirectory() + QStringLiteral("/bench.qcow2");
    local.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    local.loginUser = QStringLiteral("debian");
    local.datasources = {QStringLiteral("OpenStack")};
    const bool ok = QProcess::execute(QStringLiteral("qemu-img"), {QStringLiteral("convert"), QStringLiteral("-c"), QStringLiteral("-f"),
                                                                   QStringLiteral("raw"), QStringLiteral("-O"), QStringLiteral("qcow2"),
                                                                   QStringLiteral("-o"), QStringLiteral("compression_type=zstd"), raw,
                                                                   local.location}) == 0 &&
                    QProcess::execute(QStringLiteral("qemu-img"), {QStringLiteral("convert"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                                                                   QStringLiteral("-O"), QStringLiteral("qcow2"), local.location, copy}) == 0;
    QFile::remove(raw);
    return ok;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 3;
    qint64 sizeMb = 256;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--runs"))
            runs = args[i + 1].toInt();
        if (args[i] == QLatin1String("--size-mb"))
            sizeMb = args[i + 1].toLongLong();
    }
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/ib-bench-publish-XXXXXX"));
    OpenStackDouble::Options o;
    o.targets = OpenStackDouble::Targets::None;
    OpenStackDouble dbl(o);
    if (const auto error = dbl.start(60000); !error.isEmpty()) {
        std::fprintf(stderr, "the double did not start: %s\n", qPrintable(error));
        return 1;
    }
    BuildSettings settings = BuildSettings::defaults();
    settings.dataDirectory = dir.filePath(QStringLiteral("data"));
    QDir().mkpath(settings.imagesDirectory());
    ImageRecord local;
    const QString copy = dir.filePath(QStringLiteral("copy.qcow2"));
    if (!makeCapture(dir, settings, sizeMb, local, copy))
        return 1;

    auto account = openstack::CloudAccount::nhn(QStringLiteral("bench"), dbl.region(), dbl.tenantId(), dbl.username());
    account.kind = openstack::CloudKind::OpenStack;
    account.authUrl = dbl.identityV2Url();
    int rc = 0;
    const QByteArray auth = curl({QStringLiteral("-sS"), QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                                  QStringLiteral("-d"),
                                  QString::fromUtf8(QJsonDocument(QJsonObject{
                                      {QStringLiteral("auth"),
                                       QJsonObject{{QStringLiteral("tenantId"), dbl.tenantId()},
                                                   {QStringLiteral("passwordCredentials"),
                                                    QJsonObject{{QStringLiteral("username"), dbl.username()},
                                                                {QStringLiteral("password"), dbl.password()}}}}}})
                                                        .toJson(QJsonDocument::Compact)),
                                  dbl.identityV2Url() + QStringLiteral("/tokens")},
                                 &rc);
    Bench bench{dbl, QJsonDocument::fromJson(auth).object().value(QStringLiteral("access")).toObject().value(QStringLiteral("token"))
                         .toObject().value(QStringLiteral("id")).toString(),
                dbl.url() + QStringLiteral("/") + dbl.region().toLower() + QStringLiteral("/image/v2/images")};
    const double mib = static_cast<double>(QFileInfo(copy).size()) / (1024.0 * 1024.0);
    std::printf("publish upload phase vs curl -T, %.0f MiB (uncompressed qcow2 of a %lld MiB random disk), API double on loopback\n",
                mib, static_cast<long long>(sizeMb));
    std::printf("load average before: %s\n", qPrintable(loadAverage()));
    std::vector<double> ours, theirs;
    for (int i = 0; i < runs; ++i) {
        publish::ImagePublisher publisher(settings);
        publish::PublishRequest request;
        request.source = local;
        request.account = account;
        request.password = dbl.password();
        request.name = QStringLiteral("bench %1").arg(i);
        auto published = publisher.publish(request);
        if (!published) {
            std::fprintf(stderr, "publish failed: %s\n", qPrintable(published.error().message));
            return 1;
        }
        const double ourRate = static_cast<double>(publisher.lastUploadBytes()) / (1024.0 * 1024.0) /
                               (static_cast<double>(std::max<qint64>(1, publisher.lastUploadMs())) / 1000.0);
        const double seconds = bench.curlUpload(copy);
        if (seconds <= 0) {
            std::fprintf(stderr, "curl -T failed\n");
            return 1;
        }
        const double curlRate = mib / seconds;
        ours.push_back(ourRate);
        theirs.push_back(curlRate);
        std::printf("run %d: publish %.1f MiB/s   curl -T %.1f MiB/s   ratio %.2f\n", i + 1, ourRate, curlRate, ourRate / curlRate);
    }
    const double ratio = median(ours) / median(theirs);
    std::printf("median: publish %.1f MiB/s, curl -T %.1f MiB/s, ratio %.2f (target >= 0.90: %s)\n", median(ours), median(theirs), ratio,
                ratio >= 0.9 ? "met" : "NOT met");
    std::printf("load average after: %s\n", qPrintable(loadAverage()));
    return 0;
}
