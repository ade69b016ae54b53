#pragma once

#include <QDialog>

namespace ib::ui {

// Help > About: the version, the commit and the library versions
// (ib::buildinfo::versionReport(), the same text as --version), with a button that copies
// them for a bug report.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

}  // namespace ib::ui
