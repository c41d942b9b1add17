// SPDX-License-Identifier: MIT
// paydesk-sandbox: a local WeChat Pay APIv3 server for tests, the CLI and
// training. Only wires options to sandbox/ (see docs/sandbox.md).
#include "sandboxbench.h"
#include "sandboxserver.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>
#include <optional>

using namespace paydesk::sandbox;

namespace {

const char *const kDescription = R"(A faithful local WeChat Pay APIv3 server: same paths, JSON, status codes,
error bodies and signatures as api.mch.weixin.qq.com, so code that passes
against it passes against WeChat Pay. Not WeChat Pay: no money moves.

Commands:
  serve (default)  Run the sandbox until interrupted.
  init             Write a ready-to-use training merchant into --dir:
                     DIR/merchant/apiclient_key.pem, apiclient_cert.pem,
                     apiv3.key (mode 0600), DIR/sandbox/ (the sandbox's data:
                     platform keys, the merchant and two sub-merchants) and
                     DIR/paydesk.json (the PayDesk profile "training").
                   Then: paydesk-sandbox serve --data-dir DIR/sandbox
  bench            Measure signed requests per second (create + query) against
                   an in-process sandbox; see --seconds, --concurrency.

WeChat Pay API (/v3, signed with the merchant key, answers signed):
  POST /v3/pay/transactions/native
  GET  /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=
  GET  /v3/pay/transactions/id/{transaction_id}?mchid=
  POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close
  POST /v3/combine-transactions/native
  GET  /v3/combine-transactions/out-trade-no/{combine_out_trade_no}
  POST /v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close
  POST /v3/refund/domestic/refunds
  GET  /v3/refund/domestic/refunds/{out_refund_no}
  GET  /v3/bill/tradebill?bill_date=&bill_type=ALL|SUCCESS|REFUND[&tar_type=GZIP]
  GET  /v3/billdownload/file?token=        (the download_url; file unsigned)
  GET  /v3/certificates                    (404 for public-key merchants)

Control API (/sandbox, JSON, no signature):
  GET  /sandbox/health | /sandbox/merchants | /sandbox/platform
  POST /sandbox/merchants                  register {mchid, appid, apiv3_key,
                                           certificate_pem | public_key_pem+serial_no, key_mode}
  POST /sandbox/merchants/{mchid}/key-mode {"mode":"certificate|public_key|both"}
  POST /sandbox/customer/scan|userpaying|pay|fail|abandon
                                           {code_url | out_trade_no | combine_out_trade_no,
                                            mchid?, openid?, bank_type?, reason?}
  POST /sandbox/refunds/outcome            {out_refund_no | "next":true,
                                            status: ABNORMAL|CLOSED|NOTENOUGH|SUCCESS}
  GET  /sandbox/orders | /sandbox/combine-orders | /sandbox/refunds | /sandbox/ledger
  GET  /sandbox/bills/{YYYY-MM-DD}?mchid=&bill_type=
  GET  /sandbox/notifications              delivery log with every attempt
  POST /sandbox/notifications/flush | /sandbox/notifications/{id}/resend
  GET|POST|DELETE /sandbox/faults, DELETE /sandbox/faults/{id}
  POST /sandbox/certificates/rotate        {"activate": true}
  GET|POST /sandbox/clock                  {"offset_seconds": N}
  POST /sandbox/reset                      forget orders, refunds, ledger, notifications

Faults (--fault KIND[:key=value,...], or POST /sandbox/faults with the same keys):
  kinds: latency (latency_ms), system_error (500), bank_error (502),
         frequency_limited (429), reset, lost_answer (applied, then reset),
         bad_signature, wrong_serial, clock_skew (skew_seconds),
         notify_duplicate, notify_reorder (hold_ms), notify_signtest
  keys:  rate=0..1, count=N, path_prefix=/v3/..., method=POST, event_prefix=REFUND.
  e.g.   --fault system_error:rate=0.1 --fault latency:latency_ms=800,path_prefix=/v3/pay)";

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "paydesk-sandbox: " << message << Qt::endl;
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("paydesk-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kDescription));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve (default), init or bench."),
                                 QStringLiteral("[serve|init|bench]"));
    const QCommandLineOption port(
        { QStringLiteral("p"), QStringLiteral("port") },
        QStringLiteral("Port to listen on (serve; default: from DATA_DIR/sandbox.json, else 18390; 0: any free port), "
                       "or to write into the profile (init; default 18390)."),
        QStringLiteral("N"));
    const QCommandLineOption address(QStringLiteral("address"),
                                     QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                     QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QStringLiteral("Folder of the sandbox's SQLite data (serve). Without it everything is in memory."),
        QStringLiteral("DIR"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("Folder to write the training merchant into (init)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption notifyPort(
        QStringLiteral("notify-port"),
        QStringLiteral("Port of PayDesk's notification listener in the profile's notify_url (init; default 18391)."),
        QStringLiteral("N"), QStringLiteral("18391"));
    const QCommandLineOption https(QStringLiteral("https"),
                                   QStringLiteral("Serve HTTPS with a self-signed certificate "
                                                  "(init writes it to DIR/sandbox/tls_cert.pem)."));
    const QCommandLineOption keyMode(
        QStringLiteral("key-mode"),
        QStringLiteral("How answers are signed for merchants: certificate, public_key or both "
                       "(a migration: each answer with the key the request's Wechatpay-Serial asks for, "
                       "PUB_KEY_ID_... or none for the certificate; notifications with either, see "
                       "--notify-public-key-percent). Default certificate; serve also "
                       "switches the merchants already registered."),
        QStringLiteral("MODE"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the fault dice (default 20240520)."),
                                  QStringLiteral("S"), QStringLiteral("20240520"));
    const QCommandLineOption timeScale(
        QStringLiteral("time-scale"),
        QStringLiteral("Divides the notification retry schedule (15s, 15s, 30s, 3m, ... 6h) "
                       "and the one-minute refund interval (default 1)."),
        QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption refundDelay(QStringLiteral("refund-delay-ms"),
                                         QStringLiteral("How long a refund stays PROCESSING (default 3000)."),
                                         QStringLiteral("MS"), QStringLiteral("3000"));
    const QCommandLineOption refundInterval(
        QStringLiteral("refund-interval"),
        QStringLiteral("Seconds between two refunds of one order (default 60; 0: no limit)."), QStringLiteral("S"),
        QStringLiteral("60"));
    const QCommandLineOption immediateBills(
        QStringLiteral("immediate-bills"),
        QStringLiteral("Serve today's trade bill at once (WeChat Pay: from 10:00 the next day)."));
    const QCommandLineOption notifyTimeout(
        QStringLiteral("notify-timeout-ms"),
        QStringLiteral("A notification not answered within this counts as not received (default 5000)."),
        QStringLiteral("MS"), QStringLiteral("5000"));
    const QCommandLineOption notifyPublicKeyPercent(
        QStringLiteral("notify-public-key-percent"),
        QStringLiteral("Key mode both: the share of notifications signed with the WeChat Pay public key, "
                       "the gradual switch-over (0-100, default 50)."),
        QStringLiteral("P"), QStringLiteral("50"));
    const QCommandLineOption fault(QStringLiteral("fault"),
                                   QStringLiteral("A fault rule, KIND[:key=value,...]; repeatable (see above)."),
                                   QStringLiteral("SPEC"));
    const QCommandLineOption quiet({ QStringLiteral("q"), QStringLiteral("quiet") },
                                   QStringLiteral("Log warnings only, not every request."));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("init: replace an existing training merchant."));
    const QCommandLineOption mchid(QStringLiteral("mchid"),
                                   QStringLiteral("init: the merchant id (default 1900000109)."), QStringLiteral("ID"),
                                   QStringLiteral("1900000109"));
    const QCommandLineOption storeName(QStringLiteral("store-name"), QStringLiteral("init: the store's name."),
                                       QStringLiteral("NAME"), QStringLiteral("PayDesk Training Store"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("bench: how long to measure (default 5)."), QStringLiteral("N"),
                                     QStringLiteral("5"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("bench: requests in flight at once (default 4)."),
                                         QStringLiteral("N"), QStringLiteral("4"));
    parser.addOptions({ port,          address,        dataDir,
                        dir,           notifyPort,     https,
                        keyMode,       seed,           timeScale,
                        refundDelay,   refundInterval, immediateBills,
                        notifyTimeout, fault,          quiet,
                        force,         mchid,          storeName,
                        seconds,       concurrency,    notifyPublicKeyPercent });
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0, QStringLiteral("serve"));
    if (positional.size() > 1)
        return fail(QStringLiteral("one command at a time: %1").arg(positional.join(QLatin1Char(' '))));

    QLoggingCategory::setFilterRules(parser.isSet(quiet) ? QStringLiteral("paydesk.sandbox.info=false")
                                                         : QStringLiteral("paydesk.sandbox.info=true"));

    std::optional<KeyMode> mode;
    if (parser.isSet(keyMode)) {
        mode = parseKeyMode(parser.value(keyMode));
        if (!mode)
            return fail(
                QStringLiteral("--key-mode is certificate, public_key or both, not \"%1\"").arg(parser.value(keyMode)));
    }

    if (command == QLatin1String("init")) {
        if (!parser.isSet(dir))
            return fail(QStringLiteral("init needs --dir DIR"));
        TrainingOptions options;
        options.port = quint16(parser.isSet(port) ? parser.value(port).toUInt() : 18390);
        options.notifyPort = quint16(parser.value(notifyPort).toUInt());
        options.https = parser.isSet(https);
        options.keyMode = mode.value_or(KeyMode::Certificate);
        options.overwrite = parser.isSet(force);
        options.mchid = parser.value(mchid);
        options.storeName = parser.value(storeName);
        auto made = SandboxServer::initTrainingMerchant(parser.value(dir), options);
        if (!made)
            return fail(made.error().message);
        out() << "training merchant " << made->mchid << " (appid " << made->appid << ", sub-merchants "
              << made->subMerchants.join(QStringLiteral(", ")) << ")\n"
              << "  profile:      " << QDir::toNativeSeparators(made->profilePath) << "\n"
              << "  sandbox data: " << QDir::toNativeSeparators(made->sandboxDataDir) << "\n"
              << "  base_url:     " << made->baseUrl << "\n"
              << "start it with:  paydesk-sandbox serve --data-dir " << QDir::toNativeSeparators(made->sandboxDataDir)
              << Qt::endl;
        return 0;
    }

    if (command == QLatin1String("bench")) {
        BenchOptions options;
        options.seconds = qMax(1, parser.value(seconds).toInt());
        options.concurrency = qBound(1, parser.value(concurrency).toInt(), 64);
        options.https = parser.isSet(https);
        QLoggingCategory::setFilterRules(QStringLiteral("paydesk.sandbox.info=false"));
        return runBench(options, out());
    }

    if (command != QLatin1String("serve"))
        return fail(QStringLiteral("unknown command \"%1\" (serve, init or bench; see --help)").arg(command));

    SandboxOptions options;
    // Defaults written by init next to the data.
    QJsonObject stored;
    if (parser.isSet(dataDir)) {
        options.dataDir = parser.value(dataDir);
        QFile settings(QDir(options.dataDir).filePath(QStringLiteral("sandbox.json")));
        if (settings.open(QIODevice::ReadOnly))
            stored = QJsonDocument::fromJson(settings.readAll()).object();
    }
    options.port
        = quint16(parser.isSet(port) ? parser.value(port).toUInt() : stored.value(QLatin1String("port")).toInt(18390));
    options.https = parser.isSet(https) || stored.value(QLatin1String("https")).toBool();
    options.keyMode = mode.value_or(
        parseKeyMode(stored.value(QLatin1String("key_mode")).toString()).value_or(KeyMode::Certificate));
    if (!options.address.setAddress(parser.value(address)))
        return fail(QStringLiteral("--address %1 is not an IP address").arg(parser.value(address)));
    bool ok = false;
    options.seed = parser.value(seed).toUInt(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed must be a whole number"));
    options.timeScale = parser.value(timeScale).toDouble(&ok);
    if (!ok || options.timeScale <= 0)
        return fail(QStringLiteral("--time-scale must be a positive number"));
    options.refundDelayMs = parser.value(refundDelay).toInt();
    options.refundIntervalSeconds = parser.value(refundInterval).toInt();
    options.immediateBills = parser.isSet(immediateBills);
    options.notifyTimeoutMs = parser.value(notifyTimeout).toInt();
    options.notifyPublicKeyPercent = parser.value(notifyPublicKeyPercent).toInt(&ok);
    if (!ok || options.notifyPublicKeyPercent < 0 || options.notifyPublicKeyPercent > 100)
        return fail(QStringLiteral("--notify-public-key-percent must be a whole number from 0 to 100"));
    for (const QString &spec : parser.values(fault)) {
        auto rule = FaultRule::fromSpec(spec);
        if (!rule)
            return fail(QStringLiteral("--fault %1: %2").arg(spec, rule.error().message));
        options.faults.append(*rule);
    }

    SandboxServer server(options);
    auto started = server.start();
    if (!started)
        return fail(started.error().message);
    out() << "paydesk-sandbox listening on " << server.baseUrl().toString() << " (not WeChat Pay: no money moves)\n";
    const QStringList merchants = server.merchantIds();
    if (mode) {
        // An explicit --key-mode switches the merchants already registered too.
        for (const QString &id : merchants) {
            if (auto switched = server.setKeyMode(id, *mode); !switched)
                return fail(switched.error().message);
        }
    }
    if (merchants.isEmpty()) {
        out() << "no merchants yet: run `paydesk-sandbox init --dir DIR` and serve --data-dir DIR/sandbox,\n"
                 "or register one with POST /sandbox/merchants\n";
    } else {
        out() << "merchants: " << merchants.join(QStringLiteral(", ")) << "\n";
    }
    if (options.https)
        out() << "TLS certificate (trust it in the client):\n" << server.tlsCertificate().toPem();
    out() << "control API: " << server.baseUrl().toString() << "/sandbox/health" << Qt::endl;

    // SIGINT (Ctrl+C) and SIGTERM stop it cleanly: the server and its store
    // close before exit 0.
    paydesk::SignalWatcher watcher;
    QObject::connect(&watcher, &paydesk::SignalWatcher::terminated, &app, [](int number) {
        out() << "paydesk-sandbox stopped (signal " << number << ")" << Qt::endl;
        QCoreApplication::quit();
    });
    return app.exec();
}
