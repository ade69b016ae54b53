#include "builds/UnseenResults.h"

#include "settings/Settings.h"

#include <QUuid>

namespace ib::ui {

UnseenResults::UnseenResults(Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    // This user's own file, but read as text all the same: only two UUIDs per entry are kept.
    const auto saved = m_settings.value(Settings::Key::UnseenBuilds).toStringList();
    for (const auto &entry : saved) {
        const auto buildId = entry.section(QLatin1Char(' '), 0, 0);
        const auto templateId = entry.section(QLatin1Char(' '), 1, 1);
        if (QUuid::fromString(buildId).isNull() || templateId.isEmpty() || m_templateOf.contains(buildId))
            continue;
        m_order.append(buildId);
        m_templateOf.insert(buildId, templateId);
    }
    while (m_order.size() > MaxKept)
        m_templateOf.remove(m_order.takeFirst());
}

void UnseenResults::add(const QString &buildId, const QString &templateId)
{
    if (buildId.isEmpty() || templateId.isEmpty() || m_templateOf.contains(buildId))
        return;
    m_order.append(buildId);
    m_templateOf.insert(buildId, templateId);
    QStringList dropped;
    while (m_order.size() > MaxKept) {
        const auto oldest = m_order.takeFirst();
        dropped.append(m_templateOf.take(oldest));
    }
    save();
    emit changed(templateId);
    for (const auto &t : std::as_const(dropped))
        emit changed(t);
}

void UnseenResults::markSeen(const QString &buildId)
{
    if (!m_templateOf.contains(buildId))
        return;
    const QString templateId = m_templateOf.take(buildId);
    m_order.removeOne(buildId);
    save();
    emit changed(templateId);
}

int UnseenResults::countFor(const QString &templateId) const
{
    int n = 0;
    for (auto it = m_templateOf.cbegin(); it != m_templateOf.cend(); ++it)
        n += it.value() == templateId ? 1 : 0;
    return n;
}

QStringList UnseenResults::templateIds() const
{
    QStringList ids = m_templateOf.values();
    ids.removeDuplicates();
    return ids;
}

void UnseenResults::save()
{
    QStringList entries;
    entries.reserve(m_order.size());
    for (const auto &id : std::as_const(m_order))
        entries.append(id + QLatin1Char(' ') + m_templateOf.value(id));
    m_settings.setValue(Settings::Key::UnseenBuilds, entries);
    m_settings.sync();
}

}  // namespace ib::ui
