// SPDX-License-Identifier: MIT
#include "commands.h"
#include "payments/notificationlistener.h"
#include "payments/paymentterminal.h"
#include "signalwatcher.h"
#include "store/database.h"

#include <QHostAddress>

namespace paydesk::cli {

namespace {

class NotifyListenCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("notify"), QStringLiteral("listen") }; }
    QString summary() const override
    {
        return QStringLiteral("Receive WeChat Pay's notifications into the store until SIGINT/SIGTERM.");
    }
    QString synopsis() const override { return QStringLiteral("[--address ADDR] --port PORT"); }
    QString details() const override
    {
        return QStringLiteral(
            "Listens on http://ADDR:PORT/paydesk/notify (put it behind the https address that is the\n"
            "profile's notify_url). Each notification is verified, decrypted and applied to the store\n"
            "like a query's answer. One JSON line per event on stdout: {\"event\":\"listening\",\"port\"},\n"
            "{\"event\":\"received\",\"event_type\",\"reference\",\"changed\"}, {\"event\":\"rejected\",\"reason\"},\n"
            "and {\"event\":\"stopped\"} on SIGINT or SIGTERM (exit 0). --port 0 picks a free port.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("address"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
                           QStringLiteral("ADDR") });
        parser.addOption({ QStringLiteral("port"), QStringLiteral("Port to listen on (0: any free port)."),
                           QStringLiteral("PORT") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        const QString address = parser.isSet(QStringLiteral("address")) ? parser.value(QStringLiteral("address"))
                                                                         : QStringLiteral("127.0.0.1");
        if (!m_address.setAddress(address))
            return CliError::usage(QStringLiteral("--address \"%1\" is not an IP address").arg(address));
        auto port = requiredValue(parser, QStringLiteral("port"));
        if (!port)
            return port.error();
        bool ok = false;
        const uint value = port->toUInt(&ok);
        if (!ok || value > 65535)
            return CliError::usage(QStringLiteral("--port must be a number from 0 to 65535"));
        m_port = quint16(value);
        return {};
    }

    void run(CliContext &context) override
    {
        auto terminal = context.terminal();
        if (!terminal)
            return context.fail(terminal.error());
        PaymentTerminal *t = *terminal;
        auto port = t->startListener(m_address, m_port);
        if (!port) {
            CliError e = CliError::config(port.error());
            e.code = QStringLiteral("LISTEN_FAILED");
            return context.fail(e);
        }
        NotificationListener *listener = t->listener();
        QObject::connect(listener, &NotificationListener::received, &context,
                         [&context](const QString &eventType, const QString &reference, bool changed) {
                             context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("received") },
                                                     { QStringLiteral("event_type"), eventType },
                                                     { QStringLiteral("reference"), reference },
                                                     { QStringLiteral("changed"), changed } });
                         });
        QObject::connect(listener, &NotificationListener::rejected, &context, [&context](const QString &reason) {
            context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("rejected") },
                                    { QStringLiteral("reason"), reason } });
        });
        auto *watcher = new SignalWatcher(&context);
        QObject::connect(watcher, &SignalWatcher::terminated, &context, [&context](int number) {
            context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("stopped") },
                                    { QStringLiteral("signal"), number } });
            context.finish(Success);
        });
        context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("listening") },
                                { QStringLiteral("address"), m_address.toString() },
                                { QStringLiteral("port"), int(*port) },
                                { QStringLiteral("path"), listener->path() },
                                { QStringLiteral("database"), t->database()->path() } });
    }

private:
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace

std::unique_ptr<Command> makeNotifyListenCommand()
{
    return std::make_unique<NotifyListenCommand>();
}

} // namespace paydesk::cli
