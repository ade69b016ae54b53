#pragma once

#include "templates/ImageTemplate.h"
#include "templates/TemplateRules.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ib::templatechanges {

// The fields whose values differ between two versions of a template, in TemplateField's order.
QList<TemplateField> changedFields(const ImageTemplate &before, const ImageTemplate &after);

// A line diff of two texts (scripts), for a person to read before running the new one:
// "- " removed, "+ " added, "  " unchanged context (`context` lines around each change),
// "…" between hunks. Common leading and trailing lines are set aside first; what is left
// is compared line by line (longest common subsequence) when it has at most `maxLines`
// lines on each side, else shown as all removed and all added.
QStringList lineDiff(const QString &before, const QString &after, int context = 2, int maxLines = 2000);

}  // namespace ib::templatechanges
