#include "templates/ImageTemplate.h"

#include <QJsonArray>

namespace ib {

QJsonObject ImageTemplate::contentToJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("os"),
         QJsonObject{{QStringLiteral("type"), os.type}, {QStringLiteral("distro"), os.distro}, {QStringLiteral("version"), os.version}}},
        {QStringLiteral("applications"), QJsonArray::fromStringList(applications)},
        {QStringLiteral("minStorageGb"), minStorageGb},
        {QStringLiteral("userScript"), userScript},
        {QStringLiteral("description"), description},
        {QStringLiteral("testScript"), testScript},
        {QStringLiteral("bootTest"), bootTest},
    };
}

ImageTemplate ImageTemplate::contentFromJson(const QJsonObject &object)
{
    ImageTemplate t;
    t.name = object.value(QStringLiteral("name")).toString();
    const auto os = object.value(QStringLiteral("os")).toObject();
    t.os.type = os.value(QStringLiteral("type")).toString(QStringLiteral("linux"));
    t.os.distro = os.value(QStringLiteral("distro")).toString();
    t.os.version = os.value(QStringLiteral("version")).toString();
    for (const QJsonArray jsonItems = object.value(QStringLiteral("applications")).toArray(); const auto &app : jsonItems)
        t.applications.append(app.toString());
    // A missing or fractional size stays visible to the rules instead of being rounded.
    const auto size = object.value(QStringLiteral("minStorageGb"));
    t.minStorageGb = size.isDouble() && size.toDouble() == static_cast<double>(size.toInt()) ? size.toInt() : -1;
    t.userScript = object.value(QStringLiteral("userScript")).toString();
    t.description = object.value(QStringLiteral("description")).toString();
    // Absent in exports and revisions made before issue 19: no test script, boot test on.
    t.testScript = object.value(QStringLiteral("testScript")).toString();
    t.bootTest = object.value(QStringLiteral("bootTest")).toBool(true);
    return t;
}

QJsonObject ImageTemplate::toJson() const
{
    auto object = contentToJson();
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("revision"), revision);
    object.insert(QStringLiteral("createdAt"), createdAt.toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("updatedAt"), updatedAt.toString(Qt::ISODateWithMs));
    return object;
}

ImageTemplate ImageTemplate::fromJson(const QJsonObject &object)
{
    auto t = contentFromJson(object);
    t.id = object.value(QStringLiteral("id")).toString();
    t.revision = object.value(QStringLiteral("revision")).toInt();
    t.createdAt = QDateTime::fromString(object.value(QStringLiteral("createdAt")).toString(), Qt::ISODateWithMs);
    t.updatedAt = QDateTime::fromString(object.value(QStringLiteral("updatedAt")).toString(), Qt::ISODateWithMs);
    return t;
}

bool ImageTemplate::sameContent(const ImageTemplate &other) const
{
    return contentToJson() == other.contentToJson();
}

}  // namespace ib
