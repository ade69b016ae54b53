// Issue 19, "Publish to Cloud…" on the Images tab against the API double (API only): the
// button is enabled for a local image only, the dialog lists the account, publishes with
// progress, the tab lists the published image "published from" the local one; Cancel
// during a slow upload (Esc) closes the dialog once the half-made image is deleted.
#include "GuiFixture.h"
#include "OpenStackDouble.h"

#include "builds/BuildService.h"
#include "images/ImageListPanel.h"
#include "images/ImageTableModel.h"
#include "images/PublishImageDialog.h"
#include "providers/openstack/CloudAccountStore.h"
#include "secrets/SecretStore.h"
#include "settings/BuildSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUuid>

using namespace ib;
using namespace ib::ui;
using ib::test::OpenStackDouble;

class TestPublishDialog final : public QObject
{
    Q_OBJECT

    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::None;
        return o;
    }()};
    std::unique_ptr<test::GuiFixture> m_gui;
    QTemporaryDir m_data;
    std::unique_ptr<BuildService> m_service;
    ImageTemplate m_template;
    ImageRecord m_local;

    // The Images tab of the template, with the local image selected, and its Publish to
    // Cloud dialog once the accounts are listed.
    QPointer<PublishImageDialog> openPublishDialog(ImageListPanel &panel)
    {
        panel.setStore(m_gui->store.get());
        panel.setBuildService(m_service.get());
        panel.setTemplate(m_template.id);
        if (!QTest::qWaitFor([&] { return panel.isLoaded(); }, 30000))
            return nullptr;
        panel.selectImage(m_local.id);
        QPointer<PublishImageDialog> dialog = panel.publishSelected();
        if (!dialog || !QTest::qWaitFor([&] { return dialog->accountBox()->count() == 1; }, 5000))
            return nullptr;
        return dialog;
    }

private:
    // The Images tab of the test's template, as the main window sets it up; false if its
    // local and cloud lists did not load in 30 s.
    bool showImagesOfTheTemplate(ImageListPanel &panel)
    {
        panel.setStore(m_gui->store.get());
        panel.setBuildService(m_service.get());
        panel.show();
        panel.setTemplate(m_template.id);
        return QTest::qWaitFor([&panel] { return panel.isLoaded() && panel.isCloudLoaded(); }, 30000);
    }

private slots:
    void initTestCase()
    {
        qputenv("IMAGEBUILDER_SECRET_STORE", "kernel-keyring");
        qputenv("IMAGEBUILDER_SECRET_SERVICE",
                (QStringLiteral("gui-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12)).toUtf8());
        qputenv("IMAGEBUILDER_DATA_DIR", m_data.path().toUtf8());
        const QString error = m_double.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_gui = std::make_unique<test::GuiFixture>();
        auto settings = BuildSettings::defaults();
        settings.dataDirectory = m_data.path();
        m_service = std::make_unique<BuildService>(*m_gui->store, ApplicationCatalog::builtin(), settings,
                                                   BuildService::defaultProviderFactory(settings, m_gui->store.get()));
        m_template = m_gui->add(QStringLiteral("publish web"));
        auto account = openstack::CloudAccount::nhn(QStringLiteral("double"), m_double.region(), m_double.tenantId(), m_double.username());
        account.kind = openstack::CloudKind::OpenStack;
        account.authUrl = m_double.identityV2Url();
        auto secrets = SecretStore::forThisProcess();
        openstack::CloudAccountStore accounts(*m_gui->store, secrets.get());
        auto added = accounts.add(account, m_double.password());
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));

        QVERIFY(QDir().mkpath(settings.imagesDirectory()));
        m_local.name = QStringLiteral("web");
        m_local.location = settings.imagesDirectory() + QStringLiteral("/web.qcow2");
        // 4 MiB of random data: the slow upload of the cancel test takes seconds.
        const QString raw = m_data.filePath(QStringLiteral("disk.raw"));
        QFile f(raw);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray block(4 * 1024 * 1024, '\0');
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        QCOMPARE(f.write(block), block.size());
        f.close();
        QCOMPARE(QProcess::execute(QStringLiteral("qemu-img"),
                                   {QStringLiteral("convert"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("raw"),
                                    QStringLiteral("-O"), QStringLiteral("qcow2"), raw, m_local.location}),
                 0);
        QFile::remove(raw);
        m_local.templateId = m_template.id;
        m_local.templateRevision = 1;
        m_local.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        m_local.loginUser = QStringLiteral("debian");
        m_local.datasources = {QStringLiteral("ConfigDrive"), QStringLiteral("OpenStack")};
        auto stored = m_gui->store->addImage(m_local);
        QVERIFY(stored);
        m_local = stored.value();
    }

    void cleanupTestCase()
    {
        m_service.reset();
        if (m_gui) {
            auto secrets = SecretStore::forThisProcess();
            openstack::CloudAccountStore accounts(*m_gui->store, secrets.get());
            (void)accounts.remove(QStringLiteral("double"));
        }
        m_gui.reset();
    }

    void publishesFromTheImagesTab()
    {
        ImageListPanel panel;
        QVERIFY(showImagesOfTheTemplate(panel));
        panel.selectImage(m_local.id);
        auto *button = panel.findChild<QPushButton *>(QStringLiteral("publishImageButton"));
        QVERIFY(button);
        QTRY_VERIFY(button->isEnabled());
        QPointer<PublishImageDialog> dialog = panel.publishSelected();
        QVERIFY(dialog);
        QTRY_COMPARE(dialog->accountBox()->count(), 1);
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("web"));
        QVERIFY(!dialog->skipCheckBox()->isChecked());
        dialog->nameEdit()->setText(QStringLiteral("web on the cloud"));
        QSignalSpy done(dialog.data(), &PublishImageDialog::finishedPublishing);
        auto *publish = dialog->findChild<QPushButton *>(QStringLiteral("publishButton"));
        QVERIFY(publish && publish->isEnabled());
        QTest::mouseClick(publish, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 60000);
        QVERIFY2(done.first().first().toBool(), qPrintable(dialog->outcome()));
        QCOMPARE(dialog->progressBar()->value(), 1000);
        // The tab lists it under the cloud, linked to its source (once: store and Glance).
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 2, 30000);
        QStringList providers;
        for (int row = 0; row < panel.model()->rowCount(); ++row)
            providers << panel.model()->index(row, static_cast<int>(ImageTableModel::Column::Provider)).data().toString();
        QVERIFY2(providers.contains(QStringLiteral("double, published from web")), qPrintable(providers.join(QLatin1Char('|'))));
        dialog->close();
        QTRY_VERIFY(!dialog);
    }

    // The disk format is the administrator's choice: raw reaches the cloud as raw, with the
    // whole virtual disk's bytes (4 MiB here).
    // Issue 20: an arm64 image built on Apple Silicon is local only: no Publish, and the
    // button's tooltip says why.
    void arm64ImagesStayLocal()
    {
        ImageRecord arm = m_local;
        arm.id.clear();
        arm.name = QStringLiteral("web-arm64");
        arm.architecture = QStringLiteral("aarch64");
        auto stored = m_gui->store->addImage(arm);
        QVERIFY(stored);
        ImageListPanel panel;
        QVERIFY(showImagesOfTheTemplate(panel));
        auto *button = panel.findChild<QPushButton *>(QStringLiteral("publishImageButton"));
        panel.selectImage(m_local.id);
        QTRY_VERIFY(button->isEnabled());
        panel.selectImage(stored->id);
        QTRY_VERIFY(!button->isEnabled());
        QVERIFY2(button->toolTip().contains(QStringLiteral("arm64")), qPrintable(button->toolTip()));
        QVERIFY(!panel.publishSelected());
        QVERIFY(m_gui->store->removeImage(stored->id));
    }

    void publishesRawWhenChosen()
    {
        ImageListPanel panel;
        QPointer<PublishImageDialog> dialog = openPublishDialog(panel);
        QVERIFY(dialog);
        QCOMPARE(dialog->formatBox()->currentData().toString(), QStringLiteral("qcow2"));  // the default
        dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("raw")));
        dialog->nameEdit()->setText(QStringLiteral("web raw"));
        QSignalSpy done(dialog.data(), &PublishImageDialog::finishedPublishing);
        dialog->startPublish();
        QVERIFY(!dialog->formatBox()->isEnabled());  // fixed while it runs
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 60000);
        QVERIFY2(done.first().first().toBool(), qPrintable(dialog->outcome()));
        auto listed = m_gui->store->listImages();
        QVERIFY(listed);
        bool found = false;
        for (const auto &i : listed.value()) {
            if (i.name != QLatin1String("web raw"))
                continue;
            found = true;
            QCOMPARE(i.format, QStringLiteral("raw"));
            QCOMPARE(i.sizeBytes, 4LL * 1024 * 1024);
        }
        QVERIFY(found);
        dialog->close();
    }

    // A refused name is explained in the dialog's words (its field), not the CLI's (--name).
    void refusalNamesTheDialogsField()
    {
        ImageListPanel panel;
        QPointer<PublishImageDialog> dialog = openPublishDialog(panel);
        QVERIFY(dialog);
        dialog->nameEdit()->setText(QStringLiteral("web\x01image"));
        QSignalSpy done(dialog.data(), &PublishImageDialog::finishedPublishing);
        dialog->startPublish();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QVERIFY(!done.first().first().toBool());
        QVERIFY2(dialog->outcome().contains(QStringLiteral("The name in the cloud contains control characters")),
                 qPrintable(dialog->outcome()));
        QVERIFY2(!dialog->outcome().contains(QStringLiteral("--name")), qPrintable(dialog->outcome()));
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("web\x01image"));  // nothing typed is lost
        dialog->close();
    }

    void cancelDeletesTheHalfMadeImage()
    {
        const int before = m_double.resources().value(QStringLiteral("images")).toArray().size();
        QCOMPARE(m_double.changeSettings(QJsonObject{{QStringLiteral("upload_delay"), 2.0}}), QString());
        ImageListPanel panel;
        QPointer<PublishImageDialog> dialog = openPublishDialog(panel);
        QVERIFY(dialog);
        dialog->startPublish();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusLabel()->text().startsWith(QLatin1String("Uploading")), 30000);
        QTest::keyClick(dialog.data(), Qt::Key_Escape);  // Cancel: stops, cleans up, then closes
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 30000);
        QCOMPARE(m_double.resources().value(QStringLiteral("images")).toArray().size(), before);
        QCOMPARE(m_double.changeSettings(QJsonObject{{QStringLiteral("upload_delay"), 0.0}}), QString());
    }
};

QTEST_MAIN(TestPublishDialog)
#include "tst_publishdialog.moc"
