#pragma once

#include "templates/ImageTemplate.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace ib {

enum class BuildState { Queued, Running, Succeeded, Failed, Cancelled, Interrupted };

// The steps of ARCHITECTURE.md, in order.
enum class BuildStep { Prepare, Launch, Connect, Ready, Install, UserScript, Generalize, Stop, Capture, TestImage, Cleanup };

QString buildStateName(BuildState state);  // "running"
BuildState buildStateFromName(const QString &name);
QString buildStepName(BuildStep step);   // "user-script"
QString buildStepTitle(BuildStep step);  // "Run the user script"
BuildStep buildStepFromName(const QString &name);
bool isFinished(BuildState state);
QList<BuildStep> allBuildSteps();

// The CPU architecture a disk image boots on: "x86_64" (every cloud here, and local builds
// on PCs and Intel Macs) or "aarch64" (arm64: local builds with HVF on Apple Silicon; an
// x86-64 cloud cannot boot these, so they are local only). Stored rows are untrusted:
// architectureFromText keeps these two only ("amd64"/"arm64" as Debian names them; empty,
// as rows from before schema 7 have it, is x86_64) and gives "" for anything else.
inline constexpr char ArchX86[] = "x86_64";
inline constexpr char ArchArm64[] = "aarch64";
QString architectureFromText(const QString &text);
// "x86-64" / "arm64", as administrators call them.
QString architectureTitle(const QString &architecture);
// This computer's CPU as architectureFromText reads it (platform::cpuArchitecture): hardware
// acceleration (KVM, WHPX, HVF) runs guests of this architecture only. "" on another CPU.
QString hostArchitecture();

// An OS image a build starts from: a local qcow2 (or a cloud image, later).
struct BaseImage
{
    QString id;
    QString name;
    QString provider = QStringLiteral("local");
    QString path;  // local: the qcow2 in the base-image library
    QString format = QStringLiteral("qcow2");
    OsSpec os;
    QString loginUser;     // the default user cloud-init creates
    qint64 sizeBytes = 0;  // virtual size of the disk
    QDateTime createdAt;
    QString architecture = QLatin1String(ArchX86);  // what it boots on (architectureFromText)
};

// A private image a build made.
struct ImageRecord
{
    QString id;
    QString name;
    QString provider = QStringLiteral("local");
    QString location;  // local: the qcow2 path
    QString format = QStringLiteral("qcow2");
    QString templateId;
    int templateRevision = 0;
    QString buildId;
    OsSpec os;
    QString loginUser;
    qint64 sizeBytes = 0;  // bytes on disk
    qint64 virtualSizeBytes = 0;
    QDateTime createdAt;
    // Issue 19. "" (made before image tests existed), "passed", "failed" (kept, never listed as
    // good), "untested" (the template turned the boot test off and has no test script).
    QString testState;
    QStringList datasources;                        // cloud-init's datasource_list as the build VM reported it (validated names)
    QString checksum;                               // "md5:<hex>" of the image's bytes as stored or uploaded
    QString sourceImageId;                          // a published image: the local image it was uploaded from
    QString architecture = QLatin1String(ArchX86);  // its base image's (architectureFromText)
};

struct BuildStepRecord
{
    BuildStep step = BuildStep::Prepare;
    QDateTime startedAt;
    QDateTime finishedAt;  // invalid while it runs
    QString outcome;       // "ok", "failed", "cancelled", "interrupted"
};

// Something a build made and must remove: written as an intent before it is made, marked
// gone after it is removed, so a sweep after a crash knows what to clean.
struct BuildResource
{
    QString id;
    QString buildId;
    QString kind;        // "process", "file", "folder", "port", later cloud kinds
    QString identifier;  // pid, path, port, cloud id
    QString detail;      // what a sweep needs to recognise it (e.g. the process's command line marker)
    QString state;       // "intent", "created", "gone"
};

struct BuildRecord
{
    QString id;
    QString templateId;
    int templateRevision = 0;
    ImageTemplate snapshot;  // the template as it was when the build started
    QString imageName;
    BaseImage baseImage;  // as it was when the build started
    QString provider = QStringLiteral("local");
    BuildState state = BuildState::Queued;
    BuildStep currentStep = BuildStep::Prepare;
    QString failureCause;
    QString ownerHost;  // the machine running it: only it may cancel or sweep
    qint64 ownerPid = 0;
    QString logPath;
    QString imageId;  // set when it succeeded
    bool cancelRequested = false;
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    QList<BuildStepRecord> steps;
};

}  // namespace ib
