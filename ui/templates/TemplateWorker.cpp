#include "templates/TemplateWorker.h"

#include "logging/Logging.h"
#include "storage/Store.h"

#include <spdlog/spdlog.h>

namespace ib::ui {

TemplateWorker::TemplateWorker(Store &store, const ApplicationCatalog &catalog)
    : m_store(store)
    , m_catalog(catalog)
    , m_service(store, catalog)
{
}

TemplateWorker::~TemplateWorker() = default;

void TemplateWorker::load(quint64 ticket)
{
    auto listed = m_store.listTemplates();
    if (!listed) {
        logging::get("ui")->error("Loading templates failed: {}", listed.error().message.toStdString());
        emit failed(ticket, static_cast<int>(listed.error().kind), listed.error().message);
        return;
    }
    QList<TemplateRow> rows;
    rows.reserve(listed->size());
    for (const auto &t : std::as_const(listed.value()))
        rows.append(TemplateRow::from(t, m_catalog));
    emit loaded(ticket, rows);
}

void TemplateWorker::create(quint64 ticket, const ImageTemplate &draft)
{
    auto saved = m_service.create(draft);
    if (!saved) {
        reportSaveError(ticket, saved.error(), draft);
        return;
    }
    logging::get("ui")->info("Created template {} ({})", saved->id.toStdString(), saved->name.toStdString());
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
    emit updated(ticket, saved.value());
}

void TemplateWorker::remove(quint64 ticket, const QString &id)
{
    auto removed = m_service.remove(id);
    if (!removed) {
        emit failed(ticket, static_cast<int>(removed.error().kind), removed.error().message);
        return;
    }
    logging::get("ui")->info("Deleted template {}", id.toStdString());
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
        emit conflict(ticket, *error.current, yours);
    } else if (error.kind == ErrorKind::Invalid && !error.violations.isEmpty()) {
        emit invalid(ticket, error.violations);
    } else {
        logging::get("ui")->warn("Saving template failed: {}", error.message.toStdString());
        emit failed(ticket, static_cast<int>(error.kind), error.message);
    }
}

}  // namespace ib::ui
