// SPDX-License-Identifier: MIT
#include "orderdetailsdialog.h"

#include "historymodel.h"
#include "statewords.h"
#include "reconcile/chinaday.h"
#include "store/orderrepository.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {

QTableWidget *makeTable(QWidget *parent)
{
    auto *table = new QTableWidget(parent);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(36);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

void setRow(QTableWidget *table, int row, const QStringList &cells, const QList<int> &rightAligned = {})
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        if (rightAligned.contains(c))
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, c, item);
    }
}

// Items as the charge screen stores them; read leniently, since a field the
// sale screen adds later must not hide the others.
qint64 fenOf(const QJsonObject &item, const QStringList &fenKeys, const QStringList &yuanKeys)
{
    for (const QString &k : fenKeys) {
        if (item.contains(k))
            return qint64(item.value(k).toDouble());
    }
    for (const QString &k : yuanKeys) {
        const QJsonValue v = item.value(k);
        if (v.isString()) {
            const QStringList parts = v.toString().split(QLatin1Char('.'));
            qint64 fen = parts.value(0).toLongLong() * 100;
            if (parts.size() > 1)
                fen += parts.at(1).left(2).leftJustified(2, QLatin1Char('0')).toLongLong();
            return fen;
        }
        if (v.isDouble())
            return qRound64(v.toDouble() * 100.0);
    }
    return -1;
}

} // namespace

OrderDetailsDialog::OrderDetailsDialog(const QString &outTradeNo, OrderRepository *orders, RefundRepository *refunds,
                                       AuditLog *audit, QWidget *parent)
    : QDialog(parent), m_outTradeNo(outTradeNo), m_orders(orders), m_refundRepository(refunds), m_auditLog(audit)
{
    setObjectName(QStringLiteral("orderDetailsDialog"));
    resize(900, 640);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("trainingBanner"));
    m_banner->setStyleSheet(QStringLiteral("background:#fff4cc; color:#6b4e00; padding:6px; border-radius:4px;"));
    m_banner->setWordWrap(true);

    m_tabs = new QTabWidget(this);
    // Tabs a finger can hit.
    m_tabs->setStyleSheet(QStringLiteral("QTabBar::tab { min-height: 40px; padding: 0 18px; }"));
    m_fieldsPage = new QWidget;
    m_fields = new QFormLayout(m_fieldsPage);
    m_fields->setLabelAlignment(Qt::AlignRight);
    m_fields->setRowWrapPolicy(QFormLayout::DontWrapRows);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_fieldsPage);
    m_subOrderTable = makeTable(this);
    m_subOrderTable->setObjectName(QStringLiteral("subOrderTable"));
    m_refundTable = makeTable(this);
    m_refundTable->setObjectName(QStringLiteral("refundTable"));
    m_auditTable = makeTable(this);
    m_auditTable->setObjectName(QStringLiteral("auditTable"));
    m_tabs->addTab(scroll, QString());
    m_tabs->addTab(m_subOrderTable, QString());
    m_tabs->addTab(m_refundTable, QString());
    m_tabs->addTab(m_auditTable, QString());

    m_reprintButton = new QPushButton(this);
    m_reprintButton->setObjectName(QStringLiteral("reprintButton"));
    m_refundButton = new QPushButton(this);
    m_refundButton->setObjectName(QStringLiteral("refundButton"));
    m_closeButton = new QPushButton(this);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    for (QPushButton *b : {m_reprintButton, m_refundButton, m_closeButton}) {
        b->setMinimumHeight(48);
        b->setMinimumWidth(140);
        b->setAutoDefault(false);
    }
    m_closeButton->setDefault(true);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_reprintButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_refundButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_closeButton, QDialogButtonBox::RejectRole);

    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_reprintButton, &QPushButton::clicked, this, [this] {
        const QString sale = m_order.kind == OrderKind::SubOrder && !m_parent.outTradeNo.isEmpty()
            ? m_parent.outTradeNo
            : m_order.outTradeNo;
        emit reprintRequested(sale);
    });
    connect(m_refundButton, &QPushButton::clicked, this, [this] { emit refundRequested(m_order.outTradeNo); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    reload();
}

void OrderDetailsDialog::reload()
{
    m_found = false;
    m_order = {};
    m_parent = {};
    m_subOrders.clear();
    m_refunds.clear();
    m_audit.clear();
    m_refundable = 0;
    m_refundability = {};
    if (m_orders) {
        if (auto found = m_orders->find(m_outTradeNo)) {
            m_found = true;
            m_order = *found;
        }
    }
    if (m_found) {
        if (m_order.kind == OrderKind::SubOrder && m_order.parentId > 0) {
            if (auto parent = m_orders->findById(m_order.parentId))
                m_parent = *parent;
        }
        if (m_order.kind == OrderKind::Combine)
            m_subOrders = m_orders->subOrders(m_order.id);
        QStringList subjects{m_order.outTradeNo};
        if (m_refundRepository) {
            // A combined sale is refunded through its sub-orders.
            const QList<OrderRecord> refundable = m_order.kind == OrderKind::Combine ? m_subOrders
                                                                                     : QList<OrderRecord>{m_order};
            for (const OrderRecord &o : refundable) {
                m_refunds += m_refundRepository->forOrder(o.id);
                if (isPaid(o.state)) {
                    if (auto remainder = m_refundRepository->refundableRemainder(o.outTradeNo))
                        m_refundable += qMax<qint64>(0, *remainder);
                }
            }
        }
        for (const OrderRecord &s : std::as_const(m_subOrders))
            subjects << s.outTradeNo;
        for (const RefundRecord &r : std::as_const(m_refunds))
            subjects << r.outRefundNo;
        if (m_auditLog)
            m_audit = m_auditLog->entriesFor(subjects);
        m_refundability = RefundLookup(m_orders, m_refundRepository, m_merchantId).check(m_order);
    }
    retranslate();
}

void OrderDetailsDialog::setMerchantId(const QString &mchid)
{
    if (mchid == m_merchantId)
        return;
    m_merchantId = mchid;
    if (m_found)
        m_refundability = RefundLookup(m_orders, m_refundRepository, m_merchantId).check(m_order);
    fill();
}

void OrderDetailsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void OrderDetailsDialog::retranslate()
{
    setWindowTitle(tr("Order details"));
    m_reprintButton->setText(tr("Reprint receipt"));
    m_refundButton->setText(tr("Refund…"));
    m_closeButton->setText(tr("Close"));
    fill();
}

QString OrderDetailsDialog::timeText(const QDateTime &utc)
{
    return ChinaDay::display(utc, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString OrderDetailsDialog::itemsText() const
{
    if (m_order.itemsJson.trimmed().isEmpty())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(m_order.itemsJson.toUtf8());
    QJsonArray items = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("items")).toArray();
    if (items.isEmpty())
        return m_order.itemsJson; // not a list we understand: show it as stored
    QStringList lines;
    for (const QJsonValue &v : std::as_const(items)) {
        const QJsonObject item = v.toObject();
        QString name = item.value(QStringLiteral("name")).toString();
        if (name.isEmpty())
            name = item.value(QStringLiteral("description")).toString();
        const qint64 quantity = item.contains(QStringLiteral("quantity"))
            ? qint64(item.value(QStringLiteral("quantity")).toDouble())
            : qint64(item.value(QStringLiteral("qty")).toDouble(1));
        const qint64 price = fenOf(item,
                                   {QStringLiteral("price_fen"), QStringLiteral("amount_fen"),
                                    QStringLiteral("unit_price"), QStringLiteral("fen")},
                                   {QStringLiteral("price"), QStringLiteral("yuan"), QStringLiteral("amount")});
        QString line = quantity > 1 ? tr("%1 × %2").arg(name).arg(quantity) : name;
        if (price >= 0)
            line += QStringLiteral("    ") + HistoryModel::yuan(price);
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

void OrderDetailsDialog::fill()
{
    if (!m_found) {
        m_title->setText(tr("Order %1 is not in this terminal's store").arg(m_outTradeNo));
        m_banner->hide();
    } else {
        m_title->setText(tr("%1  ·  %2  ·  %3")
                             .arg(HistoryModel::yuan(m_order.amountTotal), HistoryModel::stateText(m_order.state),
                                  m_order.outTradeNo));
        m_banner->setText(tr("Training sale: no money was moved."));
        m_banner->setVisible(m_order.training);
    }
    fillFields();
    fillSubOrders();
    fillRefunds();
    fillAudit();

    m_tabs->setTabText(0, tr("Order"));
    m_tabs->setTabText(1, tr("Sub-orders (%1)").arg(m_subOrders.size()));
    m_tabs->setTabVisible(1, m_order.kind == OrderKind::Combine);
    m_tabs->setTabText(2, tr("Refunds (%1)").arg(m_refunds.size()));
    m_tabs->setTabText(3, tr("Audit trail (%1)").arg(m_audit.size()));

    m_reprintButton->setEnabled(m_found && isPaid(m_order.state));
    // A sale is refundable while some of this merchant's part is paid and not yet refunded or in flight.
    m_refundButton->setEnabled(m_found && m_refundability.refundable());
    QString why;
    switch (m_refundability.verdict) {
    case Refundability::Refundable:
        why = tr("Up to %1 can still be refunded").arg(HistoryModel::yuan(m_refundability.remainder));
        break;
    case Refundability::NotPaid: why = tr("This sale was not paid"); break;
    case Refundability::OtherMerchant: why = tr("Another merchant refunds this from its own account"); break;
    case Refundability::NotFound:
    case Refundability::NothingLeft: why = tr("Nothing left to refund on this sale"); break;
    }
    m_refundButton->setToolTip(why);
}

void OrderDetailsDialog::fillFields()
{
    while (m_fields->rowCount() > 0)
        m_fields->removeRow(0);
    if (!m_found)
        return;
    auto add = [this](const QString &label, const QString &value) {
        if (value.isEmpty())
            return;
        auto *field = new QLabel(value);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        field->setWordWrap(true);
        m_fields->addRow(label, field);
    };
    const OrderRecord &o = m_order;
    QString kind;
    switch (o.kind) {
    case OrderKind::Native: kind = tr("QR code sale"); break;
    case OrderKind::Combine: kind = tr("Combined sale: %1 sub-orders").arg(m_subOrders.size()); break;
    case OrderKind::SubOrder: kind = tr("Sub-order of %1").arg(m_parent.outTradeNo); break;
    case OrderKind::CodePay: kind = tr("Payment code sale"); break;
    }
    qint64 refunded = o.refundedTotal;
    for (const OrderRecord &s : std::as_const(m_subOrders))
        refunded += s.refundedTotal;

    add(tr("Order number"), o.outTradeNo);
    add(tr("Kind"), kind);
    add(tr("Description"), o.description);
    add(tr("Amount"), HistoryModel::yuan(o.amountTotal));
    add(tr("State"), HistoryModel::stateText(o.state));
    add(tr("WeChat Pay state"), StateWords::tradeState(o.tradeState));
    if (o.payerTotal)
        add(tr("Paid by customer"), HistoryModel::yuan(*o.payerTotal));
    if (refunded > 0)
        add(tr("Refunded"), HistoryModel::yuan(refunded));
    if (isPaid(o.state))
        add(tr("Still refundable"), HistoryModel::yuan(m_refundable));
    add(tr("Transaction ID"), o.transactionId);
    add(tr("Payer"), o.payerMasked);
    add(tr("Merchant ID"), o.mchid);
    add(tr("Created"), timeText(o.createdAt));
    add(tr("Paid at"), timeText(o.paidAt));
    if (!isFinal(o.state))
        add(tr("Expires"), timeText(o.expiresAt));
    add(tr("Last change"), timeText(o.updatedAt));
    add(tr("Cashier"), o.cashier);
    add(tr("Terminal"), o.terminalId);
    if (o.training)
        add(tr("Training"), tr("Yes: no money was moved"));
    add(tr("Items"), itemsText());
}

void OrderDetailsDialog::fillSubOrders()
{
    m_subOrderTable->clear();
    m_subOrderTable->setColumnCount(7);
    m_subOrderTable->setHorizontalHeaderLabels({tr("Order number"), tr("Merchant ID"), tr("Description"), tr("Amount"),
                                                tr("State"), tr("Refunded"), tr("Transaction ID")});
    m_subOrderTable->setRowCount(int(m_subOrders.size()));
    for (int i = 0; i < m_subOrders.size(); ++i) {
        const OrderRecord &s = m_subOrders.at(i);
        setRow(m_subOrderTable, i,
               {s.outTradeNo, s.mchid, s.description, HistoryModel::yuan(s.amountTotal), HistoryModel::stateText(s.state),
                s.refundedTotal > 0 ? HistoryModel::yuan(s.refundedTotal) : QString(), s.transactionId},
               {3, 5});
    }
    m_subOrderTable->resizeColumnsToContents();
}

void OrderDetailsDialog::fillRefunds()
{
    m_refundTable->clear();
    m_refundTable->setColumnCount(8);
    m_refundTable->setHorizontalHeaderLabels({tr("Refund number"), tr("Order number"), tr("Amount"), tr("Status"),
                                              tr("Reason"), tr("Requested by"), tr("Requested"), tr("Refunded at")});
    m_refundTable->setRowCount(int(m_refunds.size()));
    for (int i = 0; i < m_refunds.size(); ++i) {
        const RefundRecord &r = m_refunds.at(i);
        setRow(m_refundTable, i,
               {r.outRefundNo, r.outTradeNo, HistoryModel::yuan(r.amount), StateWords::refundStatus(r.status), r.reason,
                r.requestedBy, timeText(r.createdAt), timeText(r.successTime)},
               {2});
    }
    m_refundTable->resizeColumnsToContents();
}

void OrderDetailsDialog::fillAudit()
{
    m_auditTable->clear();
    m_auditTable->setColumnCount(5);
    m_auditTable->setHorizontalHeaderLabels({tr("Time"), tr("By"), tr("What"), tr("Subject"), tr("Details")});
    m_auditTable->setRowCount(int(m_audit.size()));
    for (int i = 0; i < m_audit.size(); ++i) {
        const AuditEntry &e = m_audit.at(i);
        // Stored in English inside the hash chain; shown in the cashier's
        // words, the stored text in the tooltip.
        setRow(m_auditTable, i,
               {timeText(e.at), e.actor, StateWords::auditAction(e.action), e.subject,
                StateWords::auditDetails(e.action, e.details)});
        m_auditTable->item(i, 2)->setToolTip(e.action);
        m_auditTable->item(i, 4)->setToolTip(e.details); // long details are cut in the cell
    }
    m_auditTable->resizeColumnsToContents();
}

} // namespace paydesk::ui
