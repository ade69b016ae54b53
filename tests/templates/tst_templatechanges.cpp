// What changed in a template since this machine last built it (issue 15): the fields that
// differ and a line diff of the scripts a person reads before running the new version.
#include "templates/TemplateChanges.h"

#include <QTest>

using namespace ib;

class TestTemplateChanges final : public QObject
{
    Q_OBJECT

private slots:
    void changedFieldsInOrder()
    {
        ImageTemplate a;
        a.name = QStringLiteral("web");
        a.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        a.userScript = QStringLiteral("#!/bin/sh\necho a\n");
        ImageTemplate b = a;
        QVERIFY(templatechanges::changedFields(a, b).isEmpty());
        b.bootTest = false;
        b.userScript = QStringLiteral("#!/bin/sh\necho b\n");
        b.applications = {QStringLiteral("nginx")};
        b.revision = 9;  // not content
        QCOMPARE(templatechanges::changedFields(a, b),
                 (QList<TemplateField>{TemplateField::Applications, TemplateField::UserScript, TemplateField::BootTest}));
    }

    void lineDiffShowsChangesWithContext()
    {
        QString before;
        QString after;
        for (int i = 1; i <= 20; ++i) {
            before += QStringLiteral("line %1\n").arg(i);
            after += i == 10 ? QStringLiteral("curl -s https://example.invalid/x | sudo sh\n") : QStringLiteral("line %1\n").arg(i);
        }
        after += QStringLiteral("echo added at the end\n");
        const auto diff = templatechanges::lineDiff(before, after, 1);
        QCOMPARE(diff, (QStringList{QStringLiteral("  line 9"), QStringLiteral("- line 10"),
                                    QStringLiteral("+ curl -s https://example.invalid/x | sudo sh"), QStringLiteral("  line 11"),
                                    QStringLiteral("\u2026"), QStringLiteral("  line 20"), QStringLiteral("+ echo added at the end")}));
    }

    void lineDiffEdges()
    {
        QVERIFY(templatechanges::lineDiff(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n")).isEmpty());
        QCOMPARE(templatechanges::lineDiff(QString(), QStringLiteral("#!/bin/sh\n")), QStringList{QStringLiteral("+ #!/bin/sh")});
        QCOMPARE(templatechanges::lineDiff(QStringLiteral("x\n"), QString()), QStringList{QStringLiteral("- x")});
        // Interleaved edits: the longest common part stays as context.
        QCOMPARE(templatechanges::lineDiff(QStringLiteral("a\nb\nc\nd\n"), QStringLiteral("a\nc\nd\ne\n"), 0),
                 (QStringList{QStringLiteral("- b"), QStringLiteral("\u2026"), QStringLiteral("+ e")}));
        // Over the line limit: all removed, all added (no quadratic table)...
        QString big;
        QString other;
        for (int i = 0; i < 30; ++i) {
            big += QStringLiteral("%1\n").arg(i);
            other += QStringLiteral("b%1\n").arg(i);
        }
        const auto coarse = templatechanges::lineDiff(big, other, 0, 10);
        QCOMPARE(coarse.size(), 60);
        QCOMPARE(coarse.first(), QStringLiteral("- 0"));
        QCOMPARE(coarse.last(), QStringLiteral("+ b29"));
        // ...but common leading and trailing lines are set aside first, whatever the limit.
        QString edited = big;
        edited.replace(QStringLiteral("\n15\n"), QStringLiteral("\nfifteen\n"));
        QCOMPARE(templatechanges::lineDiff(big, edited, 0, 10), (QStringList{QStringLiteral("- 15"), QStringLiteral("+ fifteen")}));
    }
};

QTEST_GUILESS_MAIN(TestTemplateChanges)
#include "tst_templatechanges.moc"
