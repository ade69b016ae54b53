#pragma once

#include "util/Prompts.h"

#include <QList>
#include <QStringList>

namespace ib::test {

// Answers every question, warning and text prompt of the UI while it lives (through
// ib::ui::prompts' one seam), and keeps what was asked, so a test sees the texts a person
// would have read. No box is shown and no nested event loop runs.
class PromptLog final
{
public:
    // Fail: any prompt ends the test (the code under test was not to ask anything).
    enum class Policy { Answer, Fail };

    explicit PromptLog(Policy policy = Policy::Answer)
        : m_policy(policy)
        , m_scope([this](const ui::Prompt &prompt) { return reply(prompt); })
    {}

    // What questions are answered with, and the text a text prompt gets.
    ui::PromptAnswer answer = ui::PromptAnswer::Reject;
    QString text;

    void setPolicy(Policy policy) { m_policy = policy; }
    const QList<ui::Prompt> &all() const { return m_prompts; }
    // The prompts with this id ("deleteTemplate", "warning", ...), in order.
    QList<ui::Prompt> with(const QString &id) const
    {
        QList<ui::Prompt> found;
        for (const auto &prompt : m_prompts)
            if (prompt.id == id)
                found.append(prompt);
        return found;
    }
    int count(const QString &id) const { return static_cast<int>(with(id).size()); }
    // The subjects of the prompts with this id: the names they asked about, as stored.
    QStringList subjects(const QString &id) const
    {
        QStringList names;
        for (const auto &prompt : with(id))
            names.append(prompt.subject);
        return names;
    }
    // The text of the last warning, or empty.
    QString lastWarning() const
    {
        const auto warnings = with(QStringLiteral("warning"));
        return warnings.isEmpty() ? QString() : warnings.last().text;
    }

private:
    ui::PromptReply reply(const ui::Prompt &prompt)
    {
        if (m_policy == Policy::Fail)
            qFatal("unexpected prompt %s: %s %s", qPrintable(prompt.id), qPrintable(prompt.title), qPrintable(prompt.text));
        m_prompts.append(prompt);
        return ui::PromptReply{answer, text};
    }

    Policy m_policy;
    QList<ui::Prompt> m_prompts;
    ui::prompts::ScopedAnswerer m_scope;
};

}  // namespace ib::test
