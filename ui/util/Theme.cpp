#include "util/Theme.h"

#include <QApplication>
#include <QEvent>
#include <QPainter>
#include <QPointer>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOption>
#include <QWidget>

#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

#include <cmath>
#include <memory>

namespace ib::ui {

namespace {

const char *const TextToneProperty = "ibTextTone";
const char *const BannerToneProperty = "ibBannerTone";

// What the app looked like before the first apply(): the platform's style and palette.
struct State
{
    bool captured = false;
    QString platformStyle;
    QString installedStyle;  // the style apply() set last: a name QStyleFactory knows, or DarkFusion
    QPalette platformPalette;
    Appearance appearance = Appearance::System;
    bool dark = false;
    // The freedesktop portal's org.freedesktop.appearance color-scheme: 0 no preference
    // (or not known yet), 1 prefers dark, 2 prefers light.
    uint portalScheme = 0;
};

State &state()
{
    static State s;
    return s;
}

void capturePlatform()
{
    auto &s = state();
    if (s.captured)
        return;
    s.captured = true;
    s.platformStyle = QApplication::style()->name();
    s.installedStyle = s.platformStyle;
    s.platformPalette = QApplication::palette();
}

const QString DarkFusion = QStringLiteral("fusion-dark");

#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
// PortalColorScheme's service, and the setting it reads.
const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kPortalInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kAppearanceNamespace = QStringLiteral("org.freedesktop.appearance");
const QString kColorSchemeKey = QStringLiteral("color-scheme");
#endif

// Fusion outlines check boxes and radio buttons in the window colour made darker, which on
// a dark palette is about the colour of the field they sit on: the boxes in the template
// dialog's list of applications could not be seen. Outlined here in the hint colour.
class DarkFusionStyle final : public QProxyStyle
{
public:
    DarkFusionStyle()
        : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion")))
    {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter, const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        const bool box = element == PE_IndicatorCheckBox || element == PE_IndicatorItemViewItemCheck;
        if (!box && element != PE_IndicatorRadioButton)
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setBrush(Qt::NoBrush);
        const bool enabled = option->state & State_Enabled;
        painter->setPen(option->palette.color(enabled ? QPalette::Active : QPalette::Disabled, QPalette::PlaceholderText));
        const QRectF r = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        if (box)
            painter->drawRoundedRect(r, 1.5, 1.5);
        else
            painter->drawEllipse(r);
        painter->restore();
    }
};

double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

QColor hue(Tone tone)
{
    switch (tone) {
    case Tone::Error:
        return {0xc6, 0x28, 0x28};
    case Tone::Warning:
        return {0xb2, 0x6a, 0x00};
    case Tone::Success:
        return {0x2e, 0x7d, 0x32};
    }
    return {};
}

QColor mix(const QColor &a, const QColor &b, double share)  // share of b
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - share) + b.redF() * share),
                            static_cast<float>(a.greenF() * (1 - share) + b.greenF() * share),
                            static_cast<float>(a.blueF() * (1 - share) + b.blueF() * share));
}

// Hints and greyed-out steps use PlaceholderText. Qt's default is the text colour at half
// opacity, about 4:1 on Fusion's light window: brought to 4.5:1 on Window and Base. Fusion's
// light selection blue (#308cc6) under white text is 3.7:1: darkened to 4.5:1 (selected
// rows, the first-run guide's current step).
QPalette withReadableRoles(QPalette palette)
{
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        const QColor selectedText = palette.color(group, QPalette::HighlightedText);
        if (!Theme::isDark(palette) && Theme::luminance(selectedText) > 0.5)
            palette.setColor(
                group, QPalette::Highlight,
                Theme::readable(palette.color(group, QPalette::Highlight), {selectedText}, palette.color(group, QPalette::Highlight)));
        const QColor text = palette.color(group, QPalette::Text);
        const QColor window = palette.color(group, QPalette::Window);
        QColor placeholder = palette.color(group, QPalette::PlaceholderText);
        // Drawn over the background: its opaque look is the blend of the two.
        placeholder = mix(window, QColor(placeholder.red(), placeholder.green(), placeholder.blue()), placeholder.alphaF());
        palette.setColor(group, QPalette::PlaceholderText,
                         Theme::readable(placeholder, {window, palette.color(group, QPalette::Base)}, text));
    }
    return palette;
}

void restyle(QWidget *widget)
{
    const QVariant text = widget->property(TextToneProperty);
    if (text.isValid())
        Theme::setTextTone(widget, text.toInt() < 0 ? std::nullopt : std::optional<Tone>(static_cast<Tone>(text.toInt())));
    const QVariant banner = widget->property(BannerToneProperty);
    if (banner.isValid())
        Theme::setBannerTone(widget, static_cast<Tone>(banner.toInt()));
}

}  // namespace

// Follows the freedesktop portal's colour scheme (GNOME 42+, KDE Plasma 5.24+ and others
// that ship xdg-desktop-portal) without blocking: the value is read with an asynchronous
// call, and read again when the portal says it changed. Until a reply comes (or when there
// is no session bus or no portal), the other clues in systemPrefersDark() decide.
class PortalColorScheme final : public QObject
{
    Q_OBJECT

public:
    explicit PortalColorScheme(QObject *parent)
        : QObject(parent)
    {
#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
        auto bus = QDBusConnection::sessionBus();
        if (!bus.isConnected())
            return;
        bus.connect(kPortalService, kPortalPath, kPortalInterface, QStringLiteral("SettingChanged"),
                    {kAppearanceNamespace, kColorSchemeKey}, QString(), this, SLOT(read()));
        read();
#endif
    }

public slots:
    void read()
    {
#if QT_CONFIG(dbus) && defined(Q_OS_LINUX)
        auto call = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kPortalInterface, QStringLiteral("Read"));
        call << kAppearanceNamespace << kColorSchemeKey;
        auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, 2000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [](QDBusPendingCallWatcher *w) {
            w->deleteLater();
            const QDBusPendingReply<QDBusVariant> reply = *w;
            if (reply.isError())
                return;  // no portal, or one without the setting: the other clues decide
            // Read answers a variant in a variant (ReadOne, version 2, one level less).
            QVariant value = reply.value().variant();
            while (value.canConvert<QDBusVariant>())
                value = value.value<QDBusVariant>().variant();
            auto &s = state();
            const uint scheme = value.toUInt();
            if (scheme == s.portalScheme)
                return;
            s.portalScheme = scheme;
            if (s.appearance == Appearance::System)
                Theme::apply(Appearance::System);
        });
#endif
    }
};

Appearance Theme::fromSetting(const QString &value)
{
    if (value == QLatin1String("light"))
        return Appearance::Light;
    if (value == QLatin1String("dark"))
        return Appearance::Dark;
    return Appearance::System;
}

QString Theme::toSetting(Appearance appearance)
{
    switch (appearance) {
    case Appearance::Light:
        return QStringLiteral("light");
    case Appearance::Dark:
        return QStringLiteral("dark");
    case Appearance::System:
        break;
    }
    return QStringLiteral("system");
}

Appearance Theme::appearance()
{
    return state().appearance;
}

bool Theme::isDark()
{
    return state().dark;
}

bool Theme::isDark(const QPalette &palette)
{
    return luminance(palette.color(QPalette::Window)) < 0.18;
}

// What each platform gives Qt 6.4, and so what "Follow the system" can go by:
// - macOS: the cocoa platform hands Qt the dark palette of dark mode itself, and switches it
//   when the user does; the platform's palette is then dark and is kept, with the macOS style.
// - Windows 10/11: Qt 6.4 hands over a dark palette only when started with
//   `-platform windows:darkmode=2` (darkmode=1 darkens the title bar only); the platform's
//   palette is then dark and kept. Otherwise Windows is taken as light.
// - Linux: Qt 6.4 reads no colour scheme. KDE's platform theme (plasma-integration) hands over
//   the colour scheme's palette, so a dark Plasma shows as a dark platform palette. GNOME and
//   others: the portal's color-scheme (read asynchronously, PortalColorScheme), else
//   GTK_THEME ending in ":dark", the usual way to ask GTK apps for the dark variant; that it
//   speaks for the whole desktop is a guess.
bool Theme::systemPrefersDark()
{
    capturePlatform();
    const auto &s = state();
    if (isDark(s.platformPalette))
        return true;
    if (s.portalScheme == 1)
        return true;
    if (s.portalScheme == 2)
        return false;
    return qEnvironmentVariable("GTK_THEME").endsWith(QLatin1String(":dark"), Qt::CaseInsensitive);
}

QPalette Theme::lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return withReadableRoles(fusion ? fusion->standardPalette() : QPalette());
}

QPalette Theme::darkPalette()
{
    // Grey rather than black, as GNOME's Adwaita dark and KDE's Breeze Dark are: the view
    // (Base) a step darker than the window, so tables and fields stand out.
    const QColor window(0x32, 0x32, 0x32);
    const QColor base(0x24, 0x24, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2c, 0x2c, 0x2c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    // Fusion draws bevels and frames from these.
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x28, 0x28, 0x28));
    p.setColor(QPalette::Dark, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Shadow, QColor(0x14, 0x14, 0x14));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xbf));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, readable(QColor(0x4a, 0x9e, 0xff), {window, base}, text));
    p.setColor(QPalette::LinkVisited, readable(QColor(0xb0, 0x8c, 0xf0), {window, base}, text));
    p.setColor(QPalette::ToolTipBase, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
    p.setColor(QPalette::Disabled, QPalette::PlaceholderText, QColor(0x6a, 0x6a, 0x6a));
    return withReadableRoles(p);
}

void Theme::apply(Appearance appearance)
{
    capturePlatform();
    static QPointer<PortalColorScheme> portal;
    if (!portal && qApp)
        portal = new PortalColorScheme(qApp);

    auto &s = state();
    s.appearance = appearance;
    const bool dark = appearance == Appearance::Dark || (appearance == Appearance::System && systemPrefersDark());
    // The platform's own look where it is already the one asked for (macOS in either mode,
    // a light Linux or Windows desktop); Fusion with a palette of ours where it is not.
    QString styleName = s.platformStyle;
    QPalette palette = withReadableRoles(s.platformPalette);
    if (dark != isDark(s.platformPalette)) {
        styleName = dark ? DarkFusion : QStringLiteral("Fusion");
        palette = dark ? darkPalette() : lightPalette();
    }
    if (styleName != s.installedStyle) {
        QStyle *style = styleName == DarkFusion ? new DarkFusionStyle : QStyleFactory::create(styleName);
        if (style) {
            QApplication::setStyle(style);
            s.installedStyle = styleName;
        }
    }
    QApplication::setPalette(palette);
    // Qt tells child widgets of the new palette but leaves top-level windows to their
    // QWindow; seen not to reach them on the offscreen platform, so told here, and each
    // passes it on to its children (a second telling changes nothing).
    const auto windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows) {
        QEvent changed(QEvent::ApplicationPaletteChange);
        QCoreApplication::sendEvent(window, &changed);
    }
    s.dark = dark;
    // Colours set on widgets (tones) were derived from the old palette: derived again.
    // Style sheets that name palette colours ("palette(link)", the first-run guide) are read
    // again: they keep the colours of the palette they were first read with.
    const auto widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets) {
        restyle(widget);
        if (const QString sheet = widget->styleSheet(); sheet.contains(QLatin1String("palette(")))
            widget->setStyleSheet(sheet);  // the same text: read again, with the new palette
    }
}

double Theme::luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double Theme::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor Theme::readable(const QColor &hue, const QList<QColor> &backgrounds, const QColor &fallback)
{
    if (backgrounds.isEmpty())
        return hue;
    const auto worst = [&backgrounds](const QColor &c) {
        double w = 21;
        for (const auto &b : backgrounds)
            w = std::min(w, contrast(c, b));
        return w;
    };
    // Towards black on a light background, towards white on a dark one, keeping the hue.
    const bool darkBackground = luminance(backgrounds.constFirst()) < 0.18;
    QColor c = hue;
    c.setAlpha(255);
    for (int step = 0; step < 40 && worst(c) < MinimumContrast; ++step)
        c = darkBackground ? c.lighter(108) : c.darker(108);
    return worst(c) < MinimumContrast ? fallback : c;
}

QColor Theme::bannerColor(Tone tone, const QPalette &palette)
{
    const QColor window = palette.color(QPalette::Window);
    if (!isDark(palette)) {
        // The pale tints the banners have always had on light palettes.
        switch (tone) {
        case Tone::Error:
            return {0xfd, 0xec, 0xea};
        case Tone::Warning:
            return {0xff, 0xf4, 0xd6};
        case Tone::Success:
            return {0xe8, 0xf5, 0xe9};
        }
    }
    return mix(window, hue(tone), 0.22);
}

QColor Theme::toneColor(Tone tone, const QPalette &palette)
{
    return readable(hue(tone),
                    {palette.color(QPalette::Window), palette.color(QPalette::Base), palette.color(QPalette::AlternateBase),
                     bannerColor(tone, palette)},
                    palette.color(QPalette::WindowText));
}

void Theme::setTextTone(QWidget *widget, std::optional<Tone> tone)
{
    widget->setProperty(TextToneProperty, tone ? static_cast<int>(*tone) : -1);
    if (!tone) {
        // An empty palette: every colour from the parent and the application again.
        widget->setPalette(QPalette());
        return;
    }
    const QColor color = toneColor(*tone, QApplication::palette());
    QPalette p;
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::WindowText, color);
        p.setColor(group, QPalette::Text, color);
    }
    widget->setPalette(p);
}

void Theme::setBannerTone(QWidget *frame, Tone tone)
{
    frame->setProperty(BannerToneProperty, static_cast<int>(tone));
    const QPalette palette = QApplication::palette();
    frame->setStyleSheet(QStringLiteral("#%1 { border: 1px solid %2; border-radius: 4px; background: %3; }")
                             .arg(frame->objectName(), toneColor(tone, palette).name(), bannerColor(tone, palette).name()));
}

}  // namespace ib::ui

#include "Theme.moc"
