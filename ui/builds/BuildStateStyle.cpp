#include "builds/BuildStateStyle.h"

#include "builds/BuildTexts.h"
#include "util/Theme.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace ib::ui {

namespace {

QColor hue(BuildState state, const QPalette &palette)
{
    switch (state) {
    case BuildState::Succeeded:
        return QColor(0x2e, 0x7d, 0x32);
    case BuildState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case BuildState::Interrupted:
        return QColor(0xb2, 0x4c, 0x00);
    case BuildState::Running:
        return QColor(0x15, 0x65, 0xc0);
    case BuildState::Cancelled:
        return QColor(0x75, 0x75, 0x75);
    case BuildState::Queued:
        break;
    }
    return palette.color(QPalette::Text);
}

}  // namespace

double BuildStateStyle::contrast(const QColor &a, const QColor &b)
{
    return Theme::contrast(a, b);
}

QColor BuildStateStyle::color(BuildState state, const QPalette &palette)
{
    // Tables draw it on Base and AlternateBase, Build Details next to the title on Window.
    // Window counts when it is as dark (or as light) as the view, as in every real palette;
    // no one colour reads on both a black view and a white window. A palette with little
    // room gets its own text colour.
    QList<QColor> backgrounds{palette.color(QPalette::Base), palette.color(QPalette::AlternateBase)};
    if (Theme::isDark(palette) == (Theme::luminance(palette.color(QPalette::Base)) < 0.18))
        backgrounds.append(palette.color(QPalette::Window));
    return Theme::readable(hue(state, palette), backgrounds, palette.color(QPalette::Text));
}

QString BuildStateStyle::symbol(BuildState state)
{
    switch (state) {
    case BuildState::Queued:
        return QStringLiteral("\u2026");
    case BuildState::Running:
        return QStringLiteral("\u25b6");
    case BuildState::Succeeded:
        return QStringLiteral("\u2713");
    case BuildState::Failed:
        return QStringLiteral("\u2715");
    case BuildState::Cancelled:
        return QStringLiteral("\u25a0");
    case BuildState::Interrupted:
        return QStringLiteral("!");
    }
    return {};
}

QIcon BuildStateStyle::icon(BuildState state, const QPalette &palette)
{
    // Asked for by every visible cell on every repaint: painted once per state and palette.
    static QHash<QPair<int, qint64>, QIcon> cache;
    const QPair<int, qint64> key{static_cast<int>(state), palette.cacheKey()};
    if (const auto it = cache.constFind(key); it != cache.cend())
        return *it;
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color(state, palette));
        const qreal margin = size / 16.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        QFont font = painter.font();
        font.setPixelSize(size * 10 / 16);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(palette.color(QPalette::Base));
        painter.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, symbol(state));
        painter.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(key, icon);
    return icon;
}

std::optional<BuildState> BuildStateStyle::fromText(const QString &text)
{
    for (const auto s : {BuildState::Queued, BuildState::Running, BuildState::Succeeded, BuildState::Failed, BuildState::Cancelled,
                         BuildState::Interrupted}) {
        if (BuildTexts::state(s) == text)
            return s;
    }
    return std::nullopt;
}

}  // namespace ib::ui
