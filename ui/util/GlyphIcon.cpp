#include "util/GlyphIcon.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ib::ui {

namespace {

class GlyphEngine final : public QIconEngine
{
public:
    GlyphEngine(Glyph glyph, std::optional<Tone> tone)
        : m_glyph(glyph)
        , m_tone(tone)
    {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        Q_UNUSED(state)
        // Read at every paint: the palette may have changed since the icon was made.
        const QPalette palette = QGuiApplication::palette();
        const QColor color = mode == QIcon::Disabled ? palette.color(QPalette::Disabled, QPalette::WindowText)
                             : m_tone                ? Theme::toneColor(*m_tone, palette)
                                                     : palette.color(QPalette::WindowText);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        const qreal side = std::min(rect.width(), rect.height());
        const QRectF box(rect.x() + (rect.width() - side) / 2.0, rect.y() + (rect.height() - side) / 2.0, side, side);
        switch (m_glyph) {
        case Glyph::Play: {
            const QRectF r = box.adjusted(side * 0.22, side * 0.14, -side * 0.14, -side * 0.14);
            QPainterPath path;
            path.moveTo(r.topLeft());
            path.lineTo(r.right(), r.center().y());
            path.lineTo(r.bottomLeft());
            path.closeSubpath();
            painter->drawPath(path);
            break;
        }
        case Glyph::Plus: {
            const QRectF r = box.adjusted(side * 0.16, side * 0.16, -side * 0.16, -side * 0.16);
            const qreal bar = std::max<qreal>(2.0, side * 0.16);
            painter->drawRect(QRectF(r.left(), r.center().y() - bar / 2, r.width(), bar));
            painter->drawRect(QRectF(r.center().x() - bar / 2, r.top(), bar, r.height()));
            break;
        }
        }
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override { return scaledPixmap(size, mode, state, 1.0); }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        QPixmap pixmap(size * scale);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pixmap;
    }

    QIconEngine *clone() const override { return new GlyphEngine(m_glyph, m_tone); }
    QString key() const override { return QStringLiteral("ib-glyph"); }

private:
    Glyph m_glyph;
    std::optional<Tone> m_tone;
};

}  // namespace

QIcon glyphIcon(Glyph glyph, std::optional<Tone> tone)
{
    return QIcon(new GlyphEngine(glyph, tone));
}

}  // namespace ib::ui
