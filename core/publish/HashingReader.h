#pragma once

#include <QFile>
#include <QIODevice>
#include <QString>

#include <functional>
#include <memory>

namespace ib::publish {

// A read-only device over a file that hashes (md5 and sha512) the bytes handed out, in
// order, as a network upload reads them: the checksums are of the bytes sent, and the file
// is never read twice or whole into memory. A seek back (a request started over) does not
// hash again what was hashed; a skip forward makes the hashes incomplete().
//
// The hashing runs on a thread of its own, with OpenSSL's digests: Qt 6.4's own sha512 does
// about 200 MiB/s here, and md5 and sha512 on the uploading thread held the upload to half
// the rate of `curl -T` (tests/bench/publish). A few chunks wait for it at most.
class HashingReader final : public QIODevice
{
public:
    explicit HashingReader(const QString &path);
    ~HashingReader() override;

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_file.size(); }
    bool seek(qint64 pos) override;

    // Called from readData with how far the file has been read (the upload's progress on
    // the reading thread; the transfer's own progress may come late or not at all).
    void setReadCallback(std::function<void(qint64)> callback) { m_onRead = std::move(callback); }

    QString errorText() const { return m_file.errorString(); }
    bool incomplete() const { return m_skipped || m_hashedUpTo != m_file.size(); }
    // Wait for the hashing thread to finish what was read so far.
    QString md5Hex() const;
    QString sha512Hex() const;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    class Hasher;

    QFile m_file;
    std::unique_ptr<Hasher> m_hasher;
    qint64 m_hashedUpTo = 0;
    bool m_skipped = false;
    std::function<void(qint64)> m_onRead;
};

}  // namespace ib::publish
