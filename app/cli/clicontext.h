// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"
#include "config/profilestore.h"
#include "exitcode.h"
#include "payments/paymentterminal.h"
#include "wechatpay/apiclient.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace paydesk {
class Database;
}

namespace paydesk::cli {

// A failure as paydesk-cli reports it: the exit code plus the error object
// printed on stderr as {"error":{"code","message","http_status","detail","request_id"}}.
// `context` adds top-level fields next to "error" (the out_trade_no to query
// after an unknown outcome, say).
struct CliError
{
    ExitCode exitCode = ConfigError;
    QString code;
    QString message;
    int httpStatus = 0;
    QJsonObject detail;
    QString requestId;
    bool outcomeUnknown = false;
    QJsonObject context;

    static CliError usage(const QString &message);
    static CliError config(const Error &error);
    // 4xx -> refused (3); INVALID_ARGUMENT before sending -> usage (2); anything
    // else (transport, timeout, 5xx, bad signature) -> outcome unknown (4).
    static CliError fromApi(const ApiError &error, const QJsonObject &context = {});
    // The local store could not be opened or used (exit 6).
    static CliError store(const Error &error, const QJsonObject &context = {});
    QJsonObject toJson() const;
};

struct GlobalOptions
{
    QString configPath; // empty: ProfileStore::defaultPath()
    QString profileName;
    QString baseUrl;
    int timeoutMs = 0; // 0: ApiClient's default
    bool verbose = false;
    QString databasePath; // --db; empty: $PAYDESK_DB, else PaymentTerminal::defaultDatabasePath()
    QString logFolder; // --log-dir; empty: $PAYDESK_LOG_DIR, else no log file
};

// What every command shares: the global options, the profile and the API
// client (both loaded on first use), and the one way out: finish().
// Output goes to stdout as JSON; errors to stderr as one JSON line.
class CliContext : public QObject
{
    Q_OBJECT

public:
    explicit CliContext(QObject *parent = nullptr);
    ~CliContext() override;

    // Also opens the log file when a log folder is given.
    void setGlobalOptions(const GlobalOptions &options);
    const GlobalOptions &globalOptions() const { return m_options; }

    QString configPath() const;
    Result<ProfileStore, CliError> store();
    Result<MerchantProfile, CliError> profile();
    // Credentials loaded and checked; warnings go to stderr with --verbose.
    // A profile that keeps its keys in the secret store (usesSecretStore())
    // reads them through secretStore().
    Result<MerchantCredentials, CliError> credentials();
    // The terminal's secret store with the profile's secrets preloaded,
    // opened once (the locator's choice; the file's passphrase from
    // PAYDESK_SECRET_PASSPHRASE or the terminal). Waits with a local event
    // loop: acceptable in a command-line tool only.
    Result<SecretStore *, CliError> secretStore();
    // The receipt signing key from the secret store when the profile names
    // one there (receipt_key_secret); a null key when it does not, or when
    // there is no profile: the receipt-key folder is used then.
    Result<ReceiptKey, CliError> receiptKeyFromSecretStore();
    // The client for the profile, created once; base URL and timeout follow
    // the global options.
    Result<ApiClient *, CliError> client();
    ApiClient::Options clientOptions(const MerchantProfile &profile) const;

    // The store-backed commands. The database file: --db, else $PAYDESK_DB,
    // else the profile's default (which needs the profile).
    Result<QString, CliError> databasePath();
    // The store alone (no profile, no keys needed when --db names it): the
    // terminal's when it is open, else a connection of its own.
    Result<Database *, CliError> database();
    // Options the terminal is opened with; adjust them before the first terminal() call.
    PaymentTerminal::Options &terminalOptions() { return m_terminalOptions; }
    // The profile's terminal (store, client, services), opened once.
    Result<PaymentTerminal *, CliError> terminal();

    // One compact JSON line on stdout, flushed at once: a progress event a
    // script (or a test that kills us) can read while the command goes on.
    void printJsonLine(const QJsonObject &object) const;
    void printJson(const QJsonObject &object) const;
    void printError(const CliError &error) const;
    // With --verbose only: one JSON line on stderr.
    void note(const QString &message) const;

    // Ends the command: prints nothing, sets the exit code, and ends the event
    // loop once it runs. Exactly once per run; later calls are ignored.
    void finish(ExitCode code);
    void succeed(const QJsonObject &output);
    void fail(const CliError &error);

    // Printed on stderr after the error of a usage failure: the command's --help.
    void setUsageText(const QString &text) { m_usageText = text; }

    bool isFinished() const { return m_finished; }
    ExitCode exitCode() const { return m_exitCode; }

private:
    GlobalOptions m_options;
    std::optional<ProfileStore> m_store;
    std::optional<MerchantProfile> m_profile;
    std::optional<MerchantCredentials> m_credentials;
    SecretStore *m_secrets = nullptr;
    ApiClient *m_client = nullptr;
    PaymentTerminal::Options m_terminalOptions;
    std::unique_ptr<PaymentTerminal> m_terminal;
    std::unique_ptr<Database> m_database;
    QString m_usageText;
    bool m_finished = false;
    ExitCode m_exitCode = Success;
};

} // namespace paydesk::cli
