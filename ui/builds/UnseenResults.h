#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace ib {
class Settings;
}

namespace ib::ui {

// Builds this machine ran whose end the user has not looked at yet: marked in the template
// table and on the Build Status tab until their Build Details is opened. Kept across restarts
// in this user's own settings file, never in the shared store (a colleague's app has its own).
class UnseenResults final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnseenResults)

public:
    // The most kept; the oldest go first (a template whose results pile up unseen still shows).
    static constexpr int MaxKept = 200;

    // `settings` outlives this object.
    explicit UnseenResults(Settings &settings, QObject *parent = nullptr);

    void add(const QString &buildId, const QString &templateId);
    // The build's result was opened (Build Details): no longer unseen.
    void markSeen(const QString &buildId);
    bool isUnseen(const QString &buildId) const { return m_templateOf.contains(buildId); }
    // How many of the template's builds ended unseen.
    int countFor(const QString &templateId) const;
    int count() const { return static_cast<int>(m_order.size()); }
    // The templates with at least one unseen result.
    QStringList templateIds() const;

signals:
    // `templateId`'s count changed.
    void changed(const QString &templateId);

private:
    void save();

    Settings &m_settings;
    QStringList m_order;                   // build ids, oldest first
    QHash<QString, QString> m_templateOf;  // build id -> template id
};

}  // namespace ib::ui
