#pragma once

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

#include <optional>

class QWidget;

namespace ib::ui {

// Settings > Appearance. Stored as "system", "light" or "dark" under "ui/appearance".
enum class Appearance { System, Light, Dark };

// What a coloured text means; its colour comes from the palette in use (Theme::toneColor).
enum class Tone { Error, Warning, Success };

// Light and dark palettes, and the colours of text that carries a meaning, derived from the
// palette in use so that they stay readable (contrast of at least 4.5:1, WCAG AA) on both.
// Qt 6.4 has no colour-scheme API (QStyleHints::colorScheme came with 6.5), so the choice
// is made here: Dark is Fusion with a dark palette, Light the platform's own look when it is
// light (else Fusion's standard palette), and Follow the system picks one of the two from
// what the desktop says (systemPrefersDark()).
class Theme final
{
public:
    Theme() = delete;

    static constexpr double MinimumContrast = 4.5;

    static Appearance fromSetting(const QString &value);  // unknown values: System
    static QString toSetting(Appearance appearance);

    // Sets the application's style and palette, and recolours every widget given a tone
    // (setTextTone, setBannerTone), so a change shows at once in every open window.
    static void apply(Appearance appearance);
    static Appearance appearance();  // the last one applied
    static bool isDark();            // whether the palette applied last is a dark one

    // What the desktop prefers, from what can be read without blocking; see Theme.cpp.
    static bool systemPrefersDark();

    static QPalette lightPalette();
    static QPalette darkPalette();
    static bool isDark(const QPalette &palette);

    // WCAG 2 relative luminance (0 to 1) and contrast ratio of two colours (1 to 21).
    static double luminance(const QColor &color);
    static double contrast(const QColor &a, const QColor &b);
    // `hue` darkened (on light backgrounds) or lightened (on dark ones) until its contrast with
    // every one of `backgrounds` is at least MinimumContrast; `fallback` when it cannot get there.
    static QColor readable(const QColor &hue, const QList<QColor> &backgrounds, const QColor &fallback);

    // The tone's colour for text on the palette's Window, Base and AlternateBase, and on
    // the tone's own banner.
    static QColor toneColor(Tone tone, const QPalette &palette);
    // A banner's background: a tint of the tone, pale on light palettes and deep on dark
    // ones; its text is the palette's WindowText.
    static QColor bannerColor(Tone tone, const QPalette &palette);

    // Colours the widget's text in the tone (none: the palette's own text colour again),
    // now and whenever apply() changes the palette.
    static void setTextTone(QWidget *widget, std::optional<Tone> tone);
    // A frame (with an object name) drawn as a banner of the tone: tinted background and a
    // border in the tone's colour, kept in step with apply() like setTextTone.
    static void setBannerTone(QWidget *frame, Tone tone);
};

}  // namespace ib::ui
