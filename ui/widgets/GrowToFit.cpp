#include "widgets/GrowToFit.h"

#include <QLayout>
#include <QPointer>
#include <QScreen>
#include <QScrollArea>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace ib::ui {

void growWindowToFit(QWidget *inside)
{
    QTimer::singleShot(0, inside, [inside] {
        QWidget *w = inside->window();
        if (!w || !w->isVisible() || !w->layout())
            return;
        int needed = w->layout()->totalMinimumHeightForWidth(w->width());
        // A page that scrolls asks for no height of its own: what its content lacks is added.
        for (const QScrollArea *area : w->findChildren<QScrollArea *>()) {
            const QWidget *content = area->widget();
            if (!area->isVisible() || !content || !area->widgetResizable())
                continue;
            const int width = area->viewport()->width();
            const int wanted = content->hasHeightForWidth() ? content->heightForWidth(width) : content->minimumSizeHint().height();
            needed = std::max(needed, w->height() + wanted - area->viewport()->height());
        }
        if (needed <= w->height())
            return;
        QRect frame = w->frameGeometry();
        const int frameExtra = frame.height() - w->height();
        frame.setHeight(needed + frameExtra);
        if (const QScreen *screen = w->screen()) {
            const QRect available = screen->availableGeometry();
            frame.setHeight(std::min(frame.height(), available.height()));
            if (frame.bottom() > available.bottom())
                frame.moveBottom(available.bottom());
        }
        if (frame.height() - frameExtra <= w->height())
            return;  // already as tall as the screen allows
        w->move(frame.topLeft());
        w->resize(w->width(), frame.height() - frameExtra);
    });
}

}  // namespace ib::ui
