// MainWindow, part: its commands (actions with icons, shortcuts and tips), the toolbar with
// the filter box, and the menus. The class is one; its files follow its concerns.

#include "MainWindow.h"

#include "AboutDialog.h"
#include "util/Background.h"
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
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QToolBar>

namespace ib::ui {

namespace {

// The platform theme's icon (freedesktop names), else one that ships with Qt's style.
QIcon themedIcon(const QWidget *widget, const char *themeName, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(themeName), widget->style()->standardIcon(fallback));
}

QString withShortcut(const QString &tip, const QAction *action)
{
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    return keys.isEmpty() ? tip : MainWindow::tr("%1 (%2)").arg(tip, keys);
}

}  // namespace

void MainWindow::buildActions()
{
    QAction *quitAction = createActions();
    QAction *findAction = buildToolBar();
    buildMenus(quitAction, findAction);
}

// The template, build, settings and refresh commands, shared by the toolbar and the menus.
// Returns Quit, which only the menu shows.
QAction *MainWindow::createActions()
{
    // Qt's blank page (Fusion's SP_FileIcon) is white on white: a drawn plus in the text colour.
    m_createAction =
        new QAction(QIcon::fromTheme(QStringLiteral("document-new"), glyphIcon(Glyph::Plus)), tr("Create Image Template"), this);
    m_createAction->setObjectName(QStringLiteral("createAction"));
    m_createAction->setShortcut(QKeySequence::New);
    m_createAction->setToolTip(withShortcut(tr("Create an image template"), m_createAction));
    connect(m_createAction, &QAction::triggered, this, [this] { createTemplate(); });

    m_updateAction = new QAction(themedIcon(this, "document-edit", QStyle::SP_FileDialogDetailedView), tr("Update Image Template"), this);
    m_updateAction->setObjectName(QStringLiteral("updateAction"));
    m_updateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_updateAction->setToolTip(withShortcut(tr("Change the selected image template (Enter or double-click in the table)"), m_updateAction));
    connect(m_updateAction, &QAction::triggered, this, [this] { updateSelected(); });

    m_deleteAction = new QAction(themedIcon(this, "edit-delete", QStyle::SP_TrashIcon), tr("Delete Image Template"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    // Only in the template table: Delete in the filter box or a text field edits text.
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteAction->setToolTip(withShortcut(tr("Delete the selected image template"), m_deleteAction));
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    // Qt's own play triangle is dark grey, faint on a dark palette: a drawn one in the
    // palette's success tone stands in when the platform theme has no icon.
    m_buildAction =
        new QAction(QIcon::fromTheme(QStringLiteral("system-run"), glyphIcon(Glyph::Play, Tone::Success)), tr("Build Image"), this);
    m_buildAction->setObjectName(QStringLiteral("buildAction"));
    m_buildAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_buildAction->setEnabled(false);
    m_buildAction->setToolTip(withShortcut(tr("Build a private image from the selected template"), m_buildAction));
    connect(m_buildAction, &QAction::triggered, this, [this] { buildSelected(); });

    m_settingsAction = new QAction(themedIcon(this, "preferences-system", QStyle::SP_FileDialogInfoView), tr("Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    // The platform's Preferences keys; most Linux desktops define none, so Ctrl+, there.
    m_settingsAction->setShortcut(QKeySequence(QKeySequence::Preferences).isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma)
                                                                                    : QKeySequence(QKeySequence::Preferences));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_reloadAction = new QAction(themedIcon(this, "view-refresh", QStyle::SP_BrowserReload), tr("Refresh"), this);
    m_reloadAction->setObjectName(QStringLiteral("reloadAction"));
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_reloadAction->setToolTip(withShortcut(tr("Load the templates again, with changes saved elsewhere"), m_reloadAction));
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    auto *quitAction = new QAction(themedIcon(this, "application-exit", QStyle::SP_DialogCloseButton), tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction->setMenuRole(QAction::QuitRole);
    // Through closeEvent: running builds are asked about and cleaned up first.
    connect(quitAction, &QAction::triggered, this, &QWidget::close);
    return quitAction;
}

// The toolbar and its filter box. Returns the action that puts the focus in the filter.
QAction *MainWindow::buildToolBar()
{
    auto *toolbar = addToolBar(tr("Templates"));
    toolbar->setObjectName(QStringLiteral("templateToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_createAction);
    toolbar->addAction(m_updateAction);
    toolbar->addAction(m_deleteAction);
    toolbar->addSeparator();
    toolbar->addAction(m_buildAction);
    toolbar->addSeparator();
    toolbar->addAction(m_reloadAction);
    toolbar->addAction(m_settingsAction);

    m_filterEdit = new QLineEdit(toolbar);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter by name, OS or application"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(320);
    m_filterEdit->setMinimumWidth(220);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(m_filterEdit);

    auto *findAction = new QAction(tr("&Filter Templates"), this);
    findAction->setObjectName(QStringLiteral("findAction"));
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, m_filterEdit, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    // Escape in the filter box clears it (and hands the focus back to the table once empty).
    auto *clearFilter = new QAction(m_filterEdit);
    clearFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    clearFilter->setShortcutContext(Qt::WidgetShortcut);
    connect(clearFilter, &QAction::triggered, this, [this] {
        if (m_filterEdit->text().isEmpty())
            m_view->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->clear();
    });
    m_filterEdit->addAction(clearFilter);
    return findAction;
}

void MainWindow::buildMenus(QAction *quitAction, QAction *findAction)
{
    // Menus show every command with its shortcut; the actions are shared with the toolbar.
    auto *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(quitAction);
    auto *templates = menuBar()->addMenu(tr("&Template"));
    templates->setObjectName(QStringLiteral("templateMenu"));
    templates->addAction(m_createAction);
    templates->addAction(m_updateAction);
    templates->addAction(m_deleteAction);
    templates->addSeparator();
    m_copyCommandAction = templates->addAction(tr("Copy as CLI &Command"), this, [this] { copyTemplateCommand(); });
    m_copyCommandAction->setObjectName(QStringLiteral("copyTemplateCommandAction"));
    m_copyCommandAction->setToolTip(
        tr("Copies one imagebuilder-cli command that makes this template, scripts and all, in another store or on another computer"));
    auto *build = menuBar()->addMenu(tr("&Build"));
    build->setObjectName(QStringLiteral("buildMenu"));
    build->addAction(m_buildAction);
    auto *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_reloadAction);
    view->addAction(findAction);
    view->addSeparator();
    auto *imagesAction = view->addAction(tr("&Images and Base Images\u2026"), this, [this] { showImagesWindow(); });
    imagesAction->setObjectName(QStringLiteral("imagesWindowAction"));
    imagesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    imagesAction->setToolTip(tr("Every image made (a deleted template's too) and the base image library"));
    auto *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    auto *guideAction = help->addAction(tr("Getting Started"), this, &MainWindow::showGettingStarted);
    guideAction->setObjectName(QStringLiteral("gettingStartedAction"));
    guideAction->setToolTip(tr("The three steps to a first image: a base image, a template from a starter, a build"));
    auto *diagnosticsAction = help->addAction(tr("Save &Diagnostics\u2026"), this, &MainWindow::saveDiagnostics);
    diagnosticsAction->setObjectName(QStringLiteral("saveDiagnosticsAction"));
    diagnosticsAction->setToolTip(
        tr("Versions, settings and logs in one zip for a bug report; passwords, tokens and private keys are redacted"));
    help->addSeparator();
    auto *aboutAction = help->addAction(tr("&About Image Builder"), this, [this] {
        auto *about = new AboutDialog(this);
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
    aboutAction->setMenuRole(QAction::AboutRole);
    // Shortcuts of actions only in a menu work while the window has the focus.
    addActions({quitAction, findAction, imagesAction});
}

}  // namespace ib::ui
