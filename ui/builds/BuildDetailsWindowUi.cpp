// BuildDetailsWindow, part: its widgets, section by section.

#include "builds/BuildDetailsWindow.h"
#include "builds/BuildLogView.h"
#include "builds/BuildService.h"
#include "util/Theme.h"

#include <QDir>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ib::ui {

void BuildDetailsWindow::buildUi()
{
    resize(980, 720);
    setWindowTitle(tr("Build Details"));
    buildHeader();
    buildCauseFrame();
    buildSteps();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_steps);
    splitter->addWidget(buildLogPane());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({200, 480});

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_cancelButton, 0, Qt::AlignTop);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_stateChip, 0, Qt::AlignTop);
    stateRow->addWidget(m_state, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addLayout(stateRow);
    layout->addWidget(m_causeFrame);
    layout->addWidget(splitter, 1);
}

// The image's name, its state chip and sentence, and Cancel Build.
void BuildDetailsWindow::buildHeader()
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("buildTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stateChip = new QLabel(this);
    m_stateChip->setObjectName(QStringLiteral("buildStateChip"));
    m_cancelButton = new QPushButton(tr("Cancel Build"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelBuildButton"));
    m_cancelButton->setToolTip(tr("Stop the build: its VM is stopped and no image is saved"));
    m_cancelButton->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &BuildDetailsWindow::cancelBuild);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("buildState"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setWordWrap(true);
}

// Why a failed build failed, and Release VM for one kept for debugging.
void BuildDetailsWindow::buildCauseFrame()
{
    m_causeFrame = new QFrame(this);
    m_causeFrame->setObjectName(QStringLiteral("failureFrame"));
    m_causeFrame->setFrameShape(QFrame::StyledPanel);
    // Tinted in the error tone of the palette in use (a pale red frame would glare on a dark one).
    Theme::setBannerTone(m_causeFrame, Tone::Error);
    auto *causeTitle = new QLabel(tr("Why the build failed"), m_causeFrame);
    QFont bold = causeTitle->font();
    bold.setBold(true);
    causeTitle->setFont(bold);
    Theme::setTextTone(causeTitle, Tone::Error);
    m_cause = new QLabel(m_causeFrame);
    m_cause->setObjectName(QStringLiteral("failureCause"));
    m_cause->setWordWrap(true);
    m_cause->setTextFormat(Qt::PlainText);
    // From the top of the scroll area (a short cause otherwise sits centred below a gap).
    m_cause->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_cause->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // A cause carries the last lines of output: scroll them rather than squeeze the log.
    auto *causeScroll = new QScrollArea(m_causeFrame);
    causeScroll->setWidget(m_cause);
    causeScroll->setWidgetResizable(true);
    causeScroll->setFrameShape(QFrame::NoFrame);
    causeScroll->setMaximumHeight(150);
    causeScroll->setStyleSheet(QStringLiteral("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"));
    m_releaseButton = new QPushButton(tr("Release VM"), m_causeFrame);
    m_releaseButton->setObjectName(QStringLiteral("releaseVm"));
    m_releaseButton->setToolTip(tr("Stops and removes the VM kept for debugging after the build failed."));
    m_releaseButton->hide();
    connect(m_releaseButton, &QPushButton::clicked, this, [this] {
        if (!m_service)
            return;
        m_releaseButton->setEnabled(false);
        m_service->cancel(m_buildId, this, [this](const Result<void> &released) {
            if (released)
                return;
            m_releaseButton->setEnabled(true);
            m_searchStatus->setText(released.error().shown());
        });
    });
    auto *causeHeader = new QHBoxLayout;
    causeHeader->addWidget(causeTitle, 1);
    causeHeader->addWidget(m_releaseButton);
    auto *causeLayout = new QVBoxLayout(m_causeFrame);
    causeLayout->addLayout(causeHeader);
    causeLayout->addWidget(causeScroll);
    m_causeFrame->hide();
}

void BuildDetailsWindow::buildSteps()
{
    m_steps = new QTreeWidget(this);
    m_steps->setObjectName(QStringLiteral("stepTimeline"));
    m_steps->setRootIsDecorated(false);
    m_steps->setHeaderLabels({tr("Step"), tr("Result"), tr("Duration")});
    m_steps->header()->setSectionResizeMode(StepTitle, QHeaderView::Stretch);
    m_steps->header()->setSectionResizeMode(StepResult, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(StepDuration, QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(false);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setFocusPolicy(Qt::NoFocus);
}

// The log with its search bar (find, first error, copy, save, open) and its file's path.
QWidget *BuildDetailsWindow::buildLogPane()
{
    m_log = new BuildLogView(this);
    m_log->setObjectName(QStringLiteral("buildLog"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Find in log"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(280);
    auto *previous = new QPushButton(tr("Previous"), this);
    previous->setObjectName(QStringLiteral("findPrevious"));
    auto *next = new QPushButton(tr("Next"), this);
    next->setObjectName(QStringLiteral("findNext"));
    m_searchStatus = new QLabel(this);
    m_searchStatus->setObjectName(QStringLiteral("searchStatus"));
    auto *copy = new QPushButton(tr("Copy"), this);
    copy->setObjectName(QStringLiteral("copyLog"));
    copy->setToolTip(tr("Copy the selected lines, or the whole log shown, to the clipboard"));
    m_saveButton = new QPushButton(tr("Save\u2026"), this);
    m_saveButton->setObjectName(QStringLiteral("saveLog"));
    m_saveButton->setToolTip(tr("Save a copy of the full log file"));
    m_firstErrorButton = new QPushButton(tr("First Error"), this);
    m_firstErrorButton->setObjectName(QStringLiteral("firstError"));
    m_firstErrorButton->setToolTip(tr("Go to the first line of the log that reports an error (Ctrl+J)"));
    m_openButton = new QPushButton(tr("Open Log File"), this);
    m_openButton->setObjectName(QStringLiteral("openLog"));
    m_path = new QLabel(this);
    m_path->setObjectName(QStringLiteral("logPath"));
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_search, &QLineEdit::returnPressed, this, [this] { findText(false); });
    connect(next, &QPushButton::clicked, this, [this] { findText(false); });
    connect(previous, &QPushButton::clicked, this, [this] { findText(true); });
    connect(copy, &QPushButton::clicked, this, &BuildDetailsWindow::copyLog);
    connect(m_firstErrorButton, &QPushButton::clicked, this, [this] {
        if (!jumpToFirstError())
            m_searchStatus->setText(tr("No line reports an error."));
    });
    connect(m_openButton, &QPushButton::clicked, this, &BuildDetailsWindow::openLogFile);
    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        const auto path = m_chooseSavePath(
            QDir::home().filePath(m_build.imageName.isEmpty() ? QStringLiteral("build.log") : m_build.imageName + QStringLiteral(".log")));
        if (!path.isEmpty() && !saveLogTo(path))
            m_searchStatus->setText(tr("Could not save the log to %1.").arg(path));
    });
    addLogShortcuts();

    auto *logBar = new QHBoxLayout;
    logBar->addWidget(m_search);
    logBar->addWidget(previous);
    logBar->addWidget(next);
    logBar->addWidget(m_searchStatus, 1);
    logBar->addWidget(m_firstErrorButton);
    logBar->addWidget(copy);
    logBar->addWidget(m_saveButton);
    logBar->addWidget(m_openButton);

    auto *logPane = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logPane);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addLayout(logBar);
    logLayout->addWidget(m_log, 1);
    logLayout->addWidget(m_path);
    return logPane;
}

// Ctrl+J, Find, Find Next and Previous, and Escape.
void BuildDetailsWindow::addLogShortcuts()
{
    auto *firstErrorShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_J), this);
    firstErrorShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(firstErrorShortcut, &QShortcut::activated, m_firstErrorButton, &QPushButton::click);
    // Shortcuts work where the focus is in this page: pages share a window as its tabs.
    // Escape clears the search first, then closes the window or tab (as a dialog would).
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_search->hasFocus() && !m_search->text().isEmpty())
            m_search->clear();
        else
            close();
    });
    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, m_search, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    auto *nextShortcut = new QShortcut(QKeySequence::FindNext, this);
    nextShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(nextShortcut, &QShortcut::activated, this, [this] { findText(false); });
    auto *previousShortcut = new QShortcut(QKeySequence::FindPrevious, this);
    previousShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previousShortcut, &QShortcut::activated, this, [this] { findText(true); });
}

}  // namespace ib::ui
