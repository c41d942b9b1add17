// SPDX-License-Identifier: MIT
#include "cancelquestion.h"

#include <QMessageBox>
#include <QPushButton>

namespace paydesk::ui {

QMessageBox *CancelQuestion::open(QWidget *parent, const QString &consequence, const std::function<void()> &cancel)
{
    auto *question = new QMessageBox(QMessageBox::Question, tr("Cancel the sale?"),
                                     tr("The customer is already paying. Cancel the sale anyway?"),
                                     QMessageBox::Yes | QMessageBox::No, parent);
    question->setObjectName(QStringLiteral("cancelWhilePayingQuestion"));
    question->setInformativeText(consequence);
    question->button(QMessageBox::Yes)->setText(tr("Cancel the sale"));
    question->button(QMessageBox::No)->setText(tr("Keep waiting"));
    question->setDefaultButton(QMessageBox::No);
    question->setEscapeButton(QMessageBox::No);
    question->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(question, &QMessageBox::finished, question, [question, cancel] {
        if (question->clickedButton() == question->button(QMessageBox::Yes))
            cancel();
    });
    question->open();
    return question;
}

} // namespace paydesk::ui
