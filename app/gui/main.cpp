// SPDX-License-Identifier: MIT
// paydesk: the cashier application.
#include "shell/mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PayDesk"));
    QApplication::setApplicationName(QStringLiteral("paydesk"));
    QApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));
    paydesk::ui::MainWindow window;
    window.show();
    return app.exec();
}
