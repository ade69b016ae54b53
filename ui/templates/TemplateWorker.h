#pragma once

#include "templates/ImageTemplate.h"
#include "templates/TemplateRow.h"
#include "templates/TemplateRules.h"
#include "templates/TemplateService.h"

#include <QList>
#include <QObject>

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

// Lives on TemplateController's thread and does the store work there: the Store hands
// this thread its own connection on first use. Every answer carries the request's ticket.
class TemplateWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateWorker)

public:
    TemplateWorker(Store &store, const ApplicationCatalog &catalog);
    ~TemplateWorker() override;

    void load(quint64 ticket);
    void create(quint64 ticket, const ImageTemplate &draft);
    void update(quint64 ticket, const ImageTemplate &edited);
    void remove(quint64 ticket, const QString &id);
    void checkName(quint64 ticket, const QString &name, const QString &exceptId);

signals:
    void loaded(quint64 ticket, const QList<ib::ui::TemplateRow> &rows);
    void created(quint64 ticket, const ib::ImageTemplate &t);
    void updated(quint64 ticket, const ib::ImageTemplate &t);
    void conflict(quint64 ticket, const ib::ImageTemplate &current, const ib::ImageTemplate &yours);
    void invalid(quint64 ticket, const QList<ib::RuleMessage> &messages);
    void deleted(quint64 ticket, const QString &id);
    void failed(quint64 ticket, int errorKind, const QString &message);
    void nameChecked(quint64 ticket, const QString &name, bool taken);

private:
    void reportSaveError(quint64 ticket, const TemplateError &error, const ImageTemplate &yours);

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    TemplateService m_service;
};

}  // namespace ib::ui
