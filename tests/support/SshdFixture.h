#pragma once

#include "ssh/SshConnectionSettings.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace ib::test {

// A throwaway OpenSSH server on 127.0.0.1 for tests and benchmarks: its own config, host
// key, pid file and log in a temporary folder; the machine's own sshd and /etc/ssh are
// never touched. Needs root: it creates two test users once (idempotent) and a sudoers
// file for one of them:
//   ibtest-sudo    may run anything as root without a password
//   ibtest-nosudo  may not use sudo; also accepts a password (set per fixture, removed in stop())
// Both accept clientPrivateKey().
class SshdFixture final
{
public:
    SshdFixture();
    ~SshdFixture();
    SshdFixture(const SshdFixture &) = delete;
    SshdFixture &operator=(const SshdFixture &) = delete;

    static QString sudoUser();
    static QString noSudoUser();
    static bool sudoInstalled();

    // Users, keys and config; picks the port. Returns an error text, empty on success.
    QString prepare();
    // Starts sshd (prepare() first) and waits until it accepts connections.
    QString startDaemon();
    // prepare() + startDaemon().
    QString start();
    // Stops sshd and every process of its sessions.
    void stop();
    // What `systemctl restart ssh` does on a VM: the listening sshd ends (SIGTERM), a new
    // one listens on the same port; the sessions already open live on (stop() still ends them).
    QString restartDaemon();
    // The server dies at once: SIGKILL to sshd and all its session processes.
    void killAll();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString hostKeyLine() const { return m_hostKeyLine; }  // "ssh-ed25519 AAAA..."
    QString knownHostsFile() const;                        // lists [127.0.0.1]:port
    QByteArray clientPrivateKey() const { return m_clientPrivateKey; }
    QString clientKeyFile() const;                   // the same key, mode 0600
    QString password() const { return m_password; }  // noSudoUser()'s
    QString directory() const;
    QString logFile() const;
    QByteArray log() const;

    // Settings that connect as user with the client key and the pinned host key.
    ib::ssh::SshConnectionSettings settings(const QString &user) const;

private:
    QString ensureUsers();
    QList<qint64> sessionProcesses() const;
    QList<qint64> listenerProcesses() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    quint16 m_port = 0;
    qint64 m_pid = 0;
    QList<qint64> m_sessionsOfEarlierDaemons;  // sshd session processes a restart left behind
    QString m_hostKeyLine;
    QByteArray m_clientPrivateKey;
    QString m_password;
};

}  // namespace ib::test
