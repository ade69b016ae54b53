#pragma once

#include <QDialog>

#include <memory>

class QLabel;
class QPushButton;

namespace ib {
class Store;
}

namespace ib::ui {

class AppSettings;

// Shown at start when the store cannot be opened (a team store that is down, a URL that
// changed, a file that went away), so that nobody needs a terminal to get back in: Open
// Settings (the Team Store page; a changed store is tested before it is saved, then
// opened), Use This Computer's Store (the SQLite file in the app's data folder, for this
// session; the setting stays), Retry, or Quit. Every opening runs on a worker thread; the
// dialog stays responsive and says why each attempt failed.
class StoreUnavailableDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreUnavailableDialog)

public:
    // `location`: the store that failed; `error`: why. `explicitLocation`: --db (it wins
    // over the setting, so Settings cannot change what Retry opens while it is given).
    StoreUnavailableDialog(const QString &location, const QString &error, const QString &explicitLocation, AppSettings &settings,
                           QWidget *parent = nullptr);
    ~StoreUnavailableDialog() override;

    // After the dialog was accepted: the store that opened, and where it is.
    std::unique_ptr<Store> takeStore();
    QString openedLocation() const { return m_openedLocation; }

    void retry();
    void useThisComputersStore();
    void openSettings();
    bool isOpening() const { return m_opening; }
    QString errorText() const;
    // The SQLite file of this computer (in the app's data folder), whatever the settings say.
    static QString localLocation();

private:
    QString resolvedLocation() const;
    void attempt(const QString &location);
    void showFailure(const QString &location, const QString &error);

    AppSettings &m_settings;
    QString m_explicit;
    QLabel *m_text;
    QLabel *m_error;
    QPushButton *m_settingsButton;
    QPushButton *m_localButton;
    QPushButton *m_retryButton;
    QPushButton *m_quitButton;
    bool m_opening = false;
    quint64 m_ticket = 0;
    std::unique_ptr<Store> m_store;
    QString m_openedLocation;
};

}  // namespace ib::ui
