#pragma once

#include "templates/ImageTemplate.h"

#include <QString>

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

// One template as the table shows it. The display texts are computed once, on the worker
// thread for a full load, so that data() and the filter only read strings.
struct TemplateRow
{
    ImageTemplate t;
    QString osName;            // "Debian 12 (bookworm)"
    QString applicationNames;  // "Nginx, Docker Engine"
    QString applicationsTip;   // one "Nginx 1.22" per line
    QString updatedText;       // local time, short format
    QString nameSortKey;       // case-folded name
    QString searchText;        // case-folded name, OS and applications, for the filter box
    QString lastBuild;         // filled by the build engine; empty: no build yet

    static TemplateRow from(const ImageTemplate &t, const ApplicationCatalog &catalog);
};

}  // namespace ib::ui
