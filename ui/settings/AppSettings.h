#pragma once

#include "settings/Settings.h"

namespace ib::ui {

// The desktop app's name for core's settings (ib::Settings): the same keys in the same file
// that imagebuilder-cli reads, so what the Settings dialog saves holds for both front ends.
// A class rather than an alias so that the UI's headers can keep declaring it forward.
class AppSettings final : public ib::Settings
{
public:
    using Settings::Settings;
};

}  // namespace ib::ui
