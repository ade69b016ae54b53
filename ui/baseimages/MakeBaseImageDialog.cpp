#include "baseimages/MakeBaseImageDialog.h"

#include "catalog/ApplicationCatalog.h"
#include "storage/Store.h"
#include "util/Background.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QMutex>
#include <QMutexLocker>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>

namespace ib::ui {

// Lines from the worker thread, picked up by a timer on the UI thread.
struct MakeBaseImageDialog::Shared
{
    QMutex mutex;
    QStringList lines;
    std::atomic_bool cancel{false};
};

namespace {

constexpr int ScriptSteps = 5;  // the script's "[n/5]" lines; the import is one more

}  // namespace

MakeBaseImageDialog *MakeBaseImageDialog::open(Store &store, const ApplicationCatalog &catalog, const BuildSettings &settings,
                                               QWidget *parent, QObject *context, std::function<void(const ib::BaseImage &)> onMade)
{
    auto *dialog = new MakeBaseImageDialog(store, catalog, settings, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &MakeBaseImageDialog::made, context, std::move(onMade));
    dialog->show();
    return dialog;
}

MakeBaseImageDialog::MakeBaseImageDialog(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
    , m_shared(std::make_shared<Shared>())
{
    setObjectName(QStringLiteral("MakeBaseImageDialog"));
    setWindowTitle(tr("Make a Debian 12 Base Image"));

    if (!BaseImageLibrary::isRoot() && !BaseImageLibrary::pkexecProgram().isEmpty())
        m_via = BaseImageLibrary::RootVia::Pkexec;
    m_problem = BaseImageLibrary::checkCanCreate(m_via);

    QString root;
    if (!m_problem.isEmpty())
        root = m_problem;
    else if (BaseImageLibrary::isRoot())
        root = tr("Image Builder runs as root here, so it runs the script directly.");
    else
        root = tr("Your desktop asks for the administrator password (polkit) when you start; only the script runs as root, and the image "
                  "goes into your library.");
    m_explain = new QLabel(
        tr("Image Builder makes a Debian 12 base image on this machine from Debian's archive, with debootstrap: no account and no download "
           "but Debian's own packages. It needs root (debootstrap builds a Debian system, then a loop device installs its boot loader). "
           "The first time takes about 3–6 minutes; later ones a few seconds (the result is cached).") +
            QStringLiteral("\n\n") + root,
        this);
    m_explain->setObjectName(QStringLiteral("makeExplain"));
    m_explain->setWordWrap(true);
    m_explain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("makeProgress"));
    m_progress->setRange(0, ScriptSteps + 1);
    m_progress->setFormat(tr("Step %v of %m"));
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("makeStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("makeLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(500);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->hide();

    m_buttons = new QDialogButtonBox(this);
    m_start = m_buttons->addButton(tr("Make Base Image"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("makeStart"));
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("makeCancel"));
    connect(m_start, &QPushButton::clicked, this, &MakeBaseImageDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &MakeBaseImageDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_explain);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_buttons);
    setMinimumWidth(640);
    adjustSize();  // the log shows (and the dialog grows) once the script runs

    m_poll.setInterval(150);
    connect(&m_poll, &QTimer::timeout, this, &MakeBaseImageDialog::drainLines);
    updateState();
}

MakeBaseImageDialog::~MakeBaseImageDialog()
{
    m_shared->cancel = true;  // a worker still running stops the script; nothing waits for it here
}

QString MakeBaseImageDialog::statusText() const
{
    return m_status->text();
}

QString MakeBaseImageDialog::logText() const
{
    return m_log->toPlainText();
}

void MakeBaseImageDialog::updateState()
{
    m_start->setEnabled(!m_running && m_problem.isEmpty());
    m_start->setVisible(m_problem.isEmpty());
    m_cancel->setText(m_running ? tr("Cancel") : tr("Close"));
    m_cancel->setEnabled(!m_running || !m_shared->cancel);
}

void MakeBaseImageDialog::start()
{
    if (m_running || !m_problem.isEmpty())
        return;
    m_running = true;
    m_shared->cancel = false;
    m_progress->setValue(0);
    m_progress->show();
    m_log->clear();
    m_log->show();
    resize(width(), std::max(height(), 480));
    m_status->setText(tr("Starting the base image script\u2026"));
    m_poll.start();
    updateState();

    Store *store = &m_store;
    const ApplicationCatalog *catalog = &m_catalog;
    const BuildSettings settings = m_settings;
    const auto via = m_via;
    auto shared = m_shared;
    runInBackground(
        store, this,
        [store, catalog, settings, via, shared] {
            BaseImageLibrary library(*store, *catalog, settings);
            return library.createDebian12(
                [shared](const QString &line) {
                    QMutexLocker lock(&shared->mutex);
                    shared->lines.append(line);
                },
                &shared->cancel, via);
        },
        [this](Result<BaseImage> result) {
            drainLines();
            m_poll.stop();
            m_running = false;
            m_progress->hide();
            if (!result) {
                m_status->setText(result.error().kind == ErrorKind::Cancelled
                                      ? result.error().shown()
                                      : tr("The base image could not be made: %1").arg(result.error().shown()));
                updateState();
                if (m_closeWhenDone)
                    QDialog::reject();
                return;
            }
            m_status->setText(tr("\u201c%1\u201d is in the base image library.").arg(result->name));
            updateState();
            emit made(result.value());
            accept();
        });
}

void MakeBaseImageDialog::drainLines()
{
    static const QRegularExpression step(QStringLiteral("^\\[(\\d)/%1\\] (.*)$").arg(ScriptSteps));
    QStringList lines;
    {
        QMutexLocker lock(&m_shared->mutex);
        lines.swap(m_shared->lines);
    }
    if (lines.isEmpty())
        return;
    auto *bar = m_log->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    for (const auto &line : std::as_const(lines)) {
        m_log->appendPlainText(line);
        if (const auto m = step.match(line); m.hasMatch()) {
            m_progress->setValue(m.captured(1).toInt());
            m_status->setText(m.captured(2));
        } else if (line.startsWith(QLatin1String("Wrote ")) || line.startsWith(QLatin1String("Base image from cache"))) {
            m_progress->setValue(ScriptSteps);
            m_status->setText(tr("Adding the image to the base image library\u2026"));
        } else if (line.contains(QLatin1String("/100%)"))) {
            m_progress->setValue(ScriptSteps + 1);
        } else if (m_progress->value() == 0) {
            m_status->setText(line);
        }
    }
    if (atBottom)
        bar->setValue(bar->maximum());
}

void MakeBaseImageDialog::cancel()
{
    if (!m_running)
        return;
    m_shared->cancel = true;
    m_status->setText(tr("Cancelling: the script stops and removes what it made\u2026"));
    updateState();
}

void MakeBaseImageDialog::reject()
{
    if (m_running) {
        // Closes once the script has cleaned up (mounts, loop device, partial files).
        m_closeWhenDone = true;
        cancel();
        return;
    }
    QDialog::reject();
}

}  // namespace ib::ui
