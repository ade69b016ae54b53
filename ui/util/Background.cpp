#include "util/Background.h"

#include <QCoreApplication>

namespace ib::ui {

TaskRunner &uiTasks()
{
    // Made on the UI thread at the first task; deleted with the application object, after
    // the event loop, waiting for the tasks still running.
    static TaskRunner *runner = new TaskRunner(QStringLiteral("tasks"), MaxTasks, QCoreApplication::instance());
    return *runner;
}

}  // namespace ib::ui
