#pragma once

#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/HttpReply.h"
#include "providers/openstack/KeystoneToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>
#include <QUrl>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ib::openstack {

struct ClientOptions
{
    int maxAttempts = 6;                           // per call, for 429, 5xx and network errors
    std::chrono::milliseconds firstBackoff{1000};  // doubles after each attempt
    std::chrono::milliseconds maxBackoff{30000};
    std::chrono::milliseconds requestTimeout{60000};  // per attempt
    std::chrono::seconds renewBefore{600};            // a token this close to expiry (at most half its life) is renewed first
};

enum class Service { Compute, Image, Network, Volume };

// Whether cancel() ends a call: a build's launch and waits stop at once; its clean-up
// must not, or cancelling would leak what it was about to remove.
enum class Cancellation { Honour, Ignore };

// Blocking REST calls to one OpenStack account, from the thread that makes them (the
// build's worker): a QNetworkAccessManager of that thread and a local event loop per
// request, so no UI thread is involved. Authenticates on first use, renews the token
// before it expires and once more on a 401 (a build of several hours outlives a token),
// retries 429, 5xx and network errors with exponential back-off (Retry-After honoured).
class OpenStackClient final
{
    Q_DISABLE_COPY_MOVE(OpenStackClient)

public:
    OpenStackClient(CloudAccount account, QString password, ClientOptions options = {});
    ~OpenStackClient();

    const CloudAccount &account() const { return m_account; }
    const ClientOptions &options() const { return m_options; }

    Result<void> authenticate(Cancellation cancellation = Cancellation::Honour);
    // The service's versioned base URL (".../v2" for images, ".../v2.0" for networks).
    Result<QString> serviceUrl(Service service, Cancellation cancellation = Cancellation::Honour);
    QString projectId() const;
    // The catalog of the current token (empty before sign-in).
    ServiceCatalog catalog() const;

    // `pathAndQuery` is appended to the service's URL ("/servers/ID"). Any HTTP status is
    // a reply; an error means no answer (network, timeout, cancel) or no token.
    Result<HttpReply> call(const QByteArray &method, Service service, const QString &pathAndQuery, const QByteArray &body = {},
                           Cancellation cancellation = Cancellation::Honour, const QByteArray &contentType = "application/json");
    Result<HttpReply> callUrl(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                              Cancellation cancellation = Cancellation::Honour, const QByteArray &contentType = "application/json");

    // A PUT of `size` bytes streamed from `device` (open, at position 0): Glance's image
    // data, through libcurl (CurlUpload.h says why). Never read whole into memory;
    // `progress(sent, total)` runs on this thread. One attempt (a stream of gigabytes is not
    // replayed on a 5xx), except once more from the start after a refused token (401) when
    // the device can seek. Honours cancel().
    Result<HttpReply> upload(const QUrl &url, QIODevice *device, qint64 size, const std::function<void(qint64, qint64)> &progress,
                             const QByteArray &contentType = "application/octet-stream");

    // The reply's failure in plain words: `doing` is what was attempted ("create the server").
    Error errorFor(const HttpReply &reply, const QString &doing) const;
    // The message the service put in the body (Nova, Neutron, Cinder, Glance, Keystone shapes).
    static QString serviceMessage(const HttpReply &reply);

    // Thread-safe: ends the running call (and later ones that honour cancellation) soon.
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }
    // Waits, returning false at once when cancelled (unless ignored).
    bool pause(std::chrono::milliseconds duration, Cancellation cancellation = Cancellation::Honour);

    // Where retries and renewals are told (the build's log); never given a secret.
    void setNotifier(std::function<void(const QString &)> notifier) { m_notify = std::move(notifier); }
    int authenticationCount() const { return m_authentications; }
    // Sees every service reply (not the sign-in's): `cloud check --record`.
    using Recorder = std::function<void(const QByteArray &method, const QUrl &url, const HttpReply &reply)>;
    void setRecorder(Recorder recorder) { m_recorder = std::move(recorder); }

private:
    Result<HttpReply> sendOnce(const QByteArray &method, const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                               bool withToken, Cancellation cancellation);
    Result<HttpReply> sendWithRetries(const QByteArray &method, const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                                      bool withToken, Cancellation cancellation);
    Result<HttpReply> sendStream(const QUrl &url, QIODevice *device, qint64 size, const std::function<void(qint64, qint64)> &progress,
                                 const QByteArray &contentType);
    QNetworkAccessManager &network();
    // The cloud's CA file (and a fresh connection when it changed) on an https request.
    Result<void> applyTls(QNetworkRequest &request);
    QList<QPair<QByteArray, QByteArray>> headers(const QByteArray &contentType, bool withToken) const;
    Result<QNetworkRequest> makeRequest(const QUrl &url, const QByteArray &contentType, bool withToken);
    static HttpReply readReply(QNetworkReply *reply);
    Result<void> await(QNetworkReply *reply, bool honourCancel);
    bool needsRenewal() const;
    void notify(const QString &text);

    CloudAccount m_account;
    QString m_password;
    ClientOptions m_options;
    std::atomic_bool m_cancelled{false};
    mutable QMutex m_tokenMutex;
    KeystoneToken m_token;
    QDateTime m_tokenObtainedAt;
    int m_authentications = 0;
    std::function<void(const QString &)> m_notify;
    Recorder m_recorder;
};

// A request body: `object` as compact JSON.
QByteArray jsonBody(const QJsonObject &object);
// A name in a path or a query ("/servers?name=..."), percent-encoded.
QString percentEncoded(const QString &text);

}  // namespace ib::openstack
