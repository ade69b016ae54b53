#include "util/BuildInfo.h"

#include <QRegularExpression>
#include <QtGlobal>

#include <curl/curl.h>
#include <libssh/libssh.h>
#include <spdlog/version.h>

namespace ib::buildinfo {

namespace {

// The commit from `git describe --tags --always --dirty`: "v0.1.0-3-gabc1234-dirty" and
// "abc1234-dirty" give "abc1234-dirty"; an exact tag "v0.1.0" gives "v0.1.0"; "unknown" none.
QString commitFromDescribe(const QString &describe)
{
    if (describe.isEmpty() || describe == QLatin1String("unknown"))
        return {};
    static const QRegularExpression afterTag(QStringLiteral("-g([0-9a-f]{7,})(-dirty)?$"));
    if (const auto m = afterTag.match(describe); m.hasMatch())
        return m.captured(1) + m.captured(2);
    return describe;
}

}  // namespace

QString versionReport()
{
    QString report = QStringLiteral("Image Builder %1").arg(QLatin1String(version));
    if (const QString commit = commitFromDescribe(QLatin1String(gitDescribe)); !commit.isEmpty())
        report += QStringLiteral(" (commit %1)").arg(commit);
    report += QStringLiteral("\nQt %1 (runtime %2)").arg(QLatin1String(QT_VERSION_STR), QLatin1String(qVersion()));
    // ssh_version(0) is "0.10.6/openssl/zlib": the version, then the crypto back-end.
    const QString libssh = QString::fromLatin1(ssh_version(0));
    report += QStringLiteral("\nlibssh %1").arg(libssh.section(QLatin1Char('/'), 0, 0));
    report += QStringLiteral("\nlibcurl %1").arg(QString::fromLatin1(curl_version_info(CURLVERSION_NOW)->version));
    report += QStringLiteral("\nspdlog %1.%2.%3").arg(SPDLOG_VER_MAJOR).arg(SPDLOG_VER_MINOR).arg(SPDLOG_VER_PATCH);
    return report;
}

}  // namespace ib::buildinfo
