#pragma once

#include "util/Theme.h"

#include <QIcon>

#include <optional>

namespace ib::ui {

// Drawn icons whose colour follows the palette in use (a Theme tone), so they stay visible
// when Settings > Appearance changes at run time. For actions whose fallback from Qt's style
// is a glyph that all but vanishes on one of the palettes (the Build Image triangle on the
// dark one, the blank page of Create on the light one). No tone: the palette's text colour.
enum class Glyph { Play, Plus };

QIcon glyphIcon(Glyph glyph, std::optional<Tone> tone = std::nullopt);

}  // namespace ib::ui
