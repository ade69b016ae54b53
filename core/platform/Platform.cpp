#include "platform/Platform.h"

#include <QFileDevice>

namespace ib::platform {

int modeFromPermissions(int qtPermissions)
{
    const QFileDevice::Permissions p = QFileDevice::Permissions::fromInt(qtPermissions);
    int mode = 0;
    mode |= p.testFlag(QFileDevice::ReadOwner) ? 0400 : 0;
    mode |= p.testFlag(QFileDevice::WriteOwner) ? 0200 : 0;
    mode |= p.testFlag(QFileDevice::ExeOwner) ? 0100 : 0;
    mode |= p.testFlag(QFileDevice::ReadGroup) ? 040 : 0;
    mode |= p.testFlag(QFileDevice::WriteGroup) ? 020 : 0;
    mode |= p.testFlag(QFileDevice::ExeGroup) ? 010 : 0;
    mode |= p.testFlag(QFileDevice::ReadOther) ? 04 : 0;
    mode |= p.testFlag(QFileDevice::WriteOther) ? 02 : 0;
    mode |= p.testFlag(QFileDevice::ExeOther) ? 01 : 0;
    return mode;
}

}  // namespace ib::platform
