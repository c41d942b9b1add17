// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>
#include <functional>

class QMessageBox;
class QWidget;

namespace paydesk::ui {

// "The customer is already paying. Cancel the sale anyway?", asked by the QR
// and code-pay dialogs when Esc comes while the customer confirms: opened
// without blocking (the sale goes on, and may be paid, while it is on
// screen), "Keep waiting" the default and the Esc answer. `consequence` says
// what cancelling does in that kind of sale; `cancel` runs only if the
// cashier confirms. Deletes itself when answered.
class CancelQuestion
{
    Q_DECLARE_TR_FUNCTIONS(paydesk::ui::CancelQuestion)

public:
    static QMessageBox *open(QWidget *parent, const QString &consequence, const std::function<void()> &cancel);
};

} // namespace paydesk::ui
