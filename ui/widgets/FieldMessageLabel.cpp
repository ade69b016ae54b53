#include "widgets/FieldMessageLabel.h"

#include "util/Theme.h"

namespace ib::ui {

FieldMessageLabel::FieldMessageLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setVisible(false);
}

void FieldMessageLabel::setMessages(const RuleMessages &messages)
{
    m_messages = messages;
    QStringList lines;
    for (const auto &m : messages)
        lines.append(m.message);
    setText(lines.join(QLatin1Char('\n')));
    // From the palette in use, and again when Settings > Appearance changes it.
    Theme::setTextTone(this, hasError() ? Tone::Error : Tone::Warning);
    setVisible(!messages.isEmpty());
}

}  // namespace ib::ui
