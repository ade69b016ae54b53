#include "templates/TemplateExport.h"

#include <QJsonDocument>

namespace ib {

QJsonObject templateExportDocument(const ImageTemplate &t)
{
    return QJsonObject{
        {QStringLiteral("format"), QLatin1String(kTemplateExportFormat)},
        {QStringLiteral("formatVersion"), 1},
        {QStringLiteral("exportedFrom"), QJsonObject{{QStringLiteral("id"), t.id}, {QStringLiteral("revision"), t.revision}}},
        {QStringLiteral("template"), t.contentToJson()},
    };
}

QString templateImportCommand(const ImageTemplate &t)
{
    const QString json = QString::fromUtf8(QJsonDocument(templateExportDocument(t)).toJson(QJsonDocument::Indented)).trimmed();
#ifdef Q_OS_WIN
    return QStringLiteral("@'\n%1\n'@ | imagebuilder-cli template import -").arg(json);
#else
    return QStringLiteral("imagebuilder-cli template import - <<'IB_TEMPLATE'\n%1\nIB_TEMPLATE").arg(json);
#endif
}

}  // namespace ib
