#include "builds/BuildDetailsWindow.h"

#include "builds/BuildDetailsTabs.h"
#include "builds/BuildLog.h"
#include "builds/BuildLogView.h"
#include "builds/BuildService.h"
#include "builds/BuildStateStyle.h"
#include "builds/BuildTexts.h"
#include "util/Background.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "util/Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSet>
#include <QShortcut>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

QHash<QString, QPointer<BuildDetailsWindow>> &windows()
{
    static QHash<QString, QPointer<BuildDetailsWindow>> all;
    return all;
}

}  // namespace

BuildDetailsWindow::BuildDetailsWindow(BuildService *service, Store &store, const QString &buildId, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_service(service)
    , m_store(store)
    , m_buildId(buildId)
{
    setObjectName(QStringLiteral("BuildDetailsWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    m_build.id = buildId;
    m_chooseSavePath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Save Build Log"), suggested, tr("Log files (*.log);;All files (*)"));
    };
    m_openUrl = [](const QUrl &url) { QDesktopServices::openUrl(url); };
    buildUi();
    setFocusProxy(m_log);  // a page given focus (a tab made current) puts it in the log
    windows().insert(buildId, this);

    if (m_service) {
        connect(m_service, &BuildService::buildLogLines, this, [this](const QString &id, const QStringList &lines) {
            if (id == m_buildId)
                m_log->appendLines(lines);
        });
        connect(m_service, &BuildService::buildStepChanged, this, &BuildDetailsWindow::onStep);
        connect(m_service, &BuildService::buildFinished, this, &BuildDetailsWindow::onFinished);
        connect(m_service, &BuildService::buildVmKept, this, [this](const QString &id) {
            if (id == m_buildId)
                onFinished(id, BuildState::Failed, {});  // the store has it failed, with the ssh command
        });
        if (const auto live = m_service->liveLog(buildId)) {
            m_log->setLines(live->tail());
            m_logLoaded = true;
        }
    }
    m_stepTicker.setInterval(1000);
    connect(&m_stepTicker, &QTimer::timeout, this, &BuildDetailsWindow::tickSteps);
    reload();
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

BuildDetailsWindow::~BuildDetailsWindow()
{
    auto &all = windows();
    if (all.value(m_buildId) == this || all.value(m_buildId).isNull())
        all.remove(m_buildId);
}

BuildDetailsWindow *BuildDetailsWindow::existing(const QString &buildId)
{
    return windows().value(buildId).data();
}

BuildDetailsWindow *BuildDetailsWindow::showFor(BuildService *service, Store &store, const QString &buildId, QWidget *parent)
{
    auto *window = existing(buildId);
    if (!window)
        window = new BuildDetailsWindow(service, store, buildId, parent);
    // With an owner (the main window): a tab of its one Build Details window.
    if (parent) {
        BuildDetailsTabs::of(parent)->showPage(window);
        return window;
    }
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

void BuildDetailsWindow::reload()
{
    const QString id = m_buildId;
    Store *store = &m_store;
    readInBackground(
        store, this, [store, id] { return store->buildById(id); },
        [this](Result<BuildRecord> result) {
            if (!result) {
                m_state->setText(result.error().shown());
                return;
            }
            showBuild(result.value());
        });
}

void BuildDetailsWindow::storeChanged(const QString &buildId)
{
    for (const auto &window : std::as_const(windows())) {
        if (window && (buildId.isEmpty() || window->m_buildId == buildId))
            window->refreshFromStore();
    }
}

void BuildDetailsWindow::refreshFromStore()
{
    if (m_service && m_service->isActive(m_buildId))
        return;  // this process runs it: its signals are newer than the store
    reload();
    if (m_followStore)
        fetchLogChunks();
}

void BuildDetailsWindow::fetchLogChunks()
{
    if (m_fetching) {
        m_fetchAgain = true;  // one read at a time, in order; the next one picks up the rest
        return;
    }
    m_fetching = true;
    Store *store = &m_store;
    const QString id = m_buildId;
    const qint64 after = m_lastSeq;
    readInBackground(
        store, this, [store, id, after] { return store->logChunks(id, after, LogPageChunks); },
        [this](Result<QList<LogChunk>> chunks) {
            m_fetching = false;
            ++m_pagesRead;
            if (chunks) {
                if (chunks->size() >= LogPageChunks)
                    m_fetchAgain = true;  // a full page: there may be more
                for (const auto &chunk : std::as_const(chunks.value())) {
                    if (chunk.seq <= m_lastSeq)
                        continue;
                    m_lastSeq = chunk.seq;
                    QString text = chunk.text;
                    if (text.endsWith(QLatin1Char('\n')))
                        text.chop(1);
                    m_log->appendLines(text.split(QLatin1Char('\n')));
                }
            }
            if (m_fetchAgain) {
                m_fetchAgain = false;
                fetchLogChunks();
            }
        });
}

void BuildDetailsWindow::showBuild(const BuildRecord &build)
{
    m_build = build;
    m_loaded = true;
    setWindowTitle(tr("Build \u201c%1\u201d \u2014 Image Builder").arg(inertForLine(build.imageName)));
    m_title->setText(inertForLine(build.imageName));
    QStringList facts{BuildTexts::stateWithStep(build.state, build.currentStep),
                      tr("template \u201c%1\u201d revision %2").arg(build.snapshot.name).arg(build.templateRevision),
                      tr("base image %1").arg(build.baseImage.name), build.provider, tr("build %1").arg(build.id)};
    m_state->setText(inertForLine(facts.join(QStringLiteral(" \u00b7 "))));
    m_stateChip->setToolTip(BuildTexts::state(build.state));
    showStateColours();
    m_cancelButton->setVisible(m_service && !isFinished(build.state));
    m_cancelButton->setEnabled(m_service && !isFinished(build.state));
    m_cause->setText(inertForTerminal(build.failureCause));
    m_causeFrame->setVisible(!build.failureCause.isEmpty() &&
                             (build.state == BuildState::Failed || build.state == BuildState::Interrupted));
    // Failed, and this process still holds its VM for debugging.
    const bool vmKept = build.state == BuildState::Failed && m_service && m_service->isActive(build.id);
    m_releaseButton->setVisible(vmKept);
    m_releaseButton->setEnabled(vmKept);
    // The log file is the one this installation writes for the build: derived from its own
    // builds folder and the checked id, never the path a (shared) row names.
    m_build.logPath = m_service ? BuildLog::pathFor(m_service->settings().buildsDirectory(), build.id) : QString();
    const bool logHere = !m_build.logPath.isEmpty() && QFileInfo::exists(m_build.logPath);
    m_path->setText(logHere ? tr("Full log: %1").arg(QDir::toNativeSeparators(m_build.logPath)) : QString());
    m_openButton->setEnabled(logHere);
    m_saveButton->setEnabled(logHere);
    showSteps();

    const bool ours = m_service && m_service->isActive(build.id);
    if (!ours && !m_logLoaded) {
        m_logLoaded = true;
        if (isFinished(build.state) && logHere) {
            const QString path = m_build.logPath;
            const int max = m_log->maxLines();
            runInBackground(
                nullptr, this, [path, max] { return BuildLog::readFile(path, max); },
                [this](const QStringList &lines) { m_log->setLines(lines); });
        } else {
            // Run by another process or machine (or its file is elsewhere): the store has
            // the log in chunks, written while it runs; follow them.
            m_followStore = true;
            fetchLogChunks();
        }
    }
}

void BuildDetailsWindow::showStateColours()
{
    m_stateChip->setPixmap(BuildStateStyle::icon(m_build.state, palette()).pixmap(16, 16));
    QPalette statePalette;
    statePalette.setColor(QPalette::WindowText, BuildStateStyle::color(m_build.state, palette()));
    m_state->setPalette(statePalette);
}

void BuildDetailsWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Settings > Appearance switched palettes: the state's and the steps' colours were
    // derived from the old one.
    if (event->type() == QEvent::PaletteChange && m_loaded) {
        showStateColours();
        showSteps();
    }
}

void BuildDetailsWindow::showSteps()
{
    m_steps->clear();
    const auto now = QDateTime::currentDateTime();
    bool running = false;
    for (const auto &s : std::as_const(m_build.steps)) {
        auto *item = new QTreeWidgetItem(m_steps);
        item->setText(StepTitle, BuildTexts::step(s.step));
        QString result;
        if (!s.finishedAt.isValid()) {
            result = isFinished(m_build.state) ? QString() : tr("running");
            running = running || !isFinished(m_build.state);
        } else if (s.outcome == QLatin1String("ok")) {
            result = tr("done");
        } else if (s.outcome == QLatin1String("failed")) {
            result = tr("failed");
            item->setForeground(StepResult, Theme::toneColor(Tone::Error, palette()));
        } else if (s.outcome == QLatin1String("cancelled")) {
            result = tr("cancelled");
        } else if (s.outcome == QLatin1String("interrupted")) {
            result = tr("interrupted");
        } else {
            result = s.outcome;
        }
        item->setText(StepResult, result);
        const auto end = s.finishedAt.isValid() ? s.finishedAt : (isFinished(m_build.state) ? QDateTime() : now);
        item->setText(StepDuration, end.isValid() && s.startedAt.isValid() ? BuildTexts::duration(s.startedAt.secsTo(end)) : QString());
        item->setTextAlignment(StepDuration, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(StepTitle, s.startedAt.isValid()
                                        ? tr("Started %1").arg(QLocale().toString(s.startedAt.toLocalTime(), QLocale::LongFormat))
                                        : QString());
    }
    // Every step from the start: those still to come ("to do") after the running one, and
    // for an ended build those it never reached ("not run"), before its clean-up.
    QSet<BuildStep> recorded;
    for (const auto &s : std::as_const(m_build.steps))
        recorded.insert(s.step);
    const bool ended = isFinished(m_build.state);
    const auto all = allBuildSteps();
    const qsizetype reached = m_build.steps.isEmpty() ? -1 : all.indexOf(m_build.steps.last().step);
    int insertAt = m_steps->topLevelItemCount();
    if (ended && !m_build.steps.isEmpty() && m_build.steps.last().step == BuildStep::Cleanup)
        --insertAt;  // after the steps it ran, before its clean-up
    m_pendingSteps = 0;
    // Dimmed, yet readable (Theme keeps PlaceholderText at 4.5:1; disabled text is not).
    const QColor greyed = palette().color(QPalette::PlaceholderText);
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (recorded.contains(all.at(i)) || (!ended && i <= reached))
            continue;
        auto *item = new QTreeWidgetItem;
        item->setText(StepTitle, BuildTexts::step(all.at(i)));
        item->setText(StepResult, ended ? tr("not run") : tr("to do"));
        item->setForeground(StepTitle, greyed);
        item->setForeground(StepResult, greyed);
        m_steps->insertTopLevelItem(insertAt++, item);
        ++m_pendingSteps;
    }
    if (running)
        m_stepTicker.start();
    else
        m_stepTicker.stop();
}

void BuildDetailsWindow::cancelBuild()
{
    if (!m_service || isFinished(m_build.state) || !m_cancelButton->isEnabled())
        return;
    Prompt prompt;
    prompt.id = QStringLiteral("cancelBuild");
    prompt.title = tr("Cancel Build");
    prompt.text = tr("Cancel the build of \u201c%1\u201d?").arg(inertForLine(m_build.imageName));
    prompt.informative = tr("The build VM is stopped and no image is saved.");
    prompt.subject = m_build.imageName;
    prompt.accept = tr("Cancel Build");
    prompt.reject = tr("Keep Building");
    if (prompts::ask(this, prompt) != PromptAnswer::Accept)
        return;
    m_cancelButton->setEnabled(false);
    m_service->cancel(m_buildId, this, [this](const Result<void> &cancelled) {
        if (cancelled)
            return;
        m_cancelButton->setEnabled(true);
        m_searchStatus->setText(cancelled.error().shown());
    });
}

bool BuildDetailsWindow::jumpToFirstError()
{
    // apt's "E:", "error:", "ERROR", "failed", "fatal", the build's own "Build failed".
    static const QRegularExpression error(QStringLiteral("^E: |\\b(error|errors|failed|fatal)\\b"),
                                          QRegularExpression::CaseInsensitiveOption);
    m_log->flushPending();
    for (int line = 0; line < m_log->lineCount(); ++line) {
        if (error.match(m_log->lineText(line)).hasMatch()) {
            m_log->selectLine(line);
            m_log->setFocus(Qt::OtherFocusReason);
            m_searchStatus->clear();
            return true;
        }
    }
    return false;
}

void BuildDetailsWindow::tickSteps()
{
    if (m_build.steps.isEmpty() || m_steps->topLevelItemCount() < m_build.steps.size())
        return;
    const auto &last = m_build.steps.last();
    if (last.finishedAt.isValid() || !last.startedAt.isValid())
        return;
    m_steps->topLevelItem(static_cast<int>(m_build.steps.size()) - 1)
        ->setText(StepDuration, BuildTexts::duration(last.startedAt.secsTo(QDateTime::currentDateTime())));
}

void BuildDetailsWindow::onStep(const QString &buildId, BuildStep step)
{
    if (buildId != m_buildId)
        return;
    const auto now = QDateTime::currentDateTime();
    if (!m_build.steps.isEmpty() && !m_build.steps.last().finishedAt.isValid()) {
        m_build.steps.last().finishedAt = now;
        if (m_build.steps.last().outcome.isEmpty())
            m_build.steps.last().outcome = QStringLiteral("ok");
    }
    m_build.steps.append(BuildStepRecord{step, now, {}, {}});
    if (m_build.state == BuildState::Queued)
        m_build.state = BuildState::Running;
    m_build.currentStep = step;
    m_stateChip->setPixmap(BuildStateStyle::icon(m_build.state, palette()).pixmap(16, 16));
    m_stateChip->setToolTip(BuildTexts::state(m_build.state));
    if (m_loaded) {
        showSteps();
        QStringList parts = m_state->text().split(QStringLiteral(" \u00b7 "));
        if (!parts.isEmpty()) {
            parts[0] = BuildTexts::stateWithStep(m_build.state, step);
            m_state->setText(parts.join(QStringLiteral(" \u00b7 ")));
        }
    }
}

void BuildDetailsWindow::onFinished(const QString &buildId, BuildState, const QString &)
{
    if (buildId != m_buildId)
        return;
    m_log->flushPending();
    reload();  // the store has the final steps, the cause and the image
}

void BuildDetailsWindow::findText(bool backward)
{
    const auto text = m_search->text();
    if (text.isEmpty()) {
        m_searchStatus->clear();
        return;
    }
    m_searchStatus->setText(m_log->find(text, backward) ? QString() : tr("Not found: %1").arg(text));
}

QString BuildDetailsWindow::failureCause() const
{
    return m_cause->text();
}

bool BuildDetailsWindow::failureShown() const
{
    return !m_causeFrame->isHidden();
}

int BuildDetailsWindow::stepCount() const
{
    return m_steps->topLevelItemCount();
}

bool BuildDetailsWindow::saveLogTo(const QString &path)
{
    if (!QFileInfo::exists(m_build.logPath))
        return false;
    if (QFileInfo::exists(path))
        QFile::remove(path);
    return QFile::copy(m_build.logPath, path);
}

void BuildDetailsWindow::copyLog() const
{
    const QString selected = m_log->selectedText();
    QApplication::clipboard()->setText(selected.isEmpty() ? m_log->toPlainText() : selected);
}

void BuildDetailsWindow::openLogFile()
{
    if (!m_build.logPath.isEmpty())
        m_openUrl(QUrl::fromLocalFile(m_build.logPath));
}

}  // namespace ib::ui
