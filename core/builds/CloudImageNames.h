#pragma once

#include "model/BuildTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ib {

// The distributions' cloud images Image Builder knows by file name: what to download for
// an OS, and what a downloaded file's name says about its OS and default user. The one
// place for both: the GUI's import prefill, the CLI's import defaults and every "import a
// cloud image instead" message read it.
class CloudImageNames final
{
public:
    struct Known
    {
        QString osKey;          // "debian:12"
        QString loginUser;      // "debian"
        QStringList fileNames;  // the names the distribution publishes, first the one to download
        QString url;            // the folder they are downloaded from
        // The same OS for arm64 (local builds with HVF on Apple Silicon), and its folder.
        QString arm64FileName;
        QString arm64Url;
    };
    // What to download for an OS on a CPU architecture ("x86_64" or "aarch64").
    struct Download
    {
        QString fileName;  // empty: Image Builder knows none
        QString url;
        QString loginUser;
    };
    struct Guess
    {
        QString osKey;  // empty: the name says nothing
        QString loginUser;
        // "aarch64" for a name with arm64/aarch64 in it, "x86_64" for amd64/x86_64; else empty.
        QString architecture;
        bool isKnown() const { return !osKey.isEmpty(); }
    };

    static const QList<Known> &known();
    // From a file name or path, e.g. ".../jammy-server-cloudimg-amd64.img" -> ubuntu:22.04, ubuntu.
    static Guess guess(const QString &fileName);
    // The known image for an OS, or nullptr.
    static const Known *forOs(const QString &osKey);
    static Download download(const QString &osKey, const QString &architecture);
    // "Debian 12: debian-12-genericcloud-amd64.qcow2 from https://... (--os debian:12 --user debian)",
    // one line per known OS, for images of `architecture` (this computer's by default).
    static QStringList downloadLines(const QString &architecture = hostArchitecture());
};

}  // namespace ib
