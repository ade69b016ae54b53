#pragma once

#include "model/BuildTypes.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QTimer>

#include <functional>

namespace ib::ui {

// The builds of one template, newest first. Filled from the store (setBuilds) and kept
// current by BuildService's signals, one row change at a time. The Duration column of
// running builds ticks: one dataChanged per second for that column, over the running rows.
class BuildTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildTableModel)

public:
    enum class Column { ImageName, BaseImage, Provider, State, Started, Duration, RunsOn, Count };
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole,  // int(BuildState)
        SortRole,
    };
    // "Now" for durations; tests fix it.
    using Clock = std::function<QDateTime()>;

    explicit BuildTableModel(QObject *parent = nullptr);
    ~BuildTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Only builds of this template are shown; empty: none.
    void setTemplateId(const QString &templateId);
    QString templateId() const { return m_templateId; }
    // The store's builds of the template: rows that changed are updated in place, new ones
    // inserted, gone ones removed, so a refresh keeps the view's selection and scroll.
    void setBuilds(QList<BuildRecord> builds);

    // From BuildService's signals.
    void addBuild(const BuildRecord &build);
    void setStep(const QString &buildId, BuildStep step);
    void setFinished(const QString &buildId, BuildState state, const QString &failureCause);

    int rowOf(const QString &buildId) const;
    const BuildRecord *buildAt(int row) const;
    const BuildRecord *buildById(const QString &buildId) const;
    int runningCount() const;
    // The machine this app runs on, as builds record their owner (tests set another).
    void setLocalHost(const QString &host) { m_localHost = host; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // Emits the Duration column's dataChanged now (the timer does it every second).
    void tick();

private:
    QVariant displayText(const BuildRecord &b, Column column) const;
    static QDateTime startedAt(const BuildRecord &b);
    qint64 seconds(const BuildRecord &b) const;
    void emitRowChanged(int row);
    void updateTimer();

    QString m_templateId;
    QList<BuildRecord> m_builds;
    QTimer m_ticker;
    Clock m_clock;
    QString m_localHost;
};

}  // namespace ib::ui
