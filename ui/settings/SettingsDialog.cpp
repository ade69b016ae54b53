#include "settings/SettingsDialog.h"

#include "builds/BuildService.h"
#include "providers/local/Accelerator.h"
#include "settings/AppSettings.h"
#include "settings/CloudsPage.h"
#include "settings/TeamStorePage.h"
#include "util/Background.h"
#include "util/Theme.h"
#include "widgets/GrowToFit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

QWidget *withBrowse(QLineEdit *edit, QWidget *parent, bool folder)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QPushButton(SettingsDialog::tr("Browse\u2026"), row);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, folder] {
        const QString chosen = folder ? QFileDialog::getExistingDirectory(edit, SettingsDialog::tr("Choose a Folder"), edit->text())
                                      : QFileDialog::getOpenFileName(edit, SettingsDialog::tr("Choose a Program"), edit->text());
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    return row;
}

// A page that scrolls when the window is too short for it (a small screen, a large font, a
// reason that wraps to more lines) rather than squeezing its wrapped labels.
QScrollArea *scrolling(QWidget *page, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    // Only up and down: the window stays as wide as the page needs, with room for the bar.
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setMinimumWidth(page->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width());
    return area;
}

// A form at the top of its page: the room left over goes below it, not between its rows
// (a row with a wrapped label would take it, which showed as gaps above the hints).
void topAligned(QWidget *page, QFormLayout *form)
{
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addStretch(1);
}

}  // namespace

SettingsDialog::SettingsDialog(AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_tabs(new QTabWidget(this))
    , m_qemuSystem(new QLineEdit(this))
    , m_qemuImg(new QLineEdit(this))
    , m_accelerator(new QComboBox(this))
    , m_dataDirectory(new QLineEdit(this))
    , m_memory(new QSpinBox(this))
    , m_cpus(new QSpinBox(this))
    , m_isolateVm(new QCheckBox(tr("Keep build VMs away from this computer's own services (passt; Linux)"), this))
    , m_concurrency(new QSpinBox(this))
    , m_keepVm(new QCheckBox(tr("Keep the VM of a failed build running for debugging"), this))
    , m_testCloudImages(
          new QCheckBox(tr("Test images built on clouds (boots a server from each new image; the cloud charges for it)"), this))
    , m_appearance(new QComboBox(this))
    , m_teamStore(new TeamStorePage(settings, this))
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Settings"));

    m_qemuSystem->setObjectName(QStringLiteral("qemuSystem"));
    m_qemuSystem->setPlaceholderText(tr("qemu-system-x86_64 from PATH"));
    m_qemuImg->setObjectName(QStringLiteral("qemuImg"));
    m_qemuImg->setPlaceholderText(tr("qemu-img from PATH"));
    m_accelerator->setObjectName(QStringLiteral("accelerator"));
    m_accelerator->addItem(tr("Automatic (hardware when available)"), QStringLiteral("auto"));
    m_accelerator->addItem(tr("Hardware (KVM, HVF, WHPX)"), QStringLiteral("hardware"));
    m_accelerator->addItem(tr("Software emulation (slow)"), QStringLiteral("software"));
    m_dataDirectory->setObjectName(QStringLiteral("dataDirectory"));
    m_dataDirectory->setPlaceholderText(BuildSettings::defaults().dataDirectory);
    m_memory->setRange(512, 65536);
    m_memory->setSingleStep(512);
    m_memory->setSuffix(tr(" MB"));
    m_cpus->setRange(1, 64);
    m_isolateVm->setObjectName(QStringLiteral("isolateVm"));
    m_isolateVm->setToolTip(tr("On: with passt installed, a build VM reaches the internet but nothing that listens on this "
                               "computer's loopback. Off: QEMU's user networking, where 10.0.2.2 is this computer's loopback "
                               "(for a proxy or mirror that runs here)."));
    m_concurrency->setObjectName(QStringLiteral("concurrency"));
    m_concurrency->setRange(1, 8);
    m_keepVm->setObjectName(QStringLiteral("keepVm"));
    m_testCloudImages->setObjectName(QStringLiteral("testCloudImages"));

    m_tabs->addTab(scrolling(buildLocalPage(), m_tabs), tr("Local VMs"));
    m_tabs->addTab(scrolling(buildBuildsPage(), m_tabs), tr("Builds"));
    // Cloud accounts are saved (or removed) at once, each after its own check.
    m_clouds = new CloudsPage(m_tabs);
    m_tabs->addTab(m_clouds, tr("Clouds"));
    m_tabs->addTab(m_teamStore, tr("Team Store"));
    m_tabs->addTab(buildLookPage(), tr("Appearance"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buildButtons());
    resize(640, 420);
    load();
    detectAccelerator();
}

QWidget *SettingsDialog::buildLocalPage()
{
    auto *local = new QWidget;
    auto *localForm = new QFormLayout;
    topAligned(local, localForm);
    localForm->addRow(tr("QEMU system emulator:"), withBrowse(m_qemuSystem, local, false));
    localForm->addRow(tr("qemu-img:"), withBrowse(m_qemuImg, local, false));
    localForm->addRow(tr("Accelerator:"), m_accelerator);
    m_acceleratorStatus = new QLabel(local);
    m_acceleratorStatus->setObjectName(QStringLiteral("acceleratorStatus"));
    m_acceleratorStatus->setWordWrap(true);
    m_acceleratorStatus->setTextFormat(Qt::PlainText);
    localForm->addRow(QString(), m_acceleratorStatus);
    connect(m_accelerator, &QComboBox::currentIndexChanged, this, &SettingsDialog::detectAccelerator);
    localForm->addRow(tr("Build VM memory:"), m_memory);
    localForm->addRow(tr("Build VM CPUs:"), m_cpus);
    localForm->addRow(QString(), m_isolateVm);
    localForm->addRow(tr("Data folder:"), withBrowse(m_dataDirectory, local, true));
    auto *dataHint = new QLabel(tr("Base images, build folders and logs, and the images built are kept here."), local);
    dataHint->setWordWrap(true);
    localForm->addRow(QString(), dataHint);
    auto *localRestart =
        new QLabel(tr("These settings apply to builds started after OK; the data folder moves at the next start of Image Builder."), local);
    localRestart->setObjectName(QStringLiteral("localRestartNote"));
    localRestart->setWordWrap(true);
    localForm->addRow(QString(), localRestart);
    return local;
}

QWidget *SettingsDialog::buildBuildsPage()
{
    auto *builds = new QWidget;
    auto *buildForm = new QFormLayout;
    topAligned(builds, buildForm);
    buildForm->addRow(tr("Builds at once:"), m_concurrency);
    buildForm->addRow(QString(), m_keepVm);
    buildForm->addRow(QString(), m_testCloudImages);
    auto *keepHint = new QLabel(tr("The log then prints the ssh command to reach the VM; Cancel Build removes it. "
                                   "Applies at once, to builds started after OK."),
                                builds);
    keepHint->setWordWrap(true);
    buildForm->addRow(QString(), keepHint);
    auto *concurrencyHint = new QLabel(tr("Builds at once applies at once: queued builds start when it grows."), builds);
    concurrencyHint->setWordWrap(true);
    buildForm->addRow(QString(), concurrencyHint);
    return builds;
}

QWidget *SettingsDialog::buildLookPage()
{
    m_appearance->setObjectName(QStringLiteral("appearance"));
    m_appearance->addItem(tr("Follow the system"), Theme::toSetting(Appearance::System));
    m_appearance->addItem(tr("Light"), Theme::toSetting(Appearance::Light));
    m_appearance->addItem(tr("Dark"), Theme::toSetting(Appearance::Dark));
    // A page of its own: the other pages are about builds and where things are kept. A box
    // layout rather than a form: a form row with a wrapped label got more height than its
    // lines, which showed as gaps above the hints.
    auto *look = new QWidget(m_tabs);
    auto *lookLayout = new QVBoxLayout(look);
    auto *coloursRow = new QHBoxLayout;
    auto *coloursLabel = new QLabel(tr("Colours:"), look);
    coloursLabel->setBuddy(m_appearance);
    coloursRow->addWidget(coloursLabel);
    coloursRow->addWidget(m_appearance, 1);
    lookLayout->addLayout(coloursRow);
    auto *appearanceHint = new QLabel(tr("Follow the system uses a dark look when the desktop asks for one, where Image Builder can "
                                         "tell (GNOME and KDE on Linux, dark mode on macOS). Applies at once, on OK."),
                                      look);
    appearanceHint->setObjectName(QStringLiteral("appearanceHint"));
    appearanceHint->setWordWrap(true);
    lookLayout->addWidget(appearanceHint);
    auto *languageHint = new QLabel(tr("The language follows the system (or --lang) and changes at the next start."), look);
    languageHint->setWordWrap(true);
    lookLayout->addWidget(languageHint);
    lookLayout->addStretch(1);
    return look;
}

QDialogButtonBox *SettingsDialog::buildButtons()
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this, buttons] {
        // The team store's password goes to the keychain first (a worker thread); the
        // dialog stays open, with the reason, if that fails.
        buttons->setEnabled(false);
        m_teamStore->save([this, buttons](const QString &error) {
            buttons->setEnabled(true);
            if (!error.isEmpty()) {
                m_tabs->setCurrentWidget(m_teamStore);
                return;
            }
            save();
            if (m_service)
                m_service->applySettings(m_settings.buildSettings());  // for builds started from now on
            Theme::apply(Theme::fromSetting(m_settings.value(AppSettings::Key::UiAppearance).toString()));
            accept();
        });
    });
    connect(m_teamStore, &TeamStorePage::validityChanged, buttons->button(QDialogButtonBox::Ok), &QPushButton::setEnabled);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        m_qemuSystem->clear();
        m_qemuImg->clear();
        m_accelerator->setCurrentIndex(m_accelerator->findData(AppSettings::defaultValue(AppSettings::Key::Accelerator)));
        m_dataDirectory->clear();
        m_memory->setValue(AppSettings::defaultValue(AppSettings::Key::VmMemoryMb).toInt());
        m_cpus->setValue(AppSettings::defaultValue(AppSettings::Key::VmCpus).toInt());
        m_isolateVm->setChecked(AppSettings::defaultValue(AppSettings::Key::IsolateVmFromHost).toBool());
        m_concurrency->setValue(AppSettings::defaultValue(AppSettings::Key::Concurrency).toInt());
        m_keepVm->setChecked(AppSettings::defaultValue(AppSettings::Key::KeepVmOnFailure).toBool());
        m_testCloudImages->setChecked(AppSettings::defaultValue(AppSettings::Key::TestCloudImages).toBool());
        m_appearance->setCurrentIndex(m_appearance->findData(AppSettings::defaultValue(AppSettings::Key::UiAppearance)));
        m_teamStore->restoreDefaults();
    });
    return buttons;
}

QString SettingsDialog::acceleratorStatus() const
{
    return m_acceleratorStatus->text();
}

void SettingsDialog::detectAccelerator()
{
    const QString choice = m_accelerator->currentData().toString();
    const auto preference = choice == QLatin1String("hardware")   ? local::AcceleratorPreference::Hardware
                            : choice == QLatin1String("software") ? local::AcceleratorPreference::Software
                                                                  : local::AcceleratorPreference::Automatic;
    const quint64 ticket = m_detections.next();
    m_acceleratorStatus->setText(tr("Checking the accelerator\u2026"));
    // Reads /dev/kvm and /proc/cpuinfo (or asks the OS): not on the UI thread.
    runInBackground(
        nullptr, this, [preference] { return local::Accelerator::detect(preference); },
        [this, ticket](const local::Accelerator &accelerator) {
            if (!m_detections.isCurrent(ticket))
                return;
            // The reason names the accelerator ("Using TCG (software emulation, slow) because ...").
            m_acceleratorStatus->setText(accelerator.shownReason());
            growWindowToFit(m_acceleratorStatus);  // a long reason wraps to more lines: more room, or a scroll bar
        });
}

void SettingsDialog::setStore(Store *store)
{
    m_clouds->setStore(store);
}

void SettingsDialog::load()
{
    using Key = AppSettings::Key;
    m_qemuSystem->setText(m_settings.value(Key::QemuSystemProgram).toString());
    m_qemuImg->setText(m_settings.value(Key::QemuImgProgram).toString());
    m_accelerator->setCurrentIndex(std::max(0, m_accelerator->findData(m_settings.value(Key::Accelerator).toString())));
    m_dataDirectory->setText(m_settings.value(Key::DataDirectory).toString());
    m_memory->setValue(m_settings.value(Key::VmMemoryMb).toInt());
    m_cpus->setValue(m_settings.value(Key::VmCpus).toInt());
    m_isolateVm->setChecked(m_settings.value(Key::IsolateVmFromHost).toBool());
    m_concurrency->setValue(m_settings.value(Key::Concurrency).toInt());
    m_keepVm->setChecked(m_settings.value(Key::KeepVmOnFailure).toBool());
    m_testCloudImages->setChecked(m_settings.value(Key::TestCloudImages).toBool());
    // An unknown value (a newer version's, or a typo in the file) shows as the default.
    m_appearance->setCurrentIndex(
        std::max(0, m_appearance->findData(Theme::toSetting(Theme::fromSetting(m_settings.value(Key::UiAppearance).toString())))));
}

void SettingsDialog::save()
{
    using Key = AppSettings::Key;
    m_settings.setValue(Key::QemuSystemProgram, m_qemuSystem->text().trimmed());
    m_settings.setValue(Key::QemuImgProgram, m_qemuImg->text().trimmed());
    m_settings.setValue(Key::Accelerator, m_accelerator->currentData().toString());
    m_settings.setValue(Key::DataDirectory, m_dataDirectory->text().trimmed());
    m_settings.setValue(Key::VmMemoryMb, m_memory->value());
    m_settings.setValue(Key::VmCpus, m_cpus->value());
    m_settings.setValue(Key::IsolateVmFromHost, m_isolateVm->isChecked());
    m_settings.setValue(Key::Concurrency, m_concurrency->value());
    m_settings.setValue(Key::KeepVmOnFailure, m_keepVm->isChecked());
    m_settings.setValue(Key::TestCloudImages, m_testCloudImages->isChecked());
    m_settings.setValue(Key::UiAppearance, m_appearance->currentData().toString());
    m_settings.sync();
}

}  // namespace ib::ui
