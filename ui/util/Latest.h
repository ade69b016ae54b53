#pragma once

#include <QtGlobal>

namespace ib::ui {

// Latest wins: a view asks again before its last answer came (another template selected,
// a refresh, the next keystroke); an answer to an older question is dropped when it
// arrives. One per kind of question, a member of the widget whose callbacks it wraps (the
// background helpers call them only while that widget lives).
//
//     readInBackground(store, this, [store, id] { return store->listBuilds(id); },
//                      m_loads.answer([this](Result<QList<BuildRecord>> builds) { ... }));
class Latest final
{
public:
    // Everything asked so far is stale (the view was cleared, or asks nothing this time).
    void drop() { ++m_current; }
    // A new question: its ticket, which the answer hands to isCurrent().
    quint64 next() { return ++m_current; }
    bool isCurrent(quint64 ticket) const { return ticket == m_current; }

private:
    quint64 m_current = 0;
};

}  // namespace ib::ui
