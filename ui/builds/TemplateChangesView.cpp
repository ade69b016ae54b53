#include "builds/TemplateChangesView.h"

#include "ledger/ResourceLedger.h"
#include "storage/Store.h"
#include "templates/TemplateChanges.h"
#include "templates/TemplateDiff.h"
#include "util/Background.h"
#include "util/InertText.h"

#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <optional>

namespace ib::ui {

struct TemplateChangesView::Read
{
    QString error;
    std::optional<ImageTemplate> current;    // the revision about to be built, with savedBy
    std::optional<ImageTemplate> lastBuilt;  // as this computer's ledger has it
};

TemplateChangesView::TemplateChangesView(Store &store, const ApplicationCatalog &catalog, QString dataDirectory, const ImageTemplate &t,
                                         QWidget *parent)
    : QWidget(parent)
    , m_catalog(catalog)
    , m_template(t)
    , m_summary(new QLabel(this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("templateChanges"));
    m_summary->setObjectName(QStringLiteral("templateChangesSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Reading who changed the template\u2026"));
    m_details->setObjectName(QStringLiteral("templateChangesDetails"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setMaximumHeight(150);
    m_details->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_details);

    readInBackground(
        &store, this,
        [&store, dataDirectory = std::move(dataDirectory), id = t.id, revision = t.revision] {
            Read read;
            auto revisions = store.templateRevisions(id);
            if (!revisions) {
                read.error = revisions.error().shown();
                return read;
            }
            for (const auto &r : revisions.value())
                if (r.revision == revision)
                    read.current = r;
            auto last = ResourceLedger(dataDirectory).lastBuilt(id);
            if (last)
                read.lastBuilt = last.value();
            else
                read.error = last.error().shown();
            return read;
        },
        [this](const Read &read) { show(read); });
}

QString TemplateChangesView::summary() const
{
    return m_summary->text();
}

QString TemplateChangesView::details() const
{
    return m_details->isHidden() ? QString() : m_details->toPlainText();
}

void TemplateChangesView::show(const Read &read)
{
    const QLocale locale;
    QStringList summary;
    // The revision's author as the saving client wrote it (a team store's row): shown inert.
    if (read.current && !read.current->savedBy.isEmpty())
        summary << tr("Revision %1 was saved by %2 on %3.")
                       .arg(m_template.revision)
                       .arg(inertForLine(read.current->savedBy),
                            locale.toString(read.current->updatedAt.toLocalTime(), QLocale::ShortFormat));
    else if (read.current)
        summary << tr("Revision %1 was saved on %2 (before Image Builder recorded who saves).")
                       .arg(m_template.revision)
                       .arg(locale.toString(read.current->updatedAt.toLocalTime(), QLocale::ShortFormat));
    if (!read.error.isEmpty())
        summary << tr("What changed cannot be shown: %1").arg(read.error);

    // Compared with the template as the dialog will build it (the revision it opened with).
    QStringList details;
    const auto scriptLines = [&details](const QString &label, const QString &before, const QString &after) {
        const auto lines = templatechanges::lineDiff(before, after);
        if (lines.isEmpty())
            return;
        details << label + QLatin1Char(':');
        for (const auto &line : lines)
            details << inertForLine(line);
    };
    if (!read.lastBuilt) {
        m_changed = true;
        if (read.error.isEmpty())
            summary << tr("You have not built this template on this computer before: read what it will run.");
        scriptLines(TemplateDiff::fieldLabel(TemplateField::UserScript), QString(), m_template.userScript);
        scriptLines(TemplateDiff::fieldLabel(TemplateField::TestScript), QString(), m_template.testScript);
    } else {
        const auto &last = *read.lastBuilt;
        const auto fields = templatechanges::changedFields(last, m_template);
        m_changed = !fields.isEmpty();
        const QString when = locale.toString(last.updatedAt.toLocalTime(), QLocale::ShortFormat);
        if (fields.isEmpty()) {
            summary << tr("Unchanged since you last built it on this computer (revision %1, %2).").arg(last.revision).arg(when);
        } else {
            QStringList labels;
            for (auto f : fields)
                labels << TemplateDiff::fieldLabel(f);
            summary << tr("Changed since you last built it on this computer (revision %1, %2): %3.")
                           .arg(last.revision)
                           .arg(when, labels.join(QStringLiteral(", ")));
            for (auto f : fields) {
                if (f == TemplateField::UserScript)
                    scriptLines(TemplateDiff::fieldLabel(f), last.userScript, m_template.userScript);
                else if (f == TemplateField::TestScript)
                    scriptLines(TemplateDiff::fieldLabel(f), last.testScript, m_template.testScript);
                else
                    details << tr("%1: %2 \u2192 %3")
                                   .arg(TemplateDiff::fieldLabel(f), inertForLine(TemplateDiff::valueText(f, last, m_catalog)),
                                        inertForLine(TemplateDiff::valueText(f, m_template, m_catalog)));
            }
        }
    }
    m_summary->setText(summary.join(QLatin1Char(' ')));
    // A change is worth a look before the build starts: in bold.
    m_summary->setStyleSheet(m_changed ? QStringLiteral("font-weight: bold;") : QString());
    m_details->setPlainText(details.join(QLatin1Char('\n')));
    m_details->setVisible(!details.isEmpty());
    m_loaded = true;
    emit loaded();
}

}  // namespace ib::ui
