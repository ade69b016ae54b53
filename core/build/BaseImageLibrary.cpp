#include "build/BaseImageLibrary.h"

#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "providers/local/QemuImage.h"
#include "providers/local/QemuTools.h"
#include "storage/Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QUuid>

namespace ib {

BaseImageLibrary::BaseImageLibrary(Store &store, const ApplicationCatalog &catalog, BuildSettings settings)
    : m_store(store)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
{
}

QString BaseImageLibrary::checkLoginUser(const QString &user)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z_][a-z0-9_-]{0,31}$"));
    if (user.isEmpty())
        return QStringLiteral("Give the image's default login user (debian, ubuntu, rocky, ...).");
    if (!valid.match(user).hasMatch())
        return QStringLiteral("\"%1\" is not a valid Linux user name (lower-case letters, digits, '_' and '-', at most 32).").arg(user);
    if (user == QLatin1String("root"))
        return QStringLiteral("Builds log in as the image's default user and use sudo; root logins are disabled in cloud images. Give the default user.");
    return {};
}

Result<BaseImage> BaseImageLibrary::importFile(const QString &file, const QString &osKey, const QString &loginUser, const QString &name,
                                               const std::function<void(const QString &)> &progress)
{
    const QFileInfo info(file);
    if (!info.isFile())
        return makeError(ErrorKind::NotFound, QStringLiteral("file: %1 does not exist or is not a file.").arg(file));
    const auto *os = m_catalog.findOs(osKey);
    if (!os) {
        QStringList known;
        for (const auto &o : m_catalog.operatingSystems())
            known.append(o.key());
        return makeError(ErrorKind::Invalid, QStringLiteral("os: \"%1\" is not in the OS catalog; choose one of: %2.").arg(osKey, known.join(QStringLiteral(", "))));
    }
    if (const auto problem = checkLoginUser(loginUser); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("user: ") + problem);

    auto tools = local::QemuTools::find(m_settings.qemuSystemProgram, m_settings.qemuImgProgram);
    if (!tools)
        return tools.error();
    local::QemuImage img(tools->imgProgram());
    auto source = img.info(info.absoluteFilePath());
    if (!source)
        return makeError(ErrorKind::Invalid, QStringLiteral("file: %1 is not a disk image qemu-img can read: %2").arg(file, source.error().message));
    if (source->format != QLatin1String("qcow2") && source->format != QLatin1String("raw"))
        return makeError(ErrorKind::Invalid, QStringLiteral("file: %1 is a %2 image; import a qcow2 or raw file.").arg(file, source->format));

    BaseImage base;
    base.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    base.name = name.isEmpty() ? info.completeBaseName() : name;
    base.provider = QStringLiteral("local");
    base.os = OsSpec{os->type, os->distro, os->version};
    base.loginUser = loginUser;
    QDir().mkpath(m_settings.baseImagesDirectory());
    base.path = m_settings.baseImagesDirectory() + QLatin1Char('/') + base.id + QStringLiteral(".qcow2");
    const QString partial = base.path + QStringLiteral(".partial");

    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(tools->imgProgram(), {QStringLiteral("convert"), QStringLiteral("-p"), QStringLiteral("-f"), source->format, QStringLiteral("-O"),
                                         QStringLiteral("qcow2"), info.absoluteFilePath(), partial});
    if (!process.waitForStarted(10000))
        return makeError(ErrorKind::Io, QStringLiteral("Cannot run qemu-img: %1").arg(process.errorString()));
    QByteArray pending;
    while (!process.waitForFinished(500)) {
        pending += process.readAll();
        const auto cut = std::max(pending.lastIndexOf('\r'), pending.lastIndexOf('\n'));
        if (cut >= 0 && progress) {
            const auto text = QString::fromUtf8(pending.left(cut)).split(QRegularExpression(QStringLiteral("[\r\n]")), Qt::SkipEmptyParts);
            if (!text.isEmpty())
                progress(text.last().trimmed());
            pending = pending.mid(cut + 1);
        }
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, QStringLiteral("Copying %1 into the library failed: %2").arg(file, QString::fromUtf8(process.readAll()).trimmed()));
    }
    if (!QFile::rename(partial, base.path)) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, QStringLiteral("Cannot move the copy to %1.").arg(base.path));
    }
    base.sizeBytes = source->virtualSize;
    auto saved = m_store.addBaseImage(base);
    if (!saved) {
        QFile::remove(base.path);
        return saved.error();
    }
    logging::get("build")->info("base image {} imported from {} as {}", base.id.toStdString(), file.toStdString(), osKey.toStdString());
    return saved;
}

Result<void> BaseImageLibrary::remove(const QString &id)
{
    auto base = m_store.baseImageById(id);
    if (!base)
        return base.error();
    if (auto removed = m_store.removeBaseImage(base->id); !removed)
        return removed;
    if (base->path.startsWith(m_settings.baseImagesDirectory()))
        QFile::remove(base->path);
    return {};
}

}  // namespace ib
