#pragma once

#include "providers/openstack/CloudAccount.h"
#include "providers/openstack/OpenStackProvider.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace ib {
class ApplicationCatalog;
}

namespace ib::openstack {

// `cloud check`: a probe an administrator runs against a real account and pastes into a
// bug report. Read-only unless `write` (then it also makes and removes a key pair and a
// security group). The report never holds the password, a token or the tenant id.
struct ProbeOptions
{
    bool write = false;
    QString recordDirectory;  // non-empty: every reply is saved there (redacted), for the double's fixtures
};

class CloudProbe final
{
public:
    CloudProbe(CloudAccount account, QString password, const ApplicationCatalog *catalog, ProviderOptions options = {});

    // The report; `ok` is false when a step failed (each step says why in its "error").
    QJsonObject run(const ProbeOptions &options);
    // The report as lines a person reads.
    static QString text(const QJsonObject &report);

private:
    QString redact(QString text) const;
    Result<HttpReply> get(Service service, const QString &path);
    void record(const QString &what, const HttpReply &reply);
    // The report's steps after the sign-in; `ok` becomes false when the step failed.
    QJsonObject flavorsStep(bool &ok);
    QJsonObject baseImagesStep(bool &ok);
    QJsonObject networksStep(bool &ok);
    QJsonValue volumeTypesStep();
    QJsonObject quotasStep();
    QJsonObject writeStep(bool &ok);

    CloudAccount m_account;
    QString m_password;
    OpenStackProvider m_provider;
    QString m_projectId;
    QString m_recordDirectory;
    int m_recorded = 0;
};

}  // namespace ib::openstack
