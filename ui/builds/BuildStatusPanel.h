#pragma once

#include "util/Latest.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace ib {
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

class BuildDetailsWindow;
class BuildTableModel;
class EmptyStatePage;

// The Build Status tab: the builds of the selected template, live, with Build Details and
// Cancel Build. Without a build service it is an honest empty page.
class BuildStatusPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildStatusPanel)

public:
    explicit BuildStatusPanel(QWidget *parent = nullptr);
    ~BuildStatusPanel() override;

    void setBuildService(BuildService *service, Store *store);

    // Empty id: no template selected.
    void setTemplate(const QString &templateId);
    QString templateId() const { return m_templateId; }
    QString emptyStateText() const;
    void reload();
    bool isLoaded() const { return m_loaded; }

    BuildTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString selectedBuildId() const;
    void selectBuild(const QString &buildId);

    BuildDetailsWindow *showDetails();
    void cancelSelected();

signals:
    // Build Details was opened on `buildId` from here (its result is seen).
    void detailsShown(const QString &buildId);

private:
    void updatePage();
    void updateButtons();

    QPointer<BuildService> m_service;
    Store *m_store = nullptr;
    QString m_templateId;
    Latest m_loads;
    bool m_loaded = false;
    QString m_pendingSelection;

    BuildTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QStackedWidget *m_stack;
    EmptyStatePage *m_empty;
    QWidget *m_listPage;
    QTableView *m_view;
    QPushButton *m_detailsButton;
    QPushButton *m_cancelButton;
};

}  // namespace ib::ui
