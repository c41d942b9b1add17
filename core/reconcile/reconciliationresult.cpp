// SPDX-License-Identifier: MIT
#include "reconciliationresult.h"

#include <QJsonArray>

namespace paydesk {

namespace {

QString yuan(qint64 fen)
{
    const qint64 m = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(m / 100)
        .arg(m % 100, 2, 10, QLatin1Char('0'));
}

// RFC 4180: quoted when it holds a separator, a quote or a line break. A
// leading = + - @ is neutralised so a spreadsheet does not run it as a formula.
QByteArray csvCell(const QString &value)
{
    QString v = value;
    if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front())
        && !(v.front() == QLatin1Char('-') && v.size() > 1 && v.at(1).isDigit()))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n'))
        || v.contains(QLatin1Char('\r')))
        v = QLatin1Char('"') + v.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return v.toUtf8();
}

} // namespace

QString differenceKindName(DifferenceKind kind)
{
    switch (kind) {
    case DifferenceKind::OnlyInBill:
        return QStringLiteral("only_in_bill");
    case DifferenceKind::OnlyHere:
        return QStringLiteral("only_here");
    case DifferenceKind::AmountDiffers:
        return QStringLiteral("amount_differs");
    case DifferenceKind::StateDiffers:
        return QStringLiteral("state_differs");
    case DifferenceKind::RefundDiffers:
        return QStringLiteral("refund_differs");
    }
    return {};
}

QString differenceAction(DifferenceKind kind)
{
    switch (kind) {
    case DifferenceKind::OnlyInBill:
        return QStringLiteral("Paid at WeChat Pay but unknown here: confirm by query and import it (done "
                              "automatically when possible), then check the sale with the cashier.");
    case DifferenceKind::OnlyHere:
        return QStringLiteral("Paid here but not in WeChat Pay's bill: query the order; if WeChat Pay does not "
                              "know it, the customer did not pay: contact the customer or correct the sale.");
    case DifferenceKind::AmountDiffers:
        return QStringLiteral("The amounts differ: WeChat Pay's bill is what was charged; check the sale, "
                              "refund or charge the difference, and report a store fault to support.");
    case DifferenceKind::StateDiffers:
        return QStringLiteral("The bill says paid, the store does not: run Resolve (recover) so the store "
                              "queries WeChat Pay and records the payment.");
    case DifferenceKind::RefundDiffers:
        return QStringLiteral("Refunds disagree: run Resolve (recover) to follow open refunds; a refund only "
                              "in the bill was made elsewhere (merchant platform) and must be recorded by a manager.");
    }
    return {};
}

int ReconciliationResult::count(DifferenceKind kind) const
{
    int n = 0;
    for (const Difference &d : differences)
        n += d.kind == kind ? 1 : 0;
    return n;
}

QList<Difference> ReconciliationResult::of(DifferenceKind kind) const
{
    QList<Difference> out;
    for (const Difference &d : differences) {
        if (d.kind == kind)
            out.append(d);
    }
    return out;
}

QByteArray ReconciliationResult::toCsv() const
{
    QByteArray out = "\xEF\xBB\xBF";
    out += "date,mchid,kind,out_trade_no,transaction_id,out_refund_no,bill_amount,local_amount,bill_state,"
           "local_state,bill_line,detail,action,resolved,resolution\r\n";
    for (const Difference &d : differences) {
        const QList<QString> cells = { date.toString(Qt::ISODate),
                                       mchid,
                                       differenceKindName(d.kind),
                                       d.outTradeNo,
                                       d.transactionId,
                                       d.outRefundNo,
                                       d.billLine > 0 ? yuan(d.billAmount) : QString(),
                                       d.localState.isEmpty() ? QString() : yuan(d.localAmount),
                                       d.billState,
                                       d.localState,
                                       d.billLine > 0 ? QString::number(d.billLine) : QString(),
                                       d.detail,
                                       d.action,
                                       d.resolved ? QStringLiteral("yes") : QStringLiteral("no"),
                                       d.resolution };
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i > 0)
                out += ',';
            out += csvCell(cells.at(i));
        }
        out += "\r\n";
    }
    return out;
}

QJsonObject ReconciliationResult::toJson() const
{
    QJsonArray list;
    for (const Difference &d : differences) {
        QJsonObject o { { QStringLiteral("kind"), differenceKindName(d.kind) },
                        { QStringLiteral("out_trade_no"), d.outTradeNo },
                        { QStringLiteral("detail"), d.detail },
                        { QStringLiteral("action"), d.action } };
        if (!d.transactionId.isEmpty())
            o.insert(QStringLiteral("transaction_id"), d.transactionId);
        if (!d.outRefundNo.isEmpty())
            o.insert(QStringLiteral("out_refund_no"), d.outRefundNo);
        if (d.billLine > 0) {
            o.insert(QStringLiteral("bill_amount"), d.billAmount);
            o.insert(QStringLiteral("bill_state"), d.billState);
            o.insert(QStringLiteral("bill_line"), d.billLine);
        }
        if (!d.localState.isEmpty()) {
            o.insert(QStringLiteral("local_amount"), d.localAmount);
            o.insert(QStringLiteral("local_state"), d.localState);
        }
        if (d.resolved || !d.resolution.isEmpty()) {
            o.insert(QStringLiteral("resolved"), d.resolved);
            o.insert(QStringLiteral("resolution"), d.resolution);
        }
        list.append(o);
    }
    QJsonObject counts;
    for (DifferenceKind k : { DifferenceKind::OnlyInBill, DifferenceKind::OnlyHere, DifferenceKind::AmountDiffers,
                              DifferenceKind::StateDiffers, DifferenceKind::RefundDiffers })
        counts.insert(differenceKindName(k), count(k));
    counts.insert(QStringLiteral("matched"), matched);
    counts.insert(QStringLiteral("matched_refunds"), matchedRefunds);
    counts.insert(QStringLiteral("matched_reversals"), matchedReversals);
    return QJsonObject {
        { QStringLiteral("date"), date.toString(Qt::ISODate) },
        { QStringLiteral("mchid"), mchid },
        { QStringLiteral("terminal_id"), terminalId },
        { QStringLiteral("clean"), clean() },
        { QStringLiteral("bill_rows"), billRows },
        { QStringLiteral("bill_payments"), billPayments },
        { QStringLiteral("bill_refunds"), billRefunds },
        { QStringLiteral("local_payments"), localPayments },
        { QStringLiteral("local_refunds"), localRefunds },
        { QStringLiteral("counts"), counts },
        { QStringLiteral("totals"),
          QJsonObject { { QStringLiteral("bill_paid"), billPaidTotal },
                        { QStringLiteral("local_paid"), localPaidTotal },
                        { QStringLiteral("bill_refunded"), billRefundTotal },
                        { QStringLiteral("local_refunded"), localRefundTotal },
                        { QStringLiteral("reversed"), reversedTotal },
                        { QStringLiteral("summary_trades"), summary.tradeCount },
                        { QStringLiteral("summary_settlement"), summary.settlementTotal },
                        { QStringLiteral("summary_refund"), summary.refundTotal } } },
        { QStringLiteral("other_terminals"),
          QJsonObject { { QStringLiteral("payments"), otherTerminals.payments },
                        { QStringLiteral("paid"), otherTerminals.paid },
                        { QStringLiteral("refunds"), otherTerminals.refunds },
                        { QStringLiteral("refunded"), otherTerminals.refunded },
                        { QStringLiteral("note"),
                          QStringLiteral("other terminals of this merchant: %1 sales, %2 yuan; %3 refunds, %4 yuan "
                                         "(not this terminal's: not compared, not imported)")
                              .arg(otherTerminals.payments)
                              .arg(yuan(otherTerminals.paid))
                              .arg(otherTerminals.refunds)
                              .arg(yuan(otherTerminals.refunded)) } } },
        { QStringLiteral("differences"), list },
        { QStringLiteral("elapsed_ms"), elapsedMs },
    };
}

} // namespace paydesk
