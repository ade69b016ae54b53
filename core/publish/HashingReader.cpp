#include "publish/HashingReader.h"

#include <QByteArray>

#include <openssl/evp.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace ib::publish {

// md5 and sha512 of a stream of chunks, on one thread that owns both digests. add() copies
// the chunk (a memcpy is far cheaper than the digests) and waits only while MaxQueued
// chunks are still unhashed, so memory stays a few MiB whatever the image's size.
class HashingReader::Hasher
{
public:
    Hasher()
        : m_md5(EVP_MD_CTX_new())
        , m_sha512(EVP_MD_CTX_new())
    {
        EVP_DigestInit_ex(m_md5, EVP_md5(), nullptr);
        EVP_DigestInit_ex(m_sha512, EVP_sha512(), nullptr);
        m_thread = std::thread([this] { run(); });
    }
    ~Hasher()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        m_thread.join();
        EVP_MD_CTX_free(m_md5);
        EVP_MD_CTX_free(m_sha512);
    }
    Hasher(const Hasher &) = delete;
    Hasher &operator=(const Hasher &) = delete;

    void add(const char *data, qint64 size)
    {
        QByteArray chunk(data, size);
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.size() < MaxQueued; });
        m_queue.push_back(std::move(chunk));
        lock.unlock();
        m_changed.notify_all();
    }

    // The digests of everything added so far, in hex; waits for the queue to drain. Once
    // asked, the digests are final (later chunks are ignored).
    QString md5Hex() { return finish().first; }
    QString sha512Hex() { return finish().second; }

private:
    static constexpr size_t MaxQueued = 8;

    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty())
                return;  // stopping, and nothing left
            QByteArray chunk = std::move(m_queue.front());
            m_queue.pop_front();
            m_busy = true;
            const bool final = m_final;
            lock.unlock();
            m_changed.notify_all();
            if (!final) {
                EVP_DigestUpdate(m_md5, chunk.constData(), static_cast<size_t>(chunk.size()));
                EVP_DigestUpdate(m_sha512, chunk.constData(), static_cast<size_t>(chunk.size()));
            }
            lock.lock();
            m_busy = false;
            m_changed.notify_all();
        }
    }

    std::pair<QString, QString> finish()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.empty() && !m_busy; });
        if (!m_final) {
            m_final = true;
            m_md5Hex = digestHex(m_md5);
            m_sha512Hex = digestHex(m_sha512);
        }
        return {m_md5Hex, m_sha512Hex};
    }

    static QString digestHex(EVP_MD_CTX *context)
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(context, digest, &length);
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), static_cast<qsizetype>(length)).toHex());
    }

    EVP_MD_CTX *m_md5;
    EVP_MD_CTX *m_sha512;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_queue;
    bool m_busy = false;
    bool m_stop = false;
    bool m_final = false;
    QString m_md5Hex;
    QString m_sha512Hex;
    std::thread m_thread;
};

HashingReader::HashingReader(const QString &path)
    : m_file(path)
    , m_hasher(std::make_unique<Hasher>())
{}

HashingReader::~HashingReader() = default;

bool HashingReader::open(OpenMode mode)
{
    if (mode != ReadOnly || !m_file.open(QIODevice::ReadOnly))
        return false;
    return QIODevice::open(mode);
}

void HashingReader::close()
{
    m_file.close();
    QIODevice::close();
}

bool HashingReader::seek(qint64 pos)
{
    if (!QIODevice::seek(pos))
        return false;
    return m_file.seek(pos);
}

QString HashingReader::md5Hex() const
{
    return m_hasher->md5Hex();
}

QString HashingReader::sha512Hex() const
{
    return m_hasher->sha512Hex();
}

qint64 HashingReader::readData(char *data, qint64 maxSize)
{
    const qint64 at = m_file.pos();
    const qint64 n = m_file.read(data, maxSize);
    if (n <= 0)
        return n;
    if (at > m_hashedUpTo) {
        m_skipped = true;
    } else if (at + n > m_hashedUpTo) {
        const qint64 skip = m_hashedUpTo - at;
        m_hasher->add(data + skip, n - skip);
        m_hashedUpTo = at + n;
        if (m_onRead)
            m_onRead(m_hashedUpTo);
    }
    return n;
}

}  // namespace ib::publish
