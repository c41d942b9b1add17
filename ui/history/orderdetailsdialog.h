// SPDX-License-Identifier: MIT
#pragma once

#include "store/auditlog.h"
#include "store/order.h"
#include "store/refundlookup.h"
#include "store/refundrepository.h"

#include <QDialog>
#include <QList>

class QFormLayout;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace paydesk {
class OrderRepository;
} // namespace paydesk

namespace paydesk::ui {

// Everything the store knows about one sale: its amounts and states, the
// WeChat Pay transaction, the items, its sub-orders (combined sales), its
// refunds and its audit trail, oldest first. Read-only: reprint and refund
// are asked for with signals, the owner does them, and calls reload() when a
// refund of this sale is stored or moves on.
class OrderDetailsDialog : public QDialog
{
    Q_OBJECT

public:
    OrderDetailsDialog(const QString &outTradeNo, OrderRepository *orders, RefundRepository *refunds, AuditLog *audit,
                       QWidget *parent = nullptr);

    QString outTradeNo() const { return m_outTradeNo; }
    bool found() const { return m_found; }
    OrderRecord order() const { return m_order; }
    QList<OrderRecord> subOrders() const { return m_subOrders; }
    QList<RefundRecord> refunds() const { return m_refunds; }
    QList<AuditEntry> auditTrail() const { return m_audit; }
    // Fen still refundable over the sale (its sub-orders for a combined one).
    qint64 refundableRemainder() const { return m_refundable; }
    // Whether this till can refund it (Refund… is enabled): this merchant's part, paid, something left.
    Refundability refundability() const { return m_refundability; }
    // This till's merchant: another merchant's sub-orders are not offered for refund. Empty: any.
    void setMerchantId(const QString &mchid);

public slots:
    void reload(); // re-reads the order, e.g. after a refund

signals:
    // The sale whose receipt to print again (a sub-order names its combined sale).
    void reprintRequested(const QString &outTradeNo);
    void refundRequested(const QString &outTradeNo);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fill();
    void fillFields();
    void fillSubOrders();
    void fillRefunds();
    void fillAudit();
    static QString timeText(const QDateTime &utc);
    QString itemsText() const;

    QString m_outTradeNo;
    OrderRepository *m_orders;
    RefundRepository *m_refundRepository;
    AuditLog *m_auditLog;

    bool m_found = false;
    OrderRecord m_order;
    OrderRecord m_parent; // for a sub-order
    QList<OrderRecord> m_subOrders;
    QList<RefundRecord> m_refunds;
    QList<AuditEntry> m_audit;
    qint64 m_refundable = 0;
    Refundability m_refundability;
    QString m_merchantId;

    QLabel *m_title;
    QLabel *m_banner;
    QTabWidget *m_tabs;
    QWidget *m_fieldsPage;
    QFormLayout *m_fields;
    QTableWidget *m_subOrderTable;
    QTableWidget *m_refundTable;
    QTableWidget *m_auditTable;
    QPushButton *m_reprintButton;
    QPushButton *m_refundButton;
    QPushButton *m_closeButton;
};

} // namespace paydesk::ui
