#pragma once

// Core's value types as they travel through queued signals between the template worker
// thread and the UI. (Core does not declare them: it stays free of signal plumbing.)

#include "templates/ImageTemplate.h"
#include "templates/TemplateRow.h"
#include "templates/TemplateRules.h"
#include "util/Result.h"

#include <QList>
#include <QMetaType>

Q_DECLARE_METATYPE(ib::ImageTemplate)
Q_DECLARE_METATYPE(ib::RuleMessage)
Q_DECLARE_METATYPE(ib::ui::TemplateRow)
Q_DECLARE_METATYPE(ib::Error)
