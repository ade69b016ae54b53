#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace ib::test {

// The OpenStack / NHN Cloud API double (tests/support/openstack-double/, see its README.md)
// as a test fixture: starts it with QProcess, reads its ready line, and offers its control
// API. Servers of the double are real SSH targets (chroot trees with sshd, or QEMU VMs)
// listening on their floating IP (127.0.10.x) at sshPort(). Needs root unless
// targets is None. stop() (and the destructor) ends the double, which kills every target
// it started and removes its folder.
class OpenStackDouble final
{
public:
    enum class Targets { Chroot, Vm, None };
    struct Options
    {
        Targets targets = Targets::Chroot;
        QString baseImage;            // vm: the Debian 12 qcow2 behind the seeded Debian image
        double tokenLifetime = 3600;  // seconds
        double buildDelay = 1.0;      // BUILD -> ACTIVE
        double imageSavingDelay = 1.0;
        int imagePageSize = 25;
        QStringList extraArguments;  // any other option of openstack_double.py
        // HTTPS (--tls-cert/--tls-key): the CA the control requests trust.
        QString tlsCert, tlsKey, tlsCaFile;
    };

    OpenStackDouble();
    explicit OpenStackDouble(Options options);
    ~OpenStackDouble();
    OpenStackDouble(const OpenStackDouble &) = delete;
    OpenStackDouble &operator=(const OpenStackDouble &) = delete;

    static QString scriptPath();

    // Starts the double and waits for its ready line. Returns an error text, empty on success.
    QString start(int timeoutMs = 180000);
    void stop();
    bool isRunning() const;

    // The double's process (the benchmarks read its CPU time from /proc).
    qint64 processId() const { return m_process ? m_process->processId() : 0; }
    QString url() const { return m_ready.value(QStringLiteral("url")).toString(); }
    QString identityV2Url() const { return m_ready.value(QStringLiteral("identity_v2")).toString(); }
    QString identityV3Url() const { return m_ready.value(QStringLiteral("identity_v3")).toString(); }
    quint16 sshPort() const { return static_cast<quint16>(m_ready.value(QStringLiteral("ssh_port")).toInt()); }
    QString region() const { return m_ready.value(QStringLiteral("region")).toString(); }
    QString tenantId() const { return m_ready.value(QStringLiteral("tenant_id")).toString(); }
    QString tenantName() const { return m_ready.value(QStringLiteral("tenant_name")).toString(); }
    QString username() const { return m_ready.value(QStringLiteral("username")).toString(); }
    QString password() const { return m_ready.value(QStringLiteral("password")).toString(); }
    QString workdir() const { return m_ready.value(QStringLiteral("workdir")).toString(); }
    QJsonObject readyInfo() const { return m_ready; }

    // GET /_double/resources: what a client made and is still alive; "count" and
    // "count_without_images" sum it up. Empty object (and *error set) on failure.
    QJsonObject resources(QString *error = nullptr) const;
    // POST /_double/faults with one fault object or an array of them. Error text or empty.
    QString armFault(const QJsonObject &fault) const;
    QString armFaults(const QJsonArray &faults) const;
    QString clearFaults() const;
    // GET /_double/requests?since=N: [{seq, time, method, path, query, service, status, token}].
    QJsonArray requests(qint64 since = 0, QString *error = nullptr) const;
    QString clearRequests() const;
    QString expireTokens() const;                                           // every token so far expires now
    QString changeSettings(const QJsonObject &settings) const;              // token_lifetime, build_delay, ...
    QJsonObject server(const QString &id, QString *error = nullptr) const;  // with "target"

    QByteArray log() const;  // the double's stderr

    // One control request; returns the status (0 when there was no answer).
    int control(const QByteArray &method, const QString &path, const QByteArray &body, QByteArray *reply, QString *error) const;

private:
    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QJsonObject m_ready;
};

}  // namespace ib::test
