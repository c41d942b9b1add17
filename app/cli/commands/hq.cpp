// SPDX-License-Identifier: MIT
// paydesk-cli hq enroll | sync | status: the till's side of PayDesk HQ (docs/hq.md).
#include "commands.h"
#include "secretaccess.h"
#include "reconcile/chinaday.h"
#include "store/database.h"
#include "sync/hqclient.h"
#include "sync/hqlink.h"
#include "sync/syncoutbox.h"
#include "sync/syncsender.h"

#include <QFileInfo>

namespace paydesk::cli {

namespace {

CliError hqError(const HqError &error)
{
    CliError e;
    e.code = error.code;
    e.message = error.message;
    e.httpStatus = error.httpStatus;
    // Unreachable: try again later (4, like WeChat Pay's unknown outcome);
    // refused: someone must act (3).
    e.exitCode = error.retryable ? OutcomeUnknown : BusinessRefusal;
    return e;
}

Result<HqLink, CliError> enrolledLink(Database *database)
{
    auto link = HqLink::load(database);
    if (!link)
        return CliError::store(link.error());
    if (!*link)
        return CliError::config(makeError(QStringLiteral("hq_not_enrolled"),
                                          QStringLiteral("this terminal is not enrolled in a PayDesk HQ: run "
                                                         "paydesk-cli hq enroll --url URL --code CODE first")));
    return **link;
}

class HqEnrollCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("hq"), QStringLiteral("enroll") }; }
    QString summary() const override { return QStringLiteral("Enrol this terminal in a PayDesk HQ with a one-time code."); }
    QString synopsis() const override { return QStringLiteral("--url URL --code CODE [--ca-file PEM]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Trades the code (paydesk-hq till add) for this till's own credential, keeps it in the\n"
            "secret store (the OS keychain or the encrypted secrets file, as for the merchant keys),\n"
            "and turns the outbox on: every sale, refund, receipt, audit entry and day close from\n"
            "now on, and everything stored before, is sent to HQ (paydesk-cli hq sync, or the GUI's\n"
            "sync worker). HQ refuses a code meant for another terminal_id or merchant.\n"
            "--ca-file trusts a private CA for HQ's HTTPS besides the system's.");
    }
    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("url"), QStringLiteral("PayDesk HQ's address (https://hq.example:8640)."),
                           QStringLiteral("URL") });
        parser.addOption({ QStringLiteral("code"), QStringLiteral("The enrolment code HQ gave for this till."),
                           QStringLiteral("CODE") });
        parser.addOption({ QStringLiteral("ca-file"), QStringLiteral("A PEM CA certificate to trust for HQ's TLS."),
                           QStringLiteral("PEM") });
    }
    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto url = requiredValue(parser, QStringLiteral("url"));
        if (!url)
            return url.error();
        m_url = QUrl(*url, QUrl::StrictMode);
        if (!m_url.isValid() || (m_url.scheme() != QLatin1String("https") && m_url.scheme() != QLatin1String("http"))
            || m_url.host().isEmpty())
            return CliError::usage(QStringLiteral("--url must be http(s)://host[:port]"));
        auto code = requiredValue(parser, QStringLiteral("code"));
        if (!code)
            return code.error();
        m_code = *code;
        m_caFile = parser.value(QStringLiteral("ca-file"));
        if (!m_caFile.isEmpty()) {
            if (!QFileInfo(m_caFile).isReadable())
                return CliError::usage(QStringLiteral("--ca-file %1 cannot be read").arg(m_caFile));
            m_caFile = QFileInfo(m_caFile).absoluteFilePath();
        }
        return {};
    }
    void run(CliContext &context) override
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        auto *client = new HqClient(m_url, m_caFile, &context);
        const MerchantProfile p = *profile;
        Database *db = *database;
        client->enroll(m_code, p.terminalId, p.mchid, [this, &context, db](HqResult<HqEnrolment> enrolled) {
            if (!enrolled)
                return context.fail(hqError(enrolled.error()));
            HqLink link;
            link.url = m_url;
            link.storeCode = enrolled->storeCode;
            link.storeName = enrolled->storeName;
            link.tillCode = enrolled->tillCode;
            link.caFile = m_caFile;
            link.tokenSecret = HqLink::tokenSecretName(link.storeCode, link.tillCode);
            auto secrets = openSecretStoreAndWait(context.configPath(), &context, {});
            if (!secrets)
                return context.fail(secrets.error());
            const QByteArray token = enrolled->token;
            (*secrets)->writeVerified({ { link.tokenSecret, token } }, [&context, db, link](Result<void> written) {
                if (!written)
                    return context.fail(CliError::config(written.error()));
                if (auto saved = link.saveAndEnableSync(db); !saved)
                    return context.fail(CliError::store(saved.error()));
                auto waiting = SyncOutbox(db).waiting();
                context.succeed({ { QStringLiteral("enrolled"), true },
                                  { QStringLiteral("url"), link.url.toString() },
                                  { QStringLiteral("store"), link.storeCode },
                                  { QStringLiteral("store_name"), link.storeName },
                                  { QStringLiteral("till"), link.tillCode },
                                  { QStringLiteral("credential"), link.tokenSecret },
                                  { QStringLiteral("waiting"), waiting ? *waiting : -1 } });
            });
        });
    }

private:
    QUrl m_url;
    QString m_code;
    QString m_caFile;
};

// The enrolled link, the token from the secret store and a client that carries it.
struct Connected
{
    HqLink link;
    Database *database = nullptr;
    HqClient *client = nullptr;
};

Result<Connected, CliError> connectToHq(CliContext &context)
{
    auto database = context.database();
    if (!database)
        return database.error();
    auto link = enrolledLink(*database);
    if (!link)
        return link.error();
    auto secrets = openSecretStoreAndWait(context.configPath(), &context, { link->tokenSecret });
    if (!secrets)
        return secrets.error();
    auto token = (*secrets)->read(link->tokenSecret);
    if (!token)
        return CliError::config(makeError(token.error().code,
                                          QStringLiteral("this till's HQ credential %1 cannot be read (%2): enrol "
                                                         "the terminal again")
                                              .arg(link->tokenSecret, token.error().message)));
    auto *client = new HqClient(link->url, link->caFile, &context);
    client->setToken(*token);
    return Connected { *link, *database, client };
}

class HqSyncCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("hq"), QStringLiteral("sync") }; }
    QString summary() const override { return QStringLiteral("Send everything waiting in the outbox to PayDesk HQ now."); }
    QString synopsis() const override { return QStringLiteral("[--batch N]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Sends the outbox in batches until it is empty, each applied at HQ in one transaction\n"
            "(a batch sent twice changes nothing). Prints what was sent and what is still waiting.\n"
            "Exit 4 when HQ cannot be reached (nothing is lost: the outbox keeps it), 3 when HQ\n"
            "refuses (a revoked till, another till's rows).");
    }
    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("batch"), QStringLiteral("Outbox rows per request (default 200)."),
                           QStringLiteral("N") });
    }
    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        if (parser.isSet(QStringLiteral("batch"))) {
            auto n = positiveIntOption(parser, QStringLiteral("batch"), 10000);
            if (!n)
                return n.error();
            m_batch = *n;
        }
        return {};
    }
    void run(CliContext &context) override
    {
        auto connected = connectToHq(context);
        if (!connected)
            return context.fail(connected.error());
        auto *sender = new SyncSender(connected->database, connected->client, connected->link, &context);
        Database *db = connected->database;
        const HqLink link = connected->link;
        sender->drain(
            [&context, db, link](HqResult<SyncSender::Report> done) {
                if (!done) {
                    CliError e = hqError(done.error());
                    auto waiting = SyncOutbox(db).waiting();
                    e.context = { { QStringLiteral("waiting"), waiting ? *waiting : -1 } };
                    return context.fail(e);
                }
                context.succeed({ { QStringLiteral("store"), link.storeCode },
                                  { QStringLiteral("till"), link.tillCode },
                                  { QStringLiteral("batches"), done->batches },
                                  { QStringLiteral("records"), done->records },
                                  { QStringLiteral("changes"), done->outboxRows },
                                  { QStringLiteral("waiting"), done->waiting } });
            },
            m_batch);
    }

private:
    int m_batch = 200;
};

class HqStatusCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("hq"), QStringLiteral("status") }; }
    QString summary() const override { return QStringLiteral("Show this terminal's HQ enrolment and what is waiting."); }
    QString synopsis() const override { return QStringLiteral("[--offline]"); }
    QString details() const override
    {
        return QStringLiteral("Asks HQ which till the credential belongs to and how far it has synced; with\n"
                              "--offline only reads the store (no credential needed).");
    }
    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("offline"), QStringLiteral("Do not ask HQ.") });
    }
    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        m_offline = parser.isSet(QStringLiteral("offline"));
        return {};
    }
    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        auto link = HqLink::load(*database);
        if (!link)
            return context.fail(CliError::store(link.error()));
        if (!*link)
            return context.succeed({ { QStringLiteral("enrolled"), false } });
        auto waiting = SyncOutbox(*database).waiting();
        QJsonObject out { { QStringLiteral("enrolled"), true },
                          { QStringLiteral("url"), (*link)->url.toString() },
                          { QStringLiteral("store"), (*link)->storeCode },
                          { QStringLiteral("till"), (*link)->tillCode },
                          { QStringLiteral("waiting"), waiting ? *waiting : -1 } };
        if (m_offline)
            return context.succeed(out);
        auto connected = connectToHq(context);
        if (!connected)
            return context.fail(connected.error());
        connected->client->get(QStringLiteral("/api/v1/whoami"), [&context, out](HqResult<QJsonObject> answer) mutable {
            if (!answer)
                return context.fail(hqError(answer.error()));
            out.insert(QStringLiteral("hq"), *answer);
            context.succeed(out);
        });
    }

private:
    bool m_offline = false;
};

class HqReportCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("hq"), QStringLiteral("report") }; }
    QString summary() const override
    {
        return QStringLiteral("The store's X report at HQ: every till's sales of a day, by till, cashier and merchant.");
    }
    QString synopsis() const override { return QStringLiteral("[--day YYYY-MM-DD] [--training]"); }
    QString details() const override
    {
        return QStringLiteral("Asks HQ for this till's store (China-time day, default today). Only what the tills\n"
                              "have synced is counted: run hq sync first for this till's latest sales.");
    }
    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("day"), QStringLiteral("The China-time day (default today)."),
                           QStringLiteral("YYYY-MM-DD") });
        parser.addOption({ QStringLiteral("training"), QStringLiteral("Count training sales too.") });
    }
    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        m_day = parser.value(QStringLiteral("day"));
        if (!m_day.isEmpty() && !QDate::fromString(m_day, Qt::ISODate).isValid())
            return CliError::usage(QStringLiteral("--day takes YYYY-MM-DD"));
        m_training = parser.isSet(QStringLiteral("training"));
        return {};
    }
    void run(CliContext &context) override
    {
        auto connected = connectToHq(context);
        if (!connected)
            return context.fail(connected.error());
        const QString day = m_day.isEmpty() ? ChinaDay::today(QDateTime::currentDateTimeUtc()).toString(Qt::ISODate) : m_day;
        connected->client->get(QStringLiteral("/api/v1/report?day=%1%2").arg(day, m_training ? QStringLiteral("&training=1") : QString()),
                               [&context](HqResult<QJsonObject> answer) {
                                   if (!answer)
                                       return context.fail(hqError(answer.error()));
                                   context.succeed(*answer);
                               });
    }

private:
    QString m_day;
    bool m_training = false;
};

} // namespace

std::unique_ptr<Command> makeHqReportCommand()
{
    return std::make_unique<HqReportCommand>();
}

std::unique_ptr<Command> makeHqEnrollCommand()
{
    return std::make_unique<HqEnrollCommand>();
}

std::unique_ptr<Command> makeHqSyncCommand()
{
    return std::make_unique<HqSyncCommand>();
}

std::unique_ptr<Command> makeHqStatusCommand()
{
    return std::make_unique<HqStatusCommand>();
}

} // namespace paydesk::cli
