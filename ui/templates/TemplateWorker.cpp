#include "templates/TemplateWorker.h"

#include "logging/Logging.h"
#include "storage/Store.h"

#include <spdlog/spdlog.h>

namespace ib::ui {

TemplateWorker::TemplateWorker(Store &store, const ApplicationCatalog &catalog)
    : m_store(store)
    , m_catalog(catalog)
    , m_service(store, catalog)
{}

TemplateWorker::~TemplateWorker() = default;

void TemplateWorker::load(quint64 ticket)
{
    // Rows are made as the query runs and go out page by page: the first screenful as soon
    // as it is read, while the rest of the store is still being read.
    m_known.clear();
    QList<TemplateRow> page;
    page.reserve(FirstPageRows);
    bool first = true;
    qsizetype limit = FirstPageRows;
    TemplateRow::FacetCache facets;
    const auto send = [&](bool last) {
        if (first)
            emit loaded(ticket, page, last);
        else
            emit loadedMore(ticket, page, last);
        first = false;
        limit = PageRows;
        page = {};
        page.reserve(limit);
    };
    auto listed = m_store.forEachTemplateSummary([&](const ImageTemplate &t) {
        if (page.size() >= limit)
            send(false);
        m_known.insert(t.id, t.revision);
        page.append(TemplateRow::from(t, m_catalog, &facets));
    });
    if (!listed) {
        logging::get("ui")->error("Loading templates failed: {}", listed.error().shown().toStdString());
        emit failed(ticket, listed.error());
        return;
    }
    send(true);
    m_loaded = true;
}

void TemplateWorker::refresh(quint64 ticket)
{
    if (!m_loaded) {
        load(ticket);
        return;
    }
    auto index = m_store.templateRevisionIndex();
    TemplateRow::FacetCache facets;
    if (!index) {
        emit failed(ticket, index.error());
        return;
    }
    QStringList removed;
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        if (!index->contains(it.key()))
            removed.append(it.key());
    }
    QList<TemplateRow> changed;
    for (auto it = index->cbegin(); it != index->cend(); ++it) {
        if (m_known.value(it.key(), -1) == it.value())
            continue;
        auto t = m_store.templateById(it.key());
        if (!t)
            continue;  // removed meanwhile: the next refresh tells
        changed.append(TemplateRow::from(t.value(), m_catalog, &facets));
    }
    for (const auto &id : std::as_const(removed))
        m_known.remove(id);
    for (const auto &row : std::as_const(changed))
        m_known.insert(row.id, row.revision);
    emit refreshed(ticket, changed, removed);
}

void TemplateWorker::create(quint64 ticket, const ImageTemplate &draft)
{
    auto saved = m_service.create(draft);
    if (!saved) {
        reportSaveError(ticket, saved.error(), draft);
        return;
    }
    logging::get("ui")->info("Created template {} ({})", saved->id.toStdString(), saved->name.toStdString());
    m_known.insert(saved->id, saved->revision);
    emit created(ticket, saved.value());
}

void TemplateWorker::update(quint64 ticket, const ImageTemplate &edited)
{
    auto saved = m_service.update(edited);
    if (!saved) {
        reportSaveError(ticket, saved.error(), edited);
        return;
    }
    logging::get("ui")->info("Updated template {} to revision {}", saved->id.toStdString(), saved->revision);
    m_known.insert(saved->id, saved->revision);
    emit updated(ticket, saved.value());
}

void TemplateWorker::remove(quint64 ticket, const QString &id)
{
    auto removed = m_service.remove(id);
    if (!removed) {
        emit failed(ticket, makeError(removed.error().kind, removed.error().message));
        return;
    }
    logging::get("ui")->info("Deleted template {}", id.toStdString());
    m_known.remove(id);
    emit deleted(ticket, id);
}

void TemplateWorker::checkName(quint64 ticket, const QString &name, const QString &exceptId)
{
    auto taken = m_store.nameTaken(name, exceptId);
    // A store error is not a verdict on the name: the save will tell.
    emit nameChecked(ticket, name, taken.ok() && taken.value());
}

void TemplateWorker::reportSaveError(quint64 ticket, const TemplateError &error, const ImageTemplate &yours)
{
    if (error.kind == ErrorKind::Conflict && error.current) {
        m_known.insert(error.current->id, error.current->revision);  // the UI shows it from the conflict
        emit conflict(ticket, *error.current, yours);
    } else if (error.kind == ErrorKind::Invalid && !error.violations.isEmpty()) {
        emit invalid(ticket, error.violations);
    } else {
        logging::get("ui")->warn("Saving template failed: {}", error.message.toStdString());
        emit failed(ticket, makeError(error.kind, error.message));
    }
}

}  // namespace ib::ui
