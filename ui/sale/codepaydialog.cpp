// SPDX-License-Identifier: MIT
#include "codepaydialog.h"

#include "cancelquestion.h"
#include "payments/paymentservice.h"
#include "store/orderrepository.h"
#include "yuan.h"

#include <QEvent>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk::ui {

CodePayDialog::CodePayDialog(PaymentService *payments, OrderRepository *orders, const QString &outTradeNo,
                             qint64 amountFen, QWidget *parent)
    : QDialog(parent), m_payments(payments), m_orders(orders), m_outTradeNo(outTradeNo), m_amountFen(amountFen)
{
    setModal(true);
    setMinimumWidth(420);
    auto *layout = new QVBoxLayout(this);
    m_amountLabel = new QLabel(this);
    m_amountLabel->setObjectName(QStringLiteral("codePayAmount"));
    m_amountLabel->setAlignment(Qt::AlignCenter);
    m_amountLabel->setStyleSheet(QStringLiteral("font-size: 36px; font-weight: 600;"));
    layout->addWidget(m_amountLabel);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("codePayStatus"));
    m_statusLabel->setAlignment(Qt::AlignCenter);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setMinimumHeight(72);
    m_statusLabel->setStyleSheet(QStringLiteral("font-size: 18px;"));
    layout->addWidget(m_statusLabel);
    m_transactionLabel = new QLabel(this);
    m_transactionLabel->setObjectName(QStringLiteral("codePayTransaction"));
    m_transactionLabel->setAlignment(Qt::AlignCenter);
    m_transactionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_transactionLabel->setStyleSheet(QStringLiteral("font-size: 14px; color: #555;"));
    m_transactionLabel->hide();
    layout->addWidget(m_transactionLabel);
    m_printReceipt = new QPushButton(this);
    m_printReceipt->setObjectName(QStringLiteral("codePayPrint"));
    m_printReceipt->setMinimumHeight(56);
    m_printReceipt->setAutoDefault(false);
    m_printReceipt->hide();
    layout->addWidget(m_printReceipt);
    connect(m_printReceipt, &QPushButton::clicked, this, [this] { emit receiptRequested(m_outTradeNo); });
    m_button = new QPushButton(this);
    m_button->setObjectName(QStringLiteral("codePayButton"));
    m_button->setMinimumHeight(56);
    m_button->setAutoDefault(false);
    layout->addWidget(m_button);
    connect(m_button, &QPushButton::clicked, this, &CodePayDialog::cancelOrClose);

    connect(m_payments, &PaymentService::saleUpdated, this,
            [this](const QString &no, OrderState state, const QString &, const QString &message) {
                if (no != m_outTradeNo)
                    return;
                m_state = state;
                if (!message.isEmpty())
                    m_message = message;
                refresh();
            });
    connect(m_payments, &PaymentService::saleFinished, this, [this](const QString &no, OrderState state) {
        if (no != m_outTradeNo)
            return;
        m_state = state;
        refresh();
    });
    refresh();
    retranslate();
}

bool CodePayDialog::isSettled() const
{
    return isFinal(m_state);
}

void CodePayDialog::refresh()
{
    // The store has the last word (a signal may carry an older state than it).
    if (const auto order = m_orders->find(m_outTradeNo)) {
        m_state = order->state;
        m_tradeState = order->tradeState;
        m_transactionId = order->transactionId;
    }
    if (isSettled() && m_cancelQuestion)
        m_cancelQuestion->done(QMessageBox::No); // nothing left to cancel
    retranslate();
}

bool CodePayDialog::customerIsPaying() const
{
    return m_state == OrderState::Pending && !m_cancelling;
}

QString CodePayDialog::statusText() const
{
    const bool reversed = m_tradeState == QLatin1String("REVOKED");
    switch (m_state) {
    case OrderState::Created:
        if (m_cancelling)
            return tr("Cancelling: reversing the payment with WeChat Pay…");
        return m_message.isEmpty() ? tr("Sending the payment to WeChat Pay…")
                                   : tr("No answer from WeChat Pay yet; checking whether the customer paid…");
    case OrderState::Pending:
        if (m_cancelling)
            return tr("Cancelling: reversing the payment with WeChat Pay…");
        return tr("The customer is entering the password in WeChat…");
    case OrderState::Paid:
    case OrderState::PartiallyRefunded:
        return tr("Paid. Thank you!");
    case OrderState::Refunded:
        return reversed ? tr("Reversed: the payment went back to the customer.") : tr("Refunded.");
    case OrderState::Closed:
        if (reversed)
            return tr("Reversed: the customer has not been charged.");
        return m_message.isEmpty() ? tr("Not paid: the customer has not been charged.")
                                   : tr("Not paid: %1").arg(m_message);
    case OrderState::Failed:
        return tr("The payment failed; the customer has not been charged. Scan a new payment code to try again.");
    }
    return {};
}

void CodePayDialog::cancelOrClose()
{
    if (isSettled()) {
        done(isPaid(m_state) ? QDialog::Accepted : QDialog::Rejected);
        return;
    }
    if (m_cancelling)
        return;
    m_cancelling = true;
    m_payments->cancel(m_outTradeNo);
    retranslate();
}

void CodePayDialog::reject()
{
    // Esc or the window's close button: the same as Cancel, never a sale left
    // behind; but one stray Esc must not reverse a payment the customer is
    // confirming, so then the cashier is asked first.
    if (customerIsPaying()) {
        askToCancel();
        return;
    }
    cancelOrClose();
}

void CodePayDialog::askToCancel()
{
    if (m_cancelQuestion) {
        m_cancelQuestion->raise();
        return;
    }
    // Without blocking: the sale goes on (and may be paid) while the question is on screen.
    m_cancelQuestion = CancelQuestion::open(
        this, tr("The payment is reversed: the customer is not charged, or gets the money back."), [this] {
            if (!isSettled())
                cancelOrClose();
        });
}

void CodePayDialog::retranslate()
{
    setWindowTitle(tr("Payment code"));
    m_amountLabel->setText(Yuan::format(m_amountFen));
    m_statusLabel->setText(statusText());
    if (isSettled())
        m_button->setText(tr("Done"));
    else
        m_button->setText(m_cancelling ? tr("Cancelling…") : tr("Cancel (reverse)"));
    m_button->setEnabled(isSettled() || !m_cancelling);
    // Paid: Enter is Done (the next customer), the receipt one click away.
    m_button->setDefault(isSettled());
    const bool paid = isPaid(m_state);
    m_transactionLabel->setText(paid && !m_transactionId.isEmpty() ? tr("Transaction ID: %1").arg(m_transactionId)
                                                                   : QString());
    m_transactionLabel->setVisible(!m_transactionLabel->text().isEmpty());
    m_printReceipt->setText(tr("Print receipt"));
    m_printReceipt->setVisible(paid);
}

void CodePayDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace paydesk::ui
