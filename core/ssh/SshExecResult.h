#pragma once

#include <QString>

namespace ib::ssh {

// How a remote command ended.
struct SshExecResult
{
    int exitStatus = -1;  // -1 when a signal ended it
    QString exitSignal;   // "TERM", "KILL", ... when a signal ended it

    bool succeeded() const { return exitStatus == 0 && exitSignal.isEmpty(); }
};

}  // namespace ib::ssh
