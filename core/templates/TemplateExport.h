#pragma once

#include "templates/ImageTemplate.h"

#include <QJsonObject>
#include <QString>

namespace ib {

// The template file `template export` writes and `template import` reads (format version 1).
inline constexpr const char *kTemplateExportFormat = "imagebuilder-template";
QJsonObject templateExportDocument(const ImageTemplate &t);

// "Copy as CLI Command" for a template: one command that makes the same template in another
// store, scripts and all, by `imagebuilder-cli template import -` with the export as its
// input. A POSIX shell gets a here-document, Windows' PowerShell a here-string piped in;
// neither can end early, because JSON keeps every newline of a value escaped, so no line of
// the export can be the closing line.
QString templateImportCommand(const ImageTemplate &t);

}  // namespace ib
