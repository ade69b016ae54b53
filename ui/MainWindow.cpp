#include "MainWindow.h"

#include <QLabel>

namespace ib::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Image Builder"));
    resize(1100, 700);
    auto *placeholder = new QLabel(tr("Image templates"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
}

MainWindow::~MainWindow() = default;

}  // namespace ib::ui
