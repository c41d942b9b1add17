// SPDX-License-Identifier: MIT
#include "refunddialog.h"

#include "config/pinvault.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "sale/yuan.h"
#include "settings/pindialog.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcRefundUi, "paydesk.ui.refund")

namespace paydesk::ui {

namespace {

// WeChat Pay's limit for the reason shown to the customer.
constexpr int MaxReasonLength = 80;

QLabel *valueLabel(const QString &name, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QPushButton *bigButton(const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(name);
    b->setMinimumHeight(48);
    b->setMinimumWidth(140);
    return b;
}

} // namespace

RefundDialog::RefundDialog(PaymentTerminal *terminal, PinVault *pins, const QString &outTradeNo, QWidget *parent)
    : QDialog(parent), m_terminal(terminal), m_pins(pins), m_outTradeNo(outTradeNo)
{
    setObjectName(QStringLiteral("RefundDialog"));
    auto *layout = new QVBoxLayout(this);
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages);

    // --- The form -----------------------------------------------------------
    auto *form = new QWidget(m_pages);
    form->setObjectName(QStringLiteral("formPage"));
    auto *formLayout = new QVBoxLayout(form);
    m_heading = new QLabel(form);
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    formLayout->addWidget(m_heading);

    auto *facts = new QFormLayout;
    m_orderLabel = new QLabel(form);
    m_orderValue = valueLabel(QStringLiteral("orderValue"), form);
    m_orderValue->setWordWrap(true);
    m_amountLabel = new QLabel(form);
    m_amountValue = valueLabel(QStringLiteral("amountValue"), form);
    m_paidLabel = new QLabel(form);
    m_paidValue = valueLabel(QStringLiteral("paidValue"), form);
    m_refundedLabel = new QLabel(form);
    m_refundedValue = valueLabel(QStringLiteral("refundedValue"), form);
    m_subOrderLabel = new QLabel(form);
    m_subOrder = new QComboBox(form);
    m_subOrder->setObjectName(QStringLiteral("subOrder"));
    m_subOrder->setMinimumHeight(48);
    m_remainderLabel = new QLabel(form);
    m_remainderValue = valueLabel(QStringLiteral("remainderValue"), form);
    QFont remainderFont = m_remainderValue->font();
    remainderFont.setBold(true);
    m_remainderValue->setFont(remainderFont);
    facts->addRow(m_orderLabel, m_orderValue);
    facts->addRow(m_amountLabel, m_amountValue);
    facts->addRow(m_paidLabel, m_paidValue);
    facts->addRow(m_refundedLabel, m_refundedValue);
    facts->addRow(m_subOrderLabel, m_subOrder);
    facts->addRow(m_remainderLabel, m_remainderValue);

    m_howMuchLabel = new QLabel(form);
    auto *howMuchRow = new QHBoxLayout;
    m_full = new QRadioButton(form);
    m_full->setObjectName(QStringLiteral("full"));
    m_partial = new QRadioButton(form);
    m_partial->setObjectName(QStringLiteral("partial"));
    for (QRadioButton *r : {m_full, m_partial})
        r->setMinimumHeight(48);
    m_howMuch = new QButtonGroup(this);
    m_howMuch->addButton(m_full);
    m_howMuch->addButton(m_partial);
    m_full->setChecked(true);
    howMuchRow->addWidget(m_full);
    howMuchRow->addWidget(m_partial);
    howMuchRow->addStretch(1);
    facts->addRow(m_howMuchLabel, howMuchRow);

    m_yuanLabel = new QLabel(form);
    m_amount = new QLineEdit(form);
    m_amount->setObjectName(QStringLiteral("amount"));
    m_amount->setMinimumHeight(48);
    m_amount->setMaxLength(14);
    QFont amountFont = m_amount->font();
    amountFont.setPointSizeF(amountFont.pointSizeF() * 1.5);
    m_amount->setFont(amountFont);
    facts->addRow(m_yuanLabel, m_amount);

    m_reasonLabel = new QLabel(form);
    m_reason = new QLineEdit(form);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setMinimumHeight(48);
    m_reason->setMaxLength(MaxReasonLength);
    facts->addRow(m_reasonLabel, m_reason);
    formLayout->addLayout(facts);

    m_problemLabel = new QLabel(form);
    m_problemLabel->setObjectName(QStringLiteral("problem"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    formLayout->addWidget(m_problemLabel);
    formLayout->addStretch(1);

    auto *formButtons = new QHBoxLayout;
    m_cancelButton = bigButton(QStringLiteral("cancelButton"), form);
    m_refundButton = bigButton(QStringLiteral("refundButton"), form);
    // Enter in the amount or reason field asks for the refund (through the default button, once).
    m_refundButton->setDefault(true);
    formButtons->addStretch(1);
    formButtons->addWidget(m_cancelButton);
    formButtons->addWidget(m_refundButton);
    formLayout->addLayout(formButtons);
    m_pages->addWidget(form);

    // --- Progress -----------------------------------------------------------
    auto *progress = new QWidget(m_pages);
    progress->setObjectName(QStringLiteral("progressPage"));
    auto *progressLayout = new QVBoxLayout(progress);
    m_statusLabel = new QLabel(progress);
    m_statusLabel->setObjectName(QStringLiteral("statusText"));
    m_statusLabel->setFont(headingFont);
    m_statusLabel->setWordWrap(true);
    m_explanationLabel = new QLabel(progress);
    m_explanationLabel->setObjectName(QStringLiteral("explanation"));
    m_explanationLabel->setWordWrap(true);
    m_refundNoLabel = valueLabel(QStringLiteral("refundNo"), progress);
    progressLayout->addWidget(m_statusLabel);
    progressLayout->addWidget(m_explanationLabel);
    progressLayout->addWidget(m_refundNoLabel);
    progressLayout->addStretch(1);
    auto *progressButtons = new QHBoxLayout;
    m_receiptButton = bigButton(QStringLiteral("receiptButton"), progress);
    m_closeButton = bigButton(QStringLiteral("closeButton"), progress);
    progressButtons->addStretch(1);
    progressButtons->addWidget(m_receiptButton);
    progressButtons->addWidget(m_closeButton);
    progressLayout->addLayout(progressButtons);
    m_pages->addWidget(progress);

    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_refundButton, &QPushButton::clicked, this, &RefundDialog::requestRefund);
    connect(m_receiptButton, &QPushButton::clicked, this, [this] { emit refundReceiptRequested(m_outRefundNo); });
    connect(m_subOrder, &QComboBox::currentIndexChanged, this, [this] {
        m_full->setChecked(true);
        setProblem({});
        updateForm();
    });
    connect(m_howMuch, &QButtonGroup::buttonClicked, this, [this] {
        updateForm();
        if (m_partial->isChecked()) {
            m_amount->setFocus();
            m_amount->selectAll();
        }
    });
    connect(m_amount, &QLineEdit::textEdited, this, [this] { setProblem({}); });
    connect(m_reason, &QLineEdit::textEdited, this, [this] { setProblem({}); });
    connect(terminal->refundService(), &RefundService::refundUpdated, this, &RefundDialog::onRefundUpdated);

    load();
    retranslate();
    setMinimumWidth(560);
    m_reason->setFocus();
}

RefundDialog::~RefundDialog() = default;

void RefundDialog::load()
{
    m_targets.clear();
    const auto order = m_terminal->orders()->find(m_outTradeNo);
    m_found = order.has_value();
    if (!m_found)
        return;
    m_order = *order;
    // The store refuses a refund on the combined order itself: its sub-orders are refunded.
    const QList<OrderRecord> parts = m_order.kind == OrderKind::Combine ? m_terminal->orders()->subOrders(m_order.id)
                                                                        : QList<OrderRecord>{m_order};
    for (const OrderRecord &part : parts) {
        Target t;
        t.order = part;
        // A sub-merchant's sub-order is refunded with that merchant's own key,
        // which this till does not hold.
        t.ownMerchant = part.kind != OrderKind::SubOrder || part.mchid == m_terminal->profile().mchid;
        if (isPaid(part.state)) {
            if (auto r = m_terminal->refunds()->refundableRemainder(part.outTradeNo))
                t.remainder = qMax<qint64>(0, *r);
        }
        m_targets << t;
    }
    // The first sub-order that can be refunded here is the likely one.
    int first = 0;
    for (int i = 0; i < m_targets.size(); ++i) {
        if (m_targets.at(i).ownMerchant && m_targets.at(i).remainder > 0) {
            first = i;
            break;
        }
    }
    const QSignalBlocker block(m_subOrder);
    m_subOrder->clear();
    for (int i = 0; i < m_targets.size(); ++i)
        m_subOrder->addItem(QString(), i);
    m_subOrder->setCurrentIndex(first);
}

QString RefundDialog::merchantName(const QString &mchid) const
{
    const MerchantProfile &p = m_terminal->profile();
    if (mchid == p.mchid)
        return p.storeName.isEmpty() ? mchid : p.storeName;
    for (const SubMerchant &s : p.subMerchants) {
        if (s.mchid == mchid && !s.name.isEmpty())
            return s.name;
    }
    return mchid;
}

const RefundDialog::Target *RefundDialog::selected() const
{
    const int i = m_subOrder->currentData().toInt();
    if (m_targets.isEmpty() || i < 0 || i >= m_targets.size())
        return nullptr;
    return &m_targets.at(i);
}

QString RefundDialog::refundedOrder() const
{
    const Target *t = selected();
    return t ? t->order.outTradeNo : QString();
}

qint64 RefundDialog::remainder() const
{
    const Target *t = selected();
    return t ? t->remainder : 0;
}

void RefundDialog::retranslate()
{
    setWindowTitle(tr("Refund"));
    m_heading->setText(tr("Refund to the customer"));
    m_orderLabel->setText(tr("Order"));
    m_amountLabel->setText(tr("Amount"));
    m_paidLabel->setText(tr("Paid"));
    m_refundedLabel->setText(tr("Already refunded"));
    m_subOrderLabel->setText(tr("Sub-order"));
    m_howMuchLabel->setText(tr("Refund"));
    m_full->setText(tr("Full remainder"));
    m_partial->setText(tr("Part of it"));
    m_yuanLabel->setText(tr("Amount (yuan)"));
    m_reasonLabel->setText(tr("Reason"));
    m_reason->setPlaceholderText(tr("Shown to the customer, e.g. \"Returned goods\""));
    m_cancelButton->setText(tr("Cancel"));
    m_refundButton->setText(tr("Refund…"));
    m_receiptButton->setText(tr("Print refund receipt"));
    m_closeButton->setText(tr("Close"));

    for (int i = 0; i < m_targets.size() && i < m_subOrder->count(); ++i) {
        const Target &t = m_targets.at(i);
        QString text = tr("%1 · %2 · %3 · refundable %4")
                           .arg(t.order.outTradeNo, merchantName(t.order.mchid), Yuan::format(t.order.amountTotal),
                                Yuan::format(t.remainder));
        if (!t.ownMerchant)
            text = tr("%1 · %2 · refunded by that merchant").arg(t.order.outTradeNo, merchantName(t.order.mchid));
        m_subOrder->setItemText(i, text);
        // Shown, so the manager sees the whole sale, but not selectable.
        if (auto *model = qobject_cast<QStandardItemModel *>(m_subOrder->model())) {
            if (QStandardItem *item = model->item(i))
                item->setEnabled(t.ownMerchant);
        }
    }
    updateForm();
    showStatus();
}

void RefundDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void RefundDialog::updateForm()
{
    const bool combined = m_order.kind == OrderKind::Combine;
    m_subOrderLabel->setVisible(combined);
    m_subOrder->setVisible(combined);
    m_remainderLabel->setText(combined ? tr("Refundable (this sub-order)") : tr("Refundable"));

    if (!m_found) {
        m_orderValue->setText(m_outTradeNo);
        for (QLabel *l : {m_amountValue, m_paidValue, m_refundedValue, m_remainderValue})
            l->setText(QStringLiteral("—"));
        m_refundButton->setEnabled(false);
        setProblem([this] { return tr("Order %1 is not in this till's records.").arg(m_outTradeNo); });
        return;
    }

    m_orderValue->setText(m_order.description.isEmpty() ? m_order.outTradeNo
                                                         : QStringLiteral("%1\n%2").arg(m_order.outTradeNo, m_order.description));
    m_amountValue->setText(Yuan::format(m_order.amountTotal));
    if (isPaid(m_order.state)) {
        const qint64 paid = m_order.payerTotal.value_or(m_order.amountTotal);
        m_paidValue->setText(paid == m_order.amountTotal
                                 ? Yuan::format(paid)
                                 : tr("%1 (customer paid %2 after discounts)")
                                       .arg(Yuan::format(m_order.amountTotal), Yuan::format(paid)));
    } else {
        m_paidValue->setText(tr("Not paid"));
    }
    qint64 refunded = 0;
    qint64 inFlight = 0;
    for (const Target &t : std::as_const(m_targets)) {
        refunded += t.order.refundedTotal;
        if (isPaid(t.order.state))
            inFlight += qMax<qint64>(0, t.order.amountTotal - t.order.refundedTotal - t.remainder);
    }
    m_refundedValue->setText(inFlight > 0 ? tr("%1 (%2 on the way)").arg(Yuan::format(refunded), Yuan::format(inFlight))
                                          : Yuan::format(refunded));

    const Target *t = selected();
    const qint64 left = t ? t->remainder : 0;
    m_remainderValue->setText(Yuan::format(left));
    const bool refundable = t && t->ownMerchant && left > 0;
    if (m_full->isChecked())
        m_amount->setText(Yuan::plain(left));
    m_amount->setReadOnly(m_full->isChecked());
    m_amount->setEnabled(refundable);
    m_full->setEnabled(refundable);
    m_partial->setEnabled(refundable);
    m_reason->setEnabled(refundable);
    m_refundButton->setEnabled(refundable && m_status.isEmpty());

    if (!isPaid(m_order.state)) {
        setProblem([] { return tr("This order was not paid, so there is nothing to refund."); });
    } else if (t && !t->ownMerchant) {
        setProblem([this] {
            return tr("This sub-order belongs to %1: that merchant refunds it from its own WeChat Pay account.")
                .arg(merchantName(selected() ? selected()->order.mchid : QString()));
        });
    } else if (!refundable) {
        setProblem([] { return tr("Everything paid for this order has been refunded or is being refunded."); });
    }
}

qint64 RefundDialog::enteredAmount(QString *why) const
{
    Yuan::Problem problem = Yuan::Problem::None;
    const qint64 fen = Yuan::parse(m_amount->text(), &problem);
    if (fen < 0)
        *why = Yuan::problemText(problem);
    return fen;
}

void RefundDialog::requestRefund()
{
    if (!m_status.isEmpty() || (m_pinDialog && m_pinDialog->isVisible()))
        return; // one refund per dialog: Enter twice never sends two
    const Target *t = selected();
    if (!t || !t->ownMerchant || t->remainder <= 0 || !isPaid(t->order.state))
        return;

    // Everything is checked here, before the PIN and before a byte is sent.
    QString why;
    const qint64 amount = enteredAmount(&why);
    if (amount < 0) {
        setProblem([why] { return why; });
        m_amount->setFocus();
        return;
    }
    if (amount > t->remainder) {
        const qint64 left = t->remainder;
        setProblem([left] {
            return tr("At most %1 can be refunded: that is what is left of this payment.").arg(Yuan::format(left));
        });
        m_amount->setFocus();
        return;
    }
    const QString reason = m_reason->text().trimmed();
    if (reason.isEmpty()) {
        setProblem([] { return tr("Enter a reason: WeChat Pay shows it to the customer."); });
        m_reason->setFocus();
        return;
    }
    if (reason.size() > MaxReasonLength) {
        setProblem([] { return tr("The reason may have at most %1 characters.").arg(MaxReasonLength); });
        m_reason->setFocus();
        return;
    }
    setProblem({});

    if (!PinDialog::isGuarded(m_pins, PinVault::managerRole())) {
        send(PinVault::managerRole());
        return;
    }
    m_pinDialog = new PinDialog(m_pins, PinVault::managerRole(),
                                tr("Refund %1 for order %2").arg(Yuan::format(amount), t->order.outTradeNo), this);
    m_pinDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_pinDialog, &QDialog::finished, this, [this, dialog = m_pinDialog](int result) {
        if (result == QDialog::Accepted) {
            send(dialog->authorisedAs());
        } else {
            setProblem([] { return tr("Not refunded: the manager PIN was not confirmed."); });
        }
    });
    m_pinDialog->open();
}

void RefundDialog::send(const QString &actor)
{
    const Target *t = selected();
    QString why;
    const qint64 amount = enteredAmount(&why);
    if (!t || amount <= 0)
        return;
    const QString notifyUrl = m_terminal->listener() ? m_terminal->profile().notifyUrl : QString();
    // The store checks the remainder again in the same transaction as the insert:
    // another till refunding this order meanwhile cannot push it over.
    auto started = m_terminal->refundService()->refund(t->order.outTradeNo, amount, m_reason->text().trimmed(), actor,
                                                       notifyUrl);
    if (!started) {
        const Error error = started.error();
        qCWarning(lcRefundUi) << "refund refused by the store:" << error.code;
        load();
        retranslate();
        if (error.code == QLatin1String("over_refund")) {
            setProblem([this] {
                return tr("At most %1 can be refunded: that is what is left of this payment.").arg(Yuan::format(remainder()));
            });
        } else {
            setProblem([error] { return tr("The refund was not stored: %1").arg(error.message); });
        }
        return;
    }
    m_outRefundNo = *started;
    m_sentAmount = amount;
    if (m_status.isEmpty())
        m_status = QStringLiteral("Created");
    m_pages->setCurrentIndex(1);
    m_closeButton->setFocus();
    showStatus();
}

void RefundDialog::onRefundUpdated(const QString &outRefundNo, const QString &status, const QString &message)
{
    if (outRefundNo != m_outRefundNo || m_outRefundNo.isEmpty())
        return;
    m_status = status;
    m_statusMessage = message;
    showStatus();
}

void RefundDialog::showStatus()
{
    m_receiptButton->setVisible(m_status == QLatin1String("SUCCESS"));
    if (m_status.isEmpty())
        return;
    const QString amount = Yuan::format(m_sentAmount);
    m_refundNoLabel->setText(tr("Refund number: %1").arg(m_outRefundNo));
    QString headline;
    QString text;
    if (m_status == QLatin1String("SUCCESS")) {
        headline = tr("Refunded %1").arg(amount);
        text = tr("The money went back to the customer's WeChat Pay (their balance or the bank card they paid with)."
                  " It usually shows there within minutes; a bank card can take a few working days.");
    } else if (m_status == QLatin1String("CLOSED")) {
        headline = tr("Refund closed: no money moved");
        text = tr("WeChat Pay closed this refund without paying it out. The amount can be refunded again.");
    } else if (m_status == QLatin1String("ABNORMAL")) {
        headline = tr("Refund held: the customer's account could not take the money");
        text = tr("WeChat Pay accepted the refund, but the customer's bank card or account could not receive it "
                  "(for example, the card was cancelled). The money is held, not lost. Ask the customer to contact "
                  "WeChat Pay support, or send it to them another way from the WeChat Pay merchant platform. "
                  "The refund stays in the list of unresolved refunds until it is settled.");
    } else if (m_status == QLatin1String("REJECTED")) {
        headline = tr("Refund refused: no money moved");
        text = tr("WeChat Pay did not accept the refund (%1). Nothing was paid out; the amount can be refunded again "
                  "once the cause is fixed.")
                   .arg(m_statusMessage);
    } else {
        headline = tr("Refunding %1…").arg(amount);
        text = m_status == QLatin1String("PROCESSING")
            ? tr("WeChat Pay accepted the refund and is paying it out. This usually takes seconds, sometimes minutes. "
                 "You may close this window: PayDesk keeps following the refund.")
            : tr("Sending the refund to WeChat Pay… It is already recorded, so closing this window loses nothing.");
    }
    m_statusLabel->setText(headline);
    m_explanationLabel->setText(text);
}

void RefundDialog::setProblem(std::function<QString()> text)
{
    m_problemText = std::move(text);
    m_problemLabel->setText(m_problemText ? m_problemText() : QString());
    m_problemLabel->setVisible(bool(m_problemText));
}

QString RefundDialog::problem() const
{
    return m_problemText ? m_problemText() : QString();
}

QString RefundDialog::status() const
{
    return m_status;
}

QString RefundDialog::statusText() const
{
    return m_statusLabel->text();
}

QString RefundDialog::explanation() const
{
    return m_explanationLabel->text();
}

} // namespace paydesk::ui
