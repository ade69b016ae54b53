// The upload phase of publish (ImagePublisher: a file streamed through OpenStackClient's
// PUT while hashed) against `curl -T` of the same bytes with the same token to the same
// endpoint of the API double on loopback, alternated --runs times (default 3). Prints both
// rates, the ratio (target >= 0.9) and the load average, and the CPU time each side spends
// per MiB: on a machine of few cores the double's hashing (md5 and sha512, as Glance's) and
// publish's own check of them share the cores, which bounds the ratio; the ceiling printed is
// that bound.
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
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

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

// CPU time in ms: this process, its waited-for children (curl), the double (from /proc).
double cpuMs(int who)
{
    rusage u{};
    getrusage(who, &u);
    return (static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0) +
           (static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0);
}

double processCpuMs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // After "(comm)", fields 3.. follow: utime and stime are the 14th and 15th of the line.
    const auto fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return static_cast<double>(fields[11].toLongLong() + fields[12].toLongLong()) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Bench
{
    OpenStackDouble &dbl;
    QString token;
    QString imageUrl;  // .../image/v2/images

    QString createImage()
    {
        int rc = 0;
        const QByteArray body =
            curl({QStringLiteral("-sS"), QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                  QStringLiteral("X-Auth-Token: ") + token, QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                  QStringLiteral("-d"), QStringLiteral(R"({"name":"curl","disk_format":"qcow2","container_format":"bare"})"), imageUrl},
                 &rc);
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("id")).toString();
    }

    // Seconds of the transfer as curl measures it, or -1.
    double curlUpload(const QString &file)
    {
        const QString id = createImage();
        int rc = 0;
        const QByteArray out =
            curl({QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                  QStringLiteral("%{http_code} %{time_total}"), QStringLiteral("-T"), file, QStringLiteral("-H"),
                  QStringLiteral("X-Auth-Token: ") + token, QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                  imageUrl + QLatin1Char('/') + id + QStringLiteral("/file")},
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
    const bool ok =
        QProcess::execute(QStringLiteral("qemu-img"),
                          {QStringLiteral("convert"), QStringLiteral("-c"), QStringLiteral("-f"), QStringLiteral("raw"),
                           QStringLiteral("-O"), QStringLiteral("qcow2"), QStringLiteral("-o"), QStringLiteral("compression_type=zstd"),
                           raw, local.location}) == 0 &&
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
    const QByteArray auth = curl(
        {QStringLiteral("-sS"), QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
         QString::fromUtf8(
             QJsonDocument(QJsonObject{{QStringLiteral("auth"), QJsonObject{{QStringLiteral("tenantId"), dbl.tenantId()},
                                                                            {QStringLiteral("passwordCredentials"),
                                                                             QJsonObject{{QStringLiteral("username"), dbl.username()},
                                                                                         {QStringLiteral("password"), dbl.password()}}}}}})
                 .toJson(QJsonDocument::Compact)),
         dbl.identityV2Url() + QStringLiteral("/tokens")},
        &rc);
    Bench bench{dbl,
                QJsonDocument::fromJson(auth)
                    .object()
                    .value(QStringLiteral("access"))
                    .toObject()
                    .value(QStringLiteral("token"))
                    .toObject()
                    .value(QStringLiteral("id"))
                    .toString(),
                dbl.url() + QStringLiteral("/") + dbl.region().toLower() + QStringLiteral("/image/v2/images")};
    const double mib = static_cast<double>(QFileInfo(copy).size()) / (1024.0 * 1024.0);
    std::printf("publish upload phase vs curl -T, %.0f MiB (uncompressed qcow2 of a %lld MiB random disk), API double on loopback\n", mib,
                static_cast<long long>(sizeMb));
    std::printf("load average before: %s\n", qPrintable(loadAverage()));
    std::vector<double> ours, theirs;
    double ourClientMs = 0, ourDoubleMs = 0, curlClientMs = 0, curlDoubleMs = 0;
    for (int i = 0; i < runs; ++i) {
        const double selfBefore = cpuMs(RUSAGE_SELF), doubleBefore = processCpuMs(dbl.processId());
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
        const double selfAfter = cpuMs(RUSAGE_SELF), doubleBetween = processCpuMs(dbl.processId());
        ourClientMs += selfAfter - selfBefore;
        ourDoubleMs += doubleBetween - doubleBefore;
        const double childrenBefore = cpuMs(RUSAGE_CHILDREN);
        const double seconds = bench.curlUpload(copy);
        curlClientMs += cpuMs(RUSAGE_CHILDREN) - childrenBefore;
        curlDoubleMs += processCpuMs(dbl.processId()) - doubleBetween;
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
    // Each publish also creates, polls and checks its image, and curl's phase creates and
    // deletes one: small beside the bytes, counted in.
    const double perMib = 1.0 / (mib * runs);
    const int cores = QThread::idealThreadCount();
    const double ourCpu = (ourClientMs + ourDoubleMs) * perMib, curlCpu = (curlClientMs + curlDoubleMs) * perMib;
    std::printf("CPU per MiB: publish %.2f ms + the double %.2f ms; curl -T %.2f ms + the double %.2f ms\n", ourClientMs * perMib,
                ourDoubleMs * perMib, curlClientMs * perMib, curlDoubleMs * perMib);
    const double ceiling = cores * 1000.0 / ourCpu;
    std::printf("on %d cores that CPU allows at most: publish %.1f MiB/s, curl -T %.1f MiB/s; ratio ceiling here %.2f "
                "(median publish reached %.0f %% of its ceiling)\n",
                cores, ceiling, cores * 1000.0 / curlCpu, ceiling / median(theirs), 100.0 * median(ours) / ceiling);
    std::printf("load average after: %s\n", qPrintable(loadAverage()));
    return 0;
}
