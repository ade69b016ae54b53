// The GUI of cloud builds against the OpenStack API double (API only: no targets):
// Settings > Clouds adds an account (a wrong password is explained at its field, the
// right one saves it, the password is in no file), Build Image lists the cloud's Debian
// 12 base image and starts a build on it, and the Images tab lists an image of the
// template from Glance. Needs root (the double).
#include "GuiFixture.h"
#include "OpenStackDouble.h"
#include "PromptLog.h"

#include "builds/BuildImageDialog.h"
#include "builds/BuildService.h"
#include "images/ImageListPanel.h"
#include "images/ImageTableModel.h"
#include "providers/openstack/CloudAccountStore.h"
#include "providers/openstack/OpenStackProvider.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"
#include "settings/BuildSettings.h"
#include "settings/CloudAccountModel.h"
#include "settings/CloudsPage.h"
#include "settings/SettingsDialog.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <unistd.h>

using namespace ib;
using namespace ib::ui;
using ib::test::OpenStackDouble;

class TestCloudGui final : public QObject
{
    Q_OBJECT

private:
    OpenStackDouble m_double{[] {
        OpenStackDouble::Options o;
        o.targets = OpenStackDouble::Targets::None;
        o.buildDelay = 0.3;
        o.imageSavingDelay = 0.3;
        return o;
    }()};
    std::unique_ptr<test::GuiFixture> m_gui;
    QTemporaryDir m_data;
    std::unique_ptr<BuildService> m_service;
    ImageTemplate m_template;
    const QString m_account = QStringLiteral("nhn-kr1");

    // Every file under `dir` that holds `secret`.
    static QStringList filesHolding(const QString &dir, const QByteArray &secret)
    {
        QStringList out;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(secret))
                out.append(path);
        }
        return out;
    }

private slots:
    void initTestCase();
    void cleanupTestCase();
    void addsAnAccount();
    void buildsOnTheCloud();
    void listsCloudImages();
};

void TestCloudGui::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("the OpenStack double needs root");
    // No Secret Service here: the kernel keyring, under a service of this run only.
    qputenv("IMAGEBUILDER_SECRET_STORE", "kernel-keyring");
    qputenv("IMAGEBUILDER_SECRET_SERVICE", (QStringLiteral("gui-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12)).toUtf8());
    qputenv("IMAGEBUILDER_DATA_DIR", m_data.path().toUtf8());
    const QString error = m_double.start();
    QVERIFY2(error.isEmpty(), qPrintable(error + QString::fromUtf8(m_double.log())));
    m_gui = std::make_unique<test::GuiFixture>();
    auto settings = BuildSettings::defaults();
    settings.dataDirectory = m_data.path();
    m_service = std::make_unique<BuildService>(*m_gui->store, ApplicationCatalog::builtin(), settings,
                                               BuildService::defaultProviderFactory(settings, m_gui->store.get()));
    m_template = m_gui->add(QStringLiteral("cloud web"));
}

void TestCloudGui::cleanupTestCase()
{
    m_service.reset();
    if (m_gui) {
        auto secrets = SecretStore::forThisProcess();
        openstack::CloudAccountStore accounts(*m_gui->store, secrets.get());
        (void)accounts.remove(m_account);
    }
    m_gui.reset();
}

void TestCloudGui::addsAnAccount()
{
    const QString ini = m_gui->dir.filePath(QStringLiteral("settings.ini"));
    AppSettings settings(ini);
    SettingsDialog dialog(settings);
    dialog.setStore(m_gui->store.get());
    dialog.show();
    auto *page = dialog.cloudsPage();
    QVERIFY(page);
    page->setNhnAuthUrl(m_double.identityV2Url());
    QAbstractItemModelTester tester(page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.tabs()->setCurrentWidget(page);
    QTRY_VERIFY(page->isLoaded());
    QCOMPARE(page->model()->rowCount(), 0);

    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("addNhnAccount")), Qt::LeftButton);
    auto *tenant = page->findChild<QLineEdit *>(QStringLiteral("cloudTenant"));
    auto *user = page->findChild<QLineEdit *>(QStringLiteral("cloudUser"));
    auto *password = page->findChild<QLineEdit *>(QStringLiteral("cloudPassword"));
    auto *name = page->findChild<QLineEdit *>(QStringLiteral("cloudName"));
    auto *sshPort = page->findChild<QSpinBox *>(QStringLiteral("cloudSshPort"));
    auto *save = page->findChild<QPushButton *>(QStringLiteral("saveCloudAccount"));
    QVERIFY(tenant && user && password && name && sshPort && save);
    QVERIFY(tenant->isVisible());
    QCOMPARE(name->text(), m_account);  // suggested from the region

    // Nothing typed: each missing field says what to give.
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(page->fieldMessage(QStringLiteral("tenant")).contains(QStringLiteral("tenant ID")),
             qPrintable(page->fieldMessage(QStringLiteral("tenant"))));
    QVERIFY(!page->fieldMessage(QStringLiteral("user")).isEmpty());
    QVERIFY(!page->fieldMessage(QStringLiteral("password")).isEmpty());
    QVERIFY(!page->isBusy());

    QTest::keyClicks(tenant, m_double.tenantId());
    QTest::keyClicks(user, m_double.username());
    QTest::keyClicks(password, QStringLiteral("not-the-password"));
    sshPort->setValue(m_double.sshPort());
    QVERIFY(page->fieldMessage(QStringLiteral("tenant")).isEmpty());  // the messages follow the typing

    // A wrong password: the cloud's refusal shows at the password, nothing typed is lost.
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(page->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), 60000);
    QVERIFY2(page->fieldMessage(QStringLiteral("password")).contains(QStringLiteral("password")),
             qPrintable(page->fieldMessage(QStringLiteral("password")) + page->fieldMessage(QStringLiteral("form"))));
    QCOMPARE(tenant->text(), m_double.tenantId());
    QCOMPARE(user->text(), m_double.username());
    QCOMPARE(password->text(), QStringLiteral("not-the-password"));
    QCOMPARE(page->model()->rowCount(), 0);

    // The right one: signed in, saved, listed.
    password->clear();
    QTest::keyClicks(password, m_double.password());
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), 60000);
    QVERIFY2(page->fieldMessage(QStringLiteral("form")).isEmpty() && page->fieldMessage(QStringLiteral("password")).isEmpty(),
             qPrintable(page->fieldMessage(QStringLiteral("form")) + page->fieldMessage(QStringLiteral("password"))));
    QTRY_COMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->index(0, 0).data().toString(), m_account);
    QCOMPARE(page->model()->index(0, static_cast<int>(CloudAccountModel::Column::Region)).data().toString(), QStringLiteral("KR1"));
    QVERIFY(password->text().isEmpty());

    // Check Sign-in on the saved account (its password from the keychain).
    QTRY_VERIFY(!page->selectedName().isEmpty());
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("checkSignIn")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), 60000);
    QCOMPARE(page->model()->signInText(m_account), QStringLiteral("signed in"));

    // The password is in the keychain, and in no file: not the settings, not the store.
    auto secrets = SecretStore::forThisProcess();
    auto kept = secrets->read(QStringLiteral("imagebuilder-cloud:") + m_account);
    QVERIFY2(kept, kept ? "" : qPrintable(kept.error().message));
    // Kept with what it was given for (issue 15: a changed shared row gets no password).
    const auto entry = QJsonDocument::fromJson(kept.value().toUtf8()).object();
    QCOMPARE(entry.value(QStringLiteral("password")).toString(), m_double.password());
    QVERIFY(entry.value(QStringLiteral("boundTo"))
                .toObject()
                .value(QStringLiteral("auth URL"))
                .toString()
                .startsWith(QLatin1String("http://127.0.0.1:")));
    dialog.findChild<QSpinBox *>(QStringLiteral("concurrency"))->setValue(2);  // so that the settings file exists
    dialog.save();
    QVERIFY(QFile::exists(ini));
    QCOMPARE(filesHolding(m_gui->dir.path(), m_double.password().toUtf8()), QStringList());
    QCOMPARE(filesHolding(m_data.path(), m_double.password().toUtf8()), QStringList());
}

void TestCloudGui::buildsOnTheCloud()
{
    BuildImageDialog dialog(*m_service, *m_gui->store, ApplicationCatalog::builtin(), m_template);
    dialog.show();
    QTRY_VERIFY(dialog.isProvidersLoaded());
    auto *providers = dialog.providerCombo();
    QVERIFY(providers->isVisible());
    QCOMPARE(providers->count(), 2);  // this machine and the account
    dialog.setProvider(m_account);
    QCOMPARE(dialog.providerId(), m_account);
    QVERIFY2(dialog.noBaseImageText().contains(QStringLiteral("Loading")), qPrintable(dialog.noBaseImageText()));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 60000);
    QVERIFY2(dialog.baseImageList()->count() >= 1, qPrintable(dialog.noBaseImageText()));
    // Only the template's OS: the double's Ubuntu and Rocky images are hidden.
    bool debian = false;
    for (int i = 0; i < dialog.baseImageList()->count(); ++i) {
        const QString text = dialog.baseImageList()->item(i)->text();
        QVERIFY2(text.contains(QStringLiteral("Debian 12")), qPrintable(text));
        debian = true;
    }
    QVERIFY(debian);
    QVERIFY(!dialog.selectedBaseImageId().isEmpty());

    QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("cloud-web-1"));
    QVERIFY(dialog.startButton()->isEnabled());
    QSignalSpy started(&dialog, &BuildImageDialog::buildStarted);
    QSignalSpy finished(m_service.get(), &BuildService::buildFinished);
    QString running;
    connect(m_service.get(), &BuildService::buildStepChanged, this, [&](const QString &id, BuildStep step) {
        if (step == BuildStep::Launch && running.isEmpty()) {
            running = id;
            (void)m_service->cancel(id);  // it runs on the cloud: enough for this test
        }
    });
    QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
    QTRY_COMPARE(started.count(), 1);
    const auto build = started.first().first().value<BuildRecord>();
    QCOMPARE(build.provider, m_account);
    QCOMPARE(build.baseImage.id, dialog.selectedBaseImageId());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
    QCOMPARE(finished.first().at(0).toString(), build.id);
    QCOMPARE(running, build.id);
    // Cancelled: nothing it made is left on the cloud.
    QTRY_COMPARE_WITH_TIMEOUT(m_double.resources().value(QStringLiteral("count")).toInt(), 0, 30000);

    // Back to this machine: the local list, with its empty state.
    dialog.setProvider(QStringLiteral("local"));
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY2(dialog.noBaseImageText().contains(QStringLiteral("No base image")), qPrintable(dialog.noBaseImageText()));
}

void TestCloudGui::listsCloudImages()
{
    // An image of the template on the cloud, made as a build makes one: a server, then
    // Nova's createImage with the template's property.
    auto secrets = SecretStore::forThisProcess();
    openstack::CloudAccountStore accounts(*m_gui->store, secrets.get());
    auto account = accounts.find(m_account);
    QVERIFY(account);
    openstack::OpenStackProvider provider(account.value(), accounts.password(account.value()), &ApplicationCatalog::builtin());
    auto bases = provider.listBaseImages();
    QVERIFY(bases);
    QString baseId;
    for (const auto &b : bases.value())
        if (b.os.key() == QLatin1String("debian:12"))
            baseId = b.id;
    QVERIFY(!baseId.isEmpty());
    auto *client = provider.client();
    auto flavors = client->call("GET", openstack::Service::Compute, QStringLiteral("/flavors/detail"));
    QVERIFY(flavors && flavors->status == 200);
    QString flavorId;
    for (const auto &f : flavors->json().value(QStringLiteral("flavors")).toArray())
        if (f.toObject().value(QStringLiteral("disk")).toInt() > 0)
            flavorId = f.toObject().value(QStringLiteral("id")).toString();
    auto networks = client->call("GET", openstack::Service::Network, QStringLiteral("/networks"));
    QVERIFY2(networks && networks->status == 200, networks ? networks->body.constData() : qPrintable(networks.error().message));
    QString networkId;
    for (const auto &n : networks->json().value(QStringLiteral("networks")).toArray())
        if (!n.toObject().value(QStringLiteral("router:external")).toBool() && networkId.isEmpty())
            networkId = n.toObject().value(QStringLiteral("id")).toString();
    QVERIFY(!networkId.isEmpty());
    const QJsonObject keypair{{QStringLiteral("keypair"), QJsonObject{{QStringLiteral("name"), QStringLiteral("gui-test")}}}};
    auto key = client->call("POST", openstack::Service::Compute, QStringLiteral("/os-keypairs"),
                            QJsonDocument(keypair).toJson(QJsonDocument::Compact));
    QVERIFY2(key && key->ok(), key ? key->body.constData() : "");
    const QJsonObject server{{QStringLiteral("server"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("gui-test")},
                                          {QStringLiteral("key_name"), QStringLiteral("gui-test")},
                                          {QStringLiteral("imageRef"), baseId},
                                          {QStringLiteral("flavorRef"), flavorId},
                                          {QStringLiteral("networks"), QJsonArray{QJsonObject{{QStringLiteral("uuid"), networkId}}}}}}};
    auto created =
        client->call("POST", openstack::Service::Compute, QStringLiteral("/servers"), QJsonDocument(server).toJson(QJsonDocument::Compact));
    QVERIFY2(created && created->status == 202, created ? created->body.constData() : "");
    const QString serverId = created->json().value(QStringLiteral("server")).toObject().value(QStringLiteral("id")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(client->call("GET", openstack::Service::Compute, QStringLiteral("/servers/") + serverId)
                                     ->json()
                                     .value(QStringLiteral("server"))
                                     .toObject()
                                     .value(QStringLiteral("status"))
                                     .toString() == QLatin1String("ACTIVE"),
                             30000);
    const QJsonObject action{
        {QStringLiteral("createImage"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("cloud-web-glance")},
                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("imagebuilder_template"), m_template.id}}}}}};
    auto imaged = client->call("POST", openstack::Service::Compute, QStringLiteral("/servers/%1/action").arg(serverId),
                               QJsonDocument(action).toJson(QJsonDocument::Compact));
    QVERIFY2(imaged && imaged->status == 202, imaged ? imaged->body.constData() : "");

    ImageListPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setStore(m_gui->store.get());
    panel.setBuildService(m_service.get());
    panel.show();
    panel.setTemplate(m_template.id);
    QTRY_VERIFY_WITH_TIMEOUT(panel.isCloudLoaded(), 60000);
    QVERIFY2(panel.cloudStatusText().isEmpty(), qPrintable(panel.cloudStatusText()));
    QCOMPARE(panel.model()->rowCount(), 1);
    const auto cell = [&](ImageTableModel::Column c) { return panel.model()->index(0, static_cast<int>(c)).data().toString(); };
    QCOMPARE(cell(ImageTableModel::Column::Name), QStringLiteral("cloud-web-glance"));
    QCOMPARE(cell(ImageTableModel::Column::Provider), m_account);

    // Removed from Glance through the tab.
    test::PromptLog prompts;
    prompts.answer = PromptAnswer::Accept;
    panel.view()->selectRow(0);
    (void)client->call("DELETE", openstack::Service::Compute, QStringLiteral("/servers/") + serverId);
    (void)client->call("DELETE", openstack::Service::Compute, QStringLiteral("/os-keypairs/gui-test"));
    panel.deleteSelected();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 0, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(m_double.resources().value(QStringLiteral("images")).toArray().size(), 0, 30000);
    QCOMPARE(prompts.subjects(QStringLiteral("deleteImage")), QStringList{QStringLiteral("cloud-web-glance")});
    QCOMPARE(prompts.all().last().informative,
             QStringLiteral("It is removed from the image service of \u201c%1\u201d. This cannot be undone.").arg(m_account));
    QCOMPARE(prompts.count(QStringLiteral("warning")), 0);
}

QTEST_MAIN(TestCloudGui)
#include "tst_cloudgui.moc"
