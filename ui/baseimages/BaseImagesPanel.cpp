#include "baseimages/BaseImagesPanel.h"

#include "baseimages/BaseImageLibrary.h"
#include "baseimages/ImportBaseImageDialog.h"
#include "baseimages/MakeBaseImageDialog.h"
#include "builds/BuildTexts.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/TrustedPaths.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/DisplayTime.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "util/Theme.h"
#include "widgets/RecordTableView.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <optional>

namespace ib::ui {

namespace {

constexpr int SortKeyRole = Qt::UserRole + 1;

// Sorts by a number of its own where the text would mislead ("10.0 GB" before "2.0 GB" as
// text): sizes by bytes, times by milliseconds. Columns without one sort by their text.
class SortKeyItem final : public QTableWidgetItem
{
public:
    using QTableWidgetItem::QTableWidgetItem;

    bool operator<(const QTableWidgetItem &other) const override
    {
        const QVariant mine = data(SortKeyRole);
        const QVariant theirs = other.data(SortKeyRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toLongLong() < theirs.toLongLong();
        return QTableWidgetItem::operator<(other);
    }
};

}  // namespace

BaseImagesPanel::BaseImagesPanel(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
    , m_table(new QTableWidget(0, Count, this))
    , m_status(new QLabel(this))
    , m_import(new QPushButton(tr("&Import\u2026"), this))
    , m_make(new QPushButton(tr("&Make Debian 12\u2026"), this))
    , m_rename(new QPushButton(tr("Re&name\u2026"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
{
    m_chooseFile = [](QWidget *parent) { return ImportBaseImageDialog::chooseFileWithDialog(parent); };

    m_table->setObjectName(QStringLiteral("baseImageTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("OS"), tr("Login user"), tr("Disk"), tr("File"), tr("Suits templates"), tr("Added")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    setUpRecordTableView(m_table);
    m_table->horizontalHeader()->setSectionResizeMode(Suits, QHeaderView::Stretch);
    for (const auto &[column, width] : {std::pair{Name, 200}, {Os, 180}, {User, 100}, {Disk, 80}, {File, 90}, {Created, 150}})
        m_table->horizontalHeader()->resizeSection(column, width);
    m_table->setSortingEnabled(true);
    m_status->setObjectName(QStringLiteral("baseImageStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_import->setObjectName(QStringLiteral("importBaseImage"));
    m_make->setObjectName(QStringLiteral("makeBaseImage"));
    m_rename->setObjectName(QStringLiteral("renameBaseImage"));
    m_remove->setObjectName(QStringLiteral("removeBaseImage"));

    auto *buttons = new QHBoxLayout;
    for (auto *b : {m_import, m_make, m_rename, m_remove})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_import, &QPushButton::clicked, this, [this] { importFile(); });
    connect(m_make, &QPushButton::clicked, this, [this] { makeDebian(); });
    connect(m_rename, &QPushButton::clicked, this, &BaseImagesPanel::renameSelected);
    connect(m_remove, &QPushButton::clicked, this, &BaseImagesPanel::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BaseImagesPanel::updateButtons);
    makeLabelsPlain(this);
    updateButtons();
    reload();
}

BaseImagesPanel::~BaseImagesPanel() = default;

QString BaseImagesPanel::statusText() const
{
    return m_status->text();
}

void BaseImagesPanel::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    Theme::setTextTone(m_status, error ? std::optional<Tone>(Tone::Error) : std::nullopt);
}

QString BaseImagesPanel::selectedId() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(Qt::UserRole).toString();
}

int BaseImagesPanel::rowOf(const QString &id) const
{
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (m_table->item(r, Name)->data(Qt::UserRole).toString() == id)
            return r;
    }
    return -1;
}

void BaseImagesPanel::select(const QString &id)
{
    if (const int r = rowOf(id); r >= 0)
        m_table->selectRow(r);
}

void BaseImagesPanel::updateButtons()
{
    const bool selected = !selectedId().isEmpty();
    m_rename->setEnabled(selected && !m_busy);
    m_remove->setEnabled(selected && !m_busy);
}

void BaseImagesPanel::reload()
{
    m_loaded = false;
    const quint64 ticket = m_loads.next();
    Store *store = &m_store;
    const QString folder = m_settings.baseImagesDirectory();
    const QString keep = selectedId();
    readInBackground(
        store, this,
        [store, folder]() -> Result<QList<Row>> {
            auto bases = store->listBaseImages();
            if (!bases)
                return bases.error();
            QHash<QString, QStringList> byOs;
            if (auto visited = store->forEachTemplateSummary([&](const ImageTemplate &t) { byOs[t.os.key()].append(t.name); }); !visited)
                return visited.error();
            QList<Row> rows;
            for (const auto &base : bases.value()) {
                Row row{base, -1, byOs.value(base.os.key())};
                // Only a file inside this installation's folder is ours to measure (a shared
                // store's row may name any path).
                if (const auto path = trusted::insideFolder(folder, base.path); path && trusted::isRegularFile(*path))
                    row.fileBytes = QFileInfo(*path).size();
                rows.append(row);
            }
            return rows;
        },
        [this, ticket, keep](const Result<QList<Row>> &rows) {
            if (!m_loads.isCurrent(ticket))
                return;
            m_loaded = true;
            if (!rows) {
                setStatus(tr("The base images could not be loaded: %1").arg(rows.error().shown()), true);
                return;
            }
            showRows(rows.value(), keep);
        });
}

void BaseImagesPanel::showRows(const QList<Row> &rows, const QString &keep)
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(0);
    const QLocale locale;
    for (const auto &row : rows) {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        auto set = [&](int column, const QString &text, std::optional<qint64> sortKey = {}) {
            auto *item = new SortKeyItem(text);
            if (sortKey)
                item->setData(SortKeyRole, *sortKey);
            m_table->setItem(r, column, item);
            return item;
        };
        auto *name = set(Name, inertForLine(row.base.name));
        name->setData(Qt::UserRole, row.base.id);
        name->setToolTip(
            plainToolTip(tr("%1\nBase image %2\n%3").arg(row.base.name, row.base.id, QDir::toNativeSeparators(row.base.path))));
        // Issue 20: an arm64 base image (Apple Silicon, local only) says so beside its OS.
        set(Os, BuildTexts::osWithArchitecture(m_catalog.osName(row.base.os.key()), row.base.architecture));
        set(User, inertForLine(row.base.loginUser));
        set(Disk, locale.formattedDataSize(row.base.sizeBytes, 1, QLocale::DataSizeTraditionalFormat), row.base.sizeBytes);
        auto *file =
            set(File, row.fileBytes < 0 ? tr("not here") : locale.formattedDataSize(row.fileBytes, 1, QLocale::DataSizeTraditionalFormat),
                row.fileBytes);
        if (row.fileBytes < 0)
            file->setToolTip(
                tr("Its file is not in this computer's base image folder (added by another member of a team store, or deleted)."));
        auto *suits = set(Suits, row.suits.isEmpty() ? tr("none") : inertForLine(row.suits.join(QStringLiteral(", "))));
        suits->setToolTip(plainToolTip(row.suits.join(QLatin1Char('\n'))));
        set(Created, displayDateTime(row.base.createdAt), row.base.createdAt.toMSecsSinceEpoch());
    }
    m_table->setSortingEnabled(true);
    setStatus(rows.isEmpty()     ? tr("No base images yet: import a distribution's cloud image, or make a Debian 12 one.")
              : rows.size() == 1 ? tr("1 base image")
                                 : tr("%1 base images").arg(rows.size()),
              false);
    if (!keep.isEmpty())
        select(keep);
    updateButtons();
}

QString BaseImagesPanel::nameOf(const QString &id) const
{
    const int r = rowOf(id);
    return r < 0 ? QString() : m_table->item(r, Name)->text();
}

void BaseImagesPanel::changed(const QString &failure)
{
    m_busy = false;
    if (failure.isEmpty()) {
        reload();
        return;
    }
    setStatus(failure, true);
    updateButtons();
}

void BaseImagesPanel::renameSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    const QString current = nameOf(id);
    Prompt prompt;
    prompt.id = QStringLiteral("renameBaseImage");
    prompt.title = tr("Rename Base Image");
    prompt.label = tr("New name:");
    prompt.value = current;
    prompt.subject = current;
    const QString name = prompts::askText(this, prompt).value_or(QString());
    if (name.isEmpty() || name == current)
        return;
    if (const QString why = BaseImageLibrary::checkName(name); !why.isEmpty()) {
        setStatus(why, true);
        return;
    }
    m_busy = true;
    updateButtons();
    Store *store = &m_store;
    const ApplicationCatalog *catalog = &m_catalog;
    readInBackground(
        store, this,
        [store, catalog, settings = m_settings, id, name] { return BaseImageLibrary(*store, *catalog, settings).rename(id, name); },
        [this](const Result<BaseImage> &renamed) {
            changed(renamed ? QString() : tr("The base image could not be renamed: %1").arg(renamed.error().shown()));
        });
}

void BaseImagesPanel::removeSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    const QString name = nameOf(id);
    Prompt prompt;
    prompt.id = QStringLiteral("removeBaseImage");
    prompt.title = tr("Remove Base Image");
    prompt.text = tr("Remove the base image \u201c%1\u201d?").arg(inertForLine(name));
    prompt.informative = tr("Its copy in this computer's base image folder is deleted. Images built from it stay. "
                            "This cannot be undone.");
    prompt.subject = name;
    prompt.accept = tr("Remove");
    if (prompts::ask(this, prompt) != PromptAnswer::Accept)
        return;
    m_busy = true;
    updateButtons();
    Store *store = &m_store;
    const ApplicationCatalog *catalog = &m_catalog;
    // A file removal: a task, not the store thread's quick reads.
    runInBackground(
        store, this, [store, catalog, settings = m_settings, id] { return BaseImageLibrary(*store, *catalog, settings).remove(id); },
        [this](const Result<void> &removed) {
            changed(removed ? QString() : tr("The base image could not be removed: %1").arg(removed.error().shown()));
        });
}

QWidget *BaseImagesPanel::importFile()
{
    const QString file = m_chooseFile ? m_chooseFile(this) : QString();
    if (file.isEmpty())
        return nullptr;
    return ImportBaseImageDialog::open(m_store, m_catalog, m_settings, file, QString(), this, this,
                                       [this](const BaseImage &) { reload(); });
}

QWidget *BaseImagesPanel::makeDebian()
{
    return MakeBaseImageDialog::open(m_store, m_catalog, m_settings, this, this, [this](const BaseImage &) { reload(); });
}

}  // namespace ib::ui
