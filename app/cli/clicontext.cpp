// SPDX-License-Identifier: MIT
#include "clicontext.h"

#include "clilog.h"
#include "secretaccess.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMetaObject>
#include <QUrl>
#include <cstdio>

namespace paydesk::cli {

namespace {

void writeTo(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

// What to do next, for the answers support is asked about most.
QString hintFor(const ApiError &error)
{
    if (error.is(QStringLiteral("SIGN_ERROR")))
        return QStringLiteral("check that the merchant key and certificate are the ones registered with "
                              "WeChat Pay (paydesk-cli config check)");
    if (error.is(QStringLiteral("ORDER_NOT_EXIST")) || error.is(QStringLiteral("RESOURCE_NOT_EXISTS")))
        return QStringLiteral("check the identifier and the profile's mchid");
    if (error.is(QStringLiteral("STATEMENT_CREATING")))
        return QStringLiteral("the bill is being generated: try again later");
    if (error.is(QStringLiteral("NO_STATEMENT_EXIST")))
        return QStringLiteral("there were no trades that day, or the bill is not available yet (after 10:00 "
                              "the next day)");
    if (error.httpStatus >= 400 && error.httpStatus < 500)
        return {};
    if (error.outcomeUnknown)
        return QStringLiteral("the call may have taken effect: query before retrying, and retry with the same "
                              "identifiers");
    return QStringLiteral("nothing was changed: try again when WeChat Pay answers");
}

} // namespace

CliError CliError::usage(const QString &message)
{
    CliError e;
    e.exitCode = UsageError;
    e.code = QStringLiteral("USAGE");
    e.message = message;
    return e;
}

CliError CliError::config(const Error &error)
{
    CliError e;
    e.exitCode = ConfigError;
    e.code = error.code.isEmpty() ? QStringLiteral("CONFIG_ERROR") : error.code;
    e.message = error.message;
    return e;
}

CliError CliError::fromApi(const ApiError &error, const QJsonObject &context)
{
    CliError e;
    e.code = error.code;
    e.message = error.message;
    e.httpStatus = error.httpStatus;
    e.detail = error.detail;
    e.requestId = error.requestId;
    e.context = context;
    if (error.httpStatus == 0 && error.is(QStringLiteral("INVALID_ARGUMENT")))
        e.exitCode = UsageError;
    else if (error.httpStatus >= 400 && error.httpStatus < 500)
        e.exitCode = BusinessRefusal;
    else
        e.exitCode = OutcomeUnknown;
    // Exit 4 covers every answer we cannot act on; the flag says more: the
    // request may have changed something (a POST that may have arrived).
    e.outcomeUnknown = e.exitCode == OutcomeUnknown && error.outcomeUnknown;
    const QString hint = hintFor(error);
    if (!hint.isEmpty() && e.exitCode != UsageError)
        e.context.insert(QStringLiteral("hint"), hint);
    return e;
}

QJsonObject CliError::toJson() const
{
    QJsonObject error {
        { QStringLiteral("code"), code },
        { QStringLiteral("message"), message },
        { QStringLiteral("http_status"), httpStatus },
        { QStringLiteral("detail"), detail },
        { QStringLiteral("request_id"), requestId },
    };
    if (outcomeUnknown)
        error.insert(QStringLiteral("outcome_unknown"), true);
    QJsonObject o = context;
    o.insert(QStringLiteral("error"), error);
    return o;
}

CliError CliError::store(const Error &error, const QJsonObject &context)
{
    CliError e;
    e.exitCode = StoreError;
    e.code = error.code.isEmpty() ? QStringLiteral("STORE_ERROR") : error.code;
    e.message = error.message;
    e.context = context;
    return e;
}

CliContext::CliContext(QObject *parent) : QObject(parent)
{
    // Support and tests shorten the poll schedule without a rebuild; a
    // fixed interval keeps their runs predictable.
    bool ok = false;
    const int pollMs = qEnvironmentVariableIntValue("PAYDESK_POLL_MS", &ok);
    if (ok && pollMs > 0) {
        const BackoffPolicy fixed { pollMs, 1.0, pollMs, 0.1, 0, 0 };
        m_terminalOptions.paymentPolling = fixed;
        m_terminalOptions.refundPolling = fixed;
    }
    // Tests of code pay's deadline (the reverse) do not wait 30 s a sale.
    const int deadline = qEnvironmentVariableIntValue("PAYDESK_CODEPAY_DEADLINE_S", &ok);
    if (ok && deadline > 0)
        m_terminalOptions.codePayDeadlineSeconds = deadline;
}

// The terminal's services write to the store: they go before it does.
CliContext::~CliContext()
{
    m_terminal.reset();
    m_database.reset();
}

void CliContext::setGlobalOptions(const GlobalOptions &options)
{
    m_options = options;
    if (m_options.logFolder.isEmpty())
        m_options.logFolder = qEnvironmentVariable("PAYDESK_LOG_DIR");
    if (!m_options.logFolder.isEmpty())
        openLogFile(m_options.logFolder);
}

Result<QString, CliError> CliContext::databasePath()
{
    if (!m_options.databasePath.isEmpty())
        return m_options.databasePath;
    const QString fromEnvironment = qEnvironmentVariable("PAYDESK_DB");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    auto p = profile();
    if (!p)
        return p.error();
    return PaymentTerminal::defaultDatabasePath(*p);
}

Result<Database *, CliError> CliContext::database()
{
    if (m_terminal)
        return m_terminal->database();
    if (!m_database) {
        auto path = databasePath();
        if (!path)
            return path.error();
        auto opened = Database::open(*path);
        if (!opened)
            return CliError::store(opened.error(), { { QStringLiteral("database"), *path } });
        m_database = std::move(opened).value();
    }
    return m_database.get();
}

Result<PaymentTerminal *, CliError> CliContext::terminal()
{
    if (!m_terminal) {
        auto path = databasePath();
        if (!path)
            return path.error();
        auto c = credentials();
        if (!c)
            return c.error();
        // One connection per file is enough: a command that looked at the
        // store first hands over to the terminal's.
        m_database.reset();
        PaymentTerminal::Options options = m_terminalOptions;
        options.databasePath = *path;
        options.baseUrl = m_options.baseUrl;
        options.timeoutMs = m_options.timeoutMs;
        auto opened = PaymentTerminal::open(*m_profile, *c, options);
        if (!opened)
            return CliError::store(opened.error(), { { QStringLiteral("database"), *path } });
        m_terminal = std::move(opened).value();
        connect(m_terminal->api(), &ApiClient::clockSkewDetected, this, [this](qint64 seconds) {
            note(QStringLiteral("WeChat Pay's clock is %1 s away from this terminal's").arg(seconds));
        });
    }
    return m_terminal.get();
}

void CliContext::printJsonLine(const QJsonObject &object) const
{
    writeTo(stdout, QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
}

QString CliContext::configPath() const
{
    return m_options.configPath.isEmpty() ? ProfileStore::defaultPath() : m_options.configPath;
}

Result<ProfileStore, CliError> CliContext::store()
{
    if (!m_store) {
        auto loaded = ProfileStore::load(configPath());
        if (!loaded)
            return CliError::config(loaded.error());
        m_store = *loaded;
    }
    return *m_store;
}

Result<MerchantProfile, CliError> CliContext::profile()
{
    if (!m_profile) {
        auto loadedStore = store();
        if (!loadedStore)
            return loadedStore.error();
        auto loaded = loadedStore->profile(m_options.profileName);
        if (!loaded)
            return CliError::config(loaded.error());
        m_profile = *loaded;
    }
    return *m_profile;
}

Result<MerchantCredentials, CliError> CliContext::credentials()
{
    if (!m_credentials) {
        auto p = profile();
        if (!p)
            return p.error();
        QStringList warnings;
        SecretStore *secrets = nullptr;
        if (p->usesSecretStore()) {
            auto opened = secretStore();
            if (!opened)
                return opened.error();
            secrets = *opened;
        }
        // Without a store this is the file-based call.
        auto loaded = p->loadCredentials(secrets, &warnings);
        if (!loaded)
            return CliError::config(loaded.error());
        for (const QString &warning : std::as_const(warnings))
            note(warning);
        m_credentials = *loaded;
    }
    return *m_credentials;
}

Result<ReceiptKey, CliError> CliContext::receiptKeyFromSecretStore()
{
    // The profile is optional for receipts: --db alone must be enough to reprint.
    const auto p = profile();
    if (!p || p->receiptKeySecret.isEmpty())
        return ReceiptKey();
    auto secrets = secretStore();
    if (!secrets)
        return secrets.error();
    auto key = ReceiptKey::fromSecretStore(*secrets, p->receiptKeySecret);
    if (!key)
        return CliError::config(key.error());
    return *key;
}

Result<SecretStore *, CliError> CliContext::secretStore()
{
    if (!m_secrets) {
        auto p = profile();
        if (!p)
            return p.error();
        auto opened = openSecretStoreAndWait(configPath(), this, p->secretNames());
        if (!opened)
            return opened.error();
        m_secrets = *opened;
    }
    return m_secrets;
}

ApiClient::Options CliContext::clientOptions(const MerchantProfile &profile) const
{
    ApiClient::Options options;
    options.baseUrl = QUrl(m_options.baseUrl.isEmpty() ? profile.effectiveBaseUrl() : m_options.baseUrl);
    if (m_options.timeoutMs > 0)
        options.timeoutMs = m_options.timeoutMs;
    options.userAgent = QByteArrayLiteral("paydesk-cli/" PAYDESK_VERSION " (Qt; OpenSSL)");
    return options;
}

Result<ApiClient *, CliError> CliContext::client()
{
    if (!m_client) {
        auto c = credentials();
        if (!c)
            return c.error();
        m_client = new ApiClient(*c, clientOptions(*m_profile), this);
        connect(m_client, &ApiClient::clockSkewDetected, this, [this](qint64 seconds) {
            note(QStringLiteral("WeChat Pay's clock is %1 s away from this terminal's").arg(seconds));
        });
    }
    return m_client;
}

void CliContext::printJson(const QJsonObject &object) const
{
    writeTo(stdout, QJsonDocument(object).toJson(QJsonDocument::Indented));
}

void CliContext::printError(const CliError &error) const
{
    writeTo(stderr, QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact) + '\n');
    if (error.exitCode == UsageError && !m_usageText.isEmpty())
        writeTo(stderr, '\n' + m_usageText.toUtf8());
}

void CliContext::note(const QString &message) const
{
    if (!m_options.verbose)
        return;
    writeTo(stderr,
            QJsonDocument(QJsonObject { { QStringLiteral("note"), message } }).toJson(QJsonDocument::Compact) + '\n');
}

void CliContext::finish(ExitCode code)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = code;
    // Queued: when the command finished before app.exec() started, main()
    // returns the code itself and this never runs.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
}

void CliContext::succeed(const QJsonObject &output)
{
    if (m_finished)
        return;
    printJson(output);
    finish(Success);
}

void CliContext::fail(const CliError &error)
{
    if (m_finished)
        return;
    printError(error);
    finish(error.exitCode);
}

} // namespace paydesk::cli
