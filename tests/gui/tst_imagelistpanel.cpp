#include "BuildFixture.h"
#include "PromptLog.h"

#include "baseimages/BaseImagesPanel.h"
#include "catalog/ApplicationCatalog.h"
#include "images/ImageListPanel.h"
#include "images/ImageTableModel.h"
#include "images/ImagesWindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestImageListPanel final : public QObject
{
    Q_OBJECT

private slots:
    void listsAndDeletes();
    void imagesWindowListsADeletedTemplatesImage();
    void baseImagesAreRenamedAndRemoved();
};

namespace {

ImageRecord imageOf(const ImageTemplate &t, const QString &name, const QString &file)
{
    ImageRecord image;
    image.name = name;
    image.location = file;
    image.templateId = t.id;
    image.templateRevision = t.revision;
    image.buildId = QStringLiteral("0123456789abcdef");
    image.os = t.os;
    image.loginUser = QStringLiteral("debian");
    image.sizeBytes = 4096;
    return image;
}

}  // namespace

// Issue 18: deleting a template may leave its images (the administrator said keep them);
// the Images window still lists them, marked as a deleted template's.
void TestImageListPanel::imagesWindowListsADeletedTemplatesImage()
{
    QTemporaryDir data;
    test::GuiFixture f;
    const auto kept = f.add(QStringLiteral("web"));
    const auto gone = f.add(QStringLiteral("db"));
    QVERIFY(f.store->addImage(imageOf(kept, QStringLiteral("web image"), data.filePath(QStringLiteral("a.qcow2")))).ok());
    auto orphan = f.store->addImage(imageOf(gone, QStringLiteral("db image"), data.filePath(QStringLiteral("b.qcow2"))));
    QVERIFY(orphan.ok());
    const auto deleted = f.store->deleteTemplate(gone.id);
    QVERIFY2(deleted.ok(), deleted.ok() ? "" : qPrintable(deleted.error().message));
    QVERIFY(f.store->imageById(orphan->id).ok());

    BuildSettings settings = BuildSettings::defaults();
    settings.dataDirectory = data.filePath(QStringLiteral("data"));
    ImagesWindow window(*f.store, nullptr, ApplicationCatalog::builtin(), settings);
    window.show();
    auto *panel = window.images();
    QTRY_VERIFY(panel->isLoaded());
    QCOMPARE(panel->model()->rowCount(), 2);
    QVERIFY(!panel->view()->isColumnHidden(static_cast<int>(ImageTableModel::Column::Template)));
    const int orphanRow = panel->model()->rowOf(orphan->id);
    const auto cell = [&](int row) { return panel->model()->index(row, static_cast<int>(ImageTableModel::Column::Template)); };
    QCOMPARE(cell(orphanRow).data().toString(), QStringLiteral("Deleted template"));
    QVERIFY(cell(orphanRow).data(ImageTableModel::OrphanRole).toBool());
    QVERIFY(cell(orphanRow).data(Qt::ToolTipRole).toString().contains(gone.id));
    QCOMPARE(cell(1 - orphanRow).data().toString(), QStringLiteral("web, revision 1"));
    QVERIFY(!cell(1 - orphanRow).data(ImageTableModel::OrphanRole).toBool());

    // The template's own tab still hides the column.
    ImageListPanel one;
    one.setStore(f.store.get());
    one.setTemplate(kept.id);
    QVERIFY(one.view()->isColumnHidden(static_cast<int>(ImageTableModel::Column::Template)));
    // ... and, knowing no template list, calls none of its images an orphan.
    QTRY_VERIFY(one.isLoaded());
    QCOMPARE(one.model()->rowCount(), 1);
    QVERIFY(!one.model()->index(0, static_cast<int>(ImageTableModel::Column::Template)).data(ImageTableModel::OrphanRole).toBool());

    // Escape closes the window.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.isVisible());
}

void TestImageListPanel::baseImagesAreRenamedAndRemoved()
{
    QTemporaryDir data;
    test::GuiFixture f;
    f.add(QStringLiteral("web server"));  // debian:12
    BuildSettings settings = BuildSettings::defaults();
    settings.dataDirectory = data.filePath(QStringLiteral("data"));
    QDir().mkpath(settings.baseImagesDirectory());
    const QString file = settings.baseImagesDirectory() + QStringLiteral("/debian.qcow2");
    {
        QFile qcow(file);
        QVERIFY(qcow.open(QIODevice::WriteOnly));
        qcow.write(QByteArray(8192, 'x'));
    }
    BaseImage base;
    base.name = QStringLiteral("debian-12");
    base.path = file;
    base.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    base.loginUser = QStringLiteral("debian");
    base.sizeBytes = 2LL << 30;
    auto added = f.store->addBaseImage(base);
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().message));

    // A colleague's row (a shared store) naming a file outside this computer's base image
    // folder: the panel neither measures nor opens it.
    BaseImage foreign = base;
    foreign.name = QStringLiteral("zz-foreign");
    foreign.path = QStringLiteral("/etc/passwd");
    foreign.sizeBytes = 10LL << 30;
    auto foreignAdded = f.store->addBaseImage(foreign);
    QVERIFY(foreignAdded.ok());

    BaseImagesPanel panel(*f.store, ApplicationCatalog::builtin(), settings);
    panel.show();
    QTRY_VERIFY(panel.isLoaded());
    auto *table = panel.table();
    QCOMPARE(table->rowCount(), 2);
    table->sortItems(0);
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("zz-foreign"));
    QCOMPARE(table->item(1, 4)->text(), QStringLiteral("not here"));
    // Sizes sort by bytes, not by their text (where "10.0 GB" comes before "2.0 GB").
    table->sortItems(3);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("debian-12"));
    table->sortItems(3, Qt::DescendingOrder);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("zz-foreign"));
    table->sortItems(4, Qt::DescendingOrder);  // 8 KB on disk, then "not here"
    QCOMPARE(table->item(1, 4)->text(), QStringLiteral("not here"));
    table->sortItems(0);
    QVERIFY(f.store->removeBaseImage(foreignAdded->id).ok());
    panel.reload();
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("debian-12"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Debian 12 (bookworm)"));
    QCOMPARE(table->item(0, 5)->text(), QStringLiteral("web server"));  // suits
    QVERIFY(table->item(0, 4)->text().contains(QStringLiteral("8")));   // 8 KB on disk
    table->selectRow(0);

    // A name with a control character is refused with the reason; nothing changes.
    test::PromptLog prompts;
    prompts.answer = PromptAnswer::Accept;
    prompts.text = QStringLiteral("bad\x1b[31mname");
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("renameBaseImage")), Qt::LeftButton);
    QVERIFY(panel.statusText().contains(QStringLiteral("control character")));
    QCOMPARE(f.store->baseImageById(added->id)->name, QStringLiteral("debian-12"));

    prompts.text = QStringLiteral("Debian 12 (생산)");
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("renameBaseImage")), Qt::LeftButton);
    QCOMPARE(prompts.all().last().value, QStringLiteral("debian-12"));  // the field starts with the name
    QTRY_COMPARE(f.store->baseImageById(added->id)->name, QStringLiteral("Debian 12 (생산)"));
    QTRY_COMPARE(table->item(0, 0)->text(), QStringLiteral("Debian 12 (생산)"));
    QCOMPARE(panel.selectedId(), added->id);

    // Remove: asked first (No keeps it), then the record and the library's file go.
    prompts.answer = PromptAnswer::Reject;
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("removeBaseImage")), Qt::LeftButton);
    QCOMPARE(prompts.subjects(QStringLiteral("removeBaseImage")), QStringList{QStringLiteral("Debian 12 (생산)")});
    QVERIFY(QFile::exists(file));
    prompts.answer = PromptAnswer::Accept;
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("removeBaseImage")), Qt::LeftButton);
    QTRY_COMPARE(table->rowCount(), 0);
    QVERIFY(!QFile::exists(file));
    QVERIFY(!f.store->baseImageById(added->id).ok());
    QVERIFY(panel.statusText().startsWith(QStringLiteral("No base images yet")));
}

void TestImageListPanel::listsAndDeletes()
{
    QTemporaryDir data;  // outlives the store, which waits for background reads that write here
    test::GuiFixture f;
    const auto t = f.add(QStringLiteral("web"));
    const auto other = f.add(QStringLiteral("db"));
    const QString file = data.filePath(QStringLiteral("images/web-image.qcow2"));
    QDir().mkpath(QFileInfo(file).absolutePath());
    {
        QFile qcow(file);
        QVERIFY(qcow.open(QIODevice::WriteOnly));
        qcow.write(QByteArray(4096, 'x'));
    }
    ImageRecord image;
    image.name = QStringLiteral("web image");
    image.location = file;
    image.templateId = t.id;
    image.templateRevision = 1;
    image.buildId = QStringLiteral("0123456789abcdef");
    image.os = t.os;
    image.loginUser = QStringLiteral("debian");
    image.sizeBytes = 4096;
    image.virtualSizeBytes = 10LL << 30;
    image.testState = QStringLiteral("failed");
    // The build the image came from: the store keeps images with their builds.
    auto added = f.store->addImage(image);
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().message));

    ImageListPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setStore(f.store.get());
    panel.show();
    panel.setTemplate(other.id);
    QTRY_VERIFY(panel.isLoaded());
    QCOMPARE(panel.emptyStateText(), QStringLiteral("No images yet"));
    panel.setTemplate(t.id);
    QTRY_COMPARE(panel.model()->rowCount(), 1);
    const auto cell = [&](ImageTableModel::Column c) { return panel.model()->index(0, static_cast<int>(c)).data().toString(); };
    QCOMPARE(cell(ImageTableModel::Column::Name), QStringLiteral("web image"));
    QCOMPARE(cell(ImageTableModel::Column::Provider), QStringLiteral("local"));
    // A failed image says so, never blank (issue 19); the store keeps the state it is set to.
    QCOMPARE(cell(ImageTableModel::Column::Test), QStringLiteral("Failed"));
    QVERIFY(f.store->setImageTestState(added->id, QStringLiteral("passed")).ok());
    QCOMPARE(f.store->imageById(added->id)->testState, QStringLiteral("passed"));
    QCOMPARE(ImageTableModel::testText(QString()), QStringLiteral("\u2014"));
    QCOMPARE(cell(ImageTableModel::Column::BuildId), QStringLiteral("01234567"));
    QCOMPARE(panel.selectedImageId(), added->id);

    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("copyImageIdButton")), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), added->id);
    QUrl opened;
    panel.setOpenUrl([&](const QUrl &url) { opened = url; });
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("showImageButton")), Qt::LeftButton);
    QCOMPARE(opened, QUrl::fromLocalFile(QFileInfo(file).absolutePath()));

    test::PromptLog prompts;
    auto *remove = panel.findChild<QPushButton *>(QStringLiteral("deleteImageButton"));
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(prompts.subjects(QStringLiteral("deleteImage")), QStringList{QStringLiteral("web image")});
    QCOMPARE(prompts.all().last().informative, QStringLiteral("Its disk file is removed. This cannot be undone."));
    QTest::qWait(100);
    QVERIFY(QFile::exists(file));
    QCOMPARE(panel.model()->rowCount(), 1);
    prompts.answer = PromptAnswer::Accept;
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE(panel.model()->rowCount(), 0);
    // Without a build service there is no images folder to trust (the record could name any
    // path): the record goes, the file stays, and the user is told (BuildService::deleteImage
    // removes it when it lies in the images folder: tst_mainwindowbuilds).
    QVERIFY(QFile::exists(file));
    QTRY_VERIFY(!prompts.lastWarning().isEmpty());
    QVERIFY2(prompts.lastWarning().contains(QStringLiteral("left in place")), qPrintable(prompts.lastWarning()));
    QCOMPARE(f.store->imageById(added->id).error().kind, ErrorKind::NotFound);
    QCOMPARE(panel.emptyStateText(), QStringLiteral("No images yet"));
}

QTEST_MAIN(TestImageListPanel)
#include "tst_imagelistpanel.moc"
