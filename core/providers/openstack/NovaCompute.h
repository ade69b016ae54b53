#pragma once

#include "providers/openstack/CloudReplies.h"
#include "providers/openstack/OpenStackClient.h"
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ib::openstack {

// Nova's calls of a build: the flavor list, the key pair, the build's server (its request,
// its states, os-stop, createImage, its root volume) and the clean-up's look-ups. The
// request bodies are built and the replies read here; the order of the steps, the ledger
// and the log are the provider's.
namespace nova {

// Every page of the flavor list.
Result<QList<replies::Flavor>> listFlavors(OpenStackClient &client);

// POST /os-keypairs: `publicKey` imported under `name`, or (createKeyPair) a pair the
// cloud makes. The reply as it came: a refused import is the caller's to answer.
Result<HttpReply> importKeyPair(OpenStackClient &client, const QString &name, const QString &publicKey);
Result<HttpReply> createKeyPair(OpenStackClient &client, const QString &name);
// "/os-keypairs/NAME".
QString keyPairPath(const QString &name);

struct ServerRequest
{
    QString name;  // the server's, and that of the key pair and the security group it gets
    QString flavorId;
    QString networkId;
    QString imageId;
    QByteArray userData;  // base64
    QString buildId;
    bool volumeBacked = false;  // else the root disk is the flavor's local disk
    int rootGb = 0;             // the root volume's size
    QString volumeType;         // of the root volume; empty: the cloud's default
};
// POST /servers's body.
QJsonObject serverBody(const ServerRequest &request);
// POST /servers: the new server's id.
Result<QString> createServer(OpenStackClient &client, const ServerRequest &request);
// "/servers/ID".
QString serverPath(const QString &serverId);

// A server's state as GET /servers/ID describes it while it starts: true once ACTIVE, an
// error when ERROR (Nova's fault message, also left in `fault`).
Result<bool> hasStarted(const QJsonObject &server, QString *fault);
// ...and while it stops: true once SHUTOFF.
Result<bool> hasStopped(const QJsonObject &server);

// POST os-stop; a 409 (stopping or stopped already) is no failure.
Result<void> stopServer(OpenStackClient &client, const QString &serverId);

// The root volume of the volume-backed `server` (GET /servers/ID's answer), or the first of
// its os-volume_attachments when the answer names none; empty when neither does.
QString rootVolume(OpenStackClient &client, const QString &serverId, const QJsonObject &server);

// POST createImage on the server. The reply as it came (replies::createdImageId reads it).
Result<HttpReply> createImage(OpenStackClient &client, const QString &serverId, const QString &name);

// The clean-up's (cancel() does not end them): the ids of the servers named `name`, and
// the name of server `serverId` (empty when the cloud does not say).
Result<QStringList> serversNamed(OpenStackClient &client, const QString &name);
QString serverName(OpenStackClient &client, const QString &serverId);

}  // namespace nova
}  // namespace ib::openstack
