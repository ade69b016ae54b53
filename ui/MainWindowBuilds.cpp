// MainWindow, part: builds and images (the build service's signals, the status bar's build
// count, the Build Status and Images tabs' refreshes, Build Image, the Images window, and quitting while builds run).

#include "MainWindow.h"

#include "builds/BuildDetailsWindow.h"
#include "builds/BuildImageDialog.h"
#include "builds/BuildRules.h"
#include "builds/BuildService.h"
#include "builds/BuildStatusPanel.h"
#include "builds/BuildTexts.h"
#include "builds/UnseenResults.h"
#include "firstrun/FirstRunGuide.h"
#include "images/ImageListPanel.h"
#include "images/ImagesWindow.h"
#include "settings/AppSettings.h"
#include "storage/Store.h"
#include "templates/TemplateController.h"
#include "templates/TemplateTableModel.h"
#include "util/Background.h"
#include "util/DesktopNotifier.h"
#include "util/GlyphIcon.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "widgets/RecordTableView.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QToolBar>

namespace ib::ui {

void MainWindow::setBuildService(BuildService *service, Store &store)
{
    m_buildService = service;
    m_store = &store;
    m_builds->setBuildService(service, &store);
    m_guide->setBuildService(service, &store);
    m_images->setStore(&store);
    m_images->setBuildService(service);
    if (!service)
        return;
    m_deleteGuard = [this](const QString &id) { return m_activeBuilds.deleteGuard(id); };
    m_notifier = new DesktopNotifier(this);
    m_notifier->trayIcon();  // shown while builds can run, where the desktop has a tray
    if (!m_unseen) {
        m_localState = std::make_shared<AppSettings>();
        m_unseen = new UnseenResults(*m_localState, this);
        connect(m_unseen, &UnseenResults::changed, this, &MainWindow::showUnseen);
        connect(m_builds, &BuildStatusPanel::detailsShown, m_unseen, &UnseenResults::markSeen);
        for (const auto &templateId : m_unseen->templateIds())
            showUnseen(templateId);
    }
    // A click on a build's notice opens its Build Details (the id is one this window gave).
    connect(m_notifier, &DesktopNotifier::activated, this, [this](const QString &buildId) {
        if (!m_buildService || !m_store)
            return;
        showNormal();
        raise();
        BuildDetailsWindow::showFor(m_buildService, *m_store, buildId, this);
        m_unseen->markSeen(buildId);
    });
    connectBuildService();
    updateActions();
    loadLastBuilds();
}

void MainWindow::showUnseen(const QString &templateId)
{
    m_model->setUnseen(templateId, m_unseen->countFor(templateId));
    const int unseen = m_unseen->countFor(m_builds->templateId());
    m_tabs->setTabText(m_tabs->indexOf(m_builds), unseen > 0 ? tr("Build Status (%1 new)").arg(unseen) : tr("Build Status"));
}

void MainWindow::connectBuildService()
{
    auto *service = m_buildService.data();
    connect(service, &BuildService::buildQueued, this, [this](const BuildRecord &build) {
        m_activeBuilds.queued(build.id, build.templateId, build.imageName);
        m_model->setLastBuild(build.templateId, BuildTexts::state(BuildState::Queued));
        updateBuildStatus();
    });
    connect(service, &BuildService::buildStepChanged, this, [this](const QString &buildId, BuildStep step) {
        const auto templateId = m_activeBuilds.stepChanged(buildId, BuildTexts::step(step));
        if (!templateId)
            return;
        m_model->setLastBuild(*templateId, BuildTexts::state(BuildState::Running));
        updateBuildStatus();
    });
    connect(service, &BuildService::buildFinished, this, &MainWindow::onBuildFinished);
    connect(service, &BuildService::buildVmKept, this, [this](const QString &buildId, const QString &, const QString &ssh) {
        const auto it = m_activeBuilds.vmKept(buildId);
        if (!it)
            return;
        m_model->setLastBuild(it->templateId, BuildTexts::state(BuildState::Failed));
        m_unseen->add(buildId, it->templateId);
        updateBuildStatus();
        const QString text = tr("The build of \u201c%1\u201d failed. VM kept: %2").arg(it->imageName, ssh);
        statusBar()->showMessage(text, StatusTimeoutMs);
        m_notifier->notify(tr("Build %1").arg(BuildTexts::state(BuildState::Failed)), text, DesktopNotifier::Urgency::Critical, buildId,
                           tr("Show Build Details"));
    });
}

void MainWindow::onBuildFinished(const QString &buildId, BuildState state, const QString &cause)
{
    const auto ended = m_activeBuilds.finished(buildId);
    if (!ended)
        return;
    const auto &build = *ended;
    m_model->setLastBuild(build.templateId, BuildTexts::state(state));
    updateBuildStatus();
    if (!m_quitting && build.vmKept) {
        statusBar()->showMessage(tr("Released the VM of the failed build of \u201c%1\u201d.").arg(build.imageName), StatusTimeoutMs);
    } else if (!m_quitting) {
        QString text;
        switch (state) {
        case BuildState::Succeeded:
            text = tr("The image “%1” is ready.").arg(build.imageName);
            break;
        case BuildState::Cancelled:
            text = tr("The build of “%1” was cancelled.").arg(build.imageName);
            break;
        default:
            text = tr("The build of “%1” failed: %2").arg(build.imageName, cause.section(QLatin1Char('\n'), 0, 0));
            break;
        }
        statusBar()->showMessage(text, StatusTimeoutMs);
        // A cancel was the user's own doing; a result they have not seen stays marked.
        if (state != BuildState::Cancelled)
            m_unseen->add(buildId, build.templateId);
        m_notifier->notify(tr("Build %1").arg(BuildTexts::state(state)), text,
                           state == BuildState::Failed ? DesktopNotifier::Urgency::Critical : DesktopNotifier::Urgency::Normal, buildId,
                           tr("Show Build Details"));
    }
    if (m_quitting && m_activeBuilds.isEmpty())
        close();
    else if (m_quitting && m_cleanupDialog)
        m_cleanupDialog->setLabelText(m_activeBuilds.cleanupText());
}

QString MainWindow::buildStatusText() const
{
    return m_buildsLabel->isHidden() ? QString() : m_buildsLabel->text();
}

void MainWindow::updateBuildStatus()
{
    const QString text = m_activeBuilds.statusText();
    m_buildsLabel->setText(text);
    m_buildsLabel->setVisible(!text.isEmpty());
}

void MainWindow::loadLastBuilds()
{
    if (!m_store || !m_loaded)
        return;
    Store *store = m_store;
    readInBackground(
        store, this, [store] { return store->latestBuildStates(); },
        [this](Result<QHash<QString, BuildState>> result) {
            if (!result)
                return;
            for (auto it = result->cbegin(); it != result->cend(); ++it) {
                if (m_model->rowOf(it.key()) >= 0 && !m_activeBuilds.hasTemplate(it.key()))
                    m_model->setLastBuild(it.key(), BuildTexts::state(it.value()));
            }
        });
}

void MainWindow::refreshBuilds()
{
    loadLastBuilds();
    if (!m_builds->templateId().isEmpty())
        m_builds->reload();
    BuildDetailsWindow::storeChanged();
}

void MainWindow::refreshImages()
{
    if (!m_images->templateId().isEmpty())
        m_images->reload();
    if (m_imagesWindow)
        m_imagesWindow->reload();
}

BuildImageDialog *MainWindow::buildSelected()
{
    const auto *row = m_model->rowById(selectedId());
    if (!row || !m_buildService || !m_store || !m_controller)
        return nullptr;
    const auto id = selectedId();
    const ImageTemplate t = m_selected && m_selected->id == id && m_selected->revision >= row->revision ? *m_selected : row->summary();
    auto *dialog = new BuildImageDialog(*m_buildService, *m_store, m_controller->catalog(), t, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BuildImageDialog::buildStarted, this, [this](const BuildRecord &build) {
        m_tabs->setCurrentWidget(m_builds);
        m_builds->selectBuild(build.id);
        statusBar()->showMessage(tr("Build of “%1” queued.").arg(build.imageName), StatusTimeoutMs);
    });
    dialog->open();
    return dialog;
}

void MainWindow::openBuildFromGuide(const QString &templateId, const QString &baseImageId)
{
    m_filterEdit->clear();  // a filter must not hide the template to build
    selectTemplate(templateId);
    if (selectedId() != templateId)
        return;
    auto *dialog = buildSelected();
    if (!dialog)
        return;
    dialog->setPreferredBaseImage(baseImageId);
    // One click from the guide: an image name from the template's, within the name rule.
    static const QRegularExpression outsideNameRule(QStringLiteral("[^A-Za-z0-9 ._-]"));
    QString name = m_model->rowById(templateId)->name;
    name.remove(outsideNameRule);
    const QString suffix = QStringLiteral(" v1");
    // A template's name may be 255 bytes; the image name and its suffix must fit 255 characters.
    name = name.simplified().left(buildrules::MaxImageNameChars - suffix.size()).trimmed();
    if (!name.isEmpty())
        dialog->imageNameEdit()->setText(name + suffix);
    connect(dialog, &BuildImageDialog::buildStarted, this, [this] {
        // The first image is on its way: the table with its Build Status tab takes over.
        m_guidePinned = false;
        showTablePage();
    });
}

ImagesWindow *MainWindow::showImagesWindow()
{
    if (!m_store || !m_buildService)
        return nullptr;
    if (!m_imagesWindow) {
        m_imagesWindow = new ImagesWindow(*m_store, m_buildService.data(), m_controller->catalog(), m_buildService->settings(), this);
        m_imagesWindow->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        m_imagesWindow->reload();
    }
    m_imagesWindow->show();
    m_imagesWindow->raise();
    m_imagesWindow->activateWindow();
    return m_imagesWindow;
}

Prompt MainWindow::quitPrompt(int active) const
{
    Prompt prompt;
    prompt.id = QStringLiteral("quit");
    prompt.title = tr("Quit Image Builder");
    prompt.text = active == 1 ? tr("A build is still running. Cancel it and quit?")
                              : tr("%1 builds are still running. Cancel them and quit?").arg(active);
    prompt.informative = tr("Cancelled builds stop their VMs and save no image.");
    prompt.accept = tr("Cancel Builds and Quit");
    prompt.reject = tr("Keep Running");
    return prompt;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_buildService && !m_activeBuilds.isEmpty()) {
        if (!m_quitting) {
            if (prompts::ask(this, quitPrompt(activeBuildCount())) != PromptAnswer::Accept) {
                event->ignore();
                return;
            }
            m_quitting = true;
            const auto ids = m_activeBuilds.ids();
            for (const auto &id : ids) {
                m_buildService->cancel(id, this, [this, id](const Result<void> &cancelled) {
                    if (cancelled)
                        return;
                    m_activeBuilds.forget(id);  // nothing left to wait for
                    if (m_activeBuilds.isEmpty())
                        close();
                });
            }
        }
        if (!m_activeBuilds.isEmpty()) {
            // Clean-up (stopping VMs, removing files) takes a moment; the event loop runs
            // meanwhile and the window closes when the last build has finished.
            if (!m_cleanupDialog) {
                m_cleanupDialog = new QProgressDialog(this);
                m_cleanupDialog->setObjectName(QStringLiteral("cleanupDialog"));
                m_cleanupDialog->setWindowTitle(tr("Quitting"));
                m_cleanupDialog->setCancelButton(nullptr);
                m_cleanupDialog->setRange(0, 0);
                m_cleanupDialog->setMinimumDuration(0);
                m_cleanupDialog->setWindowModality(Qt::WindowModal);
            }
            m_cleanupDialog->setLabelText(m_activeBuilds.cleanupText());
            m_cleanupDialog->show();
            event->ignore();
            return;
        }
    }
    if (m_cleanupDialog)
        m_cleanupDialog->close();
    saveSettings();
    if (m_notifier && m_notifier->trayIcon())
        m_notifier->trayIcon()->hide();
    QMainWindow::closeEvent(event);
}

}  // namespace ib::ui
