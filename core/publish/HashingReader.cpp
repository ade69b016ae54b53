#include "publish/HashingReader.h"

#include <QByteArray>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace ib::publish {

// md5 and sha512 of a stream of chunks, each digest on a thread of its own (an upload on a
// 2-core machine then has three threads the scheduler can spread, not one long one). add()
// copies the chunk once (a memcpy is far cheaper than the digests); both threads read that
// copy. It waits only while MaxQueued chunks are still unhashed by either digest, so memory
// stays a few MiB whatever the image's size.
class HashingReader::Hasher
{
public:
    Hasher()
        : m_lanes{Lane(EVP_md5()), Lane(EVP_sha512())}
    {
        for (auto &lane : m_lanes)
            lane.thread = std::thread([this, &lane] { run(lane); });
    }
    ~Hasher()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        for (auto &lane : m_lanes)
            lane.thread.join();
    }
    Hasher(const Hasher &) = delete;
    Hasher &operator=(const Hasher &) = delete;

    void add(const char *data, qint64 size)
    {
        std::unique_lock lock(m_mutex);
        QByteArray *free = nullptr;
        m_changed.wait(lock, [this, &free] {
            free = freeBuffer();
            return free && m_lanes[0].queue.size() < MaxQueued && m_lanes[1].queue.size() < MaxQueued;
        });
        // Only this thread writes a buffer no lane holds. A buffer of its own per chunk would
        // cost more than the copy: each MiB malloc'd is fresh mmap'd pages, faulted in one by
        // one (seen in perf: a tenth of the upload's CPU).
        lock.unlock();
        free->resize(size);
        std::memcpy(free->data(), data, static_cast<size_t>(size));
        lock.lock();
        for (auto &lane : m_lanes)
            lane.queue.push_back(*free);  // shared, not copied
        lock.unlock();
        m_changed.notify_all();
    }

    // The digests of everything added so far, in hex; waits for the queues to drain. Once
    // asked, the digests are final (later chunks are ignored).
    QString md5Hex() { return finish().first; }
    QString sha512Hex() { return finish().second; }

private:
    static constexpr size_t MaxQueued = 8;

    // A buffer of the pool that no lane holds (its only reference is the pool's), or null.
    // Chunks in use are at most MaxQueued queued plus one being hashed.
    QByteArray *freeBuffer()
    {
        for (auto &buffer : m_pool) {
            if (buffer.isDetached() || buffer.isNull())
                return &buffer;
        }
        return nullptr;
    }

    struct Lane
    {
        explicit Lane(const EVP_MD *digest)
            : context(EVP_MD_CTX_new())
        {
            EVP_DigestInit_ex(context, digest, nullptr);
        }
        ~Lane() { EVP_MD_CTX_free(context); }
        Lane(const Lane &) = delete;
        Lane &operator=(const Lane &) = delete;

        EVP_MD_CTX *context;
        std::deque<QByteArray> queue;
        bool busy = false;
        std::thread thread;
    };

    void run(Lane &lane)
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this, &lane] { return m_stop || !lane.queue.empty(); });
            if (lane.queue.empty())
                return;  // stopping, and nothing left
            QByteArray chunk = std::move(lane.queue.front());
            lane.queue.pop_front();
            lane.busy = true;
            const bool final = m_final;
            lock.unlock();
            m_changed.notify_all();
            if (!final)
                EVP_DigestUpdate(lane.context, chunk.constData(), static_cast<size_t>(chunk.size()));
            chunk = QByteArray();
            lock.lock();
            lane.busy = false;
            m_changed.notify_all();
        }
    }

    std::pair<QString, QString> finish()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(
            lock, [this] { return std::all_of(m_lanes.begin(), m_lanes.end(), [](const Lane &l) { return l.queue.empty() && !l.busy; }); });
        if (!m_final) {
            m_final = true;
            m_md5Hex = digestHex(m_lanes[0].context);
            m_sha512Hex = digestHex(m_lanes[1].context);
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

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::array<Lane, 2> m_lanes;
    std::array<QByteArray, MaxQueued + 2> m_pool;
    bool m_stop = false;
    bool m_final = false;
    QString m_md5Hex;
    QString m_sha512Hex;
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
