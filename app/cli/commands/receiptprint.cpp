// SPDX-License-Identifier: MIT
#include "commands.h"
#include "receipt/escposprinter.h"
#include "receipt/escposrenderer.h"
#include "receipt/receipt.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QGuiApplication>

namespace paydesk::cli {

namespace {

constexpr int MaxTimeoutSeconds = 300;

class ReceiptPrintCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("receipt"), QStringLiteral("print") }; }
    QString summary() const override
    {
        return QStringLiteral("Print a stored sale's or refund's receipt on an ESC/POS thermal printer.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--out-trade-no X [--out-refund-no R] --printer tcp://HOST:9100|DEVICE [--width 58|80] "
                              "[--raster] [--no-cut] [--drawer] [--timeout-s S] [--store-name NAME]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Sends the receipt as ESC/POS: Chinese mode with GB18030 text, the QR code, then a cut\n"
            "(unless --no-cut) and, with --drawer, the cash-drawer kick. --raster prints it as an image\n"
            "instead, for printers without a Chinese font (needs a GUI-capable Qt for the fonts;\n"
            "QT_QPA_PLATFORM=offscreen works). The printer: tcp://HOST:PORT (raw port 9100), or a device\n"
            "file such as /dev/usb/lp0 or a serial port set up with stty. Prints printer, bytes,\n"
            "width, mode. Exit 4 when the printer cannot be reached or did not take every byte.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("out-trade-no"), QStringLiteral("The stored, paid order."), QStringLiteral("X") });
        parser.addOption({ QStringLiteral("out-refund-no"), QStringLiteral("A refund of it: its refund receipt."),
                           QStringLiteral("R") });
        parser.addOption({ QStringLiteral("printer"), QStringLiteral("tcp://HOST:9100 or a device path."),
                           QStringLiteral("TARGET") });
        parser.addOption({ QStringLiteral("width"), QStringLiteral("Paper width in mm: 80 (default) or 58."),
                           QStringLiteral("MM") });
        parser.addOption({ QStringLiteral("raster"), QStringLiteral("Print as an image (no Chinese font needed).") });
        parser.addOption({ QStringLiteral("no-cut"), QStringLiteral("Do not cut the paper.") });
        parser.addOption({ QStringLiteral("drawer"), QStringLiteral("Open the cash drawer.") });
        parser.addOption({ QStringLiteral("timeout-s"), QStringLiteral("Give up after S seconds (default 10)."),
                           QStringLiteral("S") });
        parser.addOption({ QStringLiteral("store-name"), QStringLiteral("The store's name on the receipt."),
                           QStringLiteral("NAME") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto no = requiredValue(parser, QStringLiteral("out-trade-no"));
        if (!no)
            return no.error();
        auto printer = requiredValue(parser, QStringLiteral("printer"));
        if (!printer)
            return printer.error();
        auto target = EscPosPrinter::parseTarget(*printer);
        if (!target)
            return CliError::usage(target.error().message);
        const QString width = parser.value(QStringLiteral("width"));
        if (!width.isEmpty() && width != QLatin1String("58") && width != QLatin1String("80"))
            return CliError::usage(QStringLiteral("--width is 58 or 80 (mm), not %1").arg(width));
        if (parser.isSet(QStringLiteral("timeout-s"))) {
            auto seconds = positiveIntOption(parser, QStringLiteral("timeout-s"), MaxTimeoutSeconds);
            if (!seconds)
                return seconds.error();
            m_timeoutMs = *seconds * 1000;
        }
        m_outTradeNo = *no;
        m_outRefundNo = parser.value(QStringLiteral("out-refund-no"));
        m_target = *target;
        m_options.paperMillimetres = width == QLatin1String("58") ? 58 : 80;
        m_options.raster = parser.isSet(QStringLiteral("raster"));
        m_options.cut = !parser.isSet(QStringLiteral("no-cut"));
        m_options.openDrawer = parser.isSet(QStringLiteral("drawer"));
        m_storeName = parser.value(QStringLiteral("store-name"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        AuditLog audit(*database);
        const OrderRepository orders(*database, &audit);
        const RefundRepository refunds(*database, &audit);
        QString storeName = m_storeName;
        if (storeName.isEmpty()) {
            if (auto profile = context.profile())
                storeName = profile->storeName;
        }
        auto receipt = Receipt::fromStore(&orders, &refunds, m_outTradeNo, storeName, m_outRefundNo);
        if (!receipt) {
            // As `order wait`: the store refuses (unknown_order, not_paid, unknown_refund), exit 3.
            CliError e = CliError::store(receipt.error(), { { QStringLiteral("out_trade_no"), m_outTradeNo } });
            e.exitCode = BusinessRefusal;
            return context.fail(e);
        }
        if (m_options.raster && !qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
            CliError e = CliError::config(makeError(QStringLiteral("NO_GUI_APPLICATION"),
                                                    QStringLiteral("--raster needs fonts, which this paydesk-cli "
                                                                   "cannot load: print without --raster")));
            return context.fail(e);
        }
        const QByteArray bytes = EscPosRenderer(m_options).render(*receipt);

        auto *printer = new EscPosPrinter(&context);
        printer->setTimeout(m_timeoutMs);
        QObject::connect(printer, &EscPosPrinter::finished, &context,
                         [this, &context, bytes](qint64 written, const Error &error) {
            if (!error.code.isEmpty()) {
                CliError e;
                e.exitCode = OutcomeUnknown;
                e.code = error.code.toUpper();
                e.message = error.message;
                e.context = { { QStringLiteral("printer"), m_target.toString() },
                              { QStringLiteral("bytes_written"), written } };
                return context.fail(e);
            }
            context.succeed({ { QStringLiteral("printer"), m_target.toString() },
                              { QStringLiteral("bytes"), written },
                              { QStringLiteral("width"), m_options.paperMillimetres },
                              { QStringLiteral("mode"), m_options.raster ? QStringLiteral("raster") : QStringLiteral("text") },
                              { QStringLiteral("out_trade_no"), m_outTradeNo } });
        });
        printer->send(m_target, bytes);
    }

private:
    QString m_outTradeNo;
    QString m_outRefundNo;
    QString m_storeName;
    EscPosPrinter::Target m_target;
    EscPosRenderer::Options m_options;
    int m_timeoutMs = 10000;
};

} // namespace

std::unique_ptr<Command> makeReceiptPrintCommand()
{
    return std::make_unique<ReceiptPrintCommand>();
}

} // namespace paydesk::cli
