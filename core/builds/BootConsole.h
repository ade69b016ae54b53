#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace ib {

// What a VM's serial console says about a boot that will not let anyone in, so that the
// image test fails when the boot has stopped instead of at its deadline. The console is the
// VM's own output (untrusted): it is only searched for fixed phrases, and only ends a wait.
//
// A sign of a boot that stopped for good (the phrase the console shows, named for the
// user), or nothing.
std::optional<QString> stoppedBootSign(const QString &console);
// True once the console shows cloud-init's final message: the first boot has ended.
bool bootFinished(const QString &console);

// Asked while the test waits for SSH: watches the console and says when to give up.
class BootWatch
{
public:
    // SSH may take this long after cloud-init's final message (sshd starts well before it).
    explicit BootWatch(std::chrono::milliseconds afterFinish = std::chrono::seconds(30))
        : m_afterFinish(afterFinish)
    {}
    // `console`: the console's newest part; `sinceLaunch`: time since the VM was started.
    // A reason to stop waiting, or an empty string.
    QString verdict(const QString &console, std::chrono::milliseconds sinceLaunch);

private:
    std::chrono::milliseconds m_afterFinish;
    std::optional<std::chrono::milliseconds> m_finishedAt;
};

}  // namespace ib
