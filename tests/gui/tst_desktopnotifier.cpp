// Issue 18: a finished build leaves a lasting notice. Real parts: a private D-Bus session
// bus (Debian's dbus-daemon) and, on it, a notification service written here to the
// Desktop Notifications Specification 1.2 (specifications.freedesktop.org/notification-spec:
// "org.freedesktop.Notifications.Notify", "GetCapabilities", hints "urgency" and
// "desktop-entry", capability "body-markup"). The real desktop's service (GNOME Shell,
// Plasma, xfce4-notifyd) cannot run under Xvfb here; this one records what it is sent.
#include "BuildFixture.h"

#include "MainWindow.h"
#include "builds/BuildDetailsWindow.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildService.h"
#include "util/DesktopNotifier.h"

#include <QAction>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::ui;

namespace {

struct Received
{
    QString app, icon, summary, body;
    QStringList actions;
    QVariantMap hints;
    int timeout = 0;
};

// The service side of the specification: what a desktop's notification daemon exports.
class NotificationService final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    QStringList capabilities{QStringLiteral("body")};
    QList<Received> received;

public slots:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString &app, uint, const QString &icon, const QString &summary, const QString &body, const QStringList &actions,
                const QVariantMap &hints, int timeout)
    {
        received.append({app, icon, summary, body, actions, hints, timeout});
        return static_cast<uint>(received.size());
    }
};

}  // namespace

class TestDesktopNotifier final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_busDir;
    QProcess m_bus;
    NotificationService m_service;
    const QString m_name = QStringLiteral("org.freedesktop.Notifications");

    QDBusConnection serverSide() const { return QDBusConnection(QStringLiteral("notification-service")); }

    // What the service sends when the user clicks a notice (the specification's signal).
    void invoke(uint id, const QString &actionKey) const
    {
        auto signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"), m_name, QStringLiteral("ActionInvoked"));
        signal << id << actionKey;
        QVERIFY(serverSide().send(signal));
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
            QFAIL("dbus-daemon is missing: packaging/setup/deps.sh test installs it");
        // Before anything asks for the session bus: Qt reads the address once.
        // A session bus of its own with no service folders: with the test's service off the
        // bus, the standard session.conf would have D-Bus start whatever notification daemon
        // is installed (dunst, with no display, dumped core in the build tree).
        const QString config = m_busDir.filePath(QStringLiteral("session.conf"));
        {
            QFile file(config);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                       " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                       "<busconfig>\n"
                       "  <type>session</type>\n"
                       "  <keep_umask/>\n"
                       "  <listen>unix:tmpdir=" +
                       m_busDir.path().toUtf8() +
                       "</listen>\n"
                       "  <auth>EXTERNAL</auth>\n"
                       "  <policy context=\"default\">\n"
                       "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                       "    <allow eavesdrop=\"true\"/>\n"
                       "    <allow own=\"*\"/>\n"
                       "  </policy>\n"
                       "</busconfig>\n");
        }
        m_bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                                                    QStringLiteral("--nopidfile"), QStringLiteral("--print-address=1")});
        QVERIFY(m_bus.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_bus.canReadLine(), 10000);
        const QByteArray address = m_bus.readLine().trimmed();
        QVERIFY(!address.isEmpty());
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
        auto server = QDBusConnection::connectToBus(QString::fromLatin1(address), QStringLiteral("notification-service"));
        QVERIFY2(server.isConnected(), qPrintable(server.lastError().message()));
        QVERIFY(server.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &m_service, QDBusConnection::ExportAllSlots));
        QVERIFY(server.registerService(m_name));
        QVERIFY(QDBusConnection::sessionBus().isConnected());
    }

    void cleanupTestCase()
    {
        QDBusConnection::disconnectFromBus(QStringLiteral("notification-service"));
        m_bus.terminate();
        m_bus.waitForFinished();
    }

    void init()
    {
        m_service.received.clear();
        m_service.capabilities = {QStringLiteral("body")};
    }

    // A colleague's image name with markup and a terminal escape: a service that reads markup
    // gets it escaped, and no control character reaches it.
    void markupIsEscapedWhereTheServiceReadsIt()
    {
        m_service.capabilities = {QStringLiteral("body"), QStringLiteral("body-markup")};
        QWidget window;
        DesktopNotifier notifier(&window);
        QSignalSpy shown(&notifier, &DesktopNotifier::shown);
        notifier.notify(QStringLiteral("Build Failed"),
                        QStringLiteral("The build of \u201c<a href='x'>web</a>\x1b]0;owned\x07\u201d failed"),
                        DesktopNotifier::Urgency::Critical);
        QTRY_COMPARE(m_service.received.size(), 1);
        // `shown` follows the service's reply (the notification's id), which reaches the
        // notifier after the service has the call: a fresh clone's run lost this race once.
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(shown.first().first().value<DesktopNotifier::Channel>(), DesktopNotifier::Channel::FreedesktopDBus);
        const auto &r = m_service.received.first();
        QCOMPARE(r.app, QStringLiteral("Image Builder"));
        QCOMPARE(r.icon, QStringLiteral("imagebuilder"));
        QCOMPARE(r.summary, QStringLiteral("Build Failed"));
        QVERIFY2(r.body.contains(QStringLiteral("&lt;a href='x'&gt;web&lt;/a&gt;")), qPrintable(r.body));
        QVERIFY2(!r.body.contains(QChar(0x1b)) && !r.body.contains(QChar(0x07)), qPrintable(r.body));
        QCOMPARE(r.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QCOMPARE(r.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("imagebuilder"));
        QCOMPARE(r.timeout, -1);  // the service's own default
    }

    // A service without markup shows the body as it is: escaping there would show "&lt;".
    void plainTextWhereTheServiceReadsNoMarkup()
    {
        QWidget window;
        DesktopNotifier notifier(&window);
        notifier.notify(QStringLiteral("Build Succeeded"), QStringLiteral("The image \u201cweb <1>\u201d is ready."),
                        DesktopNotifier::Urgency::Normal);
        QTRY_COMPARE(m_service.received.size(), 1);
        QCOMPARE(m_service.received.first().body, QStringLiteral("The image \u201cweb <1>\u201d is ready."));
        QCOMPARE(m_service.received.first().hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
    }

    // No service on the bus (a desktop without one): the tray where there is one, else
    // nothing, and no wait on the UI thread either way.
    void withoutAServiceTheTrayOrNothing()
    {
        QVERIFY(serverSide().unregisterService(m_name));
        QWidget window;
        DesktopNotifier notifier(&window);
        QSignalSpy shown(&notifier, &DesktopNotifier::shown);
        notifier.notify(QStringLiteral("Build Failed"), QStringLiteral("x"), DesktopNotifier::Urgency::Critical);
        QTRY_COMPARE(shown.size(), 1);
        const auto expected = QSystemTrayIcon::isSystemTrayAvailable() ? DesktopNotifier::Channel::Tray : DesktopNotifier::Channel::None;
        QCOMPARE(shown.first().first().value<DesktopNotifier::Channel>(), expected);
        QVERIFY(m_service.received.isEmpty());
        QVERIFY(serverSide().registerService(m_name));
    }

    // The main window: a build that fails (the fixture's provider cannot launch) is told
    // to the desktop, with its image name and urgency critical; clicking the notice opens
    // its Build Details. A click on a notice that is not ours opens nothing.
    void aFailedBuildIsToldToTheDesktop()
    {
        m_service.capabilities = {QStringLiteral("body"), QStringLiteral("actions")};
        test::BuildFixture f;
        f.gui.add(QStringLiteral("web"));
        f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
        MainWindow window(*f.gui.controller);
        window.setBuildService(f.service.get(), *f.gui.store);
        window.show();
        window.reload();
        QTRY_COMPARE(window.findChild<QAction *>(QStringLiteral("buildAction"))->isEnabled(), true);
        window.findChild<QAction *>(QStringLiteral("buildAction"))->trigger();
        auto *dialog = window.findChild<BuildImageDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isLoaded());
        QTest::keyClicks(dialog->imageNameEdit(), QStringLiteral("web image"));
        QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
        auto *notifier = window.findChild<DesktopNotifier *>();
        QVERIFY(notifier);
        QSignalSpy shown(notifier, &DesktopNotifier::shown);
        QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_service.received.size(), 1, 20000);
        const auto &r = m_service.received.first();
        QCOMPARE(r.summary, QStringLiteral("Build Failed"));
        QVERIFY2(r.body.startsWith(QStringLiteral("The build of \u201cweb image\u201d failed")), qPrintable(r.body));
        QCOMPARE(r.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QCOMPARE(r.actions, QStringList({QStringLiteral("default"), QStringLiteral("Show Build Details")}));
        QCOMPARE(finished.size(), 1);
        const QString buildId = finished.first().first().toString();
        QVERIFY(!BuildDetailsWindow::existing(buildId));
        // The Notify reply (id 1) has reached the window's notifier: a loaded machine can
        // take longer than any fixed wait (a loaded -j2 run lost this once to a 200 ms one).
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        QCOMPARE(shown.first().first().value<DesktopNotifier::Channel>(), DesktopNotifier::Channel::FreedesktopDBus);

        invoke(99, QStringLiteral("default"));  // not a notice this app sent
        QTest::qWait(300);
        QVERIFY(!BuildDetailsWindow::existing(buildId));

        invoke(1, QStringLiteral("default"));
        QTRY_VERIFY(BuildDetailsWindow::existing(buildId));
        QVERIFY(BuildDetailsWindow::existing(buildId)->isVisible());
        delete BuildDetailsWindow::existing(buildId);
    }
};

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
