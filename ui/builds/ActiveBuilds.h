#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace ib::ui {

// The builds this window started and has not seen end: what the status bar says of them,
// whether a template may be deleted, and what quitting waits for. No widgets: MainWindow
// feeds it the build service's signals and shows what it says.
class ActiveBuilds final
{
    Q_DECLARE_TR_FUNCTIONS(ib::ui::ActiveBuilds)

public:
    struct Build
    {
        QString templateId;
        QString imageName;
        QString step;  // empty: queued
        qint64 order = 0;
        bool vmKept = false;  // failed; its VM waits for Release VM
    };

    void queued(const QString &buildId, const QString &templateId, const QString &imageName);
    // The build's template, when it is one of these and still running (not a kept VM).
    std::optional<QString> stepChanged(const QString &buildId, const QString &stepText);
    // The build, now marked as keeping its VM.
    std::optional<Build> vmKept(const QString &buildId);
    // The build, no longer active.
    std::optional<Build> finished(const QString &buildId);
    void forget(const QString &buildId) { m_builds.remove(buildId); }

    bool isEmpty() const { return m_builds.isEmpty(); }
    int count() const { return static_cast<int>(m_builds.size()); }
    QStringList ids() const { return m_builds.keys(); }
    bool hasTemplate(const QString &templateId) const;

    // "2 builds running — “web”: Install applications, 1 queued"; empty when none.
    QString statusText() const;
    // Why the template cannot be deleted now; empty when it can.
    QString deleteGuard(const QString &templateId) const;
    // What the quit dialog says while they clean up.
    QString cleanupText() const;

private:
    QHash<QString, Build> m_builds;
    qint64 m_order = 0;
};

}  // namespace ib::ui
