// What a build VM's cloud-init does to sshd while a build talks to it: its config stage
// (set-passwords, ssh_pwauth) restarts ssh.service, and a base image's own units may too.
// A real sshd on 127.0.0.1 is restarted under the client, as systemd restarts it: the
// listener ends, a new one listens on the same port, open sessions live on.
#include "SshdFixture.h"
#include "logging/Logging.h"
#include "ssh/SshClient.h"

#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace ib::ssh;
using ib::test::SshdFixture;

class TestSshdRestart final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        ib::logging::init(ib::logging::Target::Tests);
        const QString error = m_sshd.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase() { m_sshd.stop(); }

    // The build's session, opened before the restart, runs its next commands after it.
    void sessionOpenBeforeARestartWorksAfterIt()
    {
        SshClient client(m_sshd.settings(SshdFixture::sudoUser()));
        auto connected = client.connect();
        QVERIFY2(connected.ok(), connected ? "" : qPrintable(connected.error().message));
        QVERIFY(client.exec(QStringLiteral("true")).ok());
        for (int i = 0; i < 3; ++i) {
            const QString e = m_sshd.restartDaemon();
            QVERIFY2(e.isEmpty(), qPrintable(e));
            auto r = client.exec(QStringLiteral("echo still here"));
            QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        }
    }

    // Connecting while sshd restarts again and again (a connection may be refused, or
    // reset in the middle of the key exchange): the client retries until it is in, then
    // its commands run.
    void connectWhileSshdRestartsRepeatedly()
    {
        std::atomic<bool> stop{false};
        std::atomic<int> restarts{0};
        QString flapError;
        std::thread flapper([&] {
            while (!stop) {
                if (const QString e = m_sshd.restartDaemon(); !e.isEmpty()) {
                    flapError = e;
                    return;
                }
                ++restarts;
                std::this_thread::sleep_for(std::chrono::milliseconds(40));
            }
        });
        int logins = 0;
        QElapsedTimer timer;
        timer.start();
        QString lastError;
        while (timer.elapsed() < 4000 && flapError.isEmpty()) {
            auto settings = m_sshd.settings(SshdFixture::sudoUser());
            settings.retryDeadline = std::chrono::seconds(30);
            SshClient client(settings);
            auto connected = client.connect();
            if (!connected) {
                lastError = connected.error().message;
                break;
            }
            auto r = client.exec(QStringLiteral("true"));
            if (!r) {
                // A session can be cut only when it is reset before it was ours; a
                // command on an established session must not be.
                lastError = r.error().message;
                break;
            }
            ++logins;
        }
        stop = true;
        flapper.join();
        QVERIFY2(flapError.isEmpty(), qPrintable(flapError));
        QVERIFY2(lastError.isEmpty(), qPrintable(lastError));
        QVERIFY2(restarts > 5, qPrintable(QStringLiteral("only %1 restarts").arg(restarts.load())));
        QVERIFY(logins > 0);
        qInfo("%d logins while sshd restarted %d times", logins, restarts.load());
    }

private:
    SshdFixture m_sshd;
};

QTEST_GUILESS_MAIN(TestSshdRestart)
#include "tst_sshdrestart.moc"
