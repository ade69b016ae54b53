#include "providers/local/QemuImage.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using ib::local::QemuImage;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

int run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        return -1;
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

}  // namespace

class QemuImageTest final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_qemuImg = QStandardPaths::findExecutable(QStringLiteral("qemu-img"));
        m_qemuIo = QStandardPaths::findExecutable(QStringLiteral("qemu-io"));
    }

    void parseInfo()
    {
        // qemu-img 7.2 info --output=json of an overlay.
        const QByteArray json = R"({
            "virtual-size": 8589934592, "filename": "/tmp/d.qcow2", "cluster-size": 65536,
            "format": "qcow2", "actual-size": 200704,
            "format-specific": {"type": "qcow2", "data": {"compat": "1.1", "compression-type": "zlib",
                "lazy-refcounts": false, "refcount-bits": 16, "corrupt": false, "extended-l2": false}},
            "full-backing-filename": "/var/tmp/base.qcow2", "backing-filename": "/var/tmp/base.qcow2",
            "backing-filename-format": "qcow2", "dirty-flag": false})";
        auto info = QemuImage::parseInfo(json);
        QVERIFY(info.ok());
        QCOMPARE(info->format, QStringLiteral("qcow2"));
        QCOMPARE(info->virtualSize, Q_INT64_C(8589934592));
        QCOMPARE(info->backingFile, QStringLiteral("/var/tmp/base.qcow2"));
        QCOMPARE(info->backingFormat, QStringLiteral("qcow2"));
        QCOMPARE(info->compressionType, QStringLiteral("zlib"));
        QVERIFY(!QemuImage::parseInfo("qemu-img: Could not open").ok());
    }

    // The whole path a local build takes on disk: base -> overlay (grown) -> guest writes
    // -> capture; the base must stay as it was and the capture must equal the overlay.
    void overlayAndCapture()
    {
        if (m_qemuImg.isEmpty() || m_qemuIo.isEmpty()) {
            QSKIP("qemu-img or qemu-io is not installed here");
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString base = dir.filePath(QStringLiteral("base.qcow2"));
        const QString pristine = dir.filePath(QStringLiteral("pristine.qcow2"));
        const QString overlay = dir.filePath(QStringLiteral("overlay.qcow2"));
        const QString captured = dir.filePath(QStringLiteral("captured.qcow2"));

        QCOMPARE(run(m_qemuImg, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"), base,
                                 QStringLiteral("16M")}),
                 0);
        QCOMPARE(run(m_qemuIo, {QStringLiteral("-c"), QStringLiteral("write -P 0x11 0 1M"), base}), 0);
        QVERIFY(QFile::copy(base, pristine));

        QemuImage image(m_qemuImg);
        auto over = image.createOverlay(base, overlay, 64 * kMiB);
        QVERIFY2(over.ok(), over ? "" : qPrintable(over.error().message));
        QCOMPARE(over->virtualSize, 64 * kMiB);
        QCOMPARE(over->backingFile, QFileInfo(base).absoluteFilePath());
        QCOMPARE(over->backingFormat, QStringLiteral("qcow2"));

        // Never smaller than the base.
        const QString small = dir.filePath(QStringLiteral("small.qcow2"));
        auto smallOver = image.createOverlay(base, small, 1 * kMiB);
        QVERIFY(smallOver.ok());
        QCOMPARE(smallOver->virtualSize, 16 * kMiB);

        // "The guest" writes past the base's end and over its data.
        QCOMPARE(run(m_qemuIo, {QStringLiteral("-c"), QStringLiteral("write -P 0x22 32M 1M"), overlay}), 0);
        QCOMPARE(run(m_qemuIo, {QStringLiteral("-c"), QStringLiteral("write -P 0x33 512k 64k"), overlay}), 0);

        auto cap = image.captureCompressed(overlay, captured);
        QVERIFY2(cap.ok(), cap ? "" : qPrintable(cap.error().message));
        QVERIFY(cap->backingFile.isEmpty());
        QCOMPARE(cap->virtualSize, 64 * kMiB);
        QCOMPARE(cap->compressionType, image.supportsZstd() ? QStringLiteral("zstd") : QStringLiteral("zlib"));
        QVERIFY(!QFile::exists(captured + QStringLiteral(".partial")));

        // Same guest-visible bytes as the overlay; the base untouched.
        QCOMPARE(run(m_qemuImg, {QStringLiteral("compare"), QStringLiteral("-q"), overlay, captured}), 0);
        QCOMPARE(run(m_qemuImg, {QStringLiteral("compare"), QStringLiteral("-q"), base, pristine}), 0);
        QVERIFY(run(m_qemuImg, {QStringLiteral("compare"), QStringLiteral("-q"), base, captured}) != 0);
    }

    void missingImage()
    {
        if (m_qemuImg.isEmpty()) {
            QSKIP("qemu-img is not installed here");
        }
        QemuImage image(m_qemuImg);
        auto info = image.info(QStringLiteral("/nonexistent/base.qcow2"));
        QVERIFY(!info);
        QCOMPARE(info.error().kind, ib::ErrorKind::NotFound);
    }

private:
    QString m_qemuImg;
    QString m_qemuIo;
};

QTEST_GUILESS_MAIN(QemuImageTest)
#include "tst_qemuimage.moc"
