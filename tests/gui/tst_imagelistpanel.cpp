#include "BuildFixture.h"

#include "images/ImageListPanel.h"
#include "images/ImageTableModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QPushButton>
#include <QTest>

using namespace ib;
using namespace ib::ui;

class TestImageListPanel final : public QObject
{
    Q_OBJECT

private slots:
    void listsAndDeletes();
};

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

    QStringList asked;
    bool answer = false;
    panel.setConfirmDelete([&](const QString &name) {
        asked.append(name);
        return answer;
    });
    auto *remove = panel.findChild<QPushButton *>(QStringLiteral("deleteImageButton"));
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(asked, QStringList{QStringLiteral("web image")});
    QTest::qWait(100);
    QVERIFY(QFile::exists(file));
    QCOMPARE(panel.model()->rowCount(), 1);
    answer = true;
    QString told;
    panel.setNotify([&told](const QString &, const QString &text) { told = text; });
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE(panel.model()->rowCount(), 0);
    // Without a build service there is no images folder to trust (the record could name any
    // path): the record goes, the file stays, and the user is told (BuildService::deleteImage
    // removes it when it lies in the images folder: tst_mainwindowbuilds).
    QVERIFY(QFile::exists(file));
    QVERIFY2(told.contains(QStringLiteral("left in place")), qPrintable(told));
    QCOMPARE(f.store->imageById(added->id).error().kind, ErrorKind::NotFound);
    QCOMPARE(panel.emptyStateText(), QStringLiteral("No images yet"));
}

QTEST_MAIN(TestImageListPanel)
#include "tst_imagelistpanel.moc"
