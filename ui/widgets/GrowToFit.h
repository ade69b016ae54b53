#pragma once

class QWidget;

namespace ib::ui {

// Grows the window of `inside` to the height its content needs at its width, once the
// labels just changed are laid out (the next turn of the event loop); it never shrinks it.
// A layout with word-wrapped labels gives its window no minimum height (QLayout::activate),
// so a message that wraps to one more line (Korean wraps sooner; a longer reason) would be
// squeezed over the next field. The grown window stays within its screen, moved up first
// if it would reach past the bottom. A page in a QScrollArea counts with the height its
// content needs; what the screen cannot give, the page scrolls.
void growWindowToFit(QWidget *inside);

}  // namespace ib::ui
