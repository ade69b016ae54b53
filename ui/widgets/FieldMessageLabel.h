#pragma once

#include "templates/TemplateRules.h"

#include <QLabel>

namespace ib::ui {

// The rules' verdict about one field, shown right under it: errors in red, warnings in
// amber, hidden when the field is fine.
class FieldMessageLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldMessageLabel)

public:
    explicit FieldMessageLabel(QWidget *parent = nullptr);

    void setMessages(const RuleMessages &messages);
    RuleMessages messages() const { return m_messages; }
    bool hasError() const { return TemplateRules::hasErrors(m_messages); }

private:
    RuleMessages m_messages;
};

}  // namespace ib::ui
