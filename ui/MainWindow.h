#pragma once

#include "builds/ActiveBuilds.h"
#include "model/BuildTypes.h"
#include "templates/ImageTemplate.h"
#include "util/Latest.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QAction;
class QLabel;
class QProgressDialog;
class QLineEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;

namespace ib {
class BuildService;
class Store;
class StoreWatcher;
enum class BuildState;
enum class BuildStep;
}  // namespace ib

namespace ib::ui {

class BuildImageDialog;
class BuildStatusPanel;
class DesktopNotifier;
class UnseenResults;
class AppSettings;
class EmptyStatePage;
class FirstRunGuide;
class ImageListPanel;
class ImagesWindow;
struct Prompt;
class DiagnosticsSaver;
class TemplateController;
class TemplateDetailsWidget;
class TemplateDialog;
class TemplateFilterProxyModel;
class TemplateTableModel;

// The template list with its toolbar, filter and the Details / Build Status / Images tabs
// of the selected template. All store work goes through the TemplateController.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // Why a template may not be deleted now (e.g. a build is running), or empty to allow it.
    // The build engine installs one; without it every delete is allowed. (Questions and
    // warnings go through ib::ui::prompts, which tests answer.)
    using DeleteGuard = std::function<QString(const QString &id)>;

    explicit MainWindow(TemplateController &controller, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setDeleteGuard(DeleteGuard guard);
    // Turns on building: Build Image, the Build Status and Images tabs, the delete guard,
    // the status bar's build count and the quit handling. Without it builds are off.
    void setBuildService(BuildService *service, Store &store);
    // Changes saved by others (another window, the CLI, a colleague on a team store) show
    // without a restart: templates, builds (state, steps, log) and images refresh in
    // place, keeping the selection and the scroll position. Bursts of changes are
    // coalesced into one refresh per RefreshCoalesceMs.
    void setStoreWatcher(StoreWatcher *watcher);
    static constexpr int RefreshCoalesceMs = 250;

    TemplateTableModel *model() const { return m_model; }
    TemplateFilterProxyModel *proxyModel() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    TemplateDetailsWidget *details() const { return m_details; }
    BuildStatusPanel *buildPanel() const { return m_builds; }
    ImageListPanel *imagePanel() const { return m_images; }
    // View > Images and Base Images (Ctrl+Shift+I): opens the window, or raises and reloads it.
    ImagesWindow *showImagesWindow();
    // Template > Copy as CLI Command: reads the selected template whole (in the background)
    // and puts the `template import` command that recreates it on the clipboard.
    void copyTemplateCommand();
    UnseenResults *unseenResults() const { return m_unseen; }
    // Help > Save Diagnostics…
    DiagnosticsSaver *diagnosticsSaver() const { return m_diagnostics; }
    void saveDiagnostics();
    // The first-start guide: shown instead of the empty template table, and from Help.
    FirstRunGuide *firstRunGuide() const { return m_guide; }
    bool isGuideShown() const;
    void showGettingStarted();
    QString buildStatusText() const;
    // Builds of this process not yet finished, as the window knows them.
    int activeBuildCount() const { return m_activeBuilds.count(); }

    QString selectedId() const;
    void selectTemplate(const QString &id);
    // True from reload() until the last page of the templates has arrived.
    bool isLoading() const { return m_loading; }

    void reload();
    // Opens the dialog (window-modal, not blocking); returns it for tests.
    TemplateDialog *createTemplate();
    TemplateDialog *updateSelected();
    void deleteSelected();
    // Opens Build Image for the selected template (window-modal, not blocking).
    BuildImageDialog *buildSelected();
    void openSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    QAction *createActions();
    QAction *buildToolBar();
    void buildMenus(QAction *quitAction, QAction *findAction);
    void buildUi();
    void buildTemplateArea();
    void buildTabs();
    void buildStatusBar();
    void connectSelection();
    void connectController();
    void connectLoads();
    void connectEdits();
    void restoreSettings();
    void saveSettings() const;
    void updateActions();
    void updateSelectionViews();
    void updateCount();
    void showTablePage();
    void openBuildFromGuide(const QString &templateId, const QString &baseImageId);
    void connectBuildService();
    void showUnseen(const QString &templateId);
    void updateBuildStatus();
    void loadLastBuilds();
    void refreshBuilds();
    void refreshImages();
    void onBuildFinished(const QString &buildId, BuildState state, const QString &cause);
    Prompt quitPrompt(int active) const;
    Prompt deletePrompt(const QString &name, const QList<ImageRecord> &images) const;
    void askAndDelete(const QString &id, const QString &name, const QList<ImageRecord> &images);

    // How long a status bar message stays.
    static constexpr int StatusTimeoutMs = 6000;

    QPointer<TemplateController> m_controller;
    DeleteGuard m_deleteGuard;
    Latest m_loads;  // the full load shown (pages of an older one are dropped)
    bool m_loaded = false;
    bool m_loading = false;
    QString m_pendingSelection;
    // The whole selected template, read when it was selected (rows keep a summary only).
    std::optional<ImageTemplate> m_selected;
    Latest m_fetches;                      // the read under way, if any
    std::pair<QString, int> m_unreadable;  // id and revision whose read failed
    QString m_updateWhenRead;              // Update was asked for before the template was read
    QPointer<StoreWatcher> m_watcher;
    QTimer *m_templatesRefresh = nullptr;
    QTimer *m_buildsRefresh = nullptr;
    QTimer *m_imagesRefresh = nullptr;

    TemplateTableModel *m_model;
    TemplateFilterProxyModel *m_proxy;
    QAction *m_createAction = nullptr;
    QAction *m_updateAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_copyCommandAction = nullptr;
    QAction *m_buildAction = nullptr;
    QAction *m_reloadAction = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_tableStack = nullptr;
    QTableView *m_view = nullptr;
    QWidget *m_emptyPage = nullptr;
    EmptyStatePage *m_emptyState = nullptr;
    QPushButton *m_emptyButton = nullptr;
    FirstRunGuide *m_guide = nullptr;
    bool m_guidePinned = false;     // stays up while its flow runs, though templates exist
    bool m_guideDismissed = false;  // "Hide this guide": the plain empty page instead
    QTabWidget *m_tabs = nullptr;
    TemplateDetailsWidget *m_details = nullptr;
    BuildStatusPanel *m_builds = nullptr;
    ImageListPanel *m_images = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_storeLabel = nullptr;

    QPointer<BuildService> m_buildService;
    QPointer<ImagesWindow> m_imagesWindow;
    Store *m_store = nullptr;
    DiagnosticsSaver *m_diagnostics = nullptr;
    ActiveBuilds m_activeBuilds;
    bool m_quitting = false;
    QAction *m_settingsAction = nullptr;
    QLabel *m_buildsLabel = nullptr;
    DesktopNotifier *m_notifier = nullptr;      // made with the build service
    std::shared_ptr<AppSettings> m_localState;  // this machine's: the unseen results
    UnseenResults *m_unseen = nullptr;          // made with the build service
    QPointer<QProgressDialog> m_cleanupDialog;
};

}  // namespace ib::ui
