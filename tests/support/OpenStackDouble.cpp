#include "OpenStackDouble.h"

#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <utility>

namespace ib::test {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

}  // namespace

OpenStackDouble::OpenStackDouble() = default;

OpenStackDouble::OpenStackDouble(Options options)
    : m_options(std::move(options))
{}

OpenStackDouble::~OpenStackDouble()
{
    stop();
}

QString OpenStackDouble::scriptPath()
{
    if (sourceDir().isEmpty())  // run outside ctest: next to this file
        return QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/openstack-double/openstack_double.py");
    return QDir(sourceDir()).absoluteFilePath(QStringLiteral("tests/support/openstack-double/openstack_double.py"));
}

QString OpenStackDouble::start(int timeoutMs)
{
    stop();
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/ib-osdouble-fixture-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a temporary folder");
    QStringList arguments{scriptPath(),
                          QStringLiteral("--exit-on-stdin-eof"),
                          QStringLiteral("--token-lifetime"),
                          number(m_options.tokenLifetime),
                          QStringLiteral("--build-delay"),
                          number(m_options.buildDelay),
                          QStringLiteral("--image-saving-delay"),
                          number(m_options.imageSavingDelay),
                          QStringLiteral("--image-page-size"),
                          QString::number(m_options.imagePageSize)};
    switch (m_options.targets) {
    case Targets::Chroot:
        arguments << QStringLiteral("--targets") << QStringLiteral("chroot");
        break;
    case Targets::Vm:
        if (m_options.baseImage.isEmpty())
            return QStringLiteral("vm targets need Options::baseImage (a Debian 12 qcow2)");
        arguments << QStringLiteral("--targets") << QStringLiteral("vm") << QStringLiteral("--base-image") << m_options.baseImage;
        break;
    case Targets::None:
        arguments << QStringLiteral("--targets") << QStringLiteral("none");
        break;
    }
    arguments << m_options.extraArguments;
    if (!m_options.tlsCert.isEmpty())
        arguments << QStringLiteral("--tls-cert") << m_options.tlsCert << QStringLiteral("--tls-key") << m_options.tlsKey;

    m_process = std::make_unique<QProcess>();
    m_process->setStandardErrorFile(m_dir->filePath(QStringLiteral("double.log")));
    m_process->start(QStringLiteral("/usr/bin/python3"), arguments);
    if (!m_process->waitForStarted(10000))
        return QStringLiteral("cannot start /usr/bin/python3 %1: %2").arg(scriptPath(), m_process->errorString());

    QElapsedTimer timer;
    timer.start();
    QByteArray line;
    while (!line.contains('\n')) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0 || m_process->state() != QProcess::Running) {
            const QString why =
                m_process->state() == QProcess::Running ? QStringLiteral("did not get ready in time") : QStringLiteral("exited");
            stop();
            return QStringLiteral("the OpenStack double %1; its log:\n%2").arg(why, QString::fromLocal8Bit(log()));
        }
        if (m_process->waitForReadyRead(static_cast<int>(qMin<qint64>(left, 1000))))
            line += m_process->readAllStandardOutput();
    }
    QJsonParseError parseError;
    const QJsonDocument ready = QJsonDocument::fromJson(line.left(line.indexOf('\n')), &parseError);
    if (!ready.isObject()) {
        stop();
        return QStringLiteral("the OpenStack double's ready line is not JSON: %1").arg(QString::fromUtf8(line));
    }
    m_ready = ready.object();
    return {};
}

bool OpenStackDouble::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void OpenStackDouble::stop()
{
    if (m_process) {
        if (m_process->state() != QProcess::NotRunning) {
            // stdin's end asks the double to stop: it kills its targets and removes its folder.
            m_process->closeWriteChannel();
            if (!m_process->waitForFinished(60000)) {
                m_process->terminate();
                if (!m_process->waitForFinished(30000)) {
                    // Targets die with it (PR_SET_PDEATHSIG); only its folder stays.
                    m_process->kill();
                    m_process->waitForFinished(5000);
                }
            }
        }
        m_process.reset();
    }
    const QString folder = workdir();
    if (!folder.isEmpty() && folder.startsWith(QStringLiteral("/var/tmp/ib-osdouble-")) && QDir(folder).exists())
        QDir(folder).removeRecursively();
    m_ready = {};
}

QByteArray OpenStackDouble::log() const
{
    if (!m_dir)
        return {};
    QFile file(m_dir->filePath(QStringLiteral("double.log")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int OpenStackDouble::control(const QByteArray &method, const QString &path, const QByteArray &body, QByteArray *reply, QString *error) const
{
    if (url().isEmpty()) {
        if (error)
            *error = QStringLiteral("the OpenStack double is not running");
        return 0;
    }
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);  // a test's https_proxy is for the product's requests
    QNetworkRequest request(QUrl(url() + QStringLiteral("/_double/") + path));
    if (!m_options.tlsCaFile.isEmpty()) {
        auto tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_options.tlsCaFile));
        request.setSslConfiguration(tls);
    }
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(30000);
    QNetworkReply *answer = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(answer, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = answer->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = answer->readAll();
    if (reply)
        *reply = data;
    if (error && (status < 200 || status >= 300))
        *error = QStringLiteral("%1 /_double/%2: %3 %4 %5")
                     .arg(QString::fromLatin1(method), path, QString::number(status), answer->errorString(), QString::fromUtf8(data));
    answer->deleteLater();
    return status;
}

QJsonObject OpenStackDouble::resources(QString *error) const
{
    QByteArray data;
    QString e;
    if (const int status = control("GET", QStringLiteral("resources"), {}, &data, &e); status != 200) {
        if (error)
            *error = e;
        return {};
    }
    return QJsonDocument::fromJson(data).object();
}

QString OpenStackDouble::armFault(const QJsonObject &fault) const
{
    QString e;
    control("POST", QStringLiteral("faults"), QJsonDocument(fault).toJson(QJsonDocument::Compact), nullptr, &e);
    return e;
}

QString OpenStackDouble::armFaults(const QJsonArray &faults) const
{
    QString e;
    control("POST", QStringLiteral("faults"), QJsonDocument(faults).toJson(QJsonDocument::Compact), nullptr, &e);
    return e;
}

QString OpenStackDouble::clearFaults() const
{
    QString e;
    control("DELETE", QStringLiteral("faults"), {}, nullptr, &e);
    return e;
}

QJsonArray OpenStackDouble::requests(qint64 since, QString *error) const
{
    QByteArray data;
    QString e;
    if (control("GET", QStringLiteral("requests?since=%1").arg(since), {}, &data, &e) != 200) {
        if (error)
            *error = e;
        return {};
    }
    return QJsonDocument::fromJson(data).object().value(QStringLiteral("requests")).toArray();
}

QString OpenStackDouble::clearRequests() const
{
    QString e;
    control("DELETE", QStringLiteral("requests"), {}, nullptr, &e);
    return e;
}

QString OpenStackDouble::expireTokens() const
{
    QString e;
    control("POST", QStringLiteral("tokens/expire"), {}, nullptr, &e);
    return e;
}

QString OpenStackDouble::changeSettings(const QJsonObject &settings) const
{
    QString e;
    control("POST", QStringLiteral("settings"), QJsonDocument(settings).toJson(QJsonDocument::Compact), nullptr, &e);
    return e;
}

QJsonObject OpenStackDouble::server(const QString &id, QString *error) const
{
    QByteArray data;
    QString e;
    if (control("GET", QStringLiteral("servers/") + id, {}, &data, &e) != 200) {
        if (error)
            *error = e;
        return {};
    }
    return QJsonDocument::fromJson(data).object();
}

}  // namespace ib::test
