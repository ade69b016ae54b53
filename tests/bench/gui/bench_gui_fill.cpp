// bench_gui's fill phase: a SQLite store with --templates templates and --builds builds,
// written through the store's own schema, for the start-up and log phases to open.

#include "BenchGuiSupport.h"

#include "MainWindow.h"
#include "builds/BuildDetailsWindow.h"
#include "builds/BuildLog.h"
#include "builds/BuildLogView.h"
#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "providers/Provider.h"
#include "settings/AppSettings.h"
#include "storage/Store.h"
#include "storage/StoreWatcher.h"
#include "templates/TemplateController.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateRules.h"
#include "templates/TemplateTableModel.h"
#include "util/Prompts.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <optional>

namespace ib::bench {

int fill(const Options &o)
{
    int noArgs = 0;
    QCoreApplication app(noArgs, nullptr);
    logging::init(logging::Target::Tests);
    auto opened = Store::open(QDir(o.dir).filePath(QStringLiteral("store.sqlite")));
    if (!opened) {
        std::fprintf(stderr, "cannot open the store: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto store = std::move(opened).value();
    QElapsedTimer timer;
    timer.start();

    BaseImage base;
    base.name = QStringLiteral("debian-12-genericcloud");
    base.os = {QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    base.loginUser = QStringLiteral("debian");
    base.path = QDir(o.dir).filePath(QStringLiteral("base.qcow2"));
    base.sizeBytes = 2LL << 30;
    auto added = store->addBaseImage(base);
    if (!added) {
        std::fprintf(stderr, "%s\n", qPrintable(added.error().message));
        return 1;
    }
    base = added.value();

    // A realistic template mix: names from a few words and a number, the catalog's OSes
    // and applications.
    const auto &catalog = ApplicationCatalog::builtin();
    const QStringList words{QStringLiteral("web"),    QStringLiteral("api"),     QStringLiteral("db"),     QStringLiteral("cache"),
                            QStringLiteral("worker"), QStringLiteral("edge"),    QStringLiteral("ci"),     QStringLiteral("batch"),
                            QStringLiteral("front"),  QStringLiteral("gateway"), QStringLiteral("search"), QStringLiteral("queue")};
    const QList<OsSpec> oses{{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")},
                             {QStringLiteral("linux"), QStringLiteral("ubuntu"), QStringLiteral("22.04")},
                             {QStringLiteral("linux"), QStringLiteral("ubuntu"), QStringLiteral("24.04")},
                             {QStringLiteral("linux"), QStringLiteral("rocky"), QStringLiteral("9")}};
    QList<QStringList> appsFor;
    for (const auto &os : oses) {
        QStringList ids;
        for (const auto &app : catalog.applications()) {
            if (app.supportsOs(os.key()))
                ids.append(app.id);
        }
        appsFor.append(ids);
    }

    auto db = store->database();
    if (!db.transaction()) {
        std::fprintf(stderr, "no transaction: %s\n", qPrintable(db.lastError().text()));
        return 1;
    }
    QSqlQuery t(db);
    t.prepare(
        QStringLiteral("INSERT INTO templates (id, name, name_key, os_type, os_distro, os_version, applications, min_storage_gb,"
                       " user_script, description, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"));
    QSqlQuery r(db);
    r.prepare(QStringLiteral("INSERT INTO template_revisions (template_id, revision, content, saved_at) VALUES (?, 1, ?, ?)"));
    const auto start = QDateTime::currentDateTimeUtc().addDays(-400);
    QList<ImageTemplate> made;
    made.reserve(o.templates);
    for (int i = 0; i < o.templates; ++i) {
        ImageTemplate tpl;
        tpl.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        tpl.name = words.at(i % words.size()) + QLatin1Char('-') + words.at((i / words.size()) % words.size()) + QLatin1Char('-') +
                   QString::number(i);
        tpl.os = oses.at(i % oses.size());
        const auto &apps = appsFor.at(i % oses.size());
        for (int k = 0; k < 3 && !apps.isEmpty(); ++k) {
            const auto &id = apps.at((i * 7 + k * 3) % apps.size());
            if (!tpl.applications.contains(id))
                tpl.applications.append(id);
        }
        tpl.minStorageGb = 10 + i % 50;
        tpl.userScript = QStringLiteral("#!/bin/bash -e\necho ready %1\n").arg(i);
        tpl.description = QStringLiteral("Benchmark template %1").arg(i);
        tpl.revision = 1;
        tpl.createdAt = tpl.updatedAt = start.addSecs(i * 300);
        const QString stamp = tpl.updatedAt.toString(Qt::ISODateWithMs);
        const QVariantList values{
            tpl.id,
            tpl.name,
            TemplateRules::nameKey(tpl.name),
            tpl.os.type,
            tpl.os.distro,
            tpl.os.version,
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tpl.applications)).toJson(QJsonDocument::Compact)),
            tpl.minStorageGb,
            tpl.userScript,
            tpl.description,
            stamp,
            stamp};
        for (int k = 0; k < values.size(); ++k)
            t.bindValue(k, values.at(k));
        r.bindValue(0, tpl.id);
        r.bindValue(1, QString::fromUtf8(QJsonDocument(tpl.contentToJson()).toJson(QJsonDocument::Compact)));
        r.bindValue(2, stamp);
        if (!t.exec() || !r.exec()) {
            std::fprintf(stderr, "insert failed: %s %s\n", qPrintable(t.lastError().text()), qPrintable(r.lastError().text()));
            return 1;
        }
        made.append(tpl);
    }
    if (!db.commit())
        return 1;

    // One build through the Store API gives the exact stored form; the rest copy it.
    if (o.builds > 0 && !made.isEmpty()) {
        BuildRecord first;
        first.templateId = made.first().id;
        first.templateRevision = 1;
        first.snapshot = made.first();
        first.imageName = QStringLiteral("image-0");
        first.baseImage = base;
        auto created = store->createBuild(first);
        if (!created) {
            std::fprintf(stderr, "%s\n", qPrintable(created.error().message));
            return 1;
        }
        QSqlQuery copy(db);
        if (!db.transaction())
            return 1;
        copy.prepare(QStringLiteral(
            "INSERT INTO builds (id, template_id, template_revision, template_snapshot, image_name, base_image_id,"
            " base_image_snapshot, provider, state, current_step, failure_cause, owner_host, owner_pid, log_path,"
            " image_id, cancel_requested, created_at, started_at, finished_at)"
            " SELECT ?, ?, 1, ?, ?, base_image_id, base_image_snapshot, provider, ?, ?, ?, 'bench-host', 1, '', '', 0, ?, ?, ?"
            " FROM builds WHERE id = ?"));
        for (int i = 1; i < o.builds; ++i) {
            const auto &tpl = made.at((i * 13) % made.size());
            const bool failed = i % 5 == 0;
            const auto at = start.addSecs(i * 1200);
            const QVariantList values{QUuid::createUuid().toString(QUuid::WithoutBraces),
                                      tpl.id,
                                      QString::fromUtf8(QJsonDocument(tpl.toJson()).toJson(QJsonDocument::Compact)),
                                      QStringLiteral("image-%1").arg(i),
                                      failed ? QStringLiteral("failed") : QStringLiteral("succeeded"),
                                      failed ? QStringLiteral("user-script") : QStringLiteral("cleanup"),
                                      failed ? QStringLiteral("Step \"Run the user script\" failed: exit status 1")
                                             : QString(QLatin1String("")),
                                      at.toString(Qt::ISODateWithMs),
                                      at.addSecs(5).toString(Qt::ISODateWithMs),
                                      at.addSecs(600).toString(Qt::ISODateWithMs),
                                      created->id};
            for (int k = 0; k < values.size(); ++k)
                copy.bindValue(k, values.at(k));
            if (!copy.exec()) {
                std::fprintf(stderr, "build insert failed: %s\n", qPrintable(copy.lastError().text()));
                return 1;
            }
        }
        if (!db.commit())
            return 1;
    }
    result("fill_ms", msSince(timer));
    return 0;
}

}  // namespace ib::bench
