#pragma once

#include "model/BuildTypes.h"
#include "settings/BuildSettings.h"
#include "util/Latest.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

// The Images window's Base Images tab: the local base images with their OS, login user,
// disk and file size and the templates whose OS they suit (what Build Image offers them to),
// with Import, Make Debian 12, Rename and Remove (the library's own rules: a base image a
// build uses is not removed; only a file inside this installation's folder is deleted).
class BaseImagesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BaseImagesPanel)

public:
    using ChooseFile = std::function<QString(QWidget *parent)>;

    BaseImagesPanel(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, QWidget *parent = nullptr);
    ~BaseImagesPanel() override;

    void setChooseFile(ChooseFile choose) { m_chooseFile = std::move(choose); }

    void reload();
    bool isLoaded() const { return m_loaded; }
    QTableWidget *table() const { return m_table; }
    QString statusText() const;
    QString selectedId() const;
    void select(const QString &id);

    void renameSelected();
    void removeSelected();
    QWidget *importFile();
    QWidget *makeDebian();

private:
    enum Column { Name, Os, User, Disk, File, Suits, Created, Count };
    struct Row
    {
        BaseImage base;
        qint64 fileBytes = -1;  // -1: no file here (a colleague's row, or gone)
        QStringList suits;      // names of templates of the same OS
    };

    void showRows(const QList<Row> &rows, const QString &keep);
    void setStatus(const QString &text, bool error);
    void updateButtons();
    int rowOf(const QString &id) const;  // -1: not listed
    QString nameOf(const QString &id) const;
    // After a rename or removal: reload, or show why it failed (empty: it worked).
    void changed(const QString &failure);

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    BuildSettings m_settings;
    ChooseFile m_chooseFile;
    Latest m_loads;
    bool m_loaded = false;
    bool m_busy = false;

    QTableWidget *m_table;
    QLabel *m_status;
    QPushButton *m_import;
    QPushButton *m_make;
    QPushButton *m_rename;
    QPushButton *m_remove;
};

}  // namespace ib::ui
