#include "providers/openstack/CurlUpload.h"

#include <QIODevice>

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace ib::openstack {

namespace {

// A Glance reply to an upload is a few hundred bytes; a cloud's reply is untrusted, so
// one that goes on is cut off rather than held in memory.
constexpr qint64 MaxReplyBytes = 8LL * 1024 * 1024;
// libcurl's largest upload buffer is 2 MiB; 1 MiB already moves a gigabyte in ~1000 reads.
constexpr long UploadBufferBytes = 1024L * 1024;

void initialiseOnce()
{
    // curl_global_init is not thread-safe in every libcurl a platform may bring (before
    // 7.84); builds and publishes start on worker threads.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer
{
    const CurlUpload &request;
    HttpReply reply;
    QString readError;
    bool replyTooLong = false;
    bool cancelled = false;
    curl_off_t lastSent = -1;
};

size_t readBody(char *buffer, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const qint64 got = t->request.device->read(buffer, static_cast<qint64>(size) * static_cast<qint64>(count));
    if (got < 0) {
        t->readError = t->request.device->errorString();
        return CURL_READFUNC_ABORT;
    }
    return static_cast<size_t>(got);
}

size_t writeReply(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const auto bytes = static_cast<qint64>(size) * static_cast<qint64>(count);
    if (t->reply.body.size() + bytes > MaxReplyBytes) {
        t->replyTooLong = true;
        return 0;  // curl stops with CURLE_WRITE_ERROR
    }
    t->reply.body.append(data, bytes);
    return static_cast<size_t>(bytes);
}

size_t readHeader(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size * count)).trimmed();
    if (line.startsWith("HTTP/")) {
        t->reply.headers.clear();  // a "100 Continue" came first: only the final answer's headers count
    } else if (const auto colon = line.indexOf(':'); colon > 0) {
        t->reply.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    return size * count;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t sent)
{
    auto *t = static_cast<Transfer *>(user);
    if (t->request.cancelled && t->request.cancelled()) {
        t->cancelled = true;
        return 1;  // CURLE_ABORTED_BY_CALLBACK
    }
    if (t->request.progress && sent != t->lastSent) {
        t->lastSent = sent;
        t->request.progress(static_cast<qint64>(sent), t->request.size);
    }
    return 0;
}

// Qt sends no request to a loopback address through a proxy; the upload keeps that rule,
// so the sign-in and the upload take the same path. The environment's list is kept.
QByteArray noProxyList()
{
    QByteArray list = qgetenv("no_proxy");
    if (list.isEmpty())
        list = qgetenv("NO_PROXY");
    if (!list.isEmpty())
        list += ',';
    return list + "localhost,127.0.0.1,::1";
}

struct EasyDeleter
{
    void operator()(CURL *curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

// Why a transfer that ended with `code` (curl's words: `why`) gave no answer.
BasicError<CurlFailure> failureOf(CURLcode code, const QString &why, const Transfer &t)
{
    using Failure = BasicError<CurlFailure>;
    switch (code) {
    case CURLE_ABORTED_BY_CALLBACK:
        if (t.cancelled)
            return Failure{CurlFailure::Cancelled, QStringLiteral("Cancelled during the upload to %1.").arg(t.request.url.host())};
        return Failure{CurlFailure::Network, why};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return Failure{CurlFailure::Untrusted, why};
    case CURLE_READ_ERROR:
        return Failure{CurlFailure::Network,
                       QStringLiteral("reading the image failed (%1)").arg(t.readError.isEmpty() ? why : t.readError)};
    case CURLE_WRITE_ERROR:
        if (t.replyTooLong)
            return Failure{CurlFailure::Network, QStringLiteral("the cloud's reply went on past %1 MiB").arg(MaxReplyBytes >> 20)};
        return Failure{CurlFailure::Network, why};
    case CURLE_OPERATION_TIMEDOUT:
        return Failure{CurlFailure::Network,
                       QStringLiteral("nothing moved for %1 s (%2)").arg(t.request.stallTimeout.count() / 1000).arg(why)};
    default:
        return Failure{CurlFailure::Network, why};
    }
}

}  // namespace

Result<HttpReply, BasicError<CurlFailure>> curlUpload(const CurlUpload &request)
{
    using Failure = BasicError<CurlFailure>;
    initialiseOnce();
    std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
    if (!curl)
        return Failure{CurlFailure::Network, QStringLiteral("libcurl could not start a transfer.")};
    Transfer t{request, {}, {}, false, false, -1};
    CURL *c = curl.get();

    curl_slist *list = nullptr;
    auto addHeader = [&list](const QByteArray &line) {
        if (curl_slist *more = curl_slist_append(list, line.constData()))
            list = more;
    };
    for (const auto &[name, value] : request.headers)
        addHeader(name + ": " + value);
    addHeader("Expect:");  // no wait for "100 Continue": Glance answers the body, not the headers
    const std::unique_ptr<curl_slist, ListDeleter> headers(list);

    const QByteArray url = request.url.toEncoded();
    const QByteArray noProxy = noProxyList();
    char errorText[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_URL, url.constData());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for name resolution time-outs
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);    // PUT
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.size));
    curl_easy_setopt(c, CURLOPT_UPLOAD_BUFFERSIZE, UploadBufferBytes);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, readBody);
    curl_easy_setopt(c, CURLOPT_READDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, writeReply);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, readHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(c, CURLOPT_NOPROXY, noProxy.constData());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connectTimeout.count()));
    // As Qt's transfer timeout: given up when nothing moves for that long (not a limit on a
    // whole upload, which takes as long as the image is large).
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max<qint64>(1, request.stallTimeout.count() / 1000)));
    QByteArray pem;
    if (!request.caCertificates.isEmpty()) {
        for (const auto &certificate : request.caCertificates)
            pem += certificate.toPem();
        curl_blob blob{pem.data(), static_cast<size_t>(pem.size()), CURL_BLOB_COPY};
        curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
    }

    const CURLcode code = curl_easy_perform(c);
    if (code != CURLE_OK)
        return failureOf(code, QString::fromUtf8(errorText[0] ? errorText : curl_easy_strerror(code)), t);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    t.reply.status = static_cast<int>(status);
    return t.reply;
}

}  // namespace ib::openstack
