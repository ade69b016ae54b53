#pragma once

#include <QWidget>

class QTabWidget;

namespace ib::ui {

class BuildDetailsWindow;

// One window for the Build Details a main window opens, a tab per build (as an editor keeps
// files), instead of a window each. A tab closes with its close button, Ctrl+W or Escape;
// the window closes with its last tab. A BuildDetailsWindow made on its own (tests, no
// owner) stays a window of its own.
class BuildDetailsTabs final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildDetailsTabs)

public:
    // `owner`'s tab window, made on first use (a child window of `owner`, closed with it).
    static BuildDetailsTabs *of(QWidget *owner);

    // Adds `page` as a tab unless it is one already, makes it current and brings the window up.
    void showPage(BuildDetailsWindow *page);
    QTabWidget *tabs() const { return m_tabs; }

private:
    explicit BuildDetailsTabs(QWidget *owner);
    void retitle(BuildDetailsWindow *page);

    QTabWidget *m_tabs;
};

}  // namespace ib::ui
