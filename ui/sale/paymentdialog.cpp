// SPDX-License-Identifier: MIT
#include "paymentdialog.h"

#include "cancelquestion.h"
#include "customerdisplay.h"
#include "clock.h"
#include "payments/paymentservice.h"
#include "qrcodewidget.h"
#include "reconcile/chinaday.h"
#include "store/orderrepository.h"
#include "symbols.h"
#include "yuan.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <memory>

namespace paydesk::ui {

Q_LOGGING_CATEGORY(lcPaymentDialog, "paydesk.ui.payment")

namespace {

QLabel *makeLabel(QWidget *parent, const QString &style, const QString &objectName = {})
{
    auto *l = new QLabel(parent);
    l->setAlignment(Qt::AlignCenter);
    l->setWordWrap(true);
    l->setStyleSheet(style);
    if (!objectName.isEmpty())
        l->setObjectName(objectName);
    return l;
}

QPushButton *makeButton(QWidget *parent, const QString &objectName, bool primary = false)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(objectName);
    b->setMinimumHeight(56);
    b->setMinimumWidth(150);
    // Only the button made default on purpose answers Enter: a second Enter
    // from the charge screen must never cancel, retry or print by accident.
    b->setAutoDefault(false);
    b->setStyleSheet(primary ? QStringLiteral("QPushButton { font-size: 20px; font-weight: 600; background: #07c160;"
                                              " color: white; border: none; border-radius: 8px; padding: 0 18px; }"
                                              "QPushButton:pressed { background: #06a552; }")
                             : QStringLiteral("QPushButton { font-size: 18px; padding: 0 18px; }"));
    return b;
}

QString mmss(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    return QStringLiteral("%1:%2")
        .arg(seconds / 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

PaymentDialog::PaymentDialog(PaymentService *payments, OrderRepository *orders, Clock *clock, const QString &outTradeNo,
                             const QString &merchantName, QWidget *parent)
    : QDialog(parent), m_payments(payments), m_orders(orders), m_clock(clock), m_outTradeNo(outTradeNo),
      m_merchantName(merchantName)
{
    setObjectName(QStringLiteral("paymentDialog"));
    setModal(true);
    setMinimumSize(560, 700);

    m_pages = new QStackedWidget(this);
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(24, 20, 24, 20);
    root->addWidget(m_pages);

    // Waiting for the payment.
    m_pendingPage = new QWidget(m_pages);
    m_pendingPage->setObjectName(QStringLiteral("pendingPage"));
    {
        auto *v = new QVBoxLayout(m_pendingPage);
        v->setSpacing(8);
        m_merchantLabel
            = makeLabel(m_pendingPage, QStringLiteral("font-size: 18px; color: #555;"), QStringLiteral("merchant"));
        m_merchantLabel->setText(merchantName);
        m_amountLabel = makeLabel(m_pendingPage, QStringLiteral("font-size: 52px; font-weight: 700; color: #111;"),
                                  QStringLiteral("amount"));
        m_qr = new QrCodeWidget(m_pendingPage);
        m_qr->setObjectName(QStringLiteral("qr"));
        m_qr->setMinimumSize(320, 320);
        m_elsewhereLabel = makeLabel(m_pendingPage, QStringLiteral("font-size: 16px; color: #07a050;"),
                                     QStringLiteral("qrElsewhere"));
        m_elsewhereLabel->hide();
        m_statusLabel = makeLabel(m_pendingPage, QStringLiteral("font-size: 22px; font-weight: 600; color: #222;"),
                                  QStringLiteral("status"));
        m_statusLabel->setMinimumHeight(36);
        m_detailLabel = makeLabel(m_pendingPage, QStringLiteral("font-size: 14px; color: #8a5a00;"),
                                  QStringLiteral("statusDetail"));
        m_detailLabel->setMaximumHeight(44);
        m_detailLabel->hide();
        m_countdownLabel
            = makeLabel(m_pendingPage, QStringLiteral("font-size: 18px; color: #555;"), QStringLiteral("countdown"));
        auto *buttons = new QHBoxLayout;
        m_printSlip = makeButton(m_pendingPage, QStringLiteral("printSlipButton"));
        m_cancel = makeButton(m_pendingPage, QStringLiteral("cancelButton"));
        buttons->addWidget(m_printSlip);
        buttons->addStretch(1);
        buttons->addWidget(m_cancel);
        v->addWidget(m_merchantLabel);
        v->addWidget(m_amountLabel);
        v->addWidget(m_qr, 1, Qt::AlignHCenter);
        v->addWidget(m_elsewhereLabel);
        v->addWidget(m_statusLabel);
        v->addWidget(m_detailLabel);
        v->addWidget(m_countdownLabel);
        v->addSpacing(8);
        v->addLayout(buttons);
    }
    m_pages->addWidget(m_pendingPage);

    // Paid.
    m_paidPage = new QWidget(m_pages);
    m_paidPage->setObjectName(QStringLiteral("paidPage"));
    {
        auto *v = new QVBoxLayout(m_paidPage);
        auto *tick = makeLabel(m_paidPage, QStringLiteral("font-size: 140px; font-weight: 700; color: #07c160;"));
        tick->setText(QStringLiteral("✓"));
        m_paidTitle = makeLabel(m_paidPage, QStringLiteral("font-size: 34px; font-weight: 700; color: #07a050;"),
                                QStringLiteral("paidTitle"));
        m_paidAmount = makeLabel(m_paidPage, QStringLiteral("font-size: 52px; font-weight: 700; color: #111;"),
                                 QStringLiteral("paidAmount"));
        m_paidTransaction
            = makeLabel(m_paidPage, QStringLiteral("font-size: 16px; color: #555;"), QStringLiteral("transactionId"));
        m_paidTransaction->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *buttons = new QHBoxLayout;
        m_printReceipt = makeButton(m_paidPage, QStringLiteral("printReceiptButton"));
        m_done = makeButton(m_paidPage, QStringLiteral("doneButton"), true);
        buttons->addWidget(m_printReceipt);
        buttons->addStretch(1);
        buttons->addWidget(m_done);
        v->addStretch(1);
        v->addWidget(tick);
        v->addWidget(m_paidTitle);
        v->addWidget(m_paidAmount);
        v->addWidget(m_paidTransaction);
        v->addStretch(1);
        v->addLayout(buttons);
    }
    m_pages->addWidget(m_paidPage);

    // Closed or failed: final and unpaid.
    m_unpaidPage = new QWidget(m_pages);
    m_unpaidPage->setObjectName(QStringLiteral("unpaidPage"));
    {
        auto *v = new QVBoxLayout(m_unpaidPage);
        m_unpaidSymbol = makeLabel(m_unpaidPage, QStringLiteral("font-size: 110px; color: #c62828;"));
        m_unpaidTitle = makeLabel(m_unpaidPage, QStringLiteral("font-size: 30px; font-weight: 700; color: #222;"),
                                  QStringLiteral("unpaidTitle"));
        m_unpaidDetail
            = makeLabel(m_unpaidPage, QStringLiteral("font-size: 18px; color: #444;"), QStringLiteral("unpaidDetail"));
        auto *buttons = new QHBoxLayout;
        m_newQr = makeButton(m_unpaidPage, QStringLiteral("newQrButton"), true);
        m_close = makeButton(m_unpaidPage, QStringLiteral("closeButton"));
        buttons->addWidget(m_newQr);
        buttons->addStretch(1);
        buttons->addWidget(m_close);
        v->addStretch(1);
        v->addWidget(m_unpaidSymbol);
        v->addWidget(m_unpaidTitle);
        v->addWidget(m_unpaidDetail);
        v->addStretch(1);
        v->addLayout(buttons);
    }
    m_pages->addWidget(m_unpaidPage);

    connect(m_cancel, &QPushButton::clicked, this, &PaymentDialog::cancelSale);
    connect(m_printSlip, &QPushButton::clicked, this, &PaymentDialog::printSlipInteractive);
    connect(m_printReceipt, &QPushButton::clicked, this, [this] { emit receiptRequested(m_outTradeNo); });
    connect(m_done, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_newQr, &QPushButton::clicked, this, &PaymentDialog::retry);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);

    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &PaymentDialog::tick);

    if (m_payments) {
        connect(m_payments, &PaymentService::saleUpdated, this, &PaymentDialog::onSaleUpdated);
        connect(m_payments, &PaymentService::saleFinished, this, &PaymentDialog::onSaleFinished);
    }

    // The sale may have moved on before this dialog existed (a fast create
    // answer): start from what the store says now.
    const auto order = m_orders ? m_orders->find(m_outTradeNo) : std::nullopt;
    if (order) {
        m_amountFen = order->amountTotal;
        m_expiresAt = order->expiresAt;
        m_state = order->state;
        m_transactionId = order->transactionId;
        setCodeUrl(order->codeUrl);
        m_status = order->state == OrderState::Created         ? Status::Preparing
            : order->tradeState == QLatin1String("USERPAYING") ? Status::Paying
                                                               : Status::Waiting;
    } else {
        qCWarning(lcPaymentDialog) << "order" << m_outTradeNo << "is not in the store";
        m_status = Status::Missing;
    }
    retranslate();
    if (order && isFinal(order->state)) {
        finish(order->state);
    } else {
        tick();
        m_timer->start();
    }
}

PaymentDialog::~PaymentDialog() = default;

QString PaymentDialog::statusText() const
{
    return m_statusLabel->text();
}

QString PaymentDialog::countdownText() const
{
    if (m_finished || !m_expiresAt.isValid() || !m_clock)
        return {};
    return mmss(m_clock->now().secsTo(m_expiresAt));
}

QString PaymentDialog::qrPayload() const
{
    return m_qr->payload();
}

void PaymentDialog::setCustomerDisplay(CustomerDisplay *display)
{
    m_display = display;
    if (m_display)
        m_display->setClock(m_clock);
    updateQrPlacement();
    updateCustomerDisplay();
}

void PaymentDialog::updateQrPlacement()
{
    const bool elsewhere = m_display && m_display->isShownApartFrom(this);
    m_elsewhereLabel->setVisible(elsewhere);
    // Cashier keeps a small copy (to print or to point at); the big one faces the customer.
    m_qr->setMinimumSize(elsewhere ? QSize(160, 160) : QSize(320, 320));
    m_qr->setMaximumSize(elsewhere ? QSize(200, 200) : QSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX));
}

void PaymentDialog::updateCustomerDisplay()
{
    if (!m_display)
        return;
    if (m_finished) {
        if (isPaid(m_state))
            m_display->showPaid(m_amountFen);
        else if (m_state == OrderState::Closed && !m_cancelling && m_closedByExpiry)
            m_display->showExpired();
        else
            m_display->showCancelled();
        return;
    }
    if (m_qr->payload().isEmpty())
        return; // nothing the customer can do yet
    if (m_display->stage() != CustomerDisplay::Stage::Payment && m_display->stage() != CustomerDisplay::Stage::Paying)
        m_display->showPayment(m_amountFen, m_qr->payload(), m_expiresAt);
    else if (m_display->payload() != m_qr->payload())
        m_display->showPayment(m_amountFen, m_qr->payload(), m_expiresAt);
    if (m_status == Status::Paying)
        m_display->showPaying();
}

void PaymentDialog::setCodeUrl(const QString &codeUrl)
{
    if (codeUrl.isEmpty() || codeUrl == m_qr->payload())
        return;
    m_qr->setPayload(codeUrl);
    m_printSlip->setEnabled(true);
}

void PaymentDialog::onSaleUpdated(const QString &outTradeNo, OrderState state, const QString &codeUrl,
                                  const QString &message)
{
    if (outTradeNo != m_outTradeNo || m_finished)
        return;
    m_state = state;
    setCodeUrl(codeUrl);
    if (isFinal(state)) {
        finish(state);
        return;
    }
    if (state == OrderState::Created) {
        // No answer to the create call yet: the service keeps asking with the same out_trade_no.
        m_message = message;
        m_status = message.isEmpty() ? Status::Preparing : Status::Unreachable;
    } else if (message == QLatin1String("USERPAYING")) {
        m_status = Status::Paying;
    } else {
        m_status = Status::Waiting;
    }
    retranslate();
    updateCustomerDisplay();
}

void PaymentDialog::onSaleFinished(const QString &outTradeNo, OrderState state)
{
    if (outTradeNo != m_outTradeNo)
        return;
    finish(state);
}

void PaymentDialog::finish(OrderState state)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    if (m_cancelQuestion)
        m_cancelQuestion->done(QMessageBox::No); // nothing left to cancel
    // The store is the truth: it has the transaction id and the final state
    // even when the signal carried less.
    if (const auto order = m_orders ? m_orders->find(m_outTradeNo) : std::nullopt) {
        m_state = order->state;
        m_transactionId = order->transactionId;
        m_amountFen = order->amountTotal;
    } else {
        m_state = state;
    }
    m_closedByExpiry = m_expiresAt.isValid() && m_clock && m_clock->now() >= m_expiresAt;
    m_status = Status::Final;
    m_pages->setCurrentWidget(isPaid(m_state) ? m_paidPage : m_unpaidPage);
    // Enter: Done after a payment (the next sale), Close otherwise (never "New QR code").
    if (isPaid(m_state)) {
        m_done->setDefault(true);
        m_done->setFocus();
    } else {
        m_close->setDefault(true);
        m_close->setFocus();
    }
    retranslate();
    updateCustomerDisplay();
}

void PaymentDialog::tick()
{
    if (m_finished || !m_expiresAt.isValid() || !m_clock) {
        m_countdownLabel->clear();
        return;
    }
    const qint64 left = m_clock->now().secsTo(m_expiresAt);
    if (left <= 0 && !m_cancelling && m_status != Status::Expiring) {
        // The poller closes the order at expiry and queries once more; we wait for its word.
        m_status = Status::Expiring;
        retranslate();
        return;
    }
    m_countdownLabel->setText(tr("QR code valid for %1").arg(mmss(left)));
}

void PaymentDialog::cancelSale()
{
    if (m_finished || m_cancelling)
        return;
    m_cancelling = true;
    m_status = Status::Cancelling;
    m_cancel->setEnabled(false);
    retranslate();
    if (m_payments)
        m_payments->cancel(m_outTradeNo);
}

void PaymentDialog::requestCancel()
{
    if (m_finished || m_cancelling)
        return;
    if (m_status != Status::Paying) {
        cancelSale();
        return;
    }
    // The customer is entering the password: one stray Esc must not end the
    // sale under their thumb. Asked without blocking, so the sale goes on
    // (and may be paid) while the question is on screen.
    if (m_cancelQuestion) {
        m_cancelQuestion->raise();
        return;
    }
    m_cancelQuestion = CancelQuestion::open(this,
                                            tr("The order is closed at WeChat Pay. If the customer's payment gets "
                                               "there first, the sale is shown as paid."),
                                            [this] { cancelSale(); }); // nothing if the sale became final meanwhile
}

void PaymentDialog::reject()
{
    if (!m_finished) {
        requestCancel();
        return;
    }
    QDialog::reject();
}

void PaymentDialog::closeEvent(QCloseEvent *event)
{
    if (!m_finished) {
        event->ignore();
        requestCancel();
        return;
    }
    QDialog::closeEvent(event);
}

void PaymentDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    updateQrPlacement();
}

void PaymentDialog::retry()
{
    // Re-checked against the store, not the screen: a new out_trade_no is only
    // safe when this one is closed (or failed) and unpaid.
    const auto order = m_orders ? m_orders->find(m_outTradeNo) : std::nullopt;
    if (!order || !isFinal(order->state) || isPaid(order->state)) {
        qCWarning(lcPaymentDialog) << "refusing a new QR code: order" << m_outTradeNo << "is not final and unpaid";
        return;
    }
    emit retryRequested();
    done(QDialog::Rejected);
}

void PaymentDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void PaymentDialog::retranslate()
{
    setWindowTitle(tr("WeChat Pay — %1").arg(Yuan::format(m_amountFen)));
    m_amountLabel->setText(Yuan::format(m_amountFen));
    m_qr->setPlaceholderText(tr("Preparing the QR code…"));
    m_elsewhereLabel->setText(tr("QR shown on the customer display"));
    m_printSlip->setText(tr("Print QR on slip"));
    m_printSlip->setEnabled(!m_qr->payload().isEmpty());
    m_cancel->setText(tr("Cancel"));

    QString status;
    switch (m_status) {
    case Status::Preparing:
        status = tr("Preparing the QR code…");
        break;
    case Status::Unreachable:
        status = tr("WeChat Pay not reachable, still trying");
        break;
    case Status::Waiting:
        status = tr("Waiting for the customer to scan");
        break;
    case Status::Paying:
        status = tr("The customer is paying…");
        break;
    case Status::Cancelling:
        status = tr("Cancelling…");
        break;
    case Status::Expiring:
        status = tr("The QR code has expired; closing the order…");
        break;
    case Status::Missing:
        status = tr("This order is not in the store.");
        break;
    case Status::Final:
        switch (m_state) {
        case OrderState::Paid:
        case OrderState::PartiallyRefunded:
        case OrderState::Refunded:
            status = tr("Paid");
            break;
        case OrderState::Failed:
            status = tr("Payment failed");
            break;
        default:
            status = tr("Closed");
            break;
        }
        break;
    }
    m_statusLabel->setText(status);
    m_detailLabel->setText(m_status == Status::Unreachable ? m_message : QString());
    m_detailLabel->setVisible(m_status == Status::Unreachable && !m_message.isEmpty());
    tick();

    m_paidTitle->setText(tr("Payment received"));
    m_paidAmount->setText(Yuan::format(m_amountFen));
    m_paidTransaction->setText(m_transactionId.isEmpty() ? QString() : tr("Transaction ID: %1").arg(m_transactionId));
    m_printReceipt->setText(tr("Print receipt"));
    m_done->setText(tr("Done"));

    if (m_state == OrderState::Failed) {
        m_unpaidSymbol->setText(QStringLiteral("✕"));
        m_unpaidTitle->setText(tr("Payment failed"));
        m_unpaidDetail->setText(tr("The customer's payment did not go through and nothing was charged. "
                                   "A new QR code starts a new order for the same amount."));
    } else if (m_closedByExpiry && !m_cancelling) {
        m_unpaidSymbol->setPixmap(clockSymbol(110, QColor(0xe0, 0xa0, 0x00), devicePixelRatioF()));
        m_unpaidTitle->setText(tr("QR code expired"));
        m_unpaidDetail->setText(tr("The order is closed and nothing was charged. "
                                   "A new QR code starts a new order for the same amount."));
    } else {
        m_unpaidSymbol->setText(QStringLiteral("✕"));
        m_unpaidTitle->setText(tr("Order closed"));
        m_unpaidDetail->setText(tr("The order is closed at WeChat Pay and nothing was charged. "
                                   "A new QR code starts a new order for the same amount."));
    }
    m_newQr->setText(tr("New QR code"));
    m_close->setText(tr("Close"));
}

void PaymentDialog::printSlipInteractive()
{
    if (m_qr->payload().isEmpty())
        return;
    // The printer outlives the (non-blocking) print dialog through the connection's lambda.
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    auto *dialog = new QPrintDialog(printer.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Print QR on slip"));
    connect(dialog, qOverload<>(&QDialog::accepted), this, [this, printer] {
        if (!printQrSlip(printer.get()))
            m_statusLabel->setText(tr("The slip could not be printed: check the printer."));
    });
    dialog->open();
}

void PaymentDialog::setReceiptOffered(bool offered)
{
    m_printReceipt->setVisible(offered);
}

bool PaymentDialog::printQrSlip(QPrinter *printer)
{
    const QString payload = m_qr->payload();
    if (!printer || payload.isEmpty())
        return false;
    QPainter painter;
    if (!painter.begin(printer)) {
        qCWarning(lcPaymentDialog) << "cannot open the printer for the QR slip";
        return false;
    }
    const QRect page = printer->pageLayout().paintRectPixels(printer->resolution());
    const qreal mm = printer->resolution() / 25.4;
    // A receipt printer's paper is 58 or 80 mm wide; on a larger page the slip
    // keeps that width so the same layout works on both.
    const int width = std::min(page.width(), int(72 * mm));
    const int left = 0;
    int y = 0;

    auto line = [&](const QString &text, qreal pointSize, bool bold) {
        QFont f = painter.font();
        f.setPointSizeF(pointSize);
        f.setBold(bold);
        painter.setFont(f);
        const QRect box
            = painter.boundingRect(QRect(left, y, width, 1000 * int(mm)), Qt::AlignHCenter | Qt::TextWordWrap, text);
        painter.drawText(QRect(left, y, width, box.height()), Qt::AlignHCenter | Qt::TextWordWrap, text);
        y += box.height() + int(1.5 * mm);
    };

    line(m_merchantName, 12, true);
    line(Yuan::format(m_amountFen), 20, true);
    line(tr("Scan with WeChat to pay"), 10, false);

    // Whole printer dots per module, like on screen: a thermal head cannot print half a dot.
    const QImage probe = QrCodeWidget::render(payload, 1);
    const int modules = probe.width();
    const int moduleSize = std::max(1, int(std::min<qreal>(width, 50 * mm)) / std::max(1, modules));
    const QImage qr = QrCodeWidget::render(payload, moduleSize);
    painter.drawImage(QPoint(left + (width - qr.width()) / 2, y), qr);
    y += qr.height() + int(2 * mm);

    if (m_expiresAt.isValid())
        line(
            tr("Valid until %1").arg(ChinaDay::display(m_expiresAt, QStringLiteral("yyyy-MM-dd HH:mm"))),
            9, false);
    line(tr("Order No. %1").arg(m_outTradeNo), 8, false);
    return painter.end();
}

} // namespace paydesk::ui
