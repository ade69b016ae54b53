#pragma once

#include "model/BuildTypes.h"

#include <QList>
#include <QString>

namespace ib {

class ApplicationCatalog;

// The Build Image dialog's rules.
namespace buildrules {

constexpr int MaxImageNameChars = 255;

// 1 to 255 characters: ASCII letters, digits, space, '-', '_', '.'. Empty when valid.
QString checkImageName(const QString &name);

struct BaseImageChoice
{
    QList<BaseImage> suitable;
    int hidden = 0;
    QString hiddenReason;  // "3 base images are hidden: they are not Debian 12."
};

// The base images a template can be built from: same OS distribution and version. Those of
// `host`'s CPU architecture come first (a local build of another runs under emulation), the
// rest in the order given.
BaseImageChoice suitableBaseImages(const ImageTemplate &t, const QList<BaseImage> &all, const ApplicationCatalog &catalog,
                                   const QString &host = hostArchitecture());
// `bases` with those of `host`'s CPU architecture first, each part in its order (all as
// given for an unknown host): the order every base image choice offers them in.
QList<BaseImage> hostArchitectureFirst(QList<BaseImage> bases, const QString &host = hostArchitecture());
// Issue 20: for a local build from `base` whose CPU architecture is not `host`'s (an x86-64
// image on Apple Silicon, an arm64 one on a PC), what it costs and the faster way: the
// suitable base image of `host`'s architecture when there is one, else the cloud image to
// import. Empty when `base` is `host`'s, or either is unknown.
QString architectureAdvice(const BaseImage &base, const QList<BaseImage> &suitable, const QString &host = hostArchitecture());
// Why this base image does not suit the template; empty when it does.
QString checkBaseImage(const ImageTemplate &t, const BaseImage &base, const ApplicationCatalog &catalog);

}  // namespace buildrules
}  // namespace ib
