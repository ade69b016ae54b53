#include "widgets/FieldMessageLabel.h"

namespace ib::ui {

namespace {

// Readable on light and dark palettes alike.
const QColor ErrorColor(0xc6, 0x28, 0x28);
const QColor WarningColor(0xb2, 0x6a, 0x00);

}  // namespace

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
    QPalette p = palette();
    p.setColor(QPalette::WindowText, hasError() ? ErrorColor : WarningColor);
    setPalette(p);
    setVisible(!messages.isEmpty());
}

}  // namespace ib::ui
