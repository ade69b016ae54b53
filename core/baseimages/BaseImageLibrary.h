#pragma once

#include "model/BuildTypes.h"
#include "platform/Process.h"
#include "settings/BuildSettings.h"
#include "util/Result.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <functional>

namespace ib {

class ApplicationCatalog;
class Store;

// The local base images: imported files copied (as qcow2) into the library folder, so
// the user's file can move and overlays never point at a file that may change.
class BaseImageLibrary final
{
    // Checks and errors show in the GUI's dialogs in the user's language; the CLI installs
    // no translator, so it prints them in English.
    Q_DECLARE_TR_FUNCTIONS(ib::BaseImageLibrary)

public:
    BaseImageLibrary(Store &store, const ApplicationCatalog &catalog, BuildSettings settings);

    // Blocks while qemu-img copies the file (call it off the UI thread). `progress` gets
    // lines such as "(42.00/100%)".
    // `architecture`: what the image boots on, "x86_64" or "aarch64" (also "amd64", "arm64").
    Result<BaseImage> importFile(const QString &file, const QString &osKey, const QString &loginUser, const QString &name = {},
                                 const std::function<void(const QString &)> &progress = {},
                                 const QString &architecture = QStringLiteral("x86_64"));
    // How a process that is not root runs the base image script as root. Only the script
    // runs as root; its image is imported into this user's library as this user.
    enum class RootVia {
        None,          // only when already root
        Sudo,          // sudo asks for the password on the terminal
        SudoNoPrompt,  // sudo -n: works where sudo needs no password, fails at once elsewhere
        Pkexec,        // polkit: the desktop's authentication dialog asks
    };
    // Empty when createDebian12 can run here with `via`; else why not and what to do,
    // ending with cloudImageHint().
    static QString checkCanCreate(RootVia via);
    static bool isRoot();
    // Where pkexec is, or empty.
    static QString pkexecProgram();

    // Makes a Debian 12 base image from Debian's archive with the script the tests use
    // (packaging/base-image/make-debian-base-image.sh), then imports it. Needs Linux and
    // root (or `via`); otherwise the error says how to import a distribution's cloud image
    // instead. Blocks for minutes the first time (cached afterwards); `progress` gets its
    // lines. `cancel` stops the script's whole process group (its clean-up runs).
    Result<BaseImage> createDebian12(const std::function<void(const QString &)> &progress = {}, const std::atomic_bool *cancel = nullptr,
                                     RootVia via = RootVia::None);
    // Where the script is: IMAGEBUILDER_BASE_IMAGE_SCRIPT, the installed copy, or the source tree.
    static QString baseImageScript();
    // What to download and how to import it, for machines that cannot make one.
    static QString cloudImageHint();

    // Refused while a build uses it; deletes the library's copy.
    Result<void> remove(const QString &id);
    // A new name (what lists and Build Image show); the file and id stay. Invalid: said why.
    Result<BaseImage> rename(const QString &id, const QString &name);
    // Empty when `name` can name a base image: 1 to 255 bytes of UTF-8, no control characters.
    static QString checkName(const QString &name);

    // Checks without doing anything; empty when fine.
    static QString checkLoginUser(const QString &user);

private:
    // createDebian12's run of the script (through `program`: bash, sudo or pkexec), its
    // lines handed to `progress`; cancelled through its wrapper, which ends the script's
    // process group. An error when it could not start or was cancelled (`output` removed).
    static Result<platform::ProcessResult> runMakerScript(const QString &program, const QStringList &arguments, const QString &output,
                                                          const std::function<void(const QString &)> &progress,
                                                          const std::atomic_bool *cancel);

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    BuildSettings m_settings;
};

}  // namespace ib
