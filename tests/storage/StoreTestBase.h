#pragma once

#include "storage/Store.h"

#include "PostgresFixture.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace ib::test {

// What the Store's suites share (tst_store, tst_storebuilds; each built twice, the _pg one
// with IB_TEST_POSTGRES on a throwaway PostgreSQL cluster): a temporary folder, a fresh
// store on the backend under test, sample records, a seeded store and the CLI.
class StoreTestBase
{
protected:
    // The temporary folder, and with IB_TEST_POSTGRES a throwaway cluster: false (with the
    // reason logged) when either could not be made.
    bool startBackend()
    {
        if (!m_dir.isValid())
            return false;
#ifdef IB_TEST_POSTGRES
        QElapsedTimer timer;
        timer.start();
        if (const auto error = m_pg.start(); !error.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        qInfo("PostgreSQL test cluster on 127.0.0.1:%d started in %lld ms", m_pg.port(), timer.elapsed());
#endif
        return true;
    }

    void stopBackend()
    {
#ifdef IB_TEST_POSTGRES
        m_pg.stop();
#endif
    }

    // QVERIFY2 evaluates its message even when the check holds: only ask an error for one.
    template <typename R>
    static QByteArray why(const R &result)
    {
        return result ? QByteArray() : result.error().message.toUtf8();
    }

    QTemporaryDir m_dir;
    int m_counter = 0;
#ifdef IB_TEST_POSTGRES
    test::PostgresFixture m_pg;
    static constexpr bool kPostgres = true;
#else
    static constexpr bool kPostgres = false;
#endif

    QString freshSqlitePath()
    {
        return m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(++m_counter));
    }

    // An empty store location on the backend under test.
    QString freshLocation()
    {
#ifdef IB_TEST_POSTGRES
        const auto url = m_pg.createDatabase();
        if (url.isEmpty())
            qWarning("%s", qPrintable(m_pg.lastError()));
        return url;
#else
        return freshSqlitePath();
#endif
    }

    static ImageTemplate sample(const QString &name = QStringLiteral("web server"))
    {
        ImageTemplate t;
        t.name = name;
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.applications = {QStringLiteral("nginx"), QStringLiteral("redis")};
        t.minStorageGb = 20;
        t.userScript = QStringLiteral("#!/bin/bash -e\necho 안녕\n");
        t.description = QStringLiteral("front end");
        return t;
    }

    static std::unique_ptr<Store> open(const QString &location)
    {
        auto s = Store::open(location);
        if (!s)
            qWarning("%s", why(s).constData());
        return s ? std::move(s).value() : nullptr;
    }

    static BaseImage sampleBase()
    {
        BaseImage b;
        b.name = QStringLiteral("Debian 12");
        b.path = QStringLiteral("/images/debian-12.qcow2");
        b.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        b.loginUser = QStringLiteral("debian");
        b.sizeBytes = 3LL * 1024 * 1024 * 1024;
        return b;
    }

    static BuildRecord sampleBuild(const ImageTemplate &t, const BaseImage &base, const QString &imageName)
    {
        BuildRecord b;
        b.templateId = t.id;
        b.templateRevision = t.revision;
        b.snapshot = t;
        b.imageName = imageName;
        b.baseImage = base;
        b.ownerHost = QStringLiteral("builder-1");
        b.ownerPid = 4242;
        return b;
    }

    static qint64 count(Store &store, const QString &sql)
    {
        QSqlQuery q(store.database());
        if (!q.exec(sql) || !q.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return -1;
        }
        return q.value(0).toLongLong();
    }

    struct CliRun
    {
        int status = -1;
        QString out;
        QString err;
    };

    CliRun cli(const QStringList &args)
    {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        env.remove(QStringLiteral("IMAGEBUILDER_DB"));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("IB_CLI"), args);
        if (!p.waitForStarted(10000) || !p.waitForFinished(120000))
            return {};
        return CliRun{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                      QString::fromUtf8(p.readAllStandardError())};
    }

    // A store with `templates` templates (three revisions each), `builds` builds with two
    // steps, a resource and two log chunks each, an image per ten builds.
    void seed(Store &store, int templates, int builds)
    {
        auto base = store.addBaseImage(sampleBase());
        QVERIFY(base);
        QList<ImageTemplate> made;
        for (int i = 0; i < templates; ++i) {
            ImageTemplate t = sample(QStringLiteral("template %1").arg(i));
            t.description = QStringLiteral("O'Brien's \"quoted\" \\ back\\slash; 100% _under_ 한국어 %1").arg(i);
            auto created = store.createTemplate(t);
            QVERIFY2(created, why(created).constData());
            ImageTemplate current = created.value();
            for (int r = 0; r < 2; ++r) {
                current.minStorageGb += 5;
                current.applications.append(QStringLiteral("app-%1").arg(r));
                auto saved = store.updateTemplate(current);
                QVERIFY2(saved, why(saved).constData());
                current = saved.value();
            }
            made.append(current);
        }
        // One transaction for the bulk of it: tens of thousands of rows in seconds.
        auto db = store.database();
        QVERIFY(db.transaction());
        QSqlQuery step(db);
        QVERIFY(step.prepare(
            QStringLiteral("INSERT INTO build_steps (build_id, step, started_at, finished_at, outcome) VALUES (?, ?, ?, ?, ?)")));
        for (int i = 0; i < builds; ++i) {
            auto b = store.createBuild(sampleBuild(made.at(i % made.size()), base.value(), QStringLiteral("image-%1").arg(i)));
            QVERIFY2(b, why(b).constData());
            for (const auto &name : {QStringLiteral("prepare"), QStringLiteral("launch")}) {
                step.addBindValue(b->id);
                step.addBindValue(name);
                step.addBindValue(QStringLiteral("2024-01-01T00:00:0%1.000Z").arg(i % 10));
                step.addBindValue(QStringLiteral("2024-01-01T00:01:00.000Z"));
                step.addBindValue(QStringLiteral("ok"));
                QVERIFY2(step.exec(), qPrintable(step.lastError().text()));
            }
            auto r =
                store.addResourceIntent(b->id, QStringLiteral("process"), QString::number(1000 + i), QStringLiteral("marker %1").arg(i));
            QVERIFY(r);
            QVERIFY(
                store.appendLogChunk(b->id, QStringLiteral("12:00:00.000 [prepare] line one of %1\n12:00:00.001 [prepare] 둘\n").arg(i)));
            QVERIFY(store.appendLogChunk(b->id, QStringLiteral("12:00:01.000 [launch] tab\there 'quote' \\ done\n")));
            if (i % 10 == 0) {
                ImageRecord image;
                image.name = QStringLiteral("image-%1").arg(i);
                image.location = QStringLiteral("/images/image-%1.qcow2").arg(i);
                image.templateId = b->templateId;
                image.templateRevision = b->templateRevision;
                image.buildId = b->id;
                image.sizeBytes = 5'000'000'000LL + i;
                image.virtualSizeBytes = 20'000'000'000LL;
                QVERIFY(store.addImage(image));
            }
        }
        QVERIFY(db.commit());
    }
};

}  // namespace ib::test
