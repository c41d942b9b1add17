// SPDX-License-Identifier: MIT
#pragma once

#include "receipt/escposprinter.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>

class QWidget;

namespace paydesk {
class PaymentTerminal;
} // namespace paydesk

namespace paydesk::ui {

class AppSettings;

// What "Print receipt" (after a sale), "Reprint" (history) and "Print refund
// receipt" do: the signed PDF is issued once and kept in the store
// (ReceiptService), then it goes where the store prints — an ESC/POS thermal
// printer (tcp://host:9100, /dev/usb/lp0, COM3), a system printer through the
// print preview, or, with no printer set, a PDF saved where the cashier picks.
class ReceiptDesk : public QObject
{
    Q_OBJECT

public:
    ReceiptDesk(PaymentTerminal *terminal, AppSettings *settings, QWidget *window, QObject *parent = nullptr);

    // The stored, signed PDF of the sale (or refund): issued on first use.
    // Empty with `error` set when it cannot be issued.
    QByteArray signedPdf(const QString &outTradeNo, const QString &outRefundNo, QString *error) const;

    static bool isEscPosTarget(const QString &printer);

public slots:
    void printSale(const QString &outTradeNo);
    // A sale just paid, with "Print automatically after payment" on: to the
    // printer without a dialog; nothing without a printer.
    void printSaleAutomatically(const QString &outTradeNo);
    void printRefund(const QString &outRefundNo);

signals:
    // A line for the status bar: printed, saved, or what went wrong.
    void message(const QString &text);
    // No printer set: the signed PDF went into the receipts folder.
    void receiptSaved(const QString &path);

private:
    // `interactive`: a system printer shows its print preview first (not after a payment).
    void print(const QString &outTradeNo, const QString &outRefundNo, bool interactive);
    void printEscPos(const QString &target, const QString &outTradeNo, const QString &outRefundNo);
    void printSystem(const QString &printerName, const QString &outTradeNo, const QString &outRefundNo, bool preview);
    void saveAs(const QByteArray &pdf, const QString &suggestedName);

    PaymentTerminal *m_terminal;
    AppSettings *m_settings;
    QPointer<QWidget> m_window;
    EscPosPrinter *m_escpos;
    // Receipts waiting for the ESC/POS printer to finish the one before.
    QList<QPair<EscPosPrinter::Target, QByteArray>> m_queue;
};

} // namespace paydesk::ui
