#pragma once

#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "storage/Store.h"
#include "templates/TemplateController.h"
#include "templates/TemplateService.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

namespace ib::test {

// QTest::keyClicks only types Latin-1; this types any text (Hangul too) as key events.
inline void typeText(QWidget *widget, const QString &text)
{
    for (const QChar ch : text)
        QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(ch), Qt::NoModifier);
}

// A throwaway SQLite store in a temporary folder and a TemplateController over it; never
// the user's database or settings.
class GuiFixture final
{
public:
    GuiFixture()
    {
        QStandardPaths::setTestModeEnabled(true);
        logging::init(logging::Target::Tests);
        failOnUnexpectedWarnings();
        auto opened = Store::open(path());
        if (!opened)
            qFatal("cannot open the test store: %s", qPrintable(opened.error().message));
        store = std::move(opened).value();
        controller = std::make_unique<ui::TemplateController>(*store, ApplicationCatalog::builtin());
    }
    ~GuiFixture()
    {
        controller.reset();  // its thread ends before the store closes
        store.reset();
    }
    GuiFixture(const GuiFixture &) = delete;
    GuiFixture &operator=(const GuiFixture &) = delete;

    // Every Qt warning fails the test function that made it (QtSql's "does not belong to
    // the calling thread" and "still in use" came before the heap corruption of issue 14),
    // but for what the offscreen platform plugin says of itself.
    static void failOnUnexpectedWarnings()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise)\\(\\)).*")));
    }

    QString path() const { return dir.filePath(QStringLiteral("templates.sqlite")); }

    // Saves a template directly (as the CLI would), bypassing the UI.
    ImageTemplate add(const QString &name, const QString &os = QStringLiteral("debian:12"), const QStringList &apps = {},
                      const QString &description = {})
    {
        TemplateService service(*store, ApplicationCatalog::builtin());
        ImageTemplate t;
        t.name = name;
        t.os.distro = os.section(QLatin1Char(':'), 0, 0);
        t.os.version = os.section(QLatin1Char(':'), 1);
        t.applications = apps;
        t.minStorageGb = service.rules().applicationsMinimumGb(apps);
        t.userScript = QStringLiteral("#!/bin/bash -e\necho ready\n");
        t.description = description;
        auto created = service.create(t);
        if (!created)
            qFatal("cannot add template %s: %s", qPrintable(name), qPrintable(created.error().message));
        return created.value();
    }

    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<ui::TemplateController> controller;
};

// An environment variable ctest sets for the test (IB_KO_QM and the like).
inline QString requiredEnvironment(const char *name)
{
    const auto value = qEnvironmentVariable(name);
    if (value.isEmpty())
        qFatal("%s is not set (ctest sets it)", name);
    return value;
}

// The Korean UI while it lives: the compiled catalog (IB_KO_QM) installed and the Korean
// locale the default; both put back when it goes.
class KoreanUi final
{
public:
    KoreanUi()
    {
        if (!m_translator.load(requiredEnvironment("IB_KO_QM")))
            qFatal("the compiled Korean catalog does not load");
        QCoreApplication::installTranslator(&m_translator);
        QLocale::setDefault(QLocale(QLocale::Korean, QLocale::SouthKorea));
    }
    ~KoreanUi()
    {
        QCoreApplication::removeTranslator(&m_translator);
        QLocale::setDefault(QLocale::c());
    }
    KoreanUi(const KoreanUi &) = delete;
    KoreanUi &operator=(const KoreanUi &) = delete;

private:
    QTranslator m_translator;
};

}  // namespace ib::test
