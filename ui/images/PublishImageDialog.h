#pragma once

#include "model/BuildTypes.h"
#include "settings/BuildSettings.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace ib {
class Store;
namespace publish {
class ImagePublisher;
struct PublishProgress;
}  // namespace publish
}  // namespace ib

namespace ib::ui {

// "Publish to Cloud…" of the Images tab (issue 19): a local image uploaded to a cloud
// account's Glance as a private image. Cloud account, name, the datasource check's
// override (off by default, explained), progress with bytes, rate and time left, Cancel
// (deletes what was made). The upload runs on a worker thread; the record is saved there
// too, and published() tells the panel to reload.
class PublishImageDialog final : public QDialog
{
    Q_OBJECT

public:
    PublishImageDialog(Store *store, BuildSettings settings, ImageRecord source, QWidget *parent = nullptr);
    ~PublishImageDialog() override;

    QComboBox *accountBox() const { return m_account; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *formatBox() const { return m_format; }
    QCheckBox *skipCheckBox() const { return m_skipCheck; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    bool isPublishing() const { return m_running; }
    // The last outcome in words (empty while nothing ended).
    QString outcome() const { return m_outcome; }

    void startPublish();
    void cancelPublish();

signals:
    void published(const QString &imageId);
    void finishedPublishing(bool ok);

protected:
    void reject() override;

private:
    void loadAccounts();
    void showProgress(const publish::PublishProgress &progress);
    void finish(bool ok, const QString &text, const QString &imageId);

    Store *m_store;
    BuildSettings m_settings;
    ImageRecord m_source;
    std::shared_ptr<publish::ImagePublisher> m_publisher;
    bool m_running = false;
    bool m_closeWhenDone = false;
    QString m_outcome;

    QComboBox *m_account;
    QLineEdit *m_name;
    QComboBox *m_format;
    QCheckBox *m_skipCheck;
    QLabel *m_explanation;
    QProgressBar *m_progress;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

}  // namespace ib::ui
