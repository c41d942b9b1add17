// SPDX-License-Identifier: MIT
// paydesk-hq: PayDesk HQ, the store's and the chain's shared home on
// PostgreSQL (docs/hq.md). Only wires options to hq/.
#include "hqdatabase.h"
#include "hqserver.h"
#include "reconcile/chinaday.h"
#include "signalwatcher.h"
#include "storereport.h"
#include "tillregistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <cstdio>

using namespace paydesk;
using namespace paydesk::hq;

namespace {

const char *const kDescription = R"(PayDesk HQ: every till's sales in one PostgreSQL database.

Commands:
  serve                        Serve the tills' API until SIGTERM/SIGINT.
  migrate                      Create or upgrade the database schema, then exit.
  store add --code S --name N --mchid M
                               A store and the merchant its tills take payments for.
  till add --store S --code T [--valid-hours H]
                               A till (T = the terminal_id in its merchant profile) and a
                               one-time enrolment code for it, to give to the till:
                               paydesk-cli hq enroll --url URL --code CODE
  till revoke --store S --code T
                               Refuse the till's credential from now on.
  till list                    Every till, enrolled or not, and how far it synced.
  report [--store S] [--day YYYY-MM-DD] [--training]
                               The X report of a China-time day (default today) for one
                               store or the whole chain: by store, till, cashier, merchant.

The database: --db postgresql://user@host:port/database, or $PAYDESK_HQ_DB. A password
comes from PGPASSWORD or ~/.pgpass, never from the command line.
Output is JSON on stdout; errors are one JSON line on stderr (exit 1; 2 for usage).)";

void print(const QJsonObject &object)
{
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

int fail(const Error &error, int code = 1)
{
    std::fprintf(stderr, "%s\n",
                 QJsonDocument(QJsonObject { { QStringLiteral("error"),
                                               QJsonObject { { QStringLiteral("code"), error.code },
                                                             { QStringLiteral("message"), error.message } } } })
                     .toJson(QJsonDocument::Compact)
                     .constData());
    return code;
}

int usage(const QString &message)
{
    return fail(makeError(QStringLiteral("usage"), message), 2);
}

Result<std::unique_ptr<HqDatabase>> openDatabase(const QCommandLineParser &parser)
{
    QString text = parser.value(QStringLiteral("db"));
    if (text.isEmpty())
        text = qEnvironmentVariable("PAYDESK_HQ_DB");
    if (text.isEmpty())
        return makeError(QStringLiteral("usage"), QStringLiteral("name the database: --db URL or PAYDESK_HQ_DB"));
    auto url = HqDatabase::parseUrl(text);
    if (!url)
        return url.error();
    return HqDatabase::open(*url);
}

Result<QSslConfiguration> tlsConfiguration(const QString &certFile, const QString &keyFile)
{
    QFile cert(certFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("hq_tls_unreadable"),
                         QStringLiteral("cannot read the TLS certificate %1 or its key %2").arg(certFile, keyFile));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
    const QByteArray keyPem = key.readAll();
    QSslKey privateKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (privateKey.isNull())
        privateKey = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (chain.isEmpty() || privateKey.isNull())
        return makeError(QStringLiteral("hq_tls_unreadable"),
                         QStringLiteral("%1 must hold a PEM certificate and %2 its PEM private key (RSA or EC)")
                             .arg(certFile, keyFile));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(privateKey);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // tills prove themselves with their token
    return tls;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("paydesk-hq"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kDescription));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve | migrate | store add | till add|revoke|list | report"));
    parser.addOptions({
        { QStringLiteral("db"), QStringLiteral("The PostgreSQL database (default: $PAYDESK_HQ_DB)."), QStringLiteral("URL") },
        { QStringLiteral("listen"), QStringLiteral("serve: the address to listen on (default 127.0.0.1)."),
          QStringLiteral("ADDRESS") },
        { QStringLiteral("port"), QStringLiteral("serve: the port (default 8640; 0: a free one)."), QStringLiteral("PORT") },
        { QStringLiteral("tls-cert"), QStringLiteral("serve: a PEM certificate (chain) to serve HTTPS with."),
          QStringLiteral("FILE") },
        { QStringLiteral("tls-key"), QStringLiteral("serve: the certificate's PEM private key."), QStringLiteral("FILE") },
        { QStringLiteral("code"), QStringLiteral("store add / till add|revoke: the store's or till's code."),
          QStringLiteral("CODE") },
        { QStringLiteral("name"), QStringLiteral("store add: the store's name."), QStringLiteral("NAME") },
        { QStringLiteral("mchid"), QStringLiteral("store add: the merchant id its tills use."), QStringLiteral("MCHID") },
        { QStringLiteral("store"), QStringLiteral("till add|revoke, report: the store's code."), QStringLiteral("CODE") },
        { QStringLiteral("day"), QStringLiteral("report: the China-time day (default today)."), QStringLiteral("YYYY-MM-DD") },
        { QStringLiteral("training"), QStringLiteral("report: count training sales too.") },
        { QStringLiteral("valid-hours"), QStringLiteral("till add: how long the enrolment code is valid (default 24)."),
          QStringLiteral("H") },
    });
    parser.process(app);
    const QStringList words = parser.positionalArguments();
    const QString command = words.join(QLatin1Char(' '));
    if (command.isEmpty())
        return usage(QStringLiteral("say what to do: serve, migrate, store add, till add, till revoke or till list"));

    // Only serve logs what it does; the other commands answer in JSON.
    if (command != QLatin1String("serve"))
        QLoggingCategory::setFilterRules(QStringLiteral("paydesk.*.info=false"));
    auto database = openDatabase(parser);
    if (!database)
        return fail(database.error(), database.error().code == QLatin1String("usage") ? 2 : 1);
    HqDatabase *db = database->get();
    TillRegistry tills(db);

    if (command == QLatin1String("migrate")) {
        print({ { QStringLiteral("schema_version"), db->schemaVersion() } });
        return 0;
    }
    if (command == QLatin1String("store add")) {
        auto added = tills.addStore(parser.value(QStringLiteral("code")), parser.value(QStringLiteral("name")),
                                    parser.value(QStringLiteral("mchid")));
        if (!added)
            return fail(added.error());
        print({ { QStringLiteral("store"), parser.value(QStringLiteral("code")) },
                { QStringLiteral("mchid"), parser.value(QStringLiteral("mchid")) } });
        return 0;
    }
    if (command == QLatin1String("till add")) {
        int hours = 24;
        if (parser.isSet(QStringLiteral("valid-hours"))) {
            bool ok = false;
            hours = parser.value(QStringLiteral("valid-hours")).toInt(&ok);
            if (!ok || hours < 1 || hours > 24 * 30)
                return usage(QStringLiteral("--valid-hours takes 1 to 720"));
        }
        auto issued = tills.issueEnrolmentCode(parser.value(QStringLiteral("store")),
                                               parser.value(QStringLiteral("code")), hours);
        if (!issued)
            return fail(issued.error());
        print({ { QStringLiteral("store"), issued->storeCode },
                { QStringLiteral("till"), issued->tillCode },
                { QStringLiteral("enrolment_code"), issued->code },
                { QStringLiteral("expires_at"), issued->expiresAt.toString(Qt::ISODate) } });
        return 0;
    }
    if (command == QLatin1String("till revoke")) {
        auto revoked = tills.revoke(parser.value(QStringLiteral("store")), parser.value(QStringLiteral("code")));
        if (!revoked)
            return fail(revoked.error());
        print({ { QStringLiteral("revoked"), parser.value(QStringLiteral("code")) } });
        return 0;
    }
    if (command == QLatin1String("till list")) {
        auto list = tills.list();
        if (!list)
            return fail(list.error());
        print({ { QStringLiteral("tills"), *list } });
        return 0;
    }
    if (command == QLatin1String("report")) {
        QDate day = ChinaDay::today(QDateTime::currentDateTimeUtc());
        if (parser.isSet(QStringLiteral("day"))) {
            day = QDate::fromString(parser.value(QStringLiteral("day")), Qt::ISODate);
            if (!day.isValid())
                return usage(QStringLiteral("--day takes YYYY-MM-DD"));
        }
        std::optional<qint64> storeId;
        if (parser.isSet(QStringLiteral("store"))) {
            auto q = pgExec(db->connection(), QStringLiteral("SELECT id FROM stores WHERE code = ?"),
                            { parser.value(QStringLiteral("store")) });
            if (!q)
                return fail(q.error());
            if (!q->next())
                return fail(makeError(QStringLiteral("hq_unknown_store"),
                                      QStringLiteral("HQ has no store %1").arg(parser.value(QStringLiteral("store")))));
            storeId = q->value(0).toLongLong();
        }
        auto report = StoreReport(db).day(day, storeId, parser.isSet(QStringLiteral("training")));
        if (!report)
            return fail(report.error());
        print(*report);
        return 0;
    }
    if (command != QLatin1String("serve"))
        return usage(QStringLiteral("unknown command \"%1\"").arg(command));

    HqServer server(db);
    const QString certFile = parser.value(QStringLiteral("tls-cert"));
    const QString keyFile = parser.value(QStringLiteral("tls-key"));
    if (certFile.isEmpty() != keyFile.isEmpty())
        return usage(QStringLiteral("--tls-cert and --tls-key go together"));
    if (!certFile.isEmpty()) {
        auto tls = tlsConfiguration(certFile, keyFile);
        if (!tls)
            return fail(tls.error());
        server.useTls(*tls);
    }
    QHostAddress address(QHostAddress::LocalHost);
    if (parser.isSet(QStringLiteral("listen")) && !address.setAddress(parser.value(QStringLiteral("listen"))))
        return usage(QStringLiteral("--listen takes an IP address"));
    int port = 8640;
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        port = parser.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return usage(QStringLiteral("--port takes 0 to 65535"));
    }
    auto listening = server.listen(address, quint16(port));
    if (!listening)
        return fail(listening.error());
    print({ { QStringLiteral("event"), QStringLiteral("listening") },
            { QStringLiteral("address"), address.toString() },
            { QStringLiteral("port"), int(*listening) },
            { QStringLiteral("tls"), !certFile.isEmpty() },
            { QStringLiteral("schema_version"), db->schemaVersion() } });

    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminated, &app, [](int number) {
        std::fprintf(stderr, "paydesk-hq stopped (signal %d)\n", number);
        QCoreApplication::exit(0);
    });
    return app.exec();
}
