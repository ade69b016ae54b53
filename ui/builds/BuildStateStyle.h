#pragma once

#include "model/BuildTypes.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

#include <optional>

namespace ib::ui {

// One visual language for build states, everywhere a state is shown (the template table's
// last build, Build Status, Build Details): a coloured chip with a symbol, next to the
// state's words, so it reads without colour too. Colours are derived from the palette in
// use: each is darkened (light themes) or lightened (dark themes) until its contrast with
// the view's background, alternate background and the window is at least 4.5:1 (WCAG AA
// for text).
class BuildStateStyle final
{
public:
    BuildStateStyle() = delete;

    static constexpr double MinimumContrast = 4.5;  // as Theme::MinimumContrast

    // The state's colour for text and its chip, readable on `palette`'s Base, AlternateBase and Window.
    static QColor color(BuildState state, const QPalette &palette);
    // A 16 px chip: a disc in color() with the state's symbol (✓ ✕ ▶ …) cut out of it.
    static QIcon icon(BuildState state, const QPalette &palette);
    // The symbol drawn on the chip, for places that show text only.
    static QString symbol(BuildState state);
    // WCAG 2 contrast ratio of two colours (1 to 21).
    static double contrast(const QColor &a, const QColor &b);
    // The state whose BuildTexts::state() is `text`, if any.
    static std::optional<BuildState> fromText(const QString &text);
};

}  // namespace ib::ui
