#include "util/Prompts.h"

#include "util/PlainText.h"

#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace ib::ui::prompts {

namespace {

// Set by ScopedAnswerer; the UI thread alone asks, so no lock.
Answerer &answerer()
{
    static Answerer current;
    return current;
}

}  // namespace

PromptAnswer ask(QWidget *parent, Prompt prompt)
{
    prompt.kind = Prompt::Kind::Question;
    if (answerer())
        return answerer()(prompt).answer;
    QMessageBox box(QMessageBox::Question, prompt.title, prompt.text, QMessageBox::NoButton, parent);
    box.setInformativeText(prompt.informative);
    if (!prompt.items.isEmpty())
        box.setDetailedText(inertForTerminal(prompt.items.join(QLatin1Char('\n'))));
    auto *accept = box.addButton(prompt.accept, prompt.destructive ? QMessageBox::DestructiveRole : QMessageBox::AcceptRole);
    QAbstractButton *alternative = prompt.alternative.isEmpty() ? nullptr : box.addButton(prompt.alternative, QMessageBox::AcceptRole);
    QPushButton *reject =
        prompt.reject.isEmpty() ? box.addButton(QMessageBox::Cancel) : box.addButton(prompt.reject, QMessageBox::RejectRole);
    box.setDefaultButton(reject);
    box.setEscapeButton(reject);
    makePlain(box);
    box.exec();
    if (box.clickedButton() == accept)
        return PromptAnswer::Accept;
    if (alternative && box.clickedButton() == alternative)
        return PromptAnswer::Alternative;
    return PromptAnswer::Reject;
}

void warn(QWidget *parent, const QString &title, const QString &text)
{
    if (answerer()) {
        Prompt prompt;
        prompt.kind = Prompt::Kind::Warning;
        prompt.id = QStringLiteral("warning");
        prompt.title = title;
        prompt.text = text;
        answerer()(prompt);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    makePlain(*box);
    box->open();
}

std::optional<QString> askText(QWidget *parent, Prompt prompt)
{
    prompt.kind = Prompt::Kind::Text;
    if (answerer()) {
        const PromptReply reply = answerer()(prompt);
        if (reply.answer == PromptAnswer::Reject)
            return std::nullopt;
        return reply.text;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(parent, prompt.title, prompt.label, QLineEdit::Normal, prompt.value, &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

ScopedAnswerer::ScopedAnswerer(Answerer answerer)
    : m_previous(std::exchange(prompts::answerer(), std::move(answerer)))
{}

ScopedAnswerer::~ScopedAnswerer()
{
    answerer() = std::move(m_previous);
}

}  // namespace ib::ui::prompts
