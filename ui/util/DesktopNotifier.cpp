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
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!m_trayContext.isEmpty())
                emit activated(m_trayContext);
        });
        m_tray->show();
    }
    return m_tray;
}

void DesktopNotifier::notify(const QString &title, const QString &body, Urgency urgency, const QString &context, const QString &actionLabel)
{
    const QString inertTitle = inertForLine(title);
    const QString inertBody = inertForTerminal(body);
    // Flashes the taskbar entry (or bounces the Dock icon) until the window is activated.
    if (m_window && !m_window->isActiveWindow())
        QApplication::alert(m_window, 0);
#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
    auto bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        listenForActions();
        // GetCapabilities first: whether the service is there at all (an error: no service),
        // whether it reads the body as markup and whether it shows actions.
        const auto ask = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities"));
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(ask, kCallTimeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [=, this] {
            watcher->deleteLater();
            const QDBusPendingReply<QStringList> caps = *watcher;
            if (caps.isError()) {
                notifyTray(inertTitle, inertBody, urgency, context);
                return;
            }
            const bool markup = caps.value().contains(QStringLiteral("body-markup"));
            // "default" is the action of a click on the notice itself; the label shows where
            // the service lists actions as buttons.
            QStringList actions;
            if (!context.isEmpty())
                actions = {QStringLiteral("default"), actionLabel.isEmpty() ? tr("Open") : actionLabel};
            auto call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
            QVariantMap hints;
            hints.insert(QStringLiteral("urgency"), QVariant::fromValue(static_cast<uchar>(urgency == Urgency::Critical ? 2 : 1)));
            hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("imagebuilder"));  // imagebuilder.desktop
            call << QStringLiteral("Image Builder") << 0U << QStringLiteral("imagebuilder") << inertTitle
                 << (markup ? inertBody.toHtmlEscaped() : inertBody) << actions << hints << -1;
            auto *sent = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, kCallTimeoutMs), this);
            connect(sent, &QDBusPendingCallWatcher::finished, this, [=, this] {
                sent->deleteLater();
                const QDBusPendingReply<uint> id = *sent;
                if (id.isError()) {
                    notifyTray(inertTitle, inertBody, urgency, context);
                    return;
                }
                if (!context.isEmpty())
                    m_contexts.insert(id.value(), context);
                emit shown(Channel::FreedesktopDBus);
            });
        });
        return;
    }
#else
    Q_UNUSED(actionLabel)  // the tray balloon has no action button
#endif
    notifyTray(inertTitle, inertBody, urgency, context);
}

void DesktopNotifier::listenForActions()
{
#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
    if (m_listening)
        return;
    // Signals from the service's owner only (QtDBus matches the sender to the name's owner).
    auto bus = QDBusConnection::sessionBus();
    m_listening = bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this, SLOT(onActionInvoked(uint, QString)));
    bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this, SLOT(onNotificationClosed(uint, uint)));
#endif
}

void DesktopNotifier::onActionInvoked(uint id, const QString &actionKey)
{
    if (actionKey != QLatin1String("default") || !m_contexts.contains(id))
        return;
    emit activated(m_contexts.take(id));
}

void DesktopNotifier::onNotificationClosed(uint id, uint)
{
    m_contexts.remove(id);
}

void DesktopNotifier::notifyTray(const QString &title, const QString &body, Urgency urgency, const QString &context)
{
    if (auto *tray = trayIcon()) {
        m_trayContext = context;
        tray->showMessage(title, body, urgency == Urgency::Critical ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
        emit shown(Channel::Tray);
        return;
    }
    emit shown(Channel::None);
}

}  // namespace ib::ui
