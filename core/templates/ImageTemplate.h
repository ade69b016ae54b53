#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace ib {

// The OS of the image a template builds: type, distribution and version.
struct OsSpec
{
    QString type = QStringLiteral("linux");
    QString distro;   // "debian"
    QString version;  // "12"

    QString key() const { return distro + QLatin1Char(':') + version; }  // "debian:12"
    bool operator==(const OsSpec &) const = default;
};

// An image template as the user edits it. `revision` counts saves: 1 after create, and
// every update names the revision it started from (optimistic locking).
struct ImageTemplate
{
    QString id;  // UUID, without braces
    QString name;
    OsSpec os;
    QStringList applications;  // catalog ids, in the order chosen
    int minStorageGb = 10;
    QString userScript;  // empty: none
    QString description;
    QString testScript;    // issue 19: run as the default user in a fresh VM of the captured image; empty: none
    bool bootTest = true;  // boot the captured image and check it comes up (login, cloud-init, units)
    int revision = 0;
    QDateTime createdAt;  // UTC
    QDateTime updatedAt;  // UTC
    // Store::templateRevisions only: who saved the revision, as the saving client said
    // ("user@host"; schema 6). Another member of a team store writes it: shown, never trusted.
    QString savedBy;

    // The fields a user edits (no id, revision or times), for export and revisions.
    QJsonObject contentToJson() const;
    static ImageTemplate contentFromJson(const QJsonObject &object);

    // Everything, for --json output and snapshots.
    QJsonObject toJson() const;
    static ImageTemplate fromJson(const QJsonObject &object);

    bool sameContent(const ImageTemplate &other) const;
};

}  // namespace ib
