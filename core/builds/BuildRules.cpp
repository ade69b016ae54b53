#include "builds/BuildRules.h"

#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"
#include "util/InertText.h"

#include <QCoreApplication>
#include <algorithm>

namespace ib::buildrules {

// The dialog shows these messages in the user's language; the CLI installs no translator,
// so it prints them in English.

QString checkImageName(const QString &name)
{
    if (name.isEmpty())
        return QCoreApplication::translate("ib::buildrules", "Enter a name for the image.");
    if (name.size() > MaxImageNameChars) {
        return QCoreApplication::translate("ib::buildrules",
                                           "The image name has %1 characters; at most %2 are allowed, so shorten it by %3.")
            .arg(name.size())
            .arg(MaxImageNameChars)
            .arg(name.size() - MaxImageNameChars);
    }
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        const bool ok = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char(' ') || c == QLatin1Char('-') ||
                        c == QLatin1Char('_') || c == QLatin1Char('.');
        if (!ok) {
            return QCoreApplication::translate("ib::buildrules", "The image name may hold only English letters, digits, spaces, '-', '_' "
                                                                 "and '.'; character %1 (\"%2\") is not one of them.")
                .arg(i + 1)
                .arg(c);
        }
    }
    if (name.trimmed().isEmpty())
        return QCoreApplication::translate("ib::buildrules", "The image name cannot be only spaces.");
    return {};
}

QString checkBaseImage(const ImageTemplate &t, const BaseImage &base, const ApplicationCatalog &catalog)
{
    if (base.os.distro.compare(t.os.distro, Qt::CaseInsensitive) != 0 || base.os.version != t.os.version) {
        const auto *want = catalog.findOs(t.os.key());
        const auto *have = catalog.findOs(base.os.key());
        return QCoreApplication::translate("ib::buildrules", "%1 is %2, but the template builds %3.")
            .arg(base.name, have ? have->name : base.os.key(), want ? want->name : t.os.key());
    }
    for (const auto &appId : t.applications) {
        const auto *app = catalog.findApp(appId);
        if (app && !app->supportsOs(base.os.key()))
            return QCoreApplication::translate("ib::buildrules", "%1 is not available for %2.").arg(app->name, base.os.key());
    }
    return {};
}

BaseImageChoice suitableBaseImages(const ImageTemplate &t, const QList<BaseImage> &all, const ApplicationCatalog &catalog,
                                   const QString &host)
{
    BaseImageChoice choice;
    for (const auto &base : all) {
        if (checkBaseImage(t, base, catalog).isEmpty())
            choice.suitable.append(base);
        else
            ++choice.hidden;
    }
    choice.suitable = hostArchitectureFirst(choice.suitable, host);
    if (choice.hidden > 0) {
        const auto *want = catalog.findOs(t.os.key());
        choice.hiddenReason =
            QCoreApplication::translate("ib::buildrules", "%n base image(s) hidden: the template needs %1.", nullptr, choice.hidden)
                .arg(want ? want->name : t.os.key());
    }
    return choice;
}

QList<BaseImage> hostArchitectureFirst(QList<BaseImage> bases, const QString &host)
{
    std::stable_partition(bases.begin(), bases.end(),
                          [&host](const BaseImage &b) { return host.isEmpty() || architectureFromText(b.architecture) == host; });
    return bases;
}

QString architectureAdvice(const BaseImage &base, const QList<BaseImage> &suitable, const QString &host)
{
    const QString arch = architectureFromText(base.architecture);
    if (host.isEmpty() || arch.isEmpty() || arch == host || base.provider != QLatin1String("local"))
        return {};
    const QString cost =
        QCoreApplication::translate("ib::buildrules", "This %1 image runs under software emulation on this %2 computer (hardware "
                                                      "acceleration runs only %2 guests): expect the build to take several times longer.")
            .arg(architectureTitle(arch), architectureTitle(host));
    for (const auto &other : suitable) {
        if (other.provider == base.provider && architectureFromText(other.architecture) == host)
            return cost + QLatin1Char(' ') +
                   QCoreApplication::translate("ib::buildrules",
                                               "“%1” is the same OS for %2: choose it to build with hardware acceleration.")
                       .arg(inertForLine(other.name), architectureTitle(host));  // a shared store's row
    }
    const auto download = CloudImageNames::download(base.os.key(), host);
    if (download.fileName.isEmpty())
        return cost + QLatin1Char(' ') +
               QCoreApplication::translate("ib::buildrules", "To build faster, import an %1 cloud image of this OS.")
                   .arg(architectureTitle(host));
    return cost + QLatin1Char(' ') +
           QCoreApplication::translate("ib::buildrules", "To build faster, download %1 from %2 and import it (login user %3).")
               .arg(download.fileName, download.url, download.loginUser);
}

}  // namespace ib::buildrules
