// libFuzzer target: a user script file (a colleague's template is untrusted) through the
// checker the dialog and the CLI use: bytes to text, shebang, CRLF, every rule.
#include "templates/TemplateRules.h"
#include "templates/UserScript.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    (void)ib::TemplateRules::checkUserScriptBytes(bytes);
    const auto text = ib::userscript::decode(bytes);
    if (!text)
        return 0;
    const QString unix = ib::userscript::convertCrlfToLf(*text);
    if (unix.contains(QLatin1String("\r\n")))
        __builtin_trap();
    const auto shebang = ib::userscript::parseShebang(*text);
    if (shebang.present && !text->startsWith(QLatin1String("#!")))
        __builtin_trap();
    (void)ib::TemplateRules::checkUserScript(*text);
    (void)ib::TemplateRules::checkUserScript(unix);
    return 0;
}
