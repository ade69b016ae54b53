#pragma once

#include "templates/ImageTemplate.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace ib {

class ApplicationCatalog;

// A few ready templates for a first image: a web server (nginx), a PostgreSQL server and a
// Docker host, made of the catalog's applications. The GUI's first-start guide offers them;
// they are saved through TemplateService like any template.
class StarterTemplates final
{
    // Names and descriptions are in the user's language in the GUI (the CLI offers no starters).
    Q_DECLARE_TR_FUNCTIONS(ib::StarterTemplates)

public:
    struct Starter
    {
        QString id;    // "web-nginx"
        QString name;  // the template name it suggests
        QString description;
        QStringList applications;  // catalog ids
    };

    static const QList<Starter> &all();
    static const Starter *find(const QString &id);
    // The starter's name in the user's language: the guide shows it and the draft is named so.
    static QString displayName(const Starter &starter);
    // Empty when every application of the starter is available on the OS; else why not.
    static QString checkOs(const Starter &starter, const QString &osKey, const ApplicationCatalog &catalog);
    // A template to save: the starter on `os`, its minimum storage the applications' largest
    // minimum, a user script to extend. The name gets " 2", " 3", ... while `taken` says so.
    static ImageTemplate draft(const Starter &starter, const OsSpec &os, const ApplicationCatalog &catalog,
                               const std::function<bool(const QString &)> &taken = {});
};

}  // namespace ib
