// SPDX-License-Identifier: MIT
#include "receiptdesk.h"

#include "payments/paymentterminal.h"
#include "receipt/escposprinter.h"
#include "receipt/escposrenderer.h"
#include "receipt/receiptpainter.h"
#include "receipt/receiptservice.h"
#include "settings/appsettings.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QDir>
#include <QFileDialog>
#include <QPainter>
#include <QRegularExpression>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QSaveFile>
#include <QStandardPaths>

namespace paydesk::ui {

namespace {

ReceiptService serviceFor(PaymentTerminal *terminal)
{
    const MerchantProfile &profile = terminal->profile();
    ReceiptService service(terminal->database(), terminal->orders(), terminal->refunds(),
                           profile.storeName.isEmpty() ? profile.mchid : profile.storeName);
    service.setKey(terminal->options().receiptKey);
    return service;
}

// The order a refund belongs to: receipts are filed under the order.
QString orderOfRefund(PaymentTerminal *terminal, const QString &outRefundNo)
{
    const auto refund = terminal->refunds()->find(outRefundNo);
    return refund ? refund->outTradeNo : QString();
}

} // namespace

ReceiptDesk::ReceiptDesk(PaymentTerminal *terminal, AppSettings *settings, QWidget *window, QObject *parent)
    : QObject(parent), m_terminal(terminal), m_settings(settings), m_window(window), m_escpos(new EscPosPrinter(this))
{
    connect(m_escpos, &EscPosPrinter::finished, this, [this](qint64 bytes, const paydesk::Error &error) {
        emit message(error.code.isEmpty() ? tr("Receipt printed (%1 bytes sent to the printer).").arg(bytes)
                                          : tr("The receipt printer did not take the receipt: %1").arg(error.message));
        // The next receipt asked for while this one printed (after payment, then "Print receipt").
        if (!m_queue.isEmpty()) {
            const auto [target, next] = m_queue.takeFirst();
            m_escpos->send(target, next);
        }
    });
}

bool ReceiptDesk::isEscPosTarget(const QString &printer)
{
    // A serial port is COM and its number: a system printer named
    // "Compact…" or "COMMERCIAL-HP" is a system printer.
    static const QRegularExpression serialPort(QStringLiteral("^COM[0-9]+$"), QRegularExpression::CaseInsensitiveOption);
    return printer.startsWith(QLatin1String("tcp://")) || printer.startsWith(QLatin1String("/dev/"))
        || serialPort.match(printer).hasMatch();
}

QByteArray ReceiptDesk::signedPdf(const QString &outTradeNo, const QString &outRefundNo, QString *error) const
{
    auto issued = serviceFor(m_terminal).pdf(outTradeNo, outRefundNo);
    if (!issued) {
        if (error)
            *error = issued.error().message;
        return {};
    }
    return issued->stored.content;
}

void ReceiptDesk::printSale(const QString &outTradeNo)
{
    print(outTradeNo, QString(), true);
}

void ReceiptDesk::printSaleAutomatically(const QString &outTradeNo)
{
    // Without a printer nothing happens: the signed PDF is issued when someone asks for it.
    if (m_settings && !m_settings->receiptPrinter().isEmpty())
        print(outTradeNo, QString(), false);
}

void ReceiptDesk::printRefund(const QString &outRefundNo)
{
    const QString order = orderOfRefund(m_terminal, outRefundNo);
    if (order.isEmpty()) {
        emit message(tr("Refund %1 is not in this store's records.").arg(outRefundNo));
        return;
    }
    print(order, outRefundNo, true);
}

void ReceiptDesk::print(const QString &outTradeNo, const QString &outRefundNo, bool interactive)
{
    // Issue (or find) the signed PDF first: the receipt is kept even when the printer is off.
    QString error;
    const QByteArray pdf = signedPdf(outTradeNo, outRefundNo, &error);
    if (pdf.isEmpty()) {
        emit message(tr("No receipt for %1: %2").arg(outTradeNo, error));
        return;
    }
    const QString printer = m_settings ? m_settings->receiptPrinter() : QString();
    if (printer.isEmpty()) {
        saveAs(pdf, QStringLiteral("%1%2.pdf").arg(outTradeNo, outRefundNo.isEmpty() ? QString() : QLatin1Char('-') + outRefundNo));
    } else if (isEscPosTarget(printer)) {
        printEscPos(printer, outTradeNo, outRefundNo);
    } else {
        printSystem(printer, outTradeNo, outRefundNo, interactive);
    }
}

void ReceiptDesk::printEscPos(const QString &target, const QString &outTradeNo, const QString &outRefundNo)
{
    auto parsed = EscPosPrinter::parseTarget(target);
    auto receipt = serviceFor(m_terminal).receipt(outTradeNo, outRefundNo);
    if (!parsed || !receipt) {
        emit message(tr("Cannot print to %1: %2").arg(target, !parsed ? parsed.error().message : receipt.error().message));
        return;
    }
    EscPosRenderer::Options options;
    options.paperMillimetres = m_settings ? m_settings->paperMillimetres() : 80;
    options.openDrawer = outRefundNo.isEmpty();
    // One job of every copy, each cut off; the drawer opens with the first only.
    QByteArray bytes = EscPosRenderer(options).render(*receipt);
    if (const int copies = m_settings ? m_settings->receiptCopies() : 1; copies > 1) {
        options.openDrawer = false;
        bytes += EscPosRenderer(options).render(*receipt).repeated(copies - 1);
    }
    if (m_escpos->isBusy())
        m_queue.append({*parsed, bytes});
    else
        m_escpos->send(*parsed, bytes);
}

void ReceiptDesk::printSystem(const QString &printerName, const QString &outTradeNo, const QString &outRefundNo,
                              bool preview)
{
    auto receipt = serviceFor(m_terminal).receipt(outTradeNo, outRefundNo);
    if (!receipt) {
        emit message(receipt.error().message);
        return;
    }
    auto *printer = new QPrinter(QPrinter::HighResolution);
    printer->setPrinterName(printerName);
    printer->setCopyCount(m_settings ? m_settings->receiptCopies() : 1);
    const Receipt data = *receipt;
    const auto paint = [data](QPrinter *target) {
        QPainter painter(target);
        ReceiptPainter(data, ReceiptPainter::a4Style())
            .paint(&painter, target->pageLayout().paintRectPixels(target->resolution()), [target] { return target->newPage(); });
    };
    if (!preview) {
        // After a payment: straight to the spooler, no dialog in the cashier's way.
        paint(printer);
        delete printer;
        emit message(tr("Receipt sent to %1.").arg(printerName));
        return;
    }
    auto *dialog = new QPrintPreviewDialog(printer, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, this, [printer] { delete printer; });
    connect(dialog, &QPrintPreviewDialog::paintRequested, this, paint);
    dialog->open();
}

void ReceiptDesk::saveAs(const QByteArray &pdf, const QString &suggestedName)
{
    // No printer: straight into the receipts folder, no dialog at the counter.
    // Only when that folder cannot be written does the cashier choose a place.
    const QString folder = m_settings ? m_settings->receiptsFolder() : AppSettings::defaultReceiptsFolder();
    if (QDir().mkpath(folder)) {
        const QString path = QDir(folder).filePath(suggestedName);
        QSaveFile file(path);
        if (file.open(QIODevice::WriteOnly) && file.write(pdf) == pdf.size() && file.commit()) {
            emit message(tr("Signed receipt saved as %1.").arg(QDir::toNativeSeparators(path)));
            emit receiptSaved(path);
            return;
        }
        emit message(tr("Cannot save in %1 (%2): choose where to save the receipt.")
                         .arg(QDir::toNativeSeparators(folder), file.errorString()));
    }
    auto *dialog = new QFileDialog(m_window, tr("Save the receipt"),
                                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/')
                                       + suggestedName,
                                   tr("PDF receipts (*.pdf)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("pdf"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, pdf](const QString &path) {
        QSaveFile file(path);
        if (file.open(QIODevice::WriteOnly) && file.write(pdf) == pdf.size() && file.commit())
            emit message(tr("Signed receipt saved as %1.").arg(path));
        else
            emit message(tr("Cannot save %1: %2").arg(path, file.errorString()));
    });
    dialog->open();
}

} // namespace paydesk::ui
