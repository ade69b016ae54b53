#include "TestSupport.h"
#include "catalog/ApplicationCatalog.h"
#include "templates/StarterTemplates.h"
#include "templates/TemplateRules.h"

#include <QTest>

using namespace ib;

// The first-start guide's starters: each one a valid template on every OS it offers itself
// for, made of applications that exist and do not conflict.
class TestStarterTemplates final : public QObject
{
    Q_OBJECT

private slots:
    void theThreeStartersOfTheGuide();
    void eachStarterPassesTheRulesOnEveryOsItSupports_data();
    void eachStarterPassesTheRulesOnEveryOsItSupports();
    void dockerIsNotOfferedOnRocky();
    void aTakenNameGetsANumber();
};

void TestStarterTemplates::theThreeStartersOfTheGuide()
{
    QStringList apps;
    for (const auto &s : StarterTemplates::all())
        apps.append(s.applications.join(QLatin1Char('+')));
    QCOMPARE(apps, (QStringList{QStringLiteral("nginx"), QStringLiteral("postgresql"), QStringLiteral("docker")}));
    QVERIFY(StarterTemplates::find(QStringLiteral("web-nginx")));
    QVERIFY(!StarterTemplates::find(QStringLiteral("nope")));
}

void TestStarterTemplates::eachStarterPassesTheRulesOnEveryOsItSupports_data()
{
    QTest::addColumn<QString>("starter");
    QTest::addColumn<QString>("os");
    const auto &catalog = ApplicationCatalog::builtin();
    for (const auto &s : StarterTemplates::all()) {
        for (const auto &os : catalog.operatingSystems())
            QTest::addRow("%s on %s", qPrintable(s.id), qPrintable(os.key())) << s.id << os.key();
    }
}

void TestStarterTemplates::eachStarterPassesTheRulesOnEveryOsItSupports()
{
    QFETCH(QString, starter);
    QFETCH(QString, os);
    const auto &catalog = ApplicationCatalog::builtin();
    const auto *s = StarterTemplates::find(starter);
    QVERIFY(s);
    const QString unavailable = StarterTemplates::checkOs(*s, os, catalog);
    if (!unavailable.isEmpty()) {
        // Then the rules refuse it as well: the guide must not offer it.
        const auto *entry = catalog.findOs(os);
        const auto draft = StarterTemplates::draft(*s, OsSpec{entry->type, entry->distro, entry->version}, catalog);
        QVERIFY2(TemplateRules::hasErrors(TemplateRules(catalog).validate(draft)), qPrintable(unavailable));
        return;
    }
    const auto *entry = catalog.findOs(os);
    const auto draft = StarterTemplates::draft(*s, OsSpec{entry->type, entry->distro, entry->version}, catalog);
    const auto messages = TemplateRules(catalog).validate(draft);
    QStringList errors;
    for (const auto &m : messages) {
        if (m.severity == Severity::Error)
            errors.append(TemplateRules::fieldKey(m.field) + QStringLiteral(": ") + m.message);
    }
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    // No two of its applications conflict (the rules say so too; this names the pair).
    for (const auto &a : draft.applications) {
        for (const auto &c : catalog.findApp(a)->conflicts)
            QVERIFY2(!draft.applications.contains(c.id), qPrintable(a + QStringLiteral(" conflicts with ") + c.id));
    }
    QCOMPARE(draft.minStorageGb, TemplateRules(catalog).applicationsMinimumGb(draft.applications));
    QVERIFY(draft.userScript.startsWith(QStringLiteral("#!/bin/bash")));
}

void TestStarterTemplates::dockerIsNotOfferedOnRocky()
{
    const auto &catalog = ApplicationCatalog::builtin();
    const auto *docker = StarterTemplates::find(QStringLiteral("docker-host"));
    QVERIFY(docker);
    QVERIFY(StarterTemplates::checkOs(*docker, QStringLiteral("debian:12"), catalog).isEmpty());
    const QString why = StarterTemplates::checkOs(*docker, QStringLiteral("rocky:9"), catalog);
    QVERIFY2(why.contains(QStringLiteral("not available on")), qPrintable(why));
}

void TestStarterTemplates::aTakenNameGetsANumber()
{
    const auto &catalog = ApplicationCatalog::builtin();
    const auto *web = StarterTemplates::find(QStringLiteral("web-nginx"));
    const QStringList existing{QStringLiteral("web server (nginx)"), QStringLiteral("Web server (nginx) 2")};
    const auto draft = StarterTemplates::draft(*web, OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")},
                                               catalog, [&](const QString &name) { return existing.contains(name, Qt::CaseInsensitive); });
    QCOMPARE(draft.name, QStringLiteral("Web server (nginx) 3"));
}

QTEST_GUILESS_MAIN(TestStarterTemplates)
#include "tst_startertemplates.moc"
