#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestAppSettings final : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAndBuildSettings();
    void dialogSavesAndCloudsAreHonestlyOff();
};

void TestAppSettings::defaultsAndBuildSettings()
{
    QTemporaryDir dir;
    qputenv("IMAGEBUILDER_DATA_DIR", dir.path().toUtf8());
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    QCOMPARE(settings.value(AppSettings::Key::Concurrency).toInt(), 1);
    QCOMPARE(settings.value(AppSettings::Key::Accelerator).toString(), QStringLiteral("auto"));
    QCOMPARE(settings.value(AppSettings::Key::KeepVmOnFailure).toBool(), false);
    settings.setValue(AppSettings::Key::Concurrency, 3);
    settings.setValue(AppSettings::Key::Accelerator, QStringLiteral("software"));
    settings.setValue(AppSettings::Key::KeepVmOnFailure, true);
    settings.setValue(AppSettings::Key::QemuImgProgram, QStringLiteral("/opt/qemu/bin/qemu-img"));
    settings.sync();
    AppSettings reread(dir.filePath(QStringLiteral("settings.ini")));
    const auto b = reread.buildSettings();
    QCOMPARE(b.concurrency, 3);
    QCOMPARE(b.accelerator, QStringLiteral("software"));
    QVERIFY(b.keepVmOnFailure);
    QCOMPARE(b.qemuImgProgram, QStringLiteral("/opt/qemu/bin/qemu-img"));
    QCOMPARE(b.dataDirectory, dir.path());  // IMAGEBUILDER_DATA_DIR wins
    reread.setValue(AppSettings::Key::Concurrency, 1);  // the default: stored as "not set"
    reread.sync();
    QCOMPARE(reread.value(AppSettings::Key::Concurrency).toInt(), 1);
}

void TestAppSettings::dialogSavesAndCloudsAreHonestlyOff()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    SettingsDialog dialog(settings);
    dialog.show();
    dialog.findChild<QSpinBox *>(QStringLiteral("concurrency"))->setValue(2);
    auto *accelerator = dialog.findChild<QComboBox *>(QStringLiteral("accelerator"));
    accelerator->setCurrentIndex(accelerator->findData(QStringLiteral("hardware")));
    dialog.findChild<QCheckBox *>(QStringLiteral("keepVm"))->setChecked(true);
    dialog.save();
    QCOMPARE(settings.value(AppSettings::Key::Concurrency).toInt(), 2);
    QCOMPARE(settings.value(AppSettings::Key::Accelerator).toString(), QStringLiteral("hardware"));
    QVERIFY(settings.value(AppSettings::Key::KeepVmOnFailure).toBool());
    QCOMPARE(dialog.tabs()->count(), 3);
    QCOMPARE(dialog.tabs()->tabText(2), QStringLiteral("Clouds"));
    QVERIFY(!dialog.tabs()->isTabEnabled(2));
}

QTEST_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
