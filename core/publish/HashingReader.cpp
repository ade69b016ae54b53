#include "publish/HashingReader.h"

namespace ib::publish {

HashingReader::HashingReader(const QString &path)
    : m_file(path)
{}

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
        const QByteArrayView fresh(data + skip, n - skip);
        m_md5.addData(fresh);
        m_sha512.addData(fresh);
        m_hashedUpTo = at + n;
        if (m_onRead)
            m_onRead(m_hashedUpTo);
    }
    return n;
}

}  // namespace ib::publish
