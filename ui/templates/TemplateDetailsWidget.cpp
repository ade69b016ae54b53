#include "templates/TemplateDetailsWidget.h"

#include "catalog/ApplicationCatalog.h"
#include "util/PlainText.h"
#include "widgets/EmptyStatePage.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

QString localTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return QStringLiteral("\u2014");
    return QLocale().toString(utc.toLocalTime(), QLocale::LongFormat);
}

}  // namespace

TemplateDetailsWidget::TemplateDetailsWidget(const ApplicationCatalog &catalog, QWidget *parent)
    : QWidget(parent)
    , m_catalog(catalog)
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStatePage(m_stack))
    , m_page(new QWidget(m_stack))
{
    m_empty->setTitle(tr("No template selected"));
    m_empty->setText(tr("Select an image template in the table to see its details."));

    auto *fields = new QWidget(m_page);
    auto *form = new QFormLayout(fields);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_name = addValue(QStringLiteral("detailsName"));
    m_idLabel = addValue(QStringLiteral("detailsId"));
    m_os = addValue(QStringLiteral("detailsOs"));
    m_applications = addValue(QStringLiteral("detailsApplications"));
    m_minStorage = addValue(QStringLiteral("detailsMinStorage"));
    m_description = addValue(QStringLiteral("detailsDescription"));
    m_revision = addValue(QStringLiteral("detailsRevision"));
    m_created = addValue(QStringLiteral("detailsCreated"));
    m_updated = addValue(QStringLiteral("detailsUpdated"));
    m_bootTest = addValue(QStringLiteral("detailsBootTest"));
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("ID:"), m_idLabel);
    form->addRow(tr("OS:"), m_os);
    form->addRow(tr("Applications:"), m_applications);
    form->addRow(tr("Minimum block storage:"), m_minStorage);
    form->addRow(tr("Description:"), m_description);
    form->addRow(tr("Image test:"), m_bootTest);
    form->addRow(tr("Revision:"), m_revision);
    form->addRow(tr("Created:"), m_created);
    form->addRow(tr("Updated:"), m_updated);

    auto *scroll = new QScrollArea(m_page);
    scroll->setWidget(fields);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // The user script and the test script, each read-only in a fixed-width font.
    const auto scriptView = [this](const QString &objectName) {
        auto *view = new QPlainTextEdit(m_page);
        view->setObjectName(objectName);
        view->setReadOnly(true);
        view->setLineWrapMode(QPlainTextEdit::NoWrap);
        view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        return view;
    };
    m_script = scriptView(QStringLiteral("detailsScript"));
    m_testScript = scriptView(QStringLiteral("detailsTestScript"));
    m_scripts = new QTabWidget(m_page);
    m_scripts->setObjectName(QStringLiteral("detailsScripts"));
    m_scripts->setDocumentMode(true);
    m_scripts->addTab(m_script, tr("User script"));
    m_scripts->addTab(m_testScript, tr("Test script"));
    auto *scriptBox = new QVBoxLayout;
    scriptBox->addWidget(m_scripts, 1);

    auto *pageLayout = new QHBoxLayout(m_page);
    pageLayout->addWidget(scroll, 1);
    pageLayout->addLayout(scriptBox, 1);

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

QLabel *TemplateDetailsWidget::addValue(const QString &objectName)
{
    auto *label = new QLabel(this);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void TemplateDetailsWidget::setTemplate(const ImageTemplate &t)
{
    m_id = t.id;
    const auto osKey = t.os.key();
    const auto *os = m_catalog.findOs(osKey);
    m_name->setText(inertForLine(t.name));
    m_idLabel->setText(inertForLine(t.id));
    m_os->setText(os ? tr("%1 (%2)").arg(os->name, t.os.type == QLatin1String("linux") ? tr("Linux") : t.os.type)
                     : tr("%1 %2 (not in the OS catalog)").arg(t.os.distro, t.os.version));
    QStringList apps;
    for (const auto &id : t.applications) {
        const auto *app = m_catalog.findApp(id);
        const auto version = app ? app->versionFor(osKey) : QString();
        if (!app)
            apps.append(tr("%1 (not in the application catalog)").arg(id));
        else if (version.isEmpty())
            apps.append(tr("%1 (not available for this OS)").arg(app->name));
        else
            apps.append(tr("%1 %2", "application name and version").arg(app->name, version));
    }
    m_applications->setText(apps.isEmpty() ? tr("None") : apps.join(QLatin1Char('\n')));
    m_minStorage->setText(tr("%1 GB").arg(t.minStorageGb));
    m_description->setText(t.description.isEmpty() ? tr("None") : inertForTerminal(t.description));
    m_revision->setText(QString::number(t.revision));
    m_created->setText(localTime(t.createdAt));
    m_updated->setText(localTime(t.updatedAt));
    m_script->setPlainText(t.userScript.isEmpty() ? tr("(no user script)") : inertForTerminal(t.userScript));
    m_testScript->setPlainText(t.testScript.isEmpty() ? tr("(no test script)") : inertForTerminal(t.testScript));
    if (t.bootTest)
        m_bootTest->setText(t.testScript.isEmpty()
                                ? tr("The build boots the captured image and checks that it comes up")
                                : tr("The build boots the captured image, checks that it comes up and runs the test script"));
    else
        m_bootTest->setText(t.testScript.isEmpty() ? tr("Off: the captured image is not booted")
                                                   : tr("Boot checks off; the build runs the test script on the captured image"));
    m_stack->setCurrentWidget(m_page);
    m_shownRevision = t.revision;
    m_complete = true;
}

void TemplateDetailsWidget::setSummary(const ImageTemplate &t)
{
    setTemplate(t);
    m_created->setText(QStringLiteral("\u2026"));
    m_script->setPlainText(tr("Reading the user script\u2026"));
    m_testScript->setPlainText(tr("Reading the test script\u2026"));
    m_bootTest->setText(QStringLiteral("\u2026"));
    m_complete = false;
}

void TemplateDetailsWidget::clear()
{
    m_id.clear();
    m_shownRevision = 0;
    m_complete = false;
    m_stack->setCurrentWidget(m_empty);
}

}  // namespace ib::ui
