// libFuzzer target: a template export file as `template import` reads it, and a template
// row's JSON as the store reads it. Any bytes must give a template or a rule message.
#include "catalog/ApplicationCatalog.h"
#include "templates/ImageTemplate.h"
#include "templates/TemplateRules.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject())
        return 0;
    const QJsonObject root = document.object();
    static const ib::TemplateRules rules(ib::ApplicationCatalog::builtin());

    // The import path of app/cli/Cli.cpp: version check, content, then every rule.
    if (root.value(QStringLiteral("formatVersion")).toInt() == 1) {
        const ib::ImageTemplate imported = ib::ImageTemplate::contentFromJson(root.value(QStringLiteral("template")).toObject());
        (void)rules.validate(imported, [](const QString &name) { return name == QLatin1String("taken"); });
        // What was read must write out and read back to the same content.
        const ib::ImageTemplate again = ib::ImageTemplate::contentFromJson(imported.contentToJson());
        if (!again.sameContent(imported))
            __builtin_trap();
    }
    // A stored row (the team store is untrusted).
    const ib::ImageTemplate stored = ib::ImageTemplate::fromJson(root);
    (void)rules.validate(stored);
    (void)stored.toJson();
    return 0;
}
