#include "settings/BuildSettings.h"

#include <QStandardPaths>

namespace ib {

BuildSettings BuildSettings::defaults()
{
    BuildSettings s;
    s.dataDirectory = qEnvironmentVariable("IMAGEBUILDER_DATA_DIR");
    if (s.dataDirectory.isEmpty())
        s.dataDirectory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    const auto accel = qEnvironmentVariable("IMAGEBUILDER_ACCELERATOR");
    if (!accel.isEmpty())
        s.accelerator = accel;
    return s;
}

}  // namespace ib
