// SPDX-License-Identifier: MIT
#include "refundlookupdialog.h"

#include "payments/paymentterminal.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk::ui {

RefundLookupDialog::RefundLookupDialog(PaymentTerminal *terminal, QWidget *parent)
    : QDialog(parent), m_terminal(terminal)
{
    setObjectName(QStringLiteral("RefundLookupDialog"));

    m_prompt = new QLabel(this);
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setWordWrap(true);
    QFont promptFont = m_prompt->font();
    promptFont.setPointSizeF(promptFont.pointSizeF() * 1.2);
    promptFont.setBold(true);
    m_prompt->setFont(promptFont);

    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("code"));
    m_code->setMinimumHeight(48);
    m_code->setMinimumWidth(420);
    m_code->setClearButtonEnabled(true);
    // A receipt code is about a hundred characters; anything longer is not one.
    m_code->setMaxLength(512);
    QFont codeFont = m_code->font();
    codeFont.setPointSizeF(codeFont.pointSizeF() * 1.3);
    m_code->setFont(codeFont);
    m_prompt->setBuddy(m_code);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_message->hide();

    m_findButton = new QPushButton(this);
    m_findButton->setObjectName(QStringLiteral("findButton"));
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    for (QPushButton *b : { m_findButton, m_cancelButton }) {
        b->setMinimumHeight(48);
        b->setMinimumWidth(140);
    }
    // A scanner's Enter (or the cashier's) looks up, through the default button, once.
    m_findButton->setDefault(true);
    m_cancelButton->setAutoDefault(false);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_findButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_prompt);
    layout->addWidget(m_code);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addLayout(buttons);

    connect(m_findButton, &QPushButton::clicked, this, &RefundLookupDialog::lookUp);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);

    retranslate();
    setMinimumWidth(520);
    m_code->setFocus();
}

void RefundLookupDialog::lookUp()
{
    const QString typed = m_code->text();
    const QString reference = RefundLookup::referenceFrom(typed);
    if (reference.isEmpty()) {
        m_last = {};
        setMessage([] { return tr("Scan the receipt's code or type a number first."); });
        m_code->setFocus();
        return;
    }
    const RefundLookup lookup(m_terminal->orders(), m_terminal->refunds(), m_terminal->profile().mchid);
    m_last = lookup.lookup(typed);
    const OrderRecord order = m_last.order;
    switch (m_last.verdict) {
    case Refundability::Refundable:
        setMessage({});
        emit orderFound(order.outTradeNo);
        accept();
        return;
    case Refundability::NotFound:
        setMessage([reference] {
            return tr("No sale with the number %1 on this till. Check the number, or scan the code on the receipt.")
                .arg(reference);
        });
        break;
    case Refundability::NotPaid:
        setMessage(
            [order] { return tr("Order %1 was not paid, so there is nothing to refund.").arg(order.outTradeNo); });
        break;
    case Refundability::NothingLeft:
        setMessage([order] {
            return tr("Everything paid for order %1 has been refunded or is being refunded.").arg(order.outTradeNo);
        });
        break;
    case Refundability::OtherMerchant:
        setMessage([this, order] {
            return tr("Order %1 belongs to %2: that merchant refunds it from its own WeChat Pay account.")
                .arg(order.outTradeNo, merchantName(order.mchid));
        });
        break;
    }
    // The next scan replaces what is there.
    m_code->setFocus();
    m_code->selectAll();
}

QString RefundLookupDialog::merchantName(const QString &mchid) const
{
    const MerchantProfile &p = m_terminal->profile();
    for (const SubMerchant &s : p.subMerchants) {
        if (s.mchid == mchid && !s.name.isEmpty())
            //: A sub-merchant's name and its merchant ID
            return tr("%1 (%2)").arg(s.name, mchid);
    }
    return mchid;
}

void RefundLookupDialog::setMessage(std::function<QString()> text)
{
    m_messageText = std::move(text);
    m_message->setText(m_messageText ? m_messageText() : QString());
    m_message->setVisible(bool(m_messageText));
}

QString RefundLookupDialog::message() const
{
    return m_messageText ? m_messageText() : QString();
}

void RefundLookupDialog::retranslate()
{
    setWindowTitle(tr("Refund: find the sale"));
    m_prompt->setText(tr("Scan the receipt's code or type the order number / WeChat Pay transaction number"));
    m_code->setPlaceholderText(tr("Receipt code, order number or transaction number"));
    m_findButton->setText(tr("Find"));
    m_cancelButton->setText(tr("Cancel"));
    if (m_messageText)
        m_message->setText(m_messageText());
}

void RefundLookupDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace paydesk::ui
