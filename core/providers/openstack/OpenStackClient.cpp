#include "providers/openstack/OpenStackClient.h"

#include "logging/Logging.h"
#include "providers/openstack/CurlUpload.h"
#include "providers/openstack/EndpointTrust.h"
#include "providers/openstack/KeystoneAuth.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>

namespace ib::openstack {

namespace {

// A sentence of the client's in English (the log, a build's cause) and on screen.
TwoTexts clientSays(const char *source)
{
    return TwoTexts::of("ib::openstack::OpenStackClient", source);
}

bool retryable(int status)
{
    return status == 429 || (status >= 500 && status != 501);
}

QString versioned(const QString &url, const QString &version)
{
    if (url.endsWith(version) || url.contains(version + QLatin1Char('/')))
        return url;
    return url + version;
}

QString messageIn(const QJsonValue &value)
{
    if (value.isObject()) {
        const auto o = value.toObject();
        for (const auto *key : {"message", "description", "detail", "title"}) {
            const auto v = o.value(QLatin1String(key));
            if (v.isString() && !v.toString().isEmpty())
                return v.toString();
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            auto inner = messageIn(it.value());
            if (!inner.isEmpty())
                return inner;
        }
    } else if (value.isArray()) {
        for (const QJsonArray jsonItems = value.toArray(); const auto &v : jsonItems) {
            auto inner = messageIn(v);
            if (!inner.isEmpty())
                return inner;
        }
    }
    return {};
}

}  // namespace

OpenStackClient::OpenStackClient(CloudAccount account, QString password, ClientOptions options)
    : m_account(std::move(account))
    , m_password(std::move(password))
    , m_options(options)
{
    logging::registerSecret(m_password);
}

OpenStackClient::~OpenStackClient() = default;

QNetworkAccessManager &OpenStackClient::network()
{
    // One manager per thread, made and deleted on that thread (QObject's rule): a build's
    // provider is made on the UI thread, used on the build's worker and deleted on the UI
    // thread again, so it must not own one. Deleted when the worker thread ends; the main
    // thread's first thing in ~QCoreApplication, where Qt calls its post routines (deleting
    // it after QCoreApplication is unsafe; left at exit, LeakSanitizer reports it).
    struct PerThread
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        ~PerThread()
        {
            if (!QCoreApplication::instance())
                (void)manager.release();
        }
    };
    thread_local PerThread perThread;
    if (!perThread.manager) {
        endpoints::useEnvironmentProxies();
        perThread.manager = std::make_unique<QNetworkAccessManager>();
        perThread.manager->setAutoDeleteReplies(false);
        if (const auto *app = QCoreApplication::instance(); app && QThread::currentThread() == app->thread())
            qAddPostRoutine([] { perThread.manager.reset(); });
    }
    return *perThread.manager;
}

void OpenStackClient::notify(const QString &text)
{
    logging::get("cloud")->info("{}: {}", m_account.name.toStdString(), text.toStdString());
    if (m_notify)
        m_notify(text);
}

void OpenStackClient::cancel()
{
    m_cancelled = true;
}

bool OpenStackClient::pause(std::chrono::milliseconds duration, Cancellation cancellation)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < duration.count()) {
        if (cancellation == Cancellation::Honour && m_cancelled)
            return false;
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(50, duration.count() - timer.elapsed() + 1)));
    }
    return !(cancellation == Cancellation::Honour && m_cancelled);
}

ServiceCatalog OpenStackClient::catalog() const
{
    QMutexLocker lock(&m_tokenMutex);
    return m_token.catalog;
}

QString OpenStackClient::projectId() const
{
    QMutexLocker lock(&m_tokenMutex);
    return m_token.projectId.isEmpty() ? m_account.tenantId : m_token.projectId;
}

Result<void> OpenStackClient::applyTls(QNetworkRequest &request)
{
    if (request.url().scheme() != QLatin1String("https"))
        return {};
    auto tls = endpoints::sslConfiguration(m_account);
    if (!tls)
        return tls.error();
    request.setSslConfiguration(tls.value());
    // QNetworkAccessManager keeps a connection per host and port with the TLS settings of
    // the request that opened it: after a CA file is added or changed (a sign-in that
    // failed, then fixed in Settings), a kept connection would still use the old ones.
    thread_local QString caFileOfThisThread;
    if (caFileOfThisThread != m_account.caFile) {
        network().clearConnectionCache();
        caFileOfThisThread = m_account.caFile;
    }
    return {};
}

// Runs a local event loop until the reply finishes; aborts it on cancel() when `honourCancel`.
// A cancel, or a certificate that was refused, is the error; anything else is the reply's.
Result<void> OpenStackClient::await(QNetworkReply *reply, bool honourCancel)
{
    QList<QSslError> tlsErrors;  // before the loop: it outlives the connection that fills it
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // clazy's lambda-in-connect looks at the sender; the context here, loop, goes before tlsErrors does.
    QObject::connect(reply, &QNetworkReply::sslErrors, &loop,
                     [&tlsErrors](const QList<QSslError> &errors) { tlsErrors += errors; });  // clazy:exclude=lambda-in-connect
    QTimer watch;
    bool cancelled = false;
    QObject::connect(&watch, &QTimer::timeout, &loop, [&] {
        if (honourCancel && m_cancelled) {
            cancelled = true;
            reply->abort();
        }
    });
    watch.start(50);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    watch.stop();
    const auto host = reply->url().host();
    if (cancelled)
        return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while waiting for %1.").arg(host));
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0 && !tlsErrors.isEmpty()) {
        network().clearConnectionCache();  // nothing of the refused handshake is reused
        return makeError(ErrorKind::Invalid, endpoints::describeTlsErrors(host, tlsErrors, m_account));
    }
    return {};
}

// The headers every request carries, through Qt or libcurl; the content type only where a
// body is sent.
QList<QPair<QByteArray, QByteArray>> OpenStackClient::headers(const QByteArray &contentType, bool withToken) const
{
    QList<QPair<QByteArray, QByteArray>> out{{"Accept", "application/json"}, {"User-Agent", "imagebuilder"}};
    if (!contentType.isEmpty())
        out.append({"Content-Type", contentType});
    if (withToken) {
        QMutexLocker lock(&m_tokenMutex);
        out.append({"X-Auth-Token", m_token.id.toLatin1()});
    }
    return out;
}

Result<QNetworkRequest> OpenStackClient::makeRequest(const QUrl &url, const QByteArray &contentType, bool withToken)
{
    QNetworkRequest request(url);
    if (auto tls = applyTls(request); !tls)
        return tls.error();
    request.setTransferTimeout(static_cast<int>(m_options.requestTimeout.count()));
    for (const auto &[name, value] : headers(contentType, withToken))
        request.setRawHeader(name, value);
    return request;
}

HttpReply OpenStackClient::readReply(QNetworkReply *reply)
{
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        out.headers.insert(pair.first.toLower(), pair.second);
    return out;
}

Result<HttpReply> OpenStackClient::sendOnce(const QByteArray &method, const QUrl &url, const QByteArray &body,
                                            const QByteArray &contentType, bool withToken, Cancellation cancellation)
{
    if (cancellation == Cancellation::Honour && m_cancelled)
        return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled."));
    const bool sendsBody = !body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH";
    auto request = makeRequest(url, sendsBody ? contentType : QByteArray(), withToken);
    if (!request)
        return request.error();
    QNetworkReply *reply = network().sendCustomRequest(request.value(), method, body);
    std::unique_ptr<QNetworkReply> owner(reply);
    if (auto waited = await(reply, cancellation == Cancellation::Honour); !waited)
        return waited.error();
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0) {
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
        const QString seconds = QString::number(m_options.requestTimeout.count() / 1000);
        return makeError(ErrorKind::Io,
                         timedOut ? clientSays(QT_TRANSLATE_NOOP("ib::openstack::OpenStackClient", "%1 did not answer within %2 s."))
                                        .arg(url.host())
                                        .arg(seconds)
                                  : clientSays(QT_TRANSLATE_NOOP("ib::openstack::OpenStackClient", "Cannot reach %1: %2."))
                                        .arg(url.host())
                                        .arg(reply->errorString()));
    }
    return readReply(reply);
}

Result<HttpReply> OpenStackClient::sendWithRetries(const QByteArray &method, const QUrl &url, const QByteArray &body,
                                                   const QByteArray &contentType, bool withToken, Cancellation cancellation)
{
    auto wait = m_options.firstBackoff;
    for (int attempt = 1;; ++attempt) {
        auto reply = sendOnce(method, url, body, contentType, withToken, cancellation);
        const bool networkError = !reply && reply.error().kind == ErrorKind::Io;
        const bool again = networkError || (reply && retryable(reply->status));
        if (!again || attempt >= m_options.maxAttempts)
            return reply;
        auto delay = wait;
        if (reply && reply->status == 429) {
            bool ok = false;
            const int seconds = reply->header("retry-after").toInt(&ok);
            if (ok && seconds >= 0)
                delay = std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds), m_options.maxBackoff);
        }
        notify(QStringLiteral("%1 %2 %3; trying again in %4 s (attempt %5 of %6)")
                   .arg(QString::fromLatin1(method), url.path(),
                        reply ? QStringLiteral("answered %1").arg(reply->status) : QStringLiteral("failed: ") + reply.error().message)
                   .arg(static_cast<double>(delay.count()) / 1000.0, 0, 'f', 1)
                   .arg(attempt + 1)
                   .arg(m_options.maxAttempts));
        if (!pause(delay, cancellation))
            return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled."));
        wait = std::min(wait * 2, m_options.maxBackoff);
    }
}

bool OpenStackClient::needsRenewal() const
{
    QMutexLocker lock(&m_tokenMutex);
    if (!m_token.isValid())
        return true;
    // renewBefore, but never more than half the token's life: a short-lived token is
    // not renewed on every call.
    const auto now = QDateTime::currentDateTimeUtc();
    const qint64 life = m_tokenObtainedAt.secsTo(m_token.expiresAt);
    const qint64 margin = std::min<qint64>(m_options.renewBefore.count(), life / 2);
    return now.secsTo(m_token.expiresAt) <= margin;
}

Result<void> OpenStackClient::authenticate(Cancellation cancellation)
{
    const auto url = keystone::tokensUrl(m_account);
    auto reply = sendWithRetries("POST", url, keystone::requestBody(m_account, m_password), "application/json", false, cancellation);
    if (!reply)
        return reply.error();
    if (!reply->ok())
        return errorFor(reply.value(), QStringLiteral("sign in to %1").arg(url.host()));
    auto token = keystone::parseReply(m_account, reply.value());
    if (!token)
        return token.error();
    logging::registerSecret(token->id);
    ++m_authentications;
    {
        QMutexLocker lock(&m_tokenMutex);
        if (m_token.isValid() && m_token.id != token->id)
            logging::forgetSecret(m_token.id);
        m_token = token.value();
        m_tokenObtainedAt = QDateTime::currentDateTimeUtc();
    }
    notify(QStringLiteral("Signed in as %1 (token valid until %2)").arg(m_account.userName, token->expiresAt.toString(Qt::ISODate)));
    return {};
}

Result<QString> OpenStackClient::serviceUrl(Service service, Cancellation cancellation)
{
    if (needsRenewal()) {
        if (auto ok = authenticate(cancellation); !ok)
            return ok.error();
    }
    QMutexLocker lock(&m_tokenMutex);
    const auto &catalog = m_token.catalog;
    const auto &region = m_account.region;
    const auto &iface = m_account.interface;
    QString url;
    QString what;
    switch (service) {
    case Service::Compute:
        url = catalog.url({QStringLiteral("compute")}, region, iface);
        what = QStringLiteral("compute (Nova)");
        break;
    case Service::Image:
        url = catalog.url({QStringLiteral("image")}, region, iface);
        what = QStringLiteral("image (Glance)");
        if (!url.isEmpty())
            url = versioned(url, QStringLiteral("/v2"));
        break;
    case Service::Network:
        url = catalog.url({QStringLiteral("network")}, region, iface);
        what = QStringLiteral("network (Neutron)");
        if (!url.isEmpty())
            url = versioned(url, QStringLiteral("/v2.0"));
        break;
    case Service::Volume:
        url =
            catalog.url({QStringLiteral("volumev3"), QStringLiteral("block-storage"), QStringLiteral("volumev2"), QStringLiteral("volume")},
                        region, iface);
        what = QStringLiteral("block storage (Cinder)");
        break;
    }
    if (url.isEmpty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("The service catalog of %1 has no %2 endpoint in region %3; check the account's region.")
                             .arg(m_account.name, what, region.isEmpty() ? QStringLiteral("(any)") : region));
    return url;
}

Result<HttpReply> OpenStackClient::call(const QByteArray &method, Service service, const QString &pathAndQuery, const QByteArray &body,
                                        Cancellation cancellation, const QByteArray &contentType)
{
    auto base = serviceUrl(service, cancellation);
    if (!base)
        return base.error();
    return callUrl(method, QUrl(base.value() + pathAndQuery), body, cancellation, contentType);
}

Result<HttpReply> OpenStackClient::callUrl(const QByteArray &method, const QUrl &url, const QByteArray &body, Cancellation cancellation,
                                           const QByteArray &contentType)
{
    // Renew a token about to expire before it is refused.
    if (needsRenewal()) {
        if (auto ok = authenticate(cancellation); !ok)
            return ok.error();
    }
    auto reply = sendWithRetries(method, url, body, contentType, true, cancellation);
    if (reply && reply->status == 401) {
        // Revoked or expired early (a clock off, a password changed): sign in again once.
        notify(QStringLiteral("The token was refused (401); signing in again"));
        if (auto ok = authenticate(cancellation); !ok)
            return ok.error();
        reply = sendWithRetries(method, url, body, contentType, true, cancellation);
    }
    if (reply && m_recorder)
        m_recorder(method, url, reply.value());
    return reply;
}

// Through libcurl, not QNetworkAccessManager: see CurlUpload.h. The same headers, trust,
// proxies (curl reads the environment as Qt does here), stall timeout and cancel.
Result<HttpReply> OpenStackClient::sendStream(const QUrl &url, QIODevice *device, qint64 size,
                                              const std::function<void(qint64, qint64)> &progress, const QByteArray &contentType)
{
    if (m_cancelled)
        return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled."));
    CurlUpload request;
    request.url = url;
    if (url.scheme() == QLatin1String("https")) {
        auto trust = endpoints::caCertificates(m_account);
        if (!trust)
            return trust.error();
        request.caCertificates = trust.value();
    }
    request.headers = headers(contentType, true);
    request.device = device;
    request.size = size;
    request.connectTimeout = m_options.requestTimeout;
    request.stallTimeout = m_options.requestTimeout;
    request.progress = progress;
    request.cancelled = [this] { return m_cancelled.load(); };
    endpoints::useEnvironmentProxies();
    auto reply = curlUpload(request);
    if (reply)
        return reply.value();
    const auto &failure = reply.error();
    switch (failure.kind) {
    case CurlFailure::Cancelled:
        return makeError(ErrorKind::Cancelled, failure.message);
    case CurlFailure::Untrusted:
        return makeError(ErrorKind::Invalid, endpoints::describeUntrusted(url.host(), failure.message, m_account));
    case CurlFailure::Network:
        break;
    }
    return makeError(ErrorKind::Io, QStringLiteral("The upload to %1 broke off: %2.").arg(url.host(), failure.message));
}

Result<HttpReply> OpenStackClient::upload(const QUrl &url, QIODevice *device, qint64 size,
                                          const std::function<void(qint64, qint64)> &progress, const QByteArray &contentType)
{
    if (needsRenewal()) {
        if (auto ok = authenticate(); !ok)
            return ok.error();
    }
    auto reply = sendStream(url, device, size, progress, contentType);
    if (reply && reply->status == 401 && !device->isSequential() && device->seek(0)) {
        notify(QStringLiteral("The token was refused (401) during the upload; signing in again and starting over"));
        if (auto ok = authenticate(); !ok)
            return ok.error();
        reply = sendStream(url, device, size, progress, contentType);
    }
    if (reply && m_recorder)
        m_recorder("PUT", url, reply.value());
    return reply;
}

QString OpenStackClient::serviceMessage(const HttpReply &reply)
{
    const auto doc = QJsonDocument::fromJson(reply.body);
    QString message = doc.isNull() ? QString() : messageIn(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
    if (message.isEmpty() && !reply.body.trimmed().startsWith('<'))
        message = QString::fromUtf8(reply.body.left(300)).trimmed();
    return message;
}

Error OpenStackClient::errorFor(const HttpReply &reply, const QString &doing) const
{
    const QString said = serviceMessage(reply);
    const QString because = said.isEmpty() ? QString() : QStringLiteral(" The cloud said: \"%1\".").arg(said);
    const bool quota = said.contains(QLatin1String("quota"), Qt::CaseInsensitive) || said.contains(QLatin1String("OverQuota")) ||
                       reply.body.contains("OverQuota") || reply.status == 413;
    if (quota && (reply.status == 403 || reply.status == 409 || reply.status == 413 || reply.status == 400))
        return makeError(ErrorKind::InUse,
                         QStringLiteral("Cannot %1: the project's quota on %2 is used up. Release what you no longer need "
                                        "(servers, volumes, floating IPs) or ask for a higher quota, then build again.%3")
                             .arg(doing, m_account.name, because));
    switch (reply.status) {
    case 401: {
        const TwoTexts hint = m_account.kind == CloudKind::Nhn
                                  ? clientSays(QT_TRANSLATE_NOOP("ib::openstack::OpenStackClient",
                                                                 "Use the API password set under Compute > Instance > Set API Endpoint, "
                                                                 "not the console password, and check the tenant ID."))
                                  : clientSays(QT_TRANSLATE_NOOP("ib::openstack::OpenStackClient",
                                                                 "Check the user, its domain, the project and the password."));
        // On screen, in the user's language: what to do first, the cloud's own words after.
        const QString refused = clientSays(QT_TRANSLATE_NOOP("ib::openstack::OpenStackClient",
                                                             "The cloud refused the user name or password of account %1 (401)."))
                                    .shown.arg(m_account.name);
        const QString cloudSaid =
            said.isEmpty() ? QString()
                           : QLatin1Char(' ') +
                                 clientSays(QT_TRANSLATE_NOOP("ib::openstack::OpenStackClient", "The cloud said: \"%1\".")).shown.arg(said);
        return makeError(ErrorKind::Invalid,
                         TwoTexts{QStringLiteral("Cannot %1: the cloud refused the user name or password of account %2 (401). %3%4")
                                      .arg(doing, m_account.name, hint.english, because),
                                  refused + QLatin1Char(' ') + hint.shown + cloudSaid});
    }
    case 403:
        return makeError(
            ErrorKind::Unsupported,
            QStringLiteral("Cannot %1: account %2 is not allowed to (403). Ask the project's administrator for the role it needs.%3")
                .arg(doing, m_account.name, because));
    case 404:
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("Cannot %1: the cloud does not know it (404); it may have been deleted meanwhile.%2").arg(doing, because));
    case 409:
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("Cannot %1 now: it is busy or in a state that does not allow it (409). Wait a moment and try again.%2")
                .arg(doing, because));
    default:
        break;
    }
    if (reply.status >= 500 || reply.status == 429)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot %1: the cloud kept failing (HTTP %2) after %3 attempts; try again later.%4")
                                            .arg(doing)
                                            .arg(reply.status)
                                            .arg(m_options.maxAttempts)
                                            .arg(because));
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("Cannot %1: the cloud refused the request (HTTP %2).%3").arg(doing).arg(reply.status).arg(because));
}

QByteArray jsonBody(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString percentEncoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

}  // namespace ib::openstack
