#pragma once

#include "model/BuildTypes.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QFrame;
class QTreeWidget;

namespace ib {
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

class BuildLogView;

// One build: its failure cause, its steps with their durations, and its log (live while
// it runs, read from disk when it has ended). Non-modal, one window per build.
class BuildDetailsWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildDetailsWindow)

public:
    // Where to save a copy of the log; empty: cancelled. The default asks with a file dialog.
    using ChooseSavePath = std::function<QString(const QString &suggested)>;
    using OpenUrl = std::function<void(const QUrl &url)>;

    BuildDetailsWindow(BuildService *service, Store &store, const QString &buildId, QWidget *parent = nullptr);
    ~BuildDetailsWindow() override;

    // The window of this build, made and shown if there is none yet.
    static BuildDetailsWindow *showFor(BuildService *service, Store &store, const QString &buildId, QWidget *parent);
    static BuildDetailsWindow *existing(const QString &buildId);
    // The store changed (StoreWatcher): windows of builds this process does not run read
    // their state, steps and new log lines from the store. Empty id: every such window.
    static void storeChanged(const QString &buildId = {});

    QString buildId() const { return m_buildId; }
    const BuildRecord &build() const { return m_build; }
    bool isLoaded() const { return m_loaded; }
    BuildLogView *logView() const { return m_log; }
    QString failureCause() const;
    bool failureShown() const;
    QPushButton *releaseButton() const { return m_releaseButton; }
    int stepCount() const;

    void setChooseSavePath(ChooseSavePath choose) { m_chooseSavePath = std::move(choose); }
    void setOpenUrl(OpenUrl open) { m_openUrl = std::move(open); }
    QPushButton *cancelButton() const { return m_cancelButton; }
    // Cancels the build (after the question) while it is queued or running.
    void cancelBuild();
    // Selects the first line of the log that reads like an error; false when there is none.
    bool jumpToFirstError();
    // Steps not reached yet (listed from the start, greyed).
    int pendingStepCount() const { return m_pendingSteps; }

    void reload();
    // Reads the build again and, for a build run elsewhere, the log lines written since.
    void refreshFromStore();
    // True when the log comes from the store's chunks (a build of another process or machine).
    bool followsStore() const { return m_followStore; }
    // The store's log chunks are read this many at a time: a page per background read, with
    // the event loop running between pages, so a long log never holds the window.
    static constexpr int LogPageChunks = 64;
    int logPagesRead() const { return m_pagesRead; }
    bool saveLogTo(const QString &path);
    void copyLog() const;
    void openLogFile();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum StepColumn { StepTitle, StepResult, StepDuration };

    void buildUi();
    void buildHeader();
    void buildCauseFrame();
    void buildSteps();
    QWidget *buildLogPane();
    void addLogShortcuts();
    void showBuild(const BuildRecord &build);
    void showStateColours();
    void showSteps();
    void onStep(const QString &buildId, BuildStep step);
    void onFinished(const QString &buildId, BuildState state, const QString &cause);
    void tickSteps();
    void findText(bool backward);
    void fetchLogChunks();

    QPointer<BuildService> m_service;
    Store &m_store;
    QString m_buildId;
    BuildRecord m_build;
    bool m_loaded = false;
    bool m_logLoaded = false;
    bool m_followStore = false;
    bool m_fetching = false;
    bool m_fetchAgain = false;
    qint64 m_lastSeq = 0;
    int m_pagesRead = 0;
    ChooseSavePath m_chooseSavePath;
    OpenUrl m_openUrl;
    int m_pendingSteps = 0;
    QTimer m_stepTicker;

    QLabel *m_title = nullptr;
    QLabel *m_stateChip = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_firstErrorButton = nullptr;
    QLabel *m_state = nullptr;
    QFrame *m_causeFrame = nullptr;
    QLabel *m_cause = nullptr;
    QTreeWidget *m_steps = nullptr;
    BuildLogView *m_log = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_searchStatus = nullptr;
    QLabel *m_path = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_releaseButton = nullptr;
};

}  // namespace ib::ui
