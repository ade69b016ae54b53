#include "templates/TestScriptPanel.h"

#include "templates/ScriptEditor.h"
#include "widgets/FieldMessageLabel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace ib::ui {

TestScriptPanel::TestScriptPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("testScriptPanel"));
    auto *label = new QLabel(tr("&Test script"), this);
    auto *help = new QLabel(tr("Optional. Runs as the default user in a fresh VM booted from the new image; "
                               "a non-zero exit fails the build. Same rules as the user script."),
                            this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);
    m_edit = new ScriptEditor(this);
    m_edit->setObjectName(QStringLiteral("testScriptEdit"));
    m_edit->setPlaceholderText(tr("e.g.\n#!/bin/bash -e\nsystemctl is-active nginx\ncurl -sf localhost"));
    label->setBuddy(m_edit);
    m_convertButton = new QPushButton(tr("Convert to LF"), this);
    m_convertButton->setObjectName(QStringLiteral("testConvertCrlfButton"));
    m_convertButton->setToolTip(tr("Replace the Windows (CRLF) line endings with Linux (LF) ones"));
    m_convertButton->setAutoDefault(false);
    m_convertButton->setVisible(false);
    m_message = new FieldMessageLabel(this);
    m_message->setObjectName(QStringLiteral("testScriptMessage"));
    m_bootTest = new QCheckBox(tr("&Boot the image to test it"), this);
    m_bootTest->setObjectName(QStringLiteral("bootTestCheck"));
    m_bootTest->setToolTip(tr("After the capture, boot a fresh VM from the image and check that a fresh key logs in "
                              "and cloud-init finishes without errors. A test script always boots the image."));

    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_convertButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(help);
    layout->addWidget(m_edit, 1);
    layout->addLayout(messageRow);
    layout->addWidget(m_bootTest);

    connect(m_edit, &ScriptEditor::scriptChanged, this, &TestScriptPanel::testScriptChanged);
    connect(m_bootTest, &QCheckBox::toggled, this, &TestScriptPanel::bootTestChanged);
    connect(m_convertButton, &QPushButton::clicked, this, [this] {
        m_edit->convertToLf();
        m_edit->setFocus(Qt::OtherFocusReason);
    });
}

void TestScriptPanel::setValues(const QString &testScript, bool bootTest)
{
    const QSignalBlocker blockEdit(m_edit);
    const QSignalBlocker blockCheck(m_bootTest);
    m_edit->setScript(testScript);
    m_bootTest->setChecked(bootTest);
}

QString TestScriptPanel::testScript() const
{
    return m_edit->script();
}

bool TestScriptPanel::bootTest() const
{
    return m_bootTest->isChecked();
}

void TestScriptPanel::showMessages(const RuleMessages &all, bool visible)
{
    RuleMessages mine;
    std::copy_if(all.cbegin(), all.cend(), std::back_inserter(mine),
                 [](const RuleMessage &m) { return m.field == TemplateField::TestScript; });
    m_message->setMessages(visible ? mine : RuleMessages{});
    m_convertButton->setVisible(
        std::any_of(mine.cbegin(), mine.cend(), [](const RuleMessage &m) { return m.fix == SuggestedFix::ConvertCrlf; }));
}

}  // namespace ib::ui
