#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QWidget;

namespace ib::ui {

// One modal question or warning, as the UI asks it. Every confirmation, warning and
// one-line question of the desktop goes through ib::ui::prompts, so each is built the same
// way (plain text, the safe answer as default and Escape) and tests answer them all through
// one seam, in the style of KeePassXC's MessageBox::setNextAnswer.
struct Prompt
{
    enum class Kind { Question, Warning, Text };

    Kind kind = Kind::Question;
    // Which prompt this is ("deleteTemplate", "quit", ...): lets a test tell them apart.
    QString id;
    QString title;
    QString text;
    QString informative;
    // The item asked about, as stored: the texts above quote it made inert (inertForLine).
    QString subject;
    // What the question concerns beyond the subject (the images a delete would take); shown
    // under "Show Details".
    QStringList items;
    // Question: the button that goes ahead ("Delete"), an optional second way ahead ("Delete
    // Template, Keep Images") and the one that goes back (empty: Cancel, the default).
    QString accept;
    QString alternative;
    QString reject;
    // Question: whether going ahead destroys something (the accept button's role).
    bool destructive = true;
    // Text: the label of the field and the text it starts with.
    QString label;
    QString value;
};

enum class PromptAnswer { Reject, Accept, Alternative };

// What a test answers in place of the person at the screen.
struct PromptReply
{
    PromptAnswer answer = PromptAnswer::Reject;
    QString text;  // Text prompts: what was typed
};

namespace prompts {

// Asks and waits for the answer (a window-modal box; Escape rejects).
PromptAnswer ask(QWidget *parent, Prompt prompt);
// Shows a warning and returns at once (the box closes itself when dismissed).
void warn(QWidget *parent, const QString &title, const QString &text);
// Asks for one line of text: nothing when cancelled.
std::optional<QString> askText(QWidget *parent, Prompt prompt);

// Tests: while one lives, every prompt goes to its function and nothing is shown, so no
// nested event loop runs under a test. They nest; the innermost answers.
using Answerer = std::function<PromptReply(const Prompt &)>;
class ScopedAnswerer
{
public:
    explicit ScopedAnswerer(Answerer answerer);
    ~ScopedAnswerer();
    ScopedAnswerer(const ScopedAnswerer &) = delete;
    ScopedAnswerer &operator=(const ScopedAnswerer &) = delete;

private:
    Answerer m_previous;
};

}  // namespace prompts

}  // namespace ib::ui
