// SPDX-License-Identifier: MIT
#include "customerpanel.h"

#include "trainingenvironment.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk::ui {

CustomerPanel::CustomerPanel(TrainingEnvironment *training, QWidget *parent)
    : QWidget(parent)
    , m_training(training)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_scan(new QPushButton(this))
    , m_userPaying(new QPushButton(this))
    , m_pay(new QPushButton(this))
    , m_fail(new QPushButton(this))
    , m_abandon(new QPushButton(this))
{
    setObjectName(QStringLiteral("customerPanel"));
    auto *layout = new QVBoxLayout(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_status->setWordWrap(true);
    layout->addWidget(m_title);
    const QList<QPair<QPushButton *, QString>> buttons {
        { m_scan, QStringLiteral("scan") },         { m_userPaying, QStringLiteral("userpaying") },
        { m_pay, QStringLiteral("pay") },           { m_fail, QStringLiteral("fail") },
        { m_abandon, QStringLiteral("abandon") },
    };
    for (const auto &[button, action] : buttons) {
        button->setObjectName(QStringLiteral("customer_") + action);
        button->setMinimumHeight(48);
        button->setFocusPolicy(Qt::NoFocus); // the cashier's keyboard stays on the sale
        connect(button, &QPushButton::clicked, this, [this, action = action] { act(action); });
        layout->addWidget(button);
    }
    m_pay->setStyleSheet(QStringLiteral("QPushButton { background: #1aad19; color: white; font-weight: bold; }"
                                       "QPushButton:disabled { background: #cde9cd; color: #7a7a7a; }"));
    setMinimumWidth(220);
    layout->addWidget(m_status);
    layout->addStretch();
    retranslate();
    updateButtons();
}

void CustomerPanel::setOrder(const QString &outTradeNo, bool combined)
{
    m_outTradeNo = outTradeNo;
    m_combined = combined;
    m_status->clear();
    updateButtons();
}

void CustomerPanel::act(const QString &action)
{
    if (m_outTradeNo.isEmpty())
        return;
    auto done = m_training->customer(action, m_outTradeNo, m_combined);
    m_status->setText(done ? tr("Done.") : done.error().message);
}

void CustomerPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CustomerPanel::retranslate()
{
    m_title->setText(tr("Training customer"));
    m_scan->setText(tr("Scan the QR code"));
    m_userPaying->setText(tr("Enter password slowly"));
    m_pay->setText(tr("Pay"));
    m_fail->setText(tr("Payment fails"));
    m_abandon->setText(tr("Walk away"));
    m_status->setToolTip(tr("What the pretend customer last did"));
    if (m_outTradeNo.isEmpty())
        m_status->setText(tr("Charge an amount: the customer acts on the QR code on screen."));
}

void CustomerPanel::updateButtons()
{
    for (QPushButton *button : { m_scan, m_userPaying, m_pay, m_fail, m_abandon })
        button->setEnabled(!m_outTradeNo.isEmpty());
    if (m_outTradeNo.isEmpty())
        retranslate();
}

} // namespace paydesk::ui
