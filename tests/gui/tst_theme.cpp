#include "BuildFixture.h"

#include "MainWindow.h"
#include "builds/BuildDetailsWindow.h"
#include "builds/BuildStateStyle.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "templates/TemplateDialog.h"
#include "util/Theme.h"
#include "widgets/FieldMessageLabel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTest>

using namespace ib;
using namespace ib::ui;

namespace {

// One text colour on one background, named for the failure message.
struct Pair
{
    QString what;
    QColor text;
    QColor background;
};

QString stateName(BuildState s)
{
    switch (s) {
    case BuildState::Queued:
        return QStringLiteral("queued");
    case BuildState::Running:
        return QStringLiteral("running");
    case BuildState::Succeeded:
        return QStringLiteral("succeeded");
    case BuildState::Failed:
        return QStringLiteral("failed");
    case BuildState::Cancelled:
        return QStringLiteral("cancelled");
    case BuildState::Interrupted:
        return QStringLiteral("interrupted");
    }
    return {};
}

QString toneName(Tone t)
{
    switch (t) {
    case Tone::Error:
        return QStringLiteral("error");
    case Tone::Warning:
        return QStringLiteral("warning");
    case Tone::Success:
        return QStringLiteral("success");
    }
    return {};
}

constexpr BuildState AllStates[] = {BuildState::Queued, BuildState::Running,   BuildState::Succeeded,
                                    BuildState::Failed, BuildState::Cancelled, BuildState::Interrupted};
constexpr Tone AllTones[] = {Tone::Error, Tone::Warning, Tone::Success};

// Every coloured text the app draws, on the background it is drawn on.
QList<Pair> colouredTexts(const QPalette &p)
{
    using R = QPalette::ColorRole;
    QList<Pair> pairs;
    // The template table's last build and Build Status (Base, AlternateBase), Build Details'
    // state line (Window); the chip's symbol is Base cut out of the state's colour.
    for (const auto s : AllStates) {
        const QColor c = BuildStateStyle::color(s, p);
        pairs << Pair{stateName(s) + QStringLiteral(" on Base"), c, p.color(R::Base)}
              << Pair{stateName(s) + QStringLiteral(" on AlternateBase"), c, p.color(R::AlternateBase)}
              << Pair{stateName(s) + QStringLiteral(" on Window"), c, p.color(R::Window)}
              << Pair{stateName(s) + QStringLiteral(" chip symbol"), p.color(R::Base), c};
    }
    // Field messages, counters over the limit, Settings' and the dialogs' error and success
    // lines (Window), sign-in results in the Clouds table (Base), and titles in a banner.
    for (const auto t : AllTones) {
        const QColor c = Theme::toneColor(t, p);
        pairs << Pair{toneName(t) + QStringLiteral(" text on Window"), c, p.color(R::Window)}
              << Pair{toneName(t) + QStringLiteral(" text on Base"), c, p.color(R::Base)}
              << Pair{toneName(t) + QStringLiteral(" text on AlternateBase"), c, p.color(R::AlternateBase)}
              << Pair{toneName(t) + QStringLiteral(" text on its banner"), c, Theme::bannerColor(t, p)}
              << Pair{QStringLiteral("text in the ") + toneName(t) + QStringLiteral(" banner"), p.color(R::WindowText),
                      Theme::bannerColor(t, p)};
    }
    // Hints, empty-state pages, the guide's "back" link, greyed steps to come (PlaceholderText);
    // the first-run guide's links and its step badges; the ordinary texts.
    pairs << Pair{QStringLiteral("hint on Window"), p.color(R::PlaceholderText), p.color(R::Window)}
          << Pair{QStringLiteral("hint on Base"), p.color(R::PlaceholderText), p.color(R::Base)}
          << Pair{QStringLiteral("link on Window"), p.color(R::Link), p.color(R::Window)}
          << Pair{QStringLiteral("guide badge, done"), Qt::white, QColor(0x2e, 0x7d, 0x32)}
          << Pair{QStringLiteral("guide badge, current"), p.color(R::HighlightedText), p.color(R::Highlight)}
          << Pair{QStringLiteral("guide badge, to do"), p.color(R::Text), p.color(R::Midlight)}
          << Pair{QStringLiteral("window text"), p.color(R::WindowText), p.color(R::Window)}
          << Pair{QStringLiteral("view text"), p.color(R::Text), p.color(R::Base)}
          << Pair{QStringLiteral("view text, alternate row"), p.color(R::Text), p.color(R::AlternateBase)}
          << Pair{QStringLiteral("button text"), p.color(R::ButtonText), p.color(R::Button)}
          << Pair{QStringLiteral("selected text"), p.color(R::HighlightedText), p.color(R::Highlight)}
          << Pair{QStringLiteral("tool tip"), p.color(R::ToolTipText), p.color(R::ToolTipBase)};
    return pairs;
}

QString describe(const QWidget *w)
{
    QString text;
    if (const auto *label = qobject_cast<const QLabel *>(w))
        text = label->text();
    else if (const auto *button = qobject_cast<const QAbstractButton *>(w))
        text = button->text();
    return QStringLiteral("%1 \"%2\" (%3)").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), text.left(40));
}

// Visible labels and buttons smaller than their text needs: a word-wrapped label must get
// the height its width calls for, anything else at least its minimumSizeHint.
QStringList clippedIn(QWidget *window)
{
    QStringList out;
    const auto widgets = window->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisible())
            continue;
        const bool checked =
            qobject_cast<QLabel *>(w) || qobject_cast<QPushButton *>(w) || qobject_cast<QCheckBox *>(w) || qobject_cast<QRadioButton *>(w);
        if (!checked)
            continue;
        const auto *label = qobject_cast<QLabel *>(w);
        if (label && label->text().isEmpty())
            continue;  // a chip's picture, or a message not shown
        if (label && label->wordWrap()) {
            const int needed = label->heightForWidth(label->width());
            if (needed > label->height())
                out << QStringLiteral("%1: %2x%3, needs height %4").arg(describe(w)).arg(w->width()).arg(w->height()).arg(needed);
            continue;
        }
        const QSize hint = w->minimumSizeHint();
        if (w->width() < hint.width() || w->height() < hint.height())
            out << QStringLiteral("%1: %2x%3, needs %4x%5")
                       .arg(describe(w))
                       .arg(w->width())
                       .arg(w->height())
                       .arg(hint.width())
                       .arg(hint.height());
    }
    return out;
}

}  // namespace

// Issue 18: a dark palette and a light one, every coloured text at 4.5:1 or better on its
// background in both, Settings > Appearance saved and applied at once; and the main
// windows and dialogs in Korean with nothing clipped (run again at QT_SCALE_FACTOR=2).
class TestTheme final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void colouredTextIsReadable_data();
    void colouredTextIsReadable();
    void fieldMessagesTakeTheNewPaletteAtOnce();
    void settingRoundTripsAndAppliesAtOnce();
    void toolbarIconsStandOutOnBothPalettes();

    void koreanMainWindowIsNotClipped();
    void koreanFirstRunGuideIsNotClipped();
    void koreanTemplateDialogIsNotClipped();
    void koreanBuildDetailsIsNotClipped();
    void koreanSettingsIsNotClipped();

    void cleanup();

private:
    void installKorean();
    std::unique_ptr<test::KoreanUi> m_korean;
};

void TestTheme::initTestCase()
{
    qInfo("QT_SCALE_FACTOR=%s, device pixel ratio %.1f", qgetenv("QT_SCALE_FACTOR").constData(), qApp->devicePixelRatio());
}

void TestTheme::colouredTextIsReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("dark") << Theme::darkPalette();
    QTest::newRow("light") << Theme::lightPalette();
    // What Light applies here (the platform's palette when it is light, its hints made readable).
    Theme::apply(Appearance::Light);
    QTest::newRow("applied light") << QApplication::palette();
    Theme::apply(Appearance::Dark);
    QTest::newRow("applied dark") << QApplication::palette();
    Theme::apply(Appearance::Light);
}

void TestTheme::colouredTextIsReadable()
{
    QFETCH(QPalette, palette);
    QStringList failures;
    Pair lowest{QString(), {}, {}};
    double lowestRatio = 21;
    for (const auto &pair : colouredTexts(palette)) {
        const double ratio = Theme::contrast(pair.text, pair.background);
        if (ratio < lowestRatio) {
            lowestRatio = ratio;
            lowest = pair;
        }
        if (ratio < Theme::MinimumContrast)
            failures
                << QStringLiteral("%1: %2 on %3 = %4:1").arg(pair.what, pair.text.name(), pair.background.name()).arg(ratio, 0, 'f', 2);
    }
    qInfo("lowest: %s, %s on %s = %.2f:1", qPrintable(lowest.what), qPrintable(lowest.text.name()), qPrintable(lowest.background.name()),
          lowestRatio);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestTheme::fieldMessagesTakeTheNewPaletteAtOnce()
{
    // A label coloured by tone (a field message) is recoloured by apply(), not left with
    // the colour derived from the previous palette.
    Theme::apply(Appearance::Light);
    FieldMessageLabel error;
    error.setMessages({RuleMessage{TemplateField::Name, Severity::Error, QStringLiteral("too long")}});
    FieldMessageLabel warning;
    warning.setMessages({RuleMessage{TemplateField::Name, Severity::Warning, QStringLiteral("unusual")}});
    for (const auto appearance : {Appearance::Dark, Appearance::Light, Appearance::Dark}) {
        Theme::apply(appearance);
        const QPalette app = QApplication::palette();
        QCOMPARE(error.palette().color(QPalette::WindowText), Theme::toneColor(Tone::Error, app));
        QCOMPARE(warning.palette().color(QPalette::WindowText), Theme::toneColor(Tone::Warning, app));
        QVERIFY(Theme::contrast(error.palette().color(QPalette::WindowText), error.palette().color(QPalette::Window)) >= 4.5);
        QVERIFY(Theme::contrast(warning.palette().color(QPalette::WindowText), warning.palette().color(QPalette::Window)) >= 4.5);
    }
    // Cleared: the palette's own text colour again.
    error.setMessages({});
    Theme::setTextTone(&error, std::nullopt);
    QCOMPARE(error.palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::WindowText));
    Theme::apply(Appearance::Light);
}

void TestTheme::settingRoundTripsAndAppliesAtOnce()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    QCOMPARE(settings.value(AppSettings::Key::UiAppearance).toString(), QStringLiteral("system"));
    QCOMPARE(Theme::fromSetting(QStringLiteral("nonsense")), Appearance::System);
    Theme::apply(Appearance::Light);
    QLabel other(QStringLiteral("another window"));
    other.show();

    const auto choose = [&](const QString &value) {
        SettingsDialog dialog(settings);
        dialog.show();
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("appearance"));
        QVERIFY(combo);
        combo->setCurrentIndex(combo->findData(value));
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    };

    choose(QStringLiteral("dark"));
    QCOMPARE(AppSettings(settings.fileName()).value(AppSettings::Key::UiAppearance).toString(), QStringLiteral("dark"));
    // At once, without a restart: the application's palette and the open windows'.
    QCOMPARE(Theme::appearance(), Appearance::Dark);
    QVERIFY(Theme::isDark());
    QVERIFY(Theme::isDark(QApplication::palette()));
    QCOMPARE(other.palette().color(QPalette::Window), Theme::darkPalette().color(QPalette::Window));
    {
        SettingsDialog reopened(settings);
        QCOMPARE(reopened.findChild<QComboBox *>(QStringLiteral("appearance"))->currentData().toString(), QStringLiteral("dark"));
    }

    choose(QStringLiteral("light"));
    QCOMPARE(settings.value(AppSettings::Key::UiAppearance).toString(), QStringLiteral("light"));
    QVERIFY(!Theme::isDark(QApplication::palette()));
    QVERIFY(!Theme::isDark(other.palette()));

    // Follow the system: stored as the default (not set), and the system's choice applies.
    choose(QStringLiteral("system"));
    QCOMPARE(settings.value(AppSettings::Key::UiAppearance).toString(), QStringLiteral("system"));
    QCOMPARE(Theme::appearance(), Appearance::System);
    QCOMPARE(Theme::isDark(), Theme::systemPrefersDark());
    QCOMPARE(Theme::isDark(QApplication::palette()), Theme::systemPrefersDark());
    Theme::apply(Appearance::Light);
}

// WCAG 2.1's 1.4.11 (non-text contrast): a graphic that carries meaning needs 3:1 against
// what is beside it. Measured on the icons Image Builder falls back on (no platform icon
// theme, as on Windows and macOS): each must have some pixels at 3:1 against the toolbar.
// Qt's own play triangle was 1.30:1 on the dark palette, its blank page 1.63:1 on the light.
void TestTheme::toolbarIconsStandOutOnBothPalettes()
{
    const QString theme = QIcon::themeName();
    QIcon::setThemeName(QStringLiteral("ib-no-such-theme"));
    test::GuiFixture fixture;
    fixture.add(QStringLiteral("web"), QStringLiteral("debian:12"), {}, QString());
    QStringList failures;
    for (const auto appearance : {Appearance::Light, Appearance::Dark}) {
        Theme::apply(appearance);
        MainWindow window(*fixture.controller);
        window.show();
        window.reload();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *toolbar = window.findChild<QToolBar *>();
        QVERIFY(toolbar);
        const QColor background = toolbar->palette().color(QPalette::Window);
        int measured = 0;
        for (QAction *action : toolbar->actions()) {
            if (action->icon().isNull())
                continue;
            ++measured;
            const QImage image = action->icon().pixmap(QSize(24, 24), QIcon::Normal).toImage().convertToFormat(QImage::Format_ARGB32);
            double best = 1.0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor pixel = image.pixelColor(x, y);
                    if (pixel.alpha() < 200)
                        continue;
                    best = std::max(best, Theme::contrast(pixel, background));
                }
            }
            if (best < 3.0) {
                failures << QStringLiteral("%1 on %2: %3:1")
                                .arg(action->text(), appearance == Appearance::Dark ? QStringLiteral("dark") : QStringLiteral("light"))
                                .arg(best, 0, 'f', 2);
            }
        }
        QVERIFY(measured >= 5);
    }
    QIcon::setThemeName(theme);
    Theme::apply(Appearance::Light);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestTheme::installKorean()
{
    m_korean = std::make_unique<test::KoreanUi>();
}

void TestTheme::cleanup()
{
    m_korean.reset();
}

void TestTheme::koreanMainWindowIsNotClipped()
{
    installKorean();
    test::GuiFixture fixture;
    fixture.add(QStringLiteral("웹 서버"), QStringLiteral("debian:12"), {}, QStringLiteral("nginx와 인증서"));
    MainWindow window(*fixture.controller);
    window.show();
    window.reload();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("countLabel"))->text().contains(QChar(0xAC1C)));  // 개
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("templateTabs"));
    QVERIFY(tabs);
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QTest::qWait(20);
        const auto clipped = clippedIn(&window);
        QVERIFY2(clipped.isEmpty(), qPrintable(tabs->tabText(i) + QStringLiteral(":\n") + clipped.join(QLatin1Char('\n'))));
    }
}

void TestTheme::koreanFirstRunGuideIsNotClipped()
{
    // An empty store: the window opens on the first-run guide.
    installKorean();
    test::GuiFixture fixture;
    MainWindow window(*fixture.controller);
    window.show();
    window.reload();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(100);
    const auto clipped = clippedIn(&window);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QLatin1Char('\n'))));
}

void TestTheme::koreanTemplateDialogIsNotClipped()
{
    installKorean();
    test::GuiFixture fixture;
    TemplateDialog dialog(*fixture.controller);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::qWait(50);
    const auto clipped = clippedIn(&dialog);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QLatin1Char('\n'))));
}

void TestTheme::koreanBuildDetailsIsNotClipped()
{
    // A failed build: the cause banner, its title and the steps show.
    installKorean();
    test::BuildFixture f;
    const auto t = f.gui.add(QStringLiteral("웹 서버"));
    const auto base = f.addBase(QStringLiteral("debian-12"), QStringLiteral("debian:12"), QStringLiteral("debian"));
    QSignalSpy finished(f.service.get(), &BuildService::buildFinished);
    auto started = f.service->start(t.id, QStringLiteral("web image"), base.id);
    QVERIFY(started.ok());
    BuildDetailsWindow window(f.service.get(), *f.gui.store, started->id);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QTRY_VERIFY(window.failureShown());
    QTest::qWait(50);
    const auto clipped = clippedIn(&window);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QLatin1Char('\n'))));
}

void TestTheme::koreanSettingsIsNotClipped()
{
    installKorean();
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    SettingsDialog dialog(settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    for (int i = 0; i < dialog.tabs()->count(); ++i) {
        dialog.tabs()->setCurrentIndex(i);
        QTest::qWait(20);
        const auto clipped = clippedIn(&dialog);
        QVERIFY2(clipped.isEmpty(), qPrintable(dialog.tabs()->tabText(i) + QStringLiteral(":\n") + clipped.join(QLatin1Char('\n'))));
    }
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
