#include "util/Background.h"

#include <QCoreApplication>

namespace ib::ui {

QThreadPool *taskPool()
{
    // Made on the UI thread at the first task; deleted with the application object, after
    // the event loop, waiting for the tasks still running.
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool(QCoreApplication::instance());
        p->setObjectName(QStringLiteral("tasks"));
        p->setMaxThreadCount(MaxTasks);
        return p;
    }();
    return pool;
}

}  // namespace ib::ui
