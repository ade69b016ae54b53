#pragma once

#include <QDateTime>
#include <QString>

namespace ib {

// A piece of a build's log as written to the store: whole lines, joined by '\n', with a
// trailing '\n'. `seq` orders the chunks of one build from 1 up.
struct LogChunk
{
    qint64 seq = 0;
    QString text;
    QDateTime createdAt;
};

}  // namespace ib
