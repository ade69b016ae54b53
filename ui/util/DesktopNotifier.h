#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QSystemTrayIcon;
class QWidget;

namespace ib::ui {

// A lasting notice when a build ends, where the desktop keeps them: the freedesktop
// notification service over D-Bus (GNOME, KDE, Xfce: GNOME shows no tray icons), else the
// tray icon's balloon (Windows, macOS, a desktop with a tray), and in any case the
// taskbar entry asks for attention while the window is not the active one.
//
// Stored text (an image name, a failure's cause) goes in inert: control characters shown
// visibly, and escaped where the service reads the body as markup (its "body-markup"
// capability, Desktop Notifications Specification 1.2, "Markup").
class DesktopNotifier final : public QObject
{
    Q_OBJECT

public:
    enum class Urgency { Normal, Critical };
    enum class Channel { None, FreedesktopDBus, Tray };
    Q_ENUM(Urgency)
    Q_ENUM(Channel)

    explicit DesktopNotifier(QWidget *window);

    // Shown on the first channel that is there now (the D-Bus service is asked each time, and
    // without waiting: a desktop session's service may start after the app, or hang). shown()
    // tells which channel took it. With a `context` (a build's id), clicking the notice (its
    // default action, labelled `actionLabel` where the service shows actions) or the tray
    // balloon emits activated(context).
    void notify(const QString &title, const QString &body, Urgency urgency, const QString &context = {}, const QString &actionLabel = {});

    // The tray icon, when this desktop has a tray; made on first use.
    QSystemTrayIcon *trayIcon();

signals:
    void shown(ib::ui::DesktopNotifier::Channel channel);
    // Only ever a context this object was given: the service's notification id is looked
    // up in what it answered to our own Notify calls.
    void activated(const QString &context);

private slots:
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void notifyTray(const QString &title, const QString &body, Urgency urgency, const QString &context);
    void listenForActions();

    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QHash<uint, QString> m_contexts;  // the service's notification id -> our context
    QString m_trayContext;            // the tray balloon shows one message at a time
    bool m_listening = false;
};

}  // namespace ib::ui
