// SPDX-License-Identifier: MIT
#include "mainwindow.h"

namespace paydesk::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("PayDesk"));
}

} // namespace paydesk::ui
