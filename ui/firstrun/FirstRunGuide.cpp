#include "firstrun/FirstRunGuide.h"

#include "baseimages/ImportBaseImageDialog.h"
#include "baseimages/MakeBaseImageDialog.h"
#include "builds/BuildRules.h"
#include "builds/BuildService.h"
#include "builds/BuildTexts.h"
#include "catalog/ApplicationCatalog.h"
#include "storage/Store.h"
#include "templates/StarterTemplates.h"
#include "templates/TemplateController.h"
#include "templates/TemplateMetaTypes.h"
#include "util/Background.h"
#include "util/PlainText.h"

#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <algorithm>

namespace ib::ui {

namespace {

// A secondary action that reads as a link, not as a second button competing with the first.
const QString LinkStyle = QStringLiteral("QPushButton { border: none; color: palette(link); text-decoration: underline; padding: 2px; }"
                                         "QPushButton:disabled { color: palette(mid); }");

QString osName(const ApplicationCatalog &catalog, const QString &key)
{
    const auto *os = catalog.findOs(key);
    return os ? os->name : key;
}

void styleBadge(QLabel *badge, FirstRunGuide::StepState state, int number)
{
    // Green tick when done, the accent colour for the next step, grey for the ones after.
    switch (state) {
    case FirstRunGuide::StepState::Done:
        badge->setText(QStringLiteral("\u2713"));
        badge->setStyleSheet(QStringLiteral("background: #2e7d32; color: white; border-radius: 16px; font-weight: bold;"));
        break;
    case FirstRunGuide::StepState::Next:
        badge->setText(QString::number(number));
        badge->setStyleSheet(
            QStringLiteral("background: palette(highlight); color: palette(highlighted-text); border-radius: 16px; font-weight: bold;"));
        break;
    case FirstRunGuide::StepState::Waiting:
        badge->setText(QString::number(number));
        badge->setStyleSheet(QStringLiteral("background: palette(midlight); color: palette(text); border-radius: 16px;"));
        break;
    }
}

}  // namespace

FirstRunGuide::FirstRunGuide(TemplateController &controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(&controller)
    , m_chooseFile(&ImportBaseImageDialog::chooseFileWithDialog)
{
    setObjectName(QStringLiteral("firstRunGuide"));
    buildUi();
    fillStarters();

    connect(&controller, &TemplateController::created, this, [this](quint64 ticket, const ImageTemplate &t) {
        if (!m_creates.finish(ticket))
            return;
        m_createError.clear();
        m_template = t;
        updateSteps();
        emit templateCreated(t);
    });
    connect(&controller, &TemplateController::invalid, this, [this](quint64 ticket, const QList<RuleMessage> &messages) {
        if (!m_creates.finish(ticket))
            return;
        QStringList lines;
        for (const auto &m : messages)
            lines.append(m.message);
        m_createError = lines.join(QLatin1Char(' '));
        updateSteps();
    });
    connect(&controller, &TemplateController::failed, this, [this](quint64 ticket, const Error &error) {
        if (!m_creates.finish(ticket))
            return;
        m_createError = error.shown();
        updateSteps();
    });
    updateSteps();
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

FirstRunGuide::~FirstRunGuide() = default;

void FirstRunGuide::buildUi()
{
    auto *title = new QLabel(tr("Build your first image"), this);
    title->setObjectName(QStringLiteral("guideTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *intro = new QLabel(tr("Three steps, all on this machine: no cloud account is needed. The build runs in a local QEMU VM."), this);
    intro->setWordWrap(true);
    QGridLayout *grid = buildSteps();
    QHBoxLayout *footer = buildFooter();

    auto *panel = new QWidget(this);
    panel->setMaximumWidth(860);
    auto *column = new QVBoxLayout(panel);
    column->setContentsMargins(24, 16, 24, 16);
    column->setSpacing(10);
    column->addWidget(title);
    column->addWidget(intro);
    column->addSpacing(6);
    column->addLayout(grid);
    column->addSpacing(6);
    column->addLayout(footer);
    column->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    auto *holder = new QWidget(scroll);
    auto *centre = new QHBoxLayout(holder);
    centre->addStretch(1);
    centre->addWidget(panel, 4);
    centre->addStretch(1);
    scroll->setWidget(holder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_make, &QPushButton::clicked, this, [this] { makeBaseImage(); });
    connect(m_import, &QPushButton::clicked, this, [this] { importBaseImage(); });
    connect(m_create, &QPushButton::clicked, this, &FirstRunGuide::createStarter);
    connect(m_build, &QPushButton::clicked, this, [this] {
        if (buildState() != StepState::Waiting)
            emit buildRequested(m_template.id, m_base.id);
    });
}

// The three steps, each with its badge, text and what it offers to do.
QGridLayout *FirstRunGuide::buildSteps()
{
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(18);
    grid->setColumnStretch(1, 1);
    const QString titles[3] = {tr("Get a base image"), tr("Create a template from a starter"), tr("Build the image")};
    for (int i = 0; i < 3; ++i) {
        auto &s = m_steps[i];
        s.badge = new QLabel(this);
        s.badge->setObjectName(QStringLiteral("stepBadge%1").arg(i + 1));
        s.badge->setFixedSize(32, 32);
        s.badge->setAlignment(Qt::AlignCenter);
        s.title = new QLabel(titles[i], this);
        QFont bold = s.title->font();
        bold.setBold(true);
        s.title->setFont(bold);
        s.text = new QLabel(this);
        s.text->setObjectName(QStringLiteral("stepText%1").arg(i + 1));
        s.text->setWordWrap(true);
        s.text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *column = new QVBoxLayout;
        column->setSpacing(3);
        column->addWidget(s.title);
        column->addWidget(s.text);
        grid->addWidget(s.badge, i, 0, Qt::AlignTop);
        grid->addLayout(column, i, 1);
    }

    m_make = new QPushButton(tr("Make Debian 12 Base Image\u2026"), this);
    m_make->setObjectName(QStringLiteral("guideMakeBaseImage"));
    m_import = new QPushButton(tr("Import a Cloud Image\u2026"), this);
    m_import->setObjectName(QStringLiteral("guideImportBaseImage"));
    m_import->setCursor(Qt::PointingHandCursor);
    m_import->setStyleSheet(LinkStyle);
    auto *step1 = new QVBoxLayout;
    step1->setSpacing(2);
    step1->addWidget(m_make);
    step1->addWidget(m_import);
    grid->addLayout(step1, 0, 2, Qt::AlignTop);

    m_starter = new QComboBox(this);
    m_starter->setObjectName(QStringLiteral("guideStarter"));
    m_create = new QPushButton(tr("Create Template"), this);
    m_create->setObjectName(QStringLiteral("guideCreateTemplate"));
    auto *step2 = new QVBoxLayout;
    step2->setSpacing(4);
    step2->addWidget(m_starter);
    step2->addWidget(m_create);
    grid->addLayout(step2, 1, 2, Qt::AlignTop);

    m_build = new QPushButton(tr("Build Image\u2026"), this);
    m_build->setObjectName(QStringLiteral("guideBuildImage"));
    grid->addWidget(m_build, 2, 2, Qt::AlignTop);
    grid->setColumnMinimumWidth(2, 230);
    return grid;
}

// "Hide this guide", and where to find it again.
QHBoxLayout *FirstRunGuide::buildFooter()
{
    auto *hide = new QPushButton(tr("Hide this guide"), this);
    hide->setObjectName(QStringLiteral("guideHide"));
    hide->setCursor(Qt::PointingHandCursor);
    hide->setStyleSheet(LinkStyle);
    auto *back = new QLabel(tr("Help \u25b8 Getting Started brings it back."), this);
    back->setForegroundRole(QPalette::PlaceholderText);
    auto *footer = new QHBoxLayout;
    footer->addWidget(hide);
    footer->addWidget(back);
    footer->addStretch(1);
    connect(hide, &QPushButton::clicked, this, &FirstRunGuide::dismissRequested);
    return footer;
}

void FirstRunGuide::setBuildService(BuildService *service, Store *store)
{
    m_service = service;
    m_store = store;
    refresh();
}

void FirstRunGuide::refresh()
{
    if (!m_store) {
        updateSteps();
        return;
    }
    m_loaded = false;
    Store *store = m_store;
    const QString prefer = m_base.id;
    const quint64 ticket = m_refreshes.next();
    readInBackground(
        store, this, [store] { return store->listBaseImages(); },
        [this, prefer, ticket](Result<QList<BaseImage>> result) {
            if (!m_refreshes.isCurrent(ticket))
                return;  // an older answer, overtaken by a newer refresh
            m_loaded = true;
            showBaseImages(result ? result.value() : QList<BaseImage>{}, prefer);
        });
}

void FirstRunGuide::showBaseImages(const QList<BaseImage> &bases, const QString &prefer)
{
    // The one asked for; else the first in Build Image's order (this computer's CPU
    // architecture first: the others build under emulation).
    QList<BaseImage> local;
    for (const auto &b : bases) {
        if (b.provider == QLatin1String("local"))
            local.append(b);
    }
    local = buildrules::hostArchitectureFirst(local);
    const auto asked =
        std::find_if(local.cbegin(), local.cend(), [&prefer](const BaseImage &b) { return !prefer.isEmpty() && b.id == prefer; });
    m_base = asked != local.cend() ? *asked : local.value(0);
    fillStarters();
    updateSteps();
}

QString FirstRunGuide::targetOs() const
{
    if (!m_template.id.isEmpty())
        return m_template.os.key();
    return m_base.id.isEmpty() ? QStringLiteral("debian:12") : m_base.os.key();
}

void FirstRunGuide::fillStarters()
{
    const QString keep = m_starter->currentData().toString();
    const auto &catalog = m_controller->catalog();
    const QString os = targetOs();
    m_starter->clear();
    auto *model = qobject_cast<QStandardItemModel *>(m_starter->model());
    for (const auto &s : StarterTemplates::all()) {
        const QString why = StarterTemplates::checkOs(s, os, catalog);
        m_starter->addItem(StarterTemplates::displayName(s), s.id);
        auto *item = model ? model->item(m_starter->count() - 1) : nullptr;
        if (item) {
            QStringList apps;
            for (const auto &id : s.applications) {
                const auto *app = catalog.findApp(id);
                apps.append(app ? QStringLiteral("%1 %2").arg(app->name, app->versionFor(os)).trimmed() : id);
            }
            item->setToolTip(why.isEmpty() ? apps.join(QStringLiteral(", ")) : why);
            item->setEnabled(why.isEmpty());
        }
    }
    if (const int i = m_starter->findData(keep); i >= 0 && model && model->item(i)->isEnabled())
        m_starter->setCurrentIndex(i);
}

FirstRunGuide::StepState FirstRunGuide::baseImageState() const
{
    return m_base.id.isEmpty() ? StepState::Next : StepState::Done;
}

FirstRunGuide::StepState FirstRunGuide::templateState() const
{
    if (!m_template.id.isEmpty())
        return StepState::Done;
    return baseImageState() == StepState::Done ? StepState::Next : StepState::Waiting;
}

FirstRunGuide::StepState FirstRunGuide::buildState() const
{
    return baseImageState() == StepState::Done && templateState() == StepState::Done ? StepState::Next : StepState::Waiting;
}

QString FirstRunGuide::stepText(int step) const
{
    return step >= 1 && step <= 3 ? m_steps[step - 1].text->text() : QString();
}

void FirstRunGuide::updateSteps()
{
    const auto &catalog = m_controller->catalog();
    const bool builds = m_service && m_store;
    const auto s1 = baseImageState();
    const auto s2 = templateState();
    const auto s3 = buildState();
    styleBadge(m_steps[0].badge, s1, 1);
    styleBadge(m_steps[1].badge, s2, 2);
    styleBadge(m_steps[2].badge, s3, 3);

    if (!builds)
        m_steps[0].text->setText(tr("Builds are off in this window, so base images cannot be added here."));
    else if (s1 == StepState::Done)
        m_steps[0].text->setText(
            tr("Ready: \u201c%1\u201d (%2, login user %3).")
                .arg(m_base.name, BuildTexts::osWithArchitecture(osName(catalog, m_base.os.key()), m_base.architecture), m_base.loginUser));
    else if (!m_loaded)
        m_steps[0].text->setText(tr("Looking at the base image library\u2026"));
    else
        m_steps[0].text->setText(
            tr("A build starts a VM from a base image. Make Debian 12 here from Debian's archive (needs root for debootstrap; about "
               "3–6 minutes), or import a cloud image you downloaded: Debian, Ubuntu or Rocky Linux."));
    m_make->setEnabled(builds);
    m_import->setEnabled(builds);
    m_make->setDefault(s1 == StepState::Next);

    if (s2 == StepState::Done) {
        QStringList apps;
        for (const auto &id : m_template.applications) {
            const auto *app = catalog.findApp(id);
            apps.append(app ? app->name : id);
        }
        m_steps[1].text->setText(tr("Created \u201c%1\u201d: %2 with %3. Change it any time with Update Image Template.")
                                     .arg(m_template.name, osName(catalog, m_template.os.key()), apps.join(QStringLiteral(", "))));
    } else if (!m_createError.isEmpty()) {
        m_steps[1].text->setText(tr("The template could not be created: %1").arg(m_createError));
    } else {
        m_steps[1].text->setText(
            tr("A template names the OS, the applications and a user script. Pick a starter for %1; you can change it later.")
                .arg(osName(catalog, targetOs())));
    }
    m_starter->setEnabled(s2 != StepState::Done && !m_creates.waiting());
    m_create->setEnabled(s2 != StepState::Done && !m_creates.waiting() && m_controller);
    m_create->setDefault(s2 == StepState::Next);

    m_steps[2].text->setText(
        s3 == StepState::Waiting
            ? tr("Starts a VM from the base image, installs the applications, runs the user script and saves the disk as a "
                 "private image. Needs steps 1 and 2.")
            : tr("Name the image and start: follow the build in the Build Status tab; the image appears in the Images tab."));
    m_build->setEnabled(builds && s3 != StepState::Waiting);
    m_build->setDefault(s3 == StepState::Next);
}

void FirstRunGuide::baseImageAdded(const BaseImage &base)
{
    m_base = base;
    updateSteps();
    refresh();
}

QDialog *FirstRunGuide::makeBaseImage()
{
    if (!m_service || !m_store)
        return nullptr;
    return MakeBaseImageDialog::open(*m_store, m_controller->catalog(), m_service->settings(), window(), this,
                                     [this](const BaseImage &base) { baseImageAdded(base); });
}

QDialog *FirstRunGuide::importBaseImage()
{
    if (!m_service || !m_store)
        return nullptr;
    const QString file = m_chooseFile ? m_chooseFile(window()) : QString();
    if (file.isEmpty())
        return nullptr;
    return ImportBaseImageDialog::open(*m_store, m_controller->catalog(), m_service->settings(), file, targetOs(), window(), this,
                                       [this](const BaseImage &base) { baseImageAdded(base); });
}

void FirstRunGuide::createStarter()
{
    if (!m_controller || m_creates.waiting() || templateState() == StepState::Done)
        return;
    const auto *starter = StarterTemplates::find(m_starter->currentData().toString());
    const auto *os = m_controller->catalog().findOs(targetOs());
    if (!starter || !os)
        return;
    const auto draft = StarterTemplates::draft(*starter, OsSpec{os->type, os->distro, os->version}, m_controller->catalog(), m_nameTaken);
    m_createError.clear();
    m_creates.expect(m_controller->create(draft));
    updateSteps();
}

}  // namespace ib::ui
