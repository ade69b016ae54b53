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
    // An OS name with the image's CPU when it is not x86-64 (issue 20): "Debian 12 (arm64)",
    // "Debian 12 (unknown CPU)" for an architecture this program does not know.
    static QString osWithArchitecture(const QString &osName, const QString &architecture);
};

}  // namespace ib::ui
