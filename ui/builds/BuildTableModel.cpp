#include "builds/BuildTableModel.h"

#include "builds/BuildStateStyle.h"
#include "builds/BuildTexts.h"
#include "util/DisplayTime.h"
#include "util/PlainText.h"

#include <QColor>
#include <QGuiApplication>
#include <QHostInfo>
#include <QSet>

#include <algorithm>

namespace ib::ui {

BuildTableModel::BuildTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentDateTime(); })
    , m_localHost(QHostInfo::localHostName())
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &BuildTableModel::tick);
}

BuildTableModel::~BuildTableModel() = default;

int BuildTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_builds.size());
}

int BuildTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant BuildTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &b = m_builds.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(b, column);
    case Qt::ToolTipRole:
        if (column == Column::RunsOn && !b.ownerHost.isEmpty())
            return plainToolTip(
                b.ownerPid > 0
                    ? tr("Run by Image Builder (process %1) on %2. Only that machine stops its VM; Cancel Build elsewhere asks it to.")
                          .arg(b.ownerPid)
                          .arg(b.ownerHost)
                    : tr("Run on %1.").arg(b.ownerHost));
        if (column == Column::State && !b.failureCause.isEmpty())
            return plainToolTip(b.failureCause);
        if (column == Column::BaseImage)
            return plainToolTip(b.baseImage.os.key());
        break;
    case Qt::ForegroundRole:
        if (column == Column::State)
            return BuildStateStyle::color(b.state, QGuiApplication::palette());
        break;
    case Qt::DecorationRole:
        if (column == Column::State)
            return BuildStateStyle::icon(b.state, QGuiApplication::palette());
        break;
    case Qt::TextAlignmentRole:
        if (column == Column::Duration)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case IdRole:
        return b.id;
    case StateRole:
        return static_cast<int>(b.state);
    case SortRole:
        switch (column) {
        case Column::Started:
            return startedAt(b).toMSecsSinceEpoch();
        case Column::Duration:
            return seconds(b);
        default:
            return displayText(b, column);
        }
    default:
        break;
    }
    return {};
}

// When the build started, or was queued if it has not started.
QDateTime BuildTableModel::startedAt(const BuildRecord &b)
{
    return b.startedAt.isValid() ? b.startedAt : b.createdAt;
}

// How long it ran, or has run so far; -1 when it never started.
qint64 BuildTableModel::seconds(const BuildRecord &b) const
{
    if (!b.startedAt.isValid())
        return -1;
    if (b.finishedAt.isValid())
        return b.startedAt.secsTo(b.finishedAt);
    return isFinished(b.state) ? -1 : b.startedAt.secsTo(m_clock());
}

QVariant BuildTableModel::displayText(const BuildRecord &b, Column column) const
{
    switch (column) {
    case Column::ImageName:
        return inertForLine(b.imageName);
    case Column::BaseImage:
        return inertForLine(b.baseImage.name);
    case Column::Provider:
        return inertForLine(b.provider);
    case Column::State:
        return BuildTexts::stateWithStep(b.state, b.currentStep);
    case Column::Started:
        return displayDateTime(startedAt(b));
    case Column::Duration: {
        const auto s = seconds(b);
        return s < 0 ? QString() : BuildTexts::duration(s);
    }
    case Column::RunsOn:
        if (b.ownerHost.isEmpty())
            return QString();
        return b.ownerHost == m_localHost ? tr("This computer") : inertForLine(b.ownerHost);
    case Column::Count:
        break;
    }
    return {};
}

QVariant BuildTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case Column::ImageName:
        return tr("Image Name");
    case Column::BaseImage:
        return tr("Base Image");
    case Column::Provider:
        return tr("Provider");
    case Column::State:
        return tr("State");
    case Column::Started:
        return tr("Started");
    case Column::Duration:
        return tr("Duration");
    case Column::RunsOn:
        return tr("Runs On");
    case Column::Count:
        break;
    }
    return {};
}

void BuildTableModel::setTemplateId(const QString &templateId)
{
    if (templateId == m_templateId)
        return;
    beginResetModel();
    m_templateId = templateId;
    m_builds.clear();
    endResetModel();
    updateTimer();
}

namespace {

// What the table shows of a build; a refresh leaves rows alone when none of it changed.
bool sameShown(const BuildRecord &a, const BuildRecord &b)
{
    return a.state == b.state && a.currentStep == b.currentStep && a.startedAt == b.startedAt && a.finishedAt == b.finishedAt &&
           a.failureCause == b.failureCause && a.ownerHost == b.ownerHost && a.ownerPid == b.ownerPid && a.steps.size() == b.steps.size() &&
           a.imageId == b.imageId && a.cancelRequested == b.cancelRequested;
}

}  // namespace

void BuildTableModel::setBuilds(QList<BuildRecord> builds)
{
    std::stable_sort(builds.begin(), builds.end(), [](const BuildRecord &a, const BuildRecord &b) { return a.createdAt > b.createdAt; });
    builds.removeIf([this](const BuildRecord &b) { return b.templateId != m_templateId; });
    if (m_builds.isEmpty() || builds.isEmpty()) {
        beginResetModel();
        m_builds = std::move(builds);
        endResetModel();
        updateTimer();
        return;
    }
    QSet<QString> incoming;
    for (const auto &b : std::as_const(builds))
        incoming.insert(b.id);
    for (int i = static_cast<int>(m_builds.size()) - 1; i >= 0; --i) {
        if (incoming.contains(m_builds.at(i).id))
            continue;
        beginRemoveRows({}, i, i);
        m_builds.removeAt(i);
        endRemoveRows();
    }
    // Both lists are newest first: merge, moving a row up only if its order changed.
    for (int i = 0; i < builds.size(); ++i) {
        const auto &b = builds.at(i);
        if (i < m_builds.size() && m_builds.at(i).id == b.id) {
            if (!sameShown(m_builds.at(i), b)) {
                m_builds[i] = b;
                emitRowChanged(i);
            }
            continue;
        }
        const int at = rowOf(b.id);
        if (at > i) {
            beginMoveRows({}, at, at, {}, i);
            m_builds.move(at, i);
            endMoveRows();
            m_builds[i] = b;
            emitRowChanged(i);
        } else {
            beginInsertRows({}, i, i);
            m_builds.insert(i, b);
            endInsertRows();
        }
    }
    updateTimer();
}

void BuildTableModel::addBuild(const BuildRecord &build)
{
    if (build.templateId != m_templateId || m_templateId.isEmpty())
        return;
    if (const int row = rowOf(build.id); row >= 0) {
        m_builds[row] = build;
        emitRowChanged(row);
        return;
    }
    beginInsertRows({}, 0, 0);
    m_builds.prepend(build);
    endInsertRows();
    updateTimer();
}

void BuildTableModel::setStep(const QString &buildId, BuildStep step)
{
    const int row = rowOf(buildId);
    if (row < 0)
        return;
    auto &b = m_builds[row];
    if (isFinished(b.state))
        return;  // a late step signal (clean-up) after the end was recorded
    b.currentStep = step;
    if (b.state == BuildState::Queued) {
        b.state = BuildState::Running;
        if (!b.startedAt.isValid())
            b.startedAt = m_clock();
    }
    const auto now = m_clock();
    if (!b.steps.isEmpty() && !b.steps.last().finishedAt.isValid())
        b.steps.last().finishedAt = now;
    b.steps.append(BuildStepRecord{step, now, {}, {}});
    emitRowChanged(row);
    updateTimer();
}

void BuildTableModel::setFinished(const QString &buildId, BuildState state, const QString &failureCause)
{
    const int row = rowOf(buildId);
    if (row < 0)
        return;
    auto &b = m_builds[row];
    b.state = state;
    b.failureCause = failureCause;
    b.finishedAt = m_clock();
    emitRowChanged(row);
    updateTimer();
}

int BuildTableModel::rowOf(const QString &buildId) const
{
    for (int i = 0; i < m_builds.size(); ++i) {
        if (m_builds.at(i).id == buildId)
            return i;
    }
    return -1;
}

const BuildRecord *BuildTableModel::buildAt(int row) const
{
    return row >= 0 && row < m_builds.size() ? &m_builds.at(row) : nullptr;
}

const BuildRecord *BuildTableModel::buildById(const QString &buildId) const
{
    return buildAt(rowOf(buildId));
}

int BuildTableModel::runningCount() const
{
    return static_cast<int>(
        std::count_if(m_builds.cbegin(), m_builds.cend(), [](const BuildRecord &b) { return b.state == BuildState::Running; }));
}

void BuildTableModel::tick()
{
    int first = -1;
    int last = -1;
    for (int i = 0; i < m_builds.size(); ++i) {
        if (m_builds.at(i).state == BuildState::Running) {
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first < 0)
        return;
    const int column = static_cast<int>(Column::Duration);
    emit dataChanged(index(first, column), index(last, column), {Qt::DisplayRole});
}

void BuildTableModel::emitRowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void BuildTableModel::updateTimer()
{
    if (runningCount() > 0) {
        if (!m_ticker.isActive())
            m_ticker.start();
    } else {
        m_ticker.stop();
    }
}

}  // namespace ib::ui
