#pragma once

#include "templates/TemplateRules.h"

#include <QWidget>

class QCheckBox;
class QPushButton;

namespace ib::ui {

class FieldMessageLabel;
class ScriptEditor;

// The image test of a template (issue 19), beside the user script in TemplateDialog: the
// test script (the user script's rules and messages) and "Boot the image to test it".
class TestScriptPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestScriptPanel)

public:
    explicit TestScriptPanel(QWidget *parent = nullptr);

    void setValues(const QString &testScript, bool bootTest);
    QString testScript() const;
    bool bootTest() const;
    ScriptEditor *editor() const { return m_edit; }
    // The test script's messages out of all the rules said; none while `visible` is false.
    void showMessages(const RuleMessages &all, bool visible);

signals:
    void testScriptChanged();
    void bootTestChanged();

private:
    ScriptEditor *m_edit = nullptr;
    QPushButton *m_convertButton = nullptr;
    FieldMessageLabel *m_message = nullptr;
    QCheckBox *m_bootTest = nullptr;
};

}  // namespace ib::ui
