#pragma once

#include "util/Latest.h"

#include <QWidget>

#include <functional>

class QHBoxLayout;
class QLabel;
class QUrl;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace ib::ui {

class AppSettings;

// Settings > Team store: this computer's SQLite file (the default, or another path) or a
// PostgreSQL team store (postgresql://user@host:port/db). The password goes to the OS
// keychain (SecretStore), never into the settings. Test Connection opens the store on a
// worker thread. The app uses the new store from its next start.
class TeamStorePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamStorePage)

public:
    TeamStorePage(AppSettings &settings, QWidget *parent = nullptr);

    // The location as entered (empty: the default SQLite file), without a password.
    QString location() const;
    // Why the entry cannot be saved, or empty.
    QString problem() const;
    // Saves the location once it has been opened (a changed one is tested first, on a
    // worker thread: a store that cannot be opened is not saved, and says why); a password
    // typed in goes to the keychain after that test. `done` gets an error text (empty:
    // saved); it is not called if the page is gone.
    void save(std::function<void(const QString &error)> done);
    void testConnection();
    // The last test's result, for tests and for the user.
    QString testResult() const;
    bool isTesting() const { return m_testing; }
    void restoreDefaults();

signals:
    void validityChanged(bool valid);

private:
    void setUpFields();
    QHBoxLayout *buildPathRow();
    QString tlsText(const QUrl &url) const;
    void load();
    void update();

    AppSettings &m_settings;
    QRadioButton *m_sqlite;
    QRadioButton *m_postgres;
    QLineEdit *m_path;
    QLineEdit *m_url;
    QLineEdit *m_password;
    QLabel *m_message;
    QLabel *m_tls;
    QLabel *m_override;
    QPushButton *m_test;
    QLabel *m_result;
    bool m_testing = false;
    Latest m_tests;
};

}  // namespace ib::ui
