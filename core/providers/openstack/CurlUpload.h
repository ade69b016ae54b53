#pragma once

#include "providers/openstack/HttpReply.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>
#include <functional>

class QIODevice;

namespace ib::openstack {

// One streamed HTTP PUT through libcurl: Glance's image data. Qt's HTTP stack hands an
// upload from the caller's thread to its own in 16 KiB pieces (QNetworkReplyHttpImpl's
// wantUploadData; no public setting changes it), which held `image publish` to a third of
// `curl -T`'s rate on the same link (tests/bench/publish). libcurl reads the device on
// this thread, in 1 MiB reads, and sends from there.
struct CurlUpload
{
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;  // name, value; Expect and Content-Length are set here
    QIODevice *device = nullptr;                   // open, at position 0, read on this thread only
    qint64 size = 0;
    // Empty: the system's trust (curl's default bundle). Otherwise exactly these CAs (the
    // system's and the cloud's own, as endpoints::sslConfiguration gives them to Qt).
    QList<QSslCertificate> caCertificates;
    std::chrono::milliseconds connectTimeout{60000};
    std::chrono::milliseconds stallTimeout{60000};  // no byte sent or received for this long: given up
    std::function<void(qint64 sent, qint64 total)> progress;
    std::function<bool()> cancelled;  // asked a few times a second
};

// Why no answer came; the message is curl's words, naming what failed.
enum class CurlFailure { Cancelled, Untrusted, Network };

// Any HTTP status is a reply; an error means no answer (cancelled, a refused certificate,
// the network, a stall).
Result<HttpReply, BasicError<CurlFailure>> curlUpload(const CurlUpload &request);

}  // namespace ib::openstack
