#pragma once

#include "model/BuildTypes.h"

#include <QString>

namespace ib::ui {

// Build states and steps as the user reads them, translated (core's names are English).
class BuildTexts final
{
public:
    BuildTexts() = delete;

    static QString state(BuildState state);                          // "Running"
    static QString step(BuildStep step);                             // "Install applications"
    static QString stateWithStep(BuildState state, BuildStep step);  // "Running: Install applications"
    static QString duration(qint64 seconds);                         // "1:02:03", "4:05"
};

}  // namespace ib::ui
