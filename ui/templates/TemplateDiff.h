#pragma once

#include "templates/ImageTemplate.h"
#include "templates/TemplateRules.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace ib {
class ApplicationCatalog;
}

namespace ib::ui {

// What two saves of one template did to each field, for the update-conflict view: the
// revision both sides started from, what the other side saved, and what the user has.
struct FieldDifference
{
    TemplateField field;
    QString label;  // "Name", translated
    QString base;   // the value both started from, as text
    QString theirs;
    QString yours;
    bool theyChanged = false;
    bool youChanged = false;
};

class TemplateDiff final
{
    Q_DECLARE_TR_FUNCTIONS(ib::ui::TemplateDiff)

public:
    // Only the fields where `theirs` and `yours` differ.
    static QList<FieldDifference> compare(const ImageTemplate &base, const ImageTemplate &theirs, const ImageTemplate &yours,
                                          const ApplicationCatalog &catalog);
    // One plain sentence per difference: "Name: they changed it to "web"; you changed it to "www"."
    static QString describe(const FieldDifference &difference);
    static QString fieldLabel(TemplateField field);
    static QString valueText(TemplateField field, const ImageTemplate &t, const ApplicationCatalog &catalog);
};

}  // namespace ib::ui
