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

// The base images a template can be built from: same OS distribution and version.
BaseImageChoice suitableBaseImages(const ImageTemplate &t, const QList<BaseImage> &all, const ApplicationCatalog &catalog);
// Why this base image does not suit the template; empty when it does.
QString checkBaseImage(const ImageTemplate &t, const BaseImage &base, const ApplicationCatalog &catalog);

}  // namespace buildrules
}  // namespace ib
