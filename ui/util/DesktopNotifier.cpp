#include "util/DesktopNotifier.h"

#include "util/InertText.h"

#include <QApplication>
#include <QIcon>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>
#endif

namespace ib::ui {

namespace {

#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
// Desktop Notifications Specification 1.2 (specifications.freedesktop.org/notification-spec).
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
constexpr int kCallTimeoutMs = 2000;  // a hung service must not hold the UI thread longer
#endif

}  // namespace

DesktopNotifier::DesktopNotifier(QWidget *window)
    : QObject(window)
    , m_window(window)
{}

QSystemTrayIcon *DesktopNotifier::trayIcon()
{
    if (!m_tray && QSystemTrayIcon::isSystemTrayAvailable()) {
        QIcon icon = m_window ? m_window->windowIcon() : QIcon();
        if (icon.isNull())
            icon = QApplication::style()->standardIcon(QStyle::SP_ComputerIcon);
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(tr("Image Builder"));
        m_tray->show();
    }
    return m_tray;
}

void DesktopNotifier::notify(const QString &title, const QString &body, Urgency urgency)
{
    const QString inertTitle = inertForLine(title);
    const QString inertBody = inertForTerminal(body);
    // Flashes the taskbar entry (or bounces the Dock icon) until the window is activated.
    if (m_window && !m_window->isActiveWindow())
        QApplication::alert(m_window, 0);
#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
    auto bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        // GetCapabilities first: whether the service is there at all (an error: no service),
        // and whether it reads the body as markup.
        const auto ask = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities"));
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(ask, kCallTimeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, inertTitle, inertBody, urgency] {
            watcher->deleteLater();
            const QDBusPendingReply<QStringList> caps = *watcher;
            if (caps.isError()) {
                notifyTray(inertTitle, inertBody, urgency);
                return;
            }
            const bool markup = caps.value().contains(QStringLiteral("body-markup"));
            auto call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
            QVariantMap hints;
            hints.insert(QStringLiteral("urgency"), QVariant::fromValue(static_cast<uchar>(urgency == Urgency::Critical ? 2 : 1)));
            hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("imagebuilder"));  // imagebuilder.desktop
            call << QStringLiteral("Image Builder") << 0U << QStringLiteral("imagebuilder") << inertTitle
                 << (markup ? inertBody.toHtmlEscaped() : inertBody) << QStringList() << hints << -1;
            // Not waited for: the id it answers is not needed.
            if (QDBusConnection::sessionBus().send(call))
                emit shown(Channel::FreedesktopDBus);
            else
                notifyTray(inertTitle, inertBody, urgency);
        });
        return;
    }
#endif
    notifyTray(inertTitle, inertBody, urgency);
}

void DesktopNotifier::notifyTray(const QString &title, const QString &body, Urgency urgency)
{
    if (auto *tray = trayIcon()) {
        tray->showMessage(title, body, urgency == Urgency::Critical ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
        emit shown(Channel::Tray);
        return;
    }
    emit shown(Channel::None);
}

}  // namespace ib::ui
