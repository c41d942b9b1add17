// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

namespace paydesk::ui {

// The cashier's window: charge screen, history, status bar, training banner.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace paydesk::ui
