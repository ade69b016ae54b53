#include "AboutDialog.h"

#include "util/BuildInfo.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ib::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Image Builder"));

    // The installed theme icon (Linux packages); else the window's icon.
    auto *icon = new QLabel(this);
    const QIcon appIcon = QIcon::fromTheme(QStringLiteral("io.github.imagebuilder.ImageBuilder"), windowIcon());
    icon->setPixmap(appIcon.pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Image Builder").toHtmlEscaped()), this);
    auto *summary = new QLabel(tr("Keep VM image templates and build private images from them."), this);
    summary->setWordWrap(true);

    const QString report = buildinfo::versionReport();
    auto *versions = new QLabel(report, this);
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    versions->setObjectName(QStringLiteral("versions"));

    auto *homepage = new QLabel(
        QStringLiteral("<a href=\"https://github.com/imagebuilder/imagebuilder\">github.com/imagebuilder/imagebuilder</a>"), this);
    homepage->setOpenExternalLinks(true);

    auto *text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addSpacing(8);
    text->addWidget(versions);
    text->addWidget(homepage);
    text->addStretch();

    auto *row = new QHBoxLayout;
    row->addWidget(icon);
    row->addLayout(text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *copy = buttons->addButton(tr("Copy Version Info"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [report] { QApplication::clipboard()->setText(report); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
}

}  // namespace ib::ui
