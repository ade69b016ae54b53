#include "BuildFixture.h"

#include "MainWindow.h"
#include "builds/BuildImageDialog.h"
#include "providers/local/Accelerator.h"
#include "templates/TemplateDialog.h"
#include "widgets/FieldMessageLabel.h"

#include <QAction>
#include <QFile>
#include <QLineEdit>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace ib;
using namespace ib::ui;

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type;              // "unfinished", "vanished", "obsolete" or empty (finished)
    QStringList translations;  // one per numerus form, else one
    QString key() const { return context + QChar(0x1f) + source + QChar(0x1f) + comment; }
};

QList<Message> readTs(const QString &path)
{
    QList<Message> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QXmlStreamReader xml(&file);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            if (xml.isEndElement() && xml.name() == QLatin1String("message"))
                out.append(m);
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = Message{context, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), {}, {}};
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            m.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus)
                m.translations.append(xml.readElementText());
        } else if (name == QLatin1String("numerusform")) {
            m.translations.append(xml.readElementText());
        }
    }
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return out;
}

// The placeholders a translation must keep: %1..%99 and %n.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d{1,2}|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(0));
    found.sort();
    found.removeDuplicates();
    return found;
}

bool hasAccelerator(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("(^|[^&])&[^&\\s]"));
    return re.match(text).hasMatch();
}

bool hasHangul(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() >= 0xAC00 && c.unicode() <= 0xD7A3; });
}

using test::requiredEnvironment;

}  // namespace

// The Korean catalog is complete and current, and the windows a user opens first speak Korean.
class TestTranslations final : public QObject
{
    Q_OBJECT

private slots:
    void catalogIsCurrentWithTheSources();
    void everyMessageIsTranslated();
    void compiledCatalogMatchesTheTs();

    void mainWindowIsKorean();
    void templateNameRuleIsKorean();
    void buildImageDialogIsKorean();
    void acceleratorReasonIsKoreanOnlyOnScreen();

    void cleanup();

private:
    void installKorean();
    std::unique_ptr<test::KoreanUi> m_korean;
};

void TestTranslations::catalogIsCurrentWithTheSources()
{
    // lupdate over the app's sources (ui, core, the GUI's main) into a copy of the catalog:
    // a string added, changed or removed since the last update shows as a difference.
    const QString ts = requiredEnvironment("IB_KO_TS");
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("imagebuilder_ko.ts"));
    QVERIFY(QFile::copy(ts, copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(requiredEnvironment("IB_LUPDATE"),
                  {QLatin1Char('@') + requiredEnvironment("IB_TRANSLATION_SOURCES"), QStringLiteral("-no-obsolete"),
                   QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-ts"), copy});
    QVERIFY2(lupdate.waitForFinished(120000), qPrintable(lupdate.errorString()));
    const QString output = QString::fromUtf8(lupdate.readAll());
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0, qPrintable(output));

    QSet<QString> before;
    for (const auto &m : readTs(ts))
        before.insert(m.key());
    QSet<QString> after;
    for (const auto &m : readTs(copy))
        after.insert(m.key());
    QStringList problems;
    for (const auto &k : after - before)
        problems.append(QStringLiteral("not in the catalog: ") + QString(k).replace(QChar(0x1f), QLatin1String(" | ")));
    for (const auto &k : before - after)
        problems.append(QStringLiteral("no longer in the sources: ") + QString(k).replace(QChar(0x1f), QLatin1String(" | ")));
    problems.sort();
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 difference(s); run `ninja update_translations` and translate:\n").arg(problems.size()) +
                        problems.mid(0, 20).join(QLatin1Char('\n'))));
    QVERIFY(after.size() > 400);  // the catalog covers the app, not a handful of strings
}

void TestTranslations::everyMessageIsTranslated()
{
    const auto messages = readTs(requiredEnvironment("IB_KO_TS"));
    QStringList problems;
    for (const auto &m : messages) {
        const QString where = m.context + QStringLiteral(" | ") + m.source;
        if (!m.type.isEmpty()) {
            problems.append(m.type + QStringLiteral(": ") + where);
            continue;
        }
        if (m.translations.isEmpty() ||
            std::any_of(m.translations.cbegin(), m.translations.cend(), [](const QString &t) { return t.isEmpty(); })) {
            problems.append(QStringLiteral("empty: ") + where);
            continue;
        }
        for (const auto &t : m.translations) {
            if (placeholders(t) != placeholders(m.source))
                problems.append(QStringLiteral("placeholders %1 instead of %2: %3 => %4")
                                    .arg(placeholders(t).join(QLatin1Char(',')), placeholders(m.source).join(QLatin1Char(',')), where, t));
            if (hasAccelerator(m.source) && !hasAccelerator(t))
                problems.append(QStringLiteral("accelerator lost: ") + where + QStringLiteral(" => ") + t);
            if (m.source.contains(QLatin1String("<a href")) != t.contains(QLatin1String("<a href")))
                problems.append(QStringLiteral("link lost: ") + where);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 of %2 messages:\n").arg(problems.size()).arg(messages.size()) +
                                            problems.mid(0, 20).join(QLatin1Char('\n'))));
}

void TestTranslations::compiledCatalogMatchesTheTs()
{
    // The .qm compiled into the app holds every translation of the .ts as it is now.
    QTranslator translator;
    QVERIFY2(translator.load(requiredEnvironment("IB_KO_QM")), "the compiled Korean catalog does not load");
    QCOMPARE(translator.language(), QStringLiteral("ko_KR"));
    int checked = 0;
    for (const auto &m : readTs(requiredEnvironment("IB_KO_TS"))) {
        const QByteArray context = m.context.toUtf8();
        const QByteArray source = m.source.toUtf8();
        const QByteArray comment = m.comment.toUtf8();
        const QString got = translator.translate(context.constData(), source.constData(),
                                                 m.comment.isEmpty() ? nullptr : comment.constData(), m.numerus ? 1 : -1);
        QVERIFY2(!m.translations.isEmpty() && got == m.translations.constFirst(),
                 qPrintable(QStringLiteral("%1 | %2 => \"%3\"").arg(m.context, m.source, got)));
        ++checked;
    }
    QVERIFY(checked > 400);
}

void TestTranslations::installKorean()
{
    m_korean = std::make_unique<test::KoreanUi>();
}

void TestTranslations::cleanup()
{
    m_korean.reset();
}

void TestTranslations::mainWindowIsKorean()
{
    installKorean();
    test::GuiFixture fixture;
    fixture.add(QStringLiteral("web"));
    MainWindow window(*fixture.controller);
    window.show();
    window.reload();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("createAction"))->text(), QStringLiteral("이미지 템플릿 생성"));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("buildAction"))->text(), QStringLiteral("이미지 빌드"));
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("templateTabs"));
    QVERIFY(tabs);
    QStringList english;
    for (int i = 0; i < tabs->count(); ++i) {
        if (!hasHangul(tabs->tabText(i)))
            english.append(tabs->tabText(i));
    }
    QVERIFY2(english.isEmpty(), qPrintable(english.join(QStringLiteral(", "))));
    QTRY_VERIFY2(hasHangul(window.findChild<QLabel *>(QStringLiteral("countLabel"))->text()),
                 qPrintable(window.findChild<QLabel *>(QStringLiteral("countLabel"))->text()));
}

void TestTranslations::templateNameRuleIsKorean()
{
    // The rule lives in core; its message next to the name field is in the user's language.
    installKorean();
    test::GuiFixture fixture;
    TemplateDialog dialog(*fixture.controller);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("이미지 템플릿 생성"));
    test::typeText(dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit")), QString(86, QChar(0xD55C)));  // 한 × 86 = 258 bytes
    auto *message = dialog.findChild<FieldMessageLabel *>(QStringLiteral("nameMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("이름이 255바이트 중 258바이트를 사용합니다. 3바이트만큼 줄이세요")),
             qPrintable(message->text()));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
}

// Issue 18: core's sentences showed in English in the Korean UI (Settings > Local VMs). The
// accelerator's reason is now said twice: Korean on screen, English in the build log, which
// a team store shares with everyone.
void TestTranslations::acceleratorReasonIsKoreanOnlyOnScreen()
{
    installKorean();
    using namespace ib::local;
    const auto accelerator = Accelerator::decideLinux(AcceleratorPreference::Automatic, false, QStringLiteral("No such file or directory"),
                                                      QString(), {QStringLiteral("kvm"), QStringLiteral("tcg")});
    QCOMPARE(accelerator.reason(),
             QStringLiteral("Using TCG (software emulation, slow) because /dev/kvm cannot be opened (No such file or directory)."));
    QCOMPARE(accelerator.shownReason(),
             QStringLiteral("TCG(소프트웨어 에뮬레이션, 느림)를 사용합니다. 이유: /dev/kvm을 열 수 없음(No such file or directory)."));
    const auto forced = Accelerator::decideLinux(AcceleratorPreference::Hardware, false, QString(), QString(), {QStringLiteral("tcg")});
    QVERIFY2(forced.shownReason().contains(QStringLiteral("이 QEMU는 KVM 없이 빌드됨")), qPrintable(forced.shownReason()));
    QVERIFY(forced.reason().contains(QStringLiteral("this QEMU was built without KVM")));
}

void TestTranslations::buildImageDialogIsKorean()
{
    installKorean();
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("웹 서버"));
    f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    BuildImageDialog dialog(*f.service, *f.gui.store, ApplicationCatalog::builtin(), t);
    dialog.show();
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY2(dialog.windowTitle().startsWith(QStringLiteral("이미지 빌드")), qPrintable(dialog.windowTitle()));
    QVERIFY2(hasHangul(dialog.startButton()->text()), qPrintable(dialog.startButton()->text()));
    // The example name is one the rule accepts, not "웹-image".
    QCOMPARE(dialog.imageNameEdit()->placeholderText(), QStringLiteral("예: my-image"));
    test::typeText(dialog.imageNameEdit(), QStringLiteral("웹"));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY2(dialog.nameMessage().contains(QStringLiteral("1번째 문자(“웹”)는 사용할 수 없습니다")), qPrintable(dialog.nameMessage()));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
