#include "templates/StarterTemplates.h"

#include "catalog/ApplicationCatalog.h"
#include "templates/TemplateRules.h"

namespace ib {

const QList<StarterTemplates::Starter> &StarterTemplates::all()
{
    static const QList<Starter> list{
        {QStringLiteral("web-nginx"),
         QStringLiteral(QT_TRANSLATE_NOOP("ib::StarterTemplates", "Web server (nginx)")),
         QStringLiteral(QT_TRANSLATE_NOOP("ib::StarterTemplates", "Starter: nginx serving HTTP on port 80.")),
         {QStringLiteral("nginx")}},
        {QStringLiteral("postgresql"),
         QStringLiteral(QT_TRANSLATE_NOOP("ib::StarterTemplates", "PostgreSQL server")),
         QStringLiteral(QT_TRANSLATE_NOOP("ib::StarterTemplates", "Starter: PostgreSQL, listening on localhost until you configure it.")),
         {QStringLiteral("postgresql")}},
        {QStringLiteral("docker-host"),
         QStringLiteral(QT_TRANSLATE_NOOP("ib::StarterTemplates", "Docker host")),
         QStringLiteral(QT_TRANSLATE_NOOP("ib::StarterTemplates", "Starter: the Docker engine, for images that run containers.")),
         {QStringLiteral("docker")}},
    };
    return list;
}

const StarterTemplates::Starter *StarterTemplates::find(const QString &id)
{
    for (const auto &s : all()) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QString StarterTemplates::checkOs(const Starter &starter, const QString &osKey, const ApplicationCatalog &catalog)
{
    const auto *os = catalog.findOs(osKey);
    const QString osName = os ? os->name : osKey;
    for (const auto &id : starter.applications) {
        const auto *app = catalog.findApp(id);
        if (!app)
            return tr("%1 is not in the application catalog.").arg(id);
        if (!app->supportsOs(osKey))
            return tr("%1 is not available on %2.").arg(app->name, osName);
    }
    return {};
}

QString StarterTemplates::displayName(const Starter &starter)
{
    return QCoreApplication::translate("ib::StarterTemplates", starter.name.toUtf8().constData());
}

ImageTemplate StarterTemplates::draft(const Starter &starter, const OsSpec &os, const ApplicationCatalog &catalog,
                                      const std::function<bool(const QString &)> &taken)
{
    ImageTemplate t;
    const QString name = displayName(starter);
    t.name = name;
    for (int n = 2; taken && taken(t.name); ++n)
        t.name = name + QStringLiteral(" %1").arg(n);
    t.os = os;
    t.applications = starter.applications;
    t.minStorageGb = TemplateRules(catalog).applicationsMinimumGb(starter.applications);
    t.description = QCoreApplication::translate("ib::StarterTemplates", starter.description.toUtf8().constData());
    // Something to extend rather than an empty box: it runs as the default user after the
    // applications are installed, and changes nothing.
    t.userScript = QStringLiteral("#!/bin/bash -e\n"
                                  "# Runs as the image's default user after the applications are installed.\n"
                                  "# Add your own set-up here; commands that need root go through sudo.\n"
                                  "echo \"%1: built on $(date -u +%F)\"\n")
                       .arg(name);
    return t;
}

}  // namespace ib
