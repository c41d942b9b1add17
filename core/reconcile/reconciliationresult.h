// SPDX-License-Identifier: MIT
#pragma once

#include "tradebillparser.h"

#include <QByteArray>
#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace paydesk {

// What one comparison of a bill row (or a local order/refund) with the other
// side found. Payments are compared by out_trade_no, refunds by out_refund_no.
enum class DifferenceKind {
    OnlyInBill, // WeChat Pay took the money, the store does not know the order
    OnlyHere, // the store says paid that day, the bill does not have it
    AmountDiffers, // both have it, with different amounts
    StateDiffers, // the bill says paid, the store says otherwise (or another transaction)
    RefundDiffers, // a refund only on one side, or with another amount or status
};

QString differenceKindName(DifferenceKind kind); // only_in_bill, only_here, ...
// What a manager should do about it, in English (the CLI and the CSV; the UI
// shows its own translated text for the kind).
QString differenceAction(DifferenceKind kind);

struct Difference
{
    DifferenceKind kind = DifferenceKind::OnlyInBill;
    QString outTradeNo;
    QString transactionId;
    QString outRefundNo; // refund differences
    qint64 billAmount = 0; // fen; for refunds the refund's amount
    qint64 localAmount = 0;
    QString billState; // SUCCESS / the refund status in the bill; empty when absent
    QString localState; // the store's state / refund status; empty when absent
    int billLine = 0; // 0 when not in the bill
    QString detail; // one English sentence saying what differs
    QString action; // what to do (English)
    bool resolved = false; // settled during the run (an only-in-bill order confirmed and imported)
    QString resolution; // what was done, or why not
};

// Bill rows of the merchant that another terminal (till) made: counted apart,
// never compared with this store nor imported into it.
struct OtherTerminals
{
    int payments = 0;
    qint64 paid = 0; // fen, 订单金额
    int refunds = 0;
    qint64 refunded = 0; // fen
    bool isEmpty() const { return payments == 0 && refunds == 0; }
};

// One reconciliation of a day's bill with the store.
struct ReconciliationResult
{
    QDate date;
    QString mchid;
    QString terminalId; // whose sales were compared (OrderNumber's rule, 设备号)
    int billRows = 0;
    int billPayments = 0;
    int billRefunds = 0;
    int matched = 0; // payments that agree
    int matchedRefunds = 0; // refunds that agree
    // Bill refunds that are reversals (撤销) of paid code-pay orders the store
    // has as reversed: agreed, but not refunds the store made.
    int matchedReversals = 0;
    // Their amount, fen: part of billRefundTotal, and of localRefundTotal (the
    // store books each as a refund, reversalRefundNo).
    qint64 reversedTotal = 0;
    int localPayments = 0; // paid orders of the day in the store (this merchant)
    int localRefunds = 0; // refunds of the day in the store (not CLOSED)
    BillSummary summary;
    // This terminal's part of the bill: its payment rows (订单金额) and the
    // summary's 退款总金额 less the other terminals' refunds, fen.
    qint64 billPaidTotal = 0;
    qint64 localPaidTotal = 0; // the store's paid orders of the day, fen
    qint64 billRefundTotal = 0;
    OtherTerminals otherTerminals;
    qint64 localRefundTotal = 0; // the store's refunds of the day, fen
    QList<Difference> differences;
    qint64 elapsedMs = 0; // parse + compare

    int count(DifferenceKind kind) const;
    bool clean() const { return differences.isEmpty(); }
    QList<Difference> of(DifferenceKind kind) const;
    // One line per difference, with a header; UTF-8 with a BOM so spreadsheet
    // programs read the Chinese; amounts in yuan with two decimals.
    QByteArray toCsv() const;
    QJsonObject toJson() const;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::ReconciliationResult)
