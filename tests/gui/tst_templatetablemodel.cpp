#include "GuiFixture.h"

#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateMetaTypes.h"
#include "templates/TemplateTableModel.h"
#include "templates/TemplateWorker.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace ib;
using namespace ib::ui;

namespace {

using Column = TemplateTableModel::Column;

int col(Column c)
{
    return static_cast<int>(c);
}

}  // namespace

class TestTemplateTableModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void headersAndFlags();
    void loadsFromWorker();
    void createUpdateDeleteThroughController();
    void coalescesDataChanged();
    void proxySortsAndFilters();
    void scalesTo100kRows();
    void pagedLoadAndRefresh();
    void pagesInAnotherOrderMergeIntoPlace();

private:
    std::unique_ptr<test::GuiFixture> m_fixture;
    std::unique_ptr<TemplateTableModel> m_model;
    std::unique_ptr<TemplateFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;

    void loadModel();
};

void TestTemplateTableModel::init()
{
    m_fixture = std::make_unique<test::GuiFixture>();
    m_model = std::make_unique<TemplateTableModel>(ApplicationCatalog::builtin());
    m_proxy = std::make_unique<TemplateFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->sort(col(Column::Name));
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestTemplateTableModel::cleanup()
{
    m_proxyTester.reset();
    m_tester.reset();
    m_proxy.reset();
    m_model.reset();
    m_fixture.reset();
}

void TestTemplateTableModel::loadModel()
{
    QSignalSpy loaded(m_fixture->controller.get(), &TemplateController::loaded);
    const auto ticket = m_fixture->controller->load();
    QVERIFY(loaded.wait(5000));
    QCOMPARE(loaded.first().at(0).toULongLong(), ticket);
    m_model->setRows(loaded.first().at(1).value<QList<TemplateRow>>());
}

void TestTemplateTableModel::headersAndFlags()
{
    QCOMPARE(m_model->columnCount(), 6);
    QCOMPARE(m_model->headerData(col(Column::Name), Qt::Horizontal).toString(), QStringLiteral("Name"));
    QCOMPARE(m_model->headerData(col(Column::Os), Qt::Horizontal).toString(), QStringLiteral("OS"));
    QCOMPARE(m_model->headerData(col(Column::Applications), Qt::Horizontal).toString(), QStringLiteral("Applications"));
    QCOMPARE(m_model->headerData(col(Column::MinStorage), Qt::Horizontal).toString(), QStringLiteral("Min. storage"));
    QCOMPARE(m_model->headerData(col(Column::LastBuild), Qt::Horizontal).toString(), QStringLiteral("Last build"));
    QCOMPARE(m_model->headerData(col(Column::Updated), Qt::Horizontal).toString(), QStringLiteral("Updated"));
    m_model->upsert(m_fixture->add(QStringLiteral("a")));
    const auto flags = m_model->flags(m_model->index(0, 0));
    QVERIFY(flags & Qt::ItemIsSelectable);
    QVERIFY(!(flags & Qt::ItemIsEditable));
}

void TestTemplateTableModel::loadsFromWorker()
{
    m_fixture->add(QStringLiteral("web"), QStringLiteral("ubuntu:22.04"), {QStringLiteral("nginx"), QStringLiteral("docker")});
    m_fixture->add(QStringLiteral("db"), QStringLiteral("rocky:9"), {QStringLiteral("postgresql")});
    loadModel();
    QCOMPARE(m_model->rowCount(), 2);
    const int web = m_model->rowOf(m_fixture->store->findTemplate(QStringLiteral("web"))->id);
    QVERIFY(web >= 0);
    QCOMPARE(m_model->index(web, col(Column::Os)).data().toString(), QStringLiteral("Ubuntu 22.04 LTS (Jammy Jellyfish)"));
    QCOMPARE(m_model->index(web, col(Column::Applications)).data().toString(), QStringLiteral("Nginx, Docker Engine"));
    QCOMPARE(m_model->index(web, col(Column::MinStorage)).data().toString(), QStringLiteral("20 GB"));
    QCOMPARE(m_model->index(web, col(Column::MinStorage)).data(TemplateTableModel::SortRole).toInt(), 20);
    QCOMPARE(m_model->index(web, col(Column::LastBuild)).data().toString(), QStringLiteral("\u2014"));
    QVERIFY(!m_model->index(web, col(Column::Updated)).data().toString().isEmpty());
    const auto tip = m_model->index(web, col(Column::Applications)).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Nginx ")), qPrintable(tip));  // with its version for Ubuntu 22.04
}

void TestTemplateTableModel::createUpdateDeleteThroughController()
{
    m_fixture->add(QStringLiteral("existing"));
    loadModel();
    auto *controller = m_fixture->controller.get();
    QObject::connect(controller, &TemplateController::created, m_model.get(),
                     [this](quint64, const ImageTemplate &t) { m_model->upsert(t); });
    QObject::connect(controller, &TemplateController::updated, m_model.get(),
                     [this](quint64, const ImageTemplate &t) { m_model->upsert(t); });
    QObject::connect(controller, &TemplateController::deleted, m_model.get(), [this](quint64, const QString &id) { m_model->remove(id); });
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    ImageTemplate draft;
    draft.name = QStringLiteral("new");
    draft.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    QSignalSpy created(controller, &TemplateController::created);
    controller->create(draft);
    QVERIFY(created.wait(5000));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    auto t = created.first().at(1).value<ImageTemplate>();
    QCOMPARE(m_model->index(m_model->rowOf(t.id), 0).data().toString(), QStringLiteral("new"));

    t.name = QStringLiteral("renamed");
    QSignalSpy updated(controller, &TemplateController::updated);
    controller->update(t);
    QVERIFY(updated.wait(5000));
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(m_model->rowOf(t.id), 0).data().toString(), QStringLiteral("renamed"));
    QCOMPARE(m_model->index(m_model->rowOf(t.id), col(Column::Updated)).data(Qt::ToolTipRole).toString().left(10),
             QStringLiteral("Revision 2"));

    QSignalSpy deleted(controller, &TemplateController::deleted);
    controller->remove(t.id);
    QVERIFY(deleted.wait(5000));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->rowOf(t.id), -1);
    QCOMPARE(resets.count(), 0);  // one row at a time, never a reset
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("existing"));
}

void TestTemplateTableModel::coalescesDataChanged()
{
    const auto a = m_fixture->add(QStringLiteral("a"));
    const auto b = m_fixture->add(QStringLiteral("b"));
    const auto c = m_fixture->add(QStringLiteral("c"));
    loadModel();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setLastBuild(a.id, QStringLiteral("Succeeded"));
    m_model->setLastBuild(c.id, QStringLiteral("Failed"));
    auto renamed = b;
    renamed.name = QStringLiteral("bb");
    m_model->upsert(renamed);
    QCOMPARE(changed.count(), 0);  // announced at the end of the event-loop turn
    QTRY_COMPARE(changed.count(), 1);
    const auto topLeft = changed.first().at(0).toModelIndex();
    const auto bottomRight = changed.first().at(1).toModelIndex();
    QCOMPARE(topLeft.row(), 0);
    QCOMPARE(bottomRight.row(), 2);
    QCOMPARE(bottomRight.column(), col(Column::Count) - 1);
    QCOMPARE(m_model->index(m_model->rowOf(a.id), col(Column::LastBuild)).data().toString(), QStringLiteral("Succeeded"));
    // A removal flushes what is pending first, so the announced rows are still right.
    m_model->setLastBuild(a.id, QStringLiteral("Running"));
    m_model->remove(c.id);
    QCOMPARE(changed.count(), 2);
}

void TestTemplateTableModel::proxySortsAndFilters()
{
    m_fixture->add(QStringLiteral("Zeta"), QStringLiteral("debian:12"), {QStringLiteral("redis")});
    m_fixture->add(QStringLiteral("alpha"), QStringLiteral("ubuntu:24.04"), {QStringLiteral("nginx")});
    m_fixture->add(QStringLiteral("베타 서버"), QStringLiteral("rocky:9"), {QStringLiteral("valkey")});
    loadModel();
    QCOMPARE(m_proxy->rowCount(), 3);
    QCOMPARE(m_proxy->index(0, 0).data().toString(), QStringLiteral("alpha"));
    QCOMPARE(m_proxy->index(1, 0).data().toString(), QStringLiteral("Zeta"));  // ignoring case

    m_proxy->setFilterText(QStringLiteral("NGINX"));
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, 0).data().toString(), QStringLiteral("alpha"));
    m_proxy->setFilterText(QStringLiteral("debian"));
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, 0).data().toString(), QStringLiteral("Zeta"));
    m_proxy->setFilterText(QStringLiteral("베타"));
    QCOMPARE(m_proxy->rowCount(), 1);
    m_proxy->setFilterText(QStringLiteral("zeta"));
    QCOMPARE(m_proxy->rowCount(), 1);
    m_proxy->setFilterText(QStringLiteral("nothing like it"));
    QCOMPARE(m_proxy->rowCount(), 0);
    m_proxy->setFilterText({});
    QCOMPARE(m_proxy->rowCount(), 3);

    m_proxy->sort(col(Column::MinStorage), Qt::DescendingOrder);
    QCOMPARE(m_proxy->index(0, col(Column::MinStorage)).data(TemplateTableModel::SortRole).toInt(), 10);
}

void TestTemplateTableModel::scalesTo100kRows()
{
    // The store may hold 100k templates: rows are built on the worker thread, and the model,
    // the sort and the filter must stay well inside a second each on the UI thread.
    m_tester.reset();  // the tester's checks are themselves O(rows)
    m_proxyTester.reset();
    const auto &catalog = ApplicationCatalog::builtin();
    QList<TemplateRow> rows;
    rows.reserve(100000);
    ImageTemplate t;
    t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("ubuntu"), QStringLiteral("22.04")};
    t.applications = {QStringLiteral("nginx"), QStringLiteral("nodejs")};
    t.updatedAt = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 100000; ++i) {
        t.id = QString::number(i);
        t.name = QStringLiteral("template-%1").arg((i * 7919) % 100000, 6, 10, QLatin1Char('0'));
        rows.append(TemplateRow::from(t, catalog));
    }
    QElapsedTimer timer;
    timer.start();
    m_model->setRows(std::move(rows));
    const auto loadMs = timer.restart();
    m_proxy->setFilterText(QStringLiteral("template-0999"));
    const auto filterMs = timer.restart();
    QCOMPARE(m_proxy->rowCount(), 100);
    m_proxy->setFilterText({});
    timer.restart();
    m_proxy->sort(col(Column::Name), Qt::DescendingOrder);
    const auto sortMs = timer.elapsed();
    QCOMPARE(m_proxy->index(0, 0).data().toString(), QStringLiteral("template-099999"));
    qInfo("100k rows: model+sorted proxy %lld ms, filter %lld ms, re-sort %lld ms", loadMs, filterMs, sortMs);
    QVERIFY2(loadMs < 3000 && filterMs < 1000 && sortMs < 3000, "too slow for 100k templates");
}

void TestTemplateTableModel::pagedLoadAndRefresh()
{
    // More than one page: the first screenful replaces, the rest is appended, under the
    // testers of both models.
    const int count = TemplateWorker::FirstPageRows + 60;
    QList<ImageTemplate> added;
    for (int i = 0; i < count; ++i)
        added.append(m_fixture->add(QStringLiteral("paged-%1").arg(i, 3, 10, QLatin1Char('0'))));
    auto *controller = m_fixture->controller.get();
    bool complete = false;
    int pages = 0;
    QObject::connect(controller, &TemplateController::loaded, m_model.get(), [&](quint64, const QList<TemplateRow> &rows, bool last) {
        ++pages;
        QCOMPARE(rows.size(), TemplateWorker::FirstPageRows);
        m_model->setRows(rows);
        complete = last;
    });
    QObject::connect(controller, &TemplateController::loadedMore, m_model.get(), [&](quint64, const QList<TemplateRow> &rows, bool last) {
        ++pages;
        m_model->appendRows(rows);
        complete = last;
    });
    controller->load();
    QTRY_VERIFY(complete);
    QCOMPARE(pages, 2);
    QCOMPARE(m_model->rowCount(), count);
    QCOMPARE(m_proxy->index(0, 0).data().toString(), QStringLiteral("paged-000"));

    // Saved elsewhere: one changed, one removed, one new; a refresh brings only those.
    auto changed = added.at(5);
    changed.description = QStringLiteral("edited elsewhere");
    QVERIFY(m_fixture->store->updateTemplate(changed));
    QVERIFY(m_fixture->store->deleteTemplate(added.at(7).id));
    const auto fresh = m_fixture->add(QStringLiteral("aaa-new"));
    QSignalSpy refreshed(controller, &TemplateController::refreshed);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    controller->refresh();
    QVERIFY(refreshed.wait(5000));
    const auto rows = refreshed.first().at(1).value<QList<TemplateRow>>();
    const auto removed = refreshed.first().at(2).toStringList();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(removed, QStringList{added.at(7).id});
    m_model->applyChanges(rows, removed);
    QCOMPARE(reset.count(), 0);  // in place: the view keeps its selection and scroll
    QCOMPARE(m_model->rowCount(), count);
    QCOMPARE(m_model->rowById(changed.id)->description, QStringLiteral("edited elsewhere"));
    QCOMPARE(m_model->rowOf(added.at(7).id), -1);
    QCOMPARE(m_proxy->index(0, 0).data(TemplateTableModel::IdRole).toString(), fresh.id);

    // Nothing changed since: an empty answer.
    refreshed.clear();
    controller->refresh();
    QVERIFY(refreshed.wait(5000));
    QVERIFY(refreshed.first().at(1).value<QList<TemplateRow>>().isEmpty());
    QVERIFY(refreshed.first().at(2).toStringList().isEmpty());
}

void TestTemplateTableModel::pagesInAnotherOrderMergeIntoPlace()
{
    // Pages come in name order; a table sorted by another column merges each into place,
    // keeping the selection (persistent indexes) on its row.
    const auto &catalog = ApplicationCatalog::builtin();
    const auto page = [&](int from, int count) {
        QList<TemplateRow> rows;
        ImageTemplate t;
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        for (int i = from; i < from + count; ++i) {
            t.id = QString::number(i);
            t.name = QStringLiteral("t-%1").arg(i, 4, 10, QLatin1Char('0'));
            t.minStorageGb = 10 + (i * 37) % 90;
            rows.append(TemplateRow::from(t, catalog));
        }
        return rows;
    };
    m_proxy->sort(col(Column::MinStorage), Qt::DescendingOrder);
    m_model->setRows(page(0, 100));
    const QPersistentModelIndex kept = m_model->index(m_model->rowOf(QStringLiteral("42")), 0);
    const auto ordered = [&] {
        for (int row = 1; row < m_model->rowCount(); ++row) {
            if (m_model->before(*m_model->rowAt(row), *m_model->rowAt(row - 1)))
                return false;
        }
        return true;
    };
    QVERIFY(ordered());
    m_model->appendRows(page(100, 300));
    QVERIFY(ordered());
    m_model->appendRows(page(400, 5));  // a few: inserted one by one
    QCOMPARE(m_model->rowCount(), 405);
    QCOMPARE(kept.data(TemplateTableModel::IdRole).toString(), QStringLiteral("42"));
    for (int row = 1; row < m_model->rowCount(); ++row)
        QVERIFY2(!m_model->before(*m_model->rowAt(row), *m_model->rowAt(row - 1)),
                 qPrintable(QStringLiteral("row %1: %2 (%3 GB) after %4 (%5 GB)")
                                .arg(row)
                                .arg(m_model->rowAt(row)->name)
                                .arg(m_model->rowAt(row)->minStorageGb)
                                .arg(m_model->rowAt(row - 1)->name)
                                .arg(m_model->rowAt(row - 1)->minStorageGb)));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->rowOf(m_model->rowAt(row)->id), row);
}

QTEST_MAIN(TestTemplateTableModel)
#include "tst_templatetablemodel.moc"
