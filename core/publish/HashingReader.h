#pragma once

#include <QCryptographicHash>
#include <QFile>
#include <QIODevice>

#include <functional>

namespace ib::publish {

// A read-only device over a file that hashes (md5 and sha512) the bytes handed out, in
// order, as a network upload reads them: the checksums are of the bytes sent, and the file
// is never read twice or whole into memory. A seek back (a request started over) does not
// hash again what was hashed; a skip forward makes the hashes incomplete().
class HashingReader final : public QIODevice
{
public:
    explicit HashingReader(const QString &path);

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_file.size(); }
    bool seek(qint64 pos) override;

    // Called from readData with how far the file has been read (the upload's progress on
    // the reading thread; QNetworkReply's uploadProgress may come late or not at all).
    void setReadCallback(std::function<void(qint64)> callback) { m_onRead = std::move(callback); }

    QString errorText() const { return m_file.errorString(); }
    bool incomplete() const { return m_skipped || m_hashedUpTo != m_file.size(); }
    QString md5Hex() const { return QString::fromLatin1(m_md5.result().toHex()); }
    QString sha512Hex() const { return QString::fromLatin1(m_sha512.result().toHex()); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    QCryptographicHash m_md5{QCryptographicHash::Md5};
    QCryptographicHash m_sha512{QCryptographicHash::Sha512};
    qint64 m_hashedUpTo = 0;
    bool m_skipped = false;
    std::function<void(qint64)> m_onRead;
};

}  // namespace ib::publish
