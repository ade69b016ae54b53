// libFuzzer target: clouds.yaml (and the secure.yaml beside it) through CloudsYaml, as
// `cloud import` and Settings read them. The input is clouds.yaml, optionally followed by
// a line "#--secure--" and secure.yaml.
#include "providers/openstack/CloudsYaml.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        __builtin_trap();  // the fuzzer's own set-up failed
    file.write(content);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static QTemporaryDir folder;
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype split = bytes.indexOf("\n#--secure--\n");
    const QString clouds = folder.filePath(QStringLiteral("clouds.yaml"));
    const QString secure = folder.filePath(QStringLiteral("secure.yaml"));
    writeFile(clouds, split < 0 ? bytes : bytes.left(split));
    if (split < 0)
        QFile::remove(secure);
    else
        writeFile(secure, bytes.mid(split + 13));

    const auto names = ib::openstack::CloudsYaml::cloudNames(clouds);
    if (names) {
        for (const QString &name : names->mid(0, 8))
            (void)ib::openstack::CloudsYaml::read(name, QStringLiteral("fuzz"), clouds);
    }
    (void)ib::openstack::CloudsYaml::read(QStringLiteral("openstack"), QStringLiteral("fuzz"), clouds);
    return 0;
}
