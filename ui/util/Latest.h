#pragma once

#include <QtGlobal>

namespace ib::ui {

// Latest wins: a view asks again before its last answer came (another template selected,
// a refresh, the next keystroke); an answer to an older question is dropped when it
// arrives. One per kind of question, a member of the widget whose callbacks check it (the
// background helpers call them only while that widget lives).
//
//     const quint64 ticket = m_loads.next();
//     readInBackground(store, this, [store, id] { return store->listBuilds(id); },
//                      [this, ticket](Result<QList<BuildRecord>> builds) {
//                          if (!m_loads.isCurrent(ticket)) return;
//                          ... });
//
// A service that numbers its own requests (TemplateController) hands its ticket to
// expect(); finish() then takes the one answer that settles it.
class Latest final
{
public:
    // Everything asked so far is stale (the view was cleared, or asks nothing this time).
    void drop() { m_open = false; }
    // A new question: its ticket, which the answer hands to isCurrent().
    quint64 next()
    {
        m_open = true;
        return ++m_current;
    }
    // A new question numbered by the service that answers it.
    void expect(quint64 ticket)
    {
        m_current = ticket;
        m_open = true;
    }
    bool isCurrent(quint64 ticket) const { return m_open && ticket == m_current; }
    // The answer to the question under way: true (and nothing is under way after it) only
    // for that question's ticket.
    bool finish(quint64 ticket)
    {
        if (!isCurrent(ticket))
            return false;
        m_open = false;
        return true;
    }
    // A question is under way (asked, not finished or dropped).
    bool waiting() const { return m_open; }

private:
    quint64 m_current = 0;
    bool m_open = false;
};

}  // namespace ib::ui
