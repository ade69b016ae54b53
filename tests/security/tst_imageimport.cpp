// A hostile image corpus: every file a colleague, a download or a build could hand to
// "base-image import" that would make qemu-img read another file of this machine, run
// away, or import damage. Each is refused with a sentence, and nothing is copied.
#include "baseimages/BaseImageLibrary.h"
#include "catalog/ApplicationCatalog.h"
#include "providers/local/QemuImage.h"
#include "settings/BuildSettings.h"
#include "storage/Store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;

namespace {

const QByteArray kMarker = "HOST-SECRET-4f1c9a-never-in-a-base-image";

bool run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning("%s %s: %s", qPrintable(program), qPrintable(arguments.join(QLatin1Char(' '))), p.readAll().constData());
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

}  // namespace

class TestImageImport final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_img;
    QString m_secret;  // a host file the hostile images point at
    std::unique_ptr<Store> m_store;
    BuildSettings m_settings;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Every file under the data folder: nothing of the secret may be in any of them.
    QStringList dataFiles() const
    {
        QStringList out;
        QDirIterator it(m_settings.dataDirectory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            out.append(it.next());
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_img = QStandardPaths::findExecutable(QStringLiteral("qemu-img"));
        if (m_img.isEmpty())
            QSKIP("qemu-img is not installed");
        m_secret = path(QStringLiteral("id_ed25519"));
        QVERIFY(writeFile(m_secret, kMarker.repeated(4096)));  // 160 KiB of "host file"
        auto store = Store::open(path(QStringLiteral("store.sqlite")));
        QVERIFY(store);
        m_store = std::move(store).value();
        m_settings.dataDirectory = path(QStringLiteral("data"));
        m_settings.qemuImgProgram = m_img;
        const QString system = QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64"));
        if (system.isEmpty())
            QSKIP("qemu-system-x86_64 is not installed (QemuTools looks for both)");
        m_settings.qemuSystemProgram = system;
    }

    void hostileImagesAreRefused_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");  // a word of the sentence

        // 1. A qcow2 whose backing file is a host file (qemu-img convert would flatten it in).
        const QString backing = path(QStringLiteral("backing.qcow2"));
        QVERIFY(run(m_img, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                            QStringLiteral("-b"), m_secret, QStringLiteral("-F"), QStringLiteral("raw"), backing}));
        QTest::newRow("backing file") << backing << QStringLiteral("backing file");

        // 2. The same with the backing file given relative to the image.
        const QString relative = path(QStringLiteral("relative-backing.qcow2"));
        QVERIFY(run(m_img, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                            QStringLiteral("-b"), QStringLiteral("id_ed25519"), QStringLiteral("-F"), QStringLiteral("raw"), relative}));
        QTest::newRow("relative backing file") << relative << QStringLiteral("backing file");

        // 3. A qcow2 whose data lives in an external data file: it is then aimed at the secret.
        const QString dataFile = path(QStringLiteral("data-file.qcow2"));
        QVERIFY(run(m_img, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                            QStringLiteral("-o"), QStringLiteral("data_file=%1,data_file_raw=on").arg(path(QStringLiteral("made.raw"))),
                            dataFile, QStringLiteral("1M")}));
        QVERIFY(run(m_img, {QStringLiteral("amend"), QStringLiteral("-f"), QStringLiteral("qcow2"), QStringLiteral("-o"),
                            QStringLiteral("data_file=%1").arg(m_secret), dataFile}));
        QTest::newRow("external data file") << dataFile << QStringLiteral("external data file");

        // 4. A vmdk descriptor whose extent is a host file.
        const QString vmdk = path(QStringLiteral("extent.vmdk"));
        QVERIFY(writeFile(vmdk, QStringLiteral("# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"
                                               "createType=\"monolithicFlat\"\n\n# Extent description\nRW 320 FLAT \"%1\" 0\n")
                                    .arg(m_secret)
                                    .toUtf8()));
        QTest::newRow("vmdk extent naming a host file") << vmdk << QStringLiteral("vmdk");

        // 5. A sparse vmdk made by qemu-img itself: not a format we take.
        const QString sparse = path(QStringLiteral("sparse.vmdk"));
        QVERIFY(run(m_img, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("vmdk"), sparse,
                            QStringLiteral("1M")}));
        QTest::newRow("sparse vmdk") << sparse << QStringLiteral("vmdk");

        // 6. A VHD (vpc) image.
        const QString vpc = path(QStringLiteral("disk.vhd"));
        QVERIFY(run(m_img, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("vpc"), vpc,
                            QStringLiteral("1M")}));
        QTest::newRow("vhd") << vpc << QStringLiteral("vpc");

        // 7. A qcow2 that declares a huge disk (3 TiB; a few hundred KiB on disk).
        const QString huge = path(QStringLiteral("huge.qcow2"));
        QVERIFY(run(m_img, {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"), huge,
                            QStringLiteral("3T")}));
        QTest::newRow("huge virtual size") << huge << QStringLiteral("GiB");

        // 8. A qcow2 cut short: its header is intact, its clusters are not there.
        const QString raw = path(QStringLiteral("full.raw"));
        QByteArray noise;
        for (int i = 0; i < 4 * 1024 * 1024 / 16; ++i)
            noise += QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Md5);
        QVERIFY(writeFile(raw, noise));
        const QString truncated = path(QStringLiteral("truncated.qcow2"));
        QVERIFY(run(m_img, {QStringLiteral("convert"), QStringLiteral("-f"), QStringLiteral("raw"), QStringLiteral("-O"),
                            QStringLiteral("qcow2"), raw, truncated}));
        QVERIFY(QFile::resize(truncated, QFileInfo(truncated).size() / 2));
        QTest::newRow("truncated qcow2") << truncated << QStringLiteral("damaged");

        // 9. Raw bytes that start like a qcow2.
        const QString fake = path(QStringLiteral("looks-like.qcow2"));
        QVERIFY(writeFile(fake, QByteArray("QFI\xfb", 4) + noise.left(64 * 1024)));
        QTest::newRow("raw bytes that look like qcow2") << fake << QStringLiteral("qcow2");

        // 10. A header cut inside its first 72 bytes.
        const QString stub = path(QStringLiteral("stub.qcow2"));
        QVERIFY(writeFile(stub, QByteArray("QFI\xfb\0\0\0\3", 8)));
        QTest::newRow("qcow2 header cut short") << stub << QStringLiteral("cut short");

        // 11. An empty file.
        const QString empty = path(QStringLiteral("empty.img"));
        QVERIFY(writeFile(empty, QByteArray()));
        QTest::newRow("empty file") << empty << QStringLiteral("empty");
    }

    void hostileImagesAreRefused()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        BaseImageLibrary library(*m_store, ApplicationCatalog::builtin(), m_settings);
        auto imported = library.importFile(file, QStringLiteral("debian:12"), QStringLiteral("debian"));
        QVERIFY2(!imported, qPrintable(QStringLiteral("%1 was imported").arg(file)));
        const QString message = imported.error().message;
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(expected, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY2(message.endsWith(QLatin1Char('.')) || message.endsWith(QLatin1Char(')')), qPrintable(message));
        // Nothing copied: no file in the data folder (not even a .partial), no row.
        QVERIFY2(dataFiles().isEmpty(), qPrintable(dataFiles().join(QLatin1Char(' '))));
        QVERIFY(m_store->listBaseImages()->isEmpty());
    }

    // The same checks let real images through (so the refusals above are about the files).
    void plainImagesAreImported()
    {
        BaseImageLibrary library(*m_store, ApplicationCatalog::builtin(), m_settings);
        const QString raw = path(QStringLiteral("plain.raw"));
        QVERIFY(writeFile(raw, QByteArray(2 * 1024 * 1024, 'x')));
        auto fromRaw = library.importFile(raw, QStringLiteral("debian:12"), QStringLiteral("debian"));
        QVERIFY2(fromRaw, qPrintable(fromRaw ? QString() : fromRaw.error().message));
        const QString qcow = path(QStringLiteral("plain.qcow2"));
        QVERIFY(run(m_img, {QStringLiteral("convert"), QStringLiteral("-f"), QStringLiteral("raw"), QStringLiteral("-O"),
                            QStringLiteral("qcow2"), raw, qcow}));
        auto fromQcow = library.importFile(qcow, QStringLiteral("debian:12"), QStringLiteral("debian"));
        QVERIFY2(fromQcow, qPrintable(fromQcow ? QString() : fromQcow.error().message));
        QCOMPARE(m_store->listBaseImages()->size(), 2);
        for (const auto &f : dataFiles()) {
            QFile file(f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(kMarker), qPrintable(f));
        }
    }

    // base-image remove: a row whose path leaves the library ("../../.bashrc") removes the
    // row, never the file.
    void removeStaysInTheLibrary()
    {
        const QString victim = path(QStringLiteral("bashrc"));
        QVERIFY(writeFile(victim, "export PS1=keep-me\n"));
        BaseImage planted;
        planted.name = QStringLiteral("planted");
        planted.provider = QStringLiteral("local");
        planted.format = QStringLiteral("qcow2");
        planted.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        planted.loginUser = QStringLiteral("debian");
        planted.path = m_settings.baseImagesDirectory() + QStringLiteral("/../../bashrc");
        auto row = m_store->addBaseImage(planted);
        QVERIFY(row);
        BaseImageLibrary library(*m_store, ApplicationCatalog::builtin(), m_settings);
        QVERIFY(library.remove(row->id));
        QVERIFY(QFile::exists(victim));
        QVERIFY(!m_store->baseImageById(row->id));
    }
};

QTEST_GUILESS_MAIN(TestImageImport)
#include "tst_imageimport.moc"
