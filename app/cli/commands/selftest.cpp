// SPDX-License-Identifier: MIT
// `paydesk-cli selftest`: a full sale and a partial refund against an
// in-process sandbox, through the same PaymentTerminal the cashier runs. What
// an installer runs after installing the package to know the binaries, Qt's
// SQLite and network plugins, OpenSSL and the store all work on this machine.
#include "commands.h"
#include "config/profilestore.h"
#include "payments/notificationlistener.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "sandboxserver.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/databaselock.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <optional>

namespace paydesk::cli {

namespace {

using sandbox::SandboxServer;

constexpr qint64 SaleFen = 1234;
constexpr qint64 RefundFen = 234;
constexpr int DefaultTimeoutSeconds = 120;
constexpr int MaxTimeoutSeconds = 60 * 60;
constexpr int CheckEveryMs = 25;

// A failed step: what to print and how paydesk-cli exits.
struct StepFailure
{
    ExitCode exitCode = Success;
    QString message;
};

// What a waiting step found.
struct Verdict
{
    enum Kind { Waiting, Done, Failed } kind;
    StepFailure failure;

    static Verdict waiting() { return { Waiting, {} }; }
    static Verdict done() { return { Done, {} }; }
    static Verdict failed(StepFailure failure) { return { Failed, std::move(failure) }; }
};

// One run of the self-test. Steps run in order; a waiting step checks the
// store (the truth, whichever path — poll or notification — updated it) on a
// short timer. The first failure ends the run with the report so far.
class SelfTestRun : public QObject
{
public:
    SelfTestRun(CliContext &context, int timeoutSeconds, bool keep)
        : QObject(&context), m_context(context), m_timeoutSeconds(timeoutSeconds), m_keep(keep)
    {
        m_dir.setAutoRemove(!keep);
        m_tick.setInterval(CheckEveryMs);
        connect(&m_tick, &QTimer::timeout, this, [this] { check(); });
    }

    ~SelfTestRun() override
    {
        // The terminal's client may still have a request open to the sandbox,
        // and both write into the temporary folder: terminal, then sandbox,
        // then (member order) the folder.
        m_terminal.reset();
        m_sandbox.reset();
    }

    void start()
    {
        m_total.start();
        QTimer::singleShot(qint64(m_timeoutSeconds) * 1000, this, [this] {
            failStep(StepFailure { OutcomeUnknown,
                                   QStringLiteral("no result after %1 s (--timeout-s)").arg(m_timeoutSeconds) });
        });
        if (!m_dir.isValid()) {
            m_currentStep = QStringLiteral("folder");
            m_stepClock.start();
            return failStep({ StoreError,
                              QStringLiteral("cannot create a temporary folder: %1 (set TMPDIR to a "
                                             "writable folder)")
                                  .arg(m_dir.errorString()) });
        }
        if (!runStep(QStringLiteral("training_merchant"), &SelfTestRun::makeMerchant)
            || !runStep(QStringLiteral("sandbox"), &SelfTestRun::startSandbox)
            || !runStep(QStringLiteral("profile"), &SelfTestRun::loadProfile)
            || !runStep(QStringLiteral("terminal"), &SelfTestRun::openTerminal)
            || !runStep(QStringLiteral("sale"), &SelfTestRun::startSale))
            return;
        m_currentStep = QStringLiteral("created");
        m_stepClock.start();
        waitFor(&SelfTestRun::saleCreated, &SelfTestRun::payAndWait);
    }

private:
    // A step that runs at once: nothing on success (and a line for the report in *detail).
    using Step = std::optional<StepFailure> (SelfTestRun::*)(QString *detail);
    // A step that waits: checked every few milliseconds until it is not Waiting.
    using Check = Verdict (SelfTestRun::*)(QString *detail);

    // --- the steps -----------------------------------------------------------

    std::optional<StepFailure> makeMerchant(QString *detail)
    {
        // The sandbox delivers notifications to the profile's notify_url:
        // a port of our own, so nothing else on this machine gets them.
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return StepFailure { ConfigError,
                                 QStringLiteral("cannot open a loopback port: %1").arg(probe.errorString()) };
        m_notifyPort = probe.serverPort();
        probe.close();

        sandbox::TrainingOptions options;
        options.notifyPort = m_notifyPort;
        options.storeName = QStringLiteral("PayDesk Self-Test");
        auto made = SandboxServer::initTrainingMerchant(m_dir.filePath(QStringLiteral("training")), options);
        if (!made)
            return StepFailure { ConfigError, made.error().message };
        m_merchant = *made;
        *detail = QStringLiteral("merchant %1 in %2").arg(made->mchid, m_dir.path());
        return std::nullopt;
    }

    std::optional<StepFailure> startSandbox(QString *detail)
    {
        SandboxServer::Options options;
        options.dataDir = m_merchant.sandboxDataDir;
        options.port = 0; // never the port of a paydesk-sandbox or a training PayDesk already running
        options.refundDelayMs = 300;
        options.refundIntervalSeconds = 0;
        m_sandbox = std::make_unique<SandboxServer>(options);
        if (auto started = m_sandbox->start(); !started)
            return StepFailure { ConfigError, started.error().message };
        *detail = m_sandbox->baseUrl().toString();
        return std::nullopt;
    }

    std::optional<StepFailure> loadProfile(QString *detail)
    {
        auto store = ProfileStore::load(m_merchant.profilePath);
        if (!store)
            return StepFailure { ConfigError, store.error().message };
        auto profile = store->profile();
        if (!profile)
            return StepFailure { ConfigError, profile.error().message };
        // Loading checks the key against the certificate and the APIv3 key's length.
        auto credentials = profile->loadCredentials();
        if (!credentials)
            return StepFailure { ConfigError, credentials.error().message };
        credentials->platformKeys = m_sandbox->platformKeys();
        m_profile = *profile;
        m_credentials = *credentials;
        *detail = QStringLiteral("terminal %1, merchant certificate %2")
                      .arg(m_profile.terminalId, m_credentials.certificateSerial);
        return std::nullopt;
    }

    std::optional<StepFailure> openTerminal(QString *detail)
    {
        PaymentTerminal::Options options;
        options.databasePath = m_dir.filePath(QStringLiteral("paydesk.sqlite"));
        options.baseUrl = m_sandbox->baseUrl().toString();
        options.timeoutMs = 5000;
        const BackoffPolicy quick { 50, 1.5, 250, 0.1, 0, 0 };
        options.paymentPolling = quick;
        options.refundPolling = quick;
        auto opened = PaymentTerminal::open(m_profile, m_credentials, options);
        if (!opened)
            return StepFailure { StoreError, opened.error().message };
        m_terminal = std::move(opened).value();

        // A second PayDesk on the same store must be turned away, naming us.
        auto second = PaymentTerminal::open(m_profile, m_credentials, options);
        if (second)
            return StepFailure { StoreError,
                                 QStringLiteral("a second terminal opened the same database: the "
                                                "one-PayDesk-per-database lock does not hold") };
        if (second.error().code != QLatin1String("database_locked"))
            return StepFailure { StoreError, second.error().message };

        auto listening = m_terminal->startListener(QHostAddress::LocalHost, m_notifyPort);
        if (!listening)
            return StepFailure { ConfigError, listening.error().message };
        connect(m_terminal->listener(), &NotificationListener::received, this,
                [this](const QString &, const QString &, bool) { ++m_notifications; });
        connect(m_terminal->listener(), &NotificationListener::rejected, this,
                [this](const QString &reason) { m_rejectedNotifications.append(reason); });

        *detail = QStringLiteral("%1 (schema %2), locked by %3, notifications on port %4")
                      .arg(options.databasePath)
                      .arg(m_terminal->database()->schemaVersion())
                      .arg(QFileInfo(DatabaseLock::lockFilePath(options.databasePath)).fileName())
                      .arg(m_notifyPort);
        return std::nullopt;
    }

    std::optional<StepFailure> startSale(QString *detail)
    {
        auto started = m_terminal->payments()->startNativeSale(SaleFen, QStringLiteral("PayDesk self-test"),
                                                               QStringLiteral("selftest"));
        if (!started)
            return StepFailure { StoreError, started.error().message };
        m_outTradeNo = *started;
        *detail = QStringLiteral("%1 stored, %2 fen").arg(m_outTradeNo).arg(SaleFen);
        return std::nullopt;
    }

    // The create call answered: the order is Pending with the code_url the QR code shows.
    Verdict saleCreated(QString *detail)
    {
        const auto order = m_terminal->orders()->find(m_outTradeNo);
        if (!order)
            return Verdict::failed({ StoreError, QStringLiteral("the order vanished from the store") });
        if (order->state == OrderState::Pending && !order->codeUrl.isEmpty()) {
            m_codeUrl = order->codeUrl;
            *detail = QStringLiteral("Pending, code_url %1").arg(order->codeUrl);
            return Verdict::done();
        }
        if (isFinal(order->state))
            return Verdict::failed({ BusinessRefusal,
                                     QStringLiteral("the order ended %1 (%2) before it could be paid")
                                         .arg(orderStateName(order->state), order->tradeState) });
        return Verdict::waiting(); // not yet
    }

    void payAndWait()
    {
        m_currentStep = QStringLiteral("customer_pays");
        m_stepClock.start();
        // The customer scans the QR code (the sandbox checks the code_url
        // belongs to a payable order), then pays.
        for (const auto &[action, key, value] :
             { std::tuple { QStringLiteral("scan"), QStringLiteral("code_url"), m_codeUrl },
               std::tuple { QStringLiteral("pay"), QStringLiteral("out_trade_no"), m_outTradeNo } }) {
            const auto reply = m_sandbox->control("POST", QStringLiteral("/sandbox/customer/") + action,
                                                  QJsonObject { { key, value } });
            if (reply.status != 200) {
                return failStep({ OutcomeUnknown,
                                  QStringLiteral("the sandbox refused /sandbox/customer/%1 (HTTP %2): %3")
                                      .arg(action)
                                      .arg(reply.status)
                                      .arg(QString::fromUtf8(reply.body.toJson(QJsonDocument::Compact))) });
            }
        }
        passStep(QStringLiteral("scanned and paid in the sandbox"));
        m_currentStep = QStringLiteral("paid");
        m_stepClock.start();
        waitFor(&SelfTestRun::salePaid, &SelfTestRun::refundAndWait);
    }

    Verdict salePaid(QString *detail)
    {
        const auto order = m_terminal->orders()->find(m_outTradeNo);
        if (!order)
            return Verdict::failed({ StoreError, QStringLiteral("the order vanished from the store") });
        if (order->state == OrderState::Paid) {
            if (order->transactionId.isEmpty())
                return Verdict::failed({ StoreError, QStringLiteral("paid without a transaction_id") });
            if (order->payerTotal.value_or(-1) != SaleFen)
                return Verdict::failed(
                    { StoreError,
                      QStringLiteral("paid %1 fen instead of %2").arg(order->payerTotal.value_or(-1)).arg(SaleFen) });
            m_transactionId = order->transactionId;
            *detail = QStringLiteral("Paid, transaction_id %1").arg(order->transactionId);
            return Verdict::done();
        }
        if (isFinal(order->state))
            return Verdict::failed({ BusinessRefusal,
                                     QStringLiteral("the order ended %1 (%2) instead of Paid")
                                         .arg(orderStateName(order->state), order->tradeState) });
        return Verdict::waiting();
    }

    void refundAndWait()
    {
        m_currentStep = QStringLiteral("refund");
        m_stepClock.start();
        auto refund = m_terminal->refundService()->refund(m_outTradeNo, RefundFen, QStringLiteral("PayDesk self-test"),
                                                          QStringLiteral("selftest"));
        if (!refund)
            return failStep({ BusinessRefusal, refund.error().message });
        m_outRefundNo = *refund;
        passStep(QStringLiteral("%1 stored (%2 fen) and sent").arg(m_outRefundNo).arg(RefundFen));
        m_currentStep = QStringLiteral("refunded");
        m_stepClock.start();
        waitFor(&SelfTestRun::refundSucceeded, &SelfTestRun::finishChecks);
    }

    Verdict refundSucceeded(QString *detail)
    {
        const auto refund = m_terminal->refunds()->find(m_outRefundNo);
        if (!refund)
            return Verdict::failed({ StoreError, QStringLiteral("the refund vanished from the store") });
        if (refund->status == QLatin1String("SUCCESS")) {
            const auto order = m_terminal->orders()->find(m_outTradeNo);
            if (!order || order->state != OrderState::PartiallyRefunded || order->refundedTotal != RefundFen) {
                return Verdict::failed({ StoreError,
                                         QStringLiteral("refund SUCCESS but the order is %1 with %2 fen refunded")
                                             .arg(order ? orderStateName(order->state) : QStringLiteral("missing"))
                                             .arg(order ? order->refundedTotal : 0) });
            }
            auto remainder = m_terminal->refunds()->refundableRemainder(m_outTradeNo);
            if (!remainder || *remainder != SaleFen - RefundFen) {
                return Verdict::failed({ StoreError,
                                         QStringLiteral("%1 fen left to refund instead of %2")
                                             .arg(remainder ? *remainder : -1)
                                             .arg(SaleFen - RefundFen) });
            }
            m_refundId = refund->refundId;
            *detail = QStringLiteral("%1 SUCCESS (%2 fen), order PartiallyRefunded, %3 fen left to refund")
                          .arg(m_outRefundNo)
                          .arg(RefundFen)
                          .arg(*remainder);
            return Verdict::done();
        }
        if (isFinalRefundStatus(refund->status) || refund->status == QLatin1String("ABNORMAL")
            || refund->status == QLatin1String("REJECTED"))
            return Verdict::failed({ BusinessRefusal, QStringLiteral("the refund ended %1").arg(refund->status) });
        return Verdict::waiting();
    }

    void finishChecks()
    {
        if (!runStep(QStringLiteral("audit"), &SelfTestRun::verifyAudit))
            return;
        m_context.succeed(reportSoFar(true));
        cleanUp();
    }

    std::optional<StepFailure> verifyAudit(QString *detail)
    {
        const AuditLog::Verification v = m_terminal->audit()->verify();
        if (!v.intact)
            return StepFailure {
                StoreError,
                QStringLiteral("the audit chain is broken at entry %1: %2").arg(v.firstBrokenId).arg(v.message)
            };
        if (v.entries < 4) // stored, sent, paid, refund stored, refund settled, ...
            return StepFailure { StoreError,
                                 QStringLiteral("only %1 audit entries for a sale and a refund").arg(v.entries) };
        *detail = QStringLiteral("%1 entries, chain intact").arg(v.entries);
        return std::nullopt;
    }

    // --- plumbing ----------------------------------------------------------

    bool runStep(const QString &name, Step step)
    {
        m_currentStep = name;
        m_stepClock.start();
        QString detail;
        if (auto failure = (this->*step)(&detail)) {
            failStep(*failure);
            return false;
        }
        passStep(detail);
        return true;
    }

    void waitFor(Check check, void (SelfTestRun::*next)())
    {
        m_check = check;
        m_next = next;
        m_tick.start();
    }

    void check()
    {
        if (!m_check || m_context.isFinished())
            return;
        QString detail;
        const Verdict verdict = (this->*m_check)(&detail);
        if (verdict.kind == Verdict::Waiting)
            return;
        m_tick.stop();
        m_check = nullptr;
        if (verdict.kind == Verdict::Failed)
            return failStep(verdict.failure);
        passStep(detail);
        const auto next = m_next;
        m_next = nullptr;
        (this->*next)();
    }

    void passStep(const QString &detail)
    {
        m_steps.append(QJsonObject { { QStringLiteral("step"), m_currentStep },
                                     { QStringLiteral("ok"), true },
                                     { QStringLiteral("ms"), m_stepClock.elapsed() },
                                     { QStringLiteral("detail"), detail } });
    }

    void failStep(const StepFailure &failure)
    {
        if (m_context.isFinished())
            return;
        m_tick.stop();
        m_check = nullptr;
        m_steps.append(QJsonObject { { QStringLiteral("step"), m_currentStep },
                                     { QStringLiteral("ok"), false },
                                     { QStringLiteral("ms"), m_stepClock.isValid() ? m_stepClock.elapsed() : 0 },
                                     { QStringLiteral("detail"), failure.message } });
        m_context.printJson(reportSoFar(false));
        CliError e;
        e.exitCode = failure.exitCode;
        e.code = QStringLiteral("SELFTEST_FAILED");
        e.message = QStringLiteral("self-test failed at step %1: %2").arg(m_currentStep, failure.message);
        e.context = { { QStringLiteral("step"), m_currentStep } };
        m_context.fail(e);
        cleanUp();
    }

    QJsonObject reportSoFar(bool ok) const
    {
        QJsonObject report { { QStringLiteral("ok"), ok },
                             { QStringLiteral("version"), QStringLiteral(PAYDESK_VERSION) },
                             { QStringLiteral("elapsed_ms"), m_total.elapsed() },
                             { QStringLiteral("steps"), m_steps } };
        if (!m_outTradeNo.isEmpty()) {
            report.insert(QStringLiteral("sale"),
                          QJsonObject { { QStringLiteral("out_trade_no"), m_outTradeNo },
                                        { QStringLiteral("transaction_id"), m_transactionId },
                                        { QStringLiteral("amount"), SaleFen } });
        }
        if (!m_outRefundNo.isEmpty()) {
            report.insert(QStringLiteral("refund"),
                          QJsonObject { { QStringLiteral("out_refund_no"), m_outRefundNo },
                                        { QStringLiteral("refund_id"), m_refundId },
                                        { QStringLiteral("amount"), RefundFen } });
        }
        QJsonObject notifications { { QStringLiteral("received"), m_notifications } };
        if (!m_rejectedNotifications.isEmpty())
            notifications.insert(QStringLiteral("rejected"), QJsonArray::fromStringList(m_rejectedNotifications));
        report.insert(QStringLiteral("notifications"), notifications);
        if (m_keep)
            report.insert(QStringLiteral("folder"), m_dir.path());
        return report;
    }

    // Stop serving at once: the event loop ends after this, and nothing may
    // still be talking to the sandbox while it goes.
    void cleanUp()
    {
        m_tick.stop();
        if (m_sandbox)
            m_sandbox->stop();
    }

    CliContext &m_context;
    const int m_timeoutSeconds;
    const bool m_keep;
    QTemporaryDir m_dir { QDir::tempPath() + QStringLiteral("/paydesk-selftest-XXXXXX") };
    sandbox::TrainingMerchant m_merchant;
    std::unique_ptr<SandboxServer> m_sandbox;
    MerchantProfile m_profile;
    MerchantCredentials m_credentials;
    std::unique_ptr<PaymentTerminal> m_terminal;
    quint16 m_notifyPort = 0;

    QTimer m_tick;
    QElapsedTimer m_total;
    QElapsedTimer m_stepClock;
    QString m_currentStep;
    QJsonArray m_steps;
    Check m_check = nullptr;
    void (SelfTestRun::*m_next)() = nullptr;

    QString m_outTradeNo;
    QString m_codeUrl;
    QString m_transactionId;
    QString m_outRefundNo;
    QString m_refundId;
    int m_notifications = 0;
    QStringList m_rejectedNotifications;
};

class SelfTestCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("selftest") }; }
    QString summary() const override
    {
        return QStringLiteral("A full sale and refund against a built-in sandbox: checks this installation.");
    }
    QString synopsis() const override { return QStringLiteral("[--timeout-s S] [--keep]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Needs no profile, no network and no merchant account, and touches no store database:\n"
            "a training merchant, a sandbox (on a free loopback port) and a terminal database are made\n"
            "in a temporary folder. Steps: training_merchant, sandbox, profile, terminal (including the\n"
            "lock that turns a second PayDesk away), sale (a Native order of 12.34 yuan), customer_pays\n"
            "(scan and pay in the sandbox), paid, refund (2.34 yuan), refunded, audit (the hash chain).\n"
            "Prints {\"ok\",\"version\",\"elapsed_ms\",\"steps\":[{\"step\",\"ok\",\"ms\",\"detail\"}],\"sale\",\n"
            "\"refund\",\"notifications\"}. On failure the report ends at the failing step and the\n"
            "error names it; the exit code says what kind of failure it was (4 no answer in time,\n"
            "5 keys or network setup, 6 the store). --keep keeps the folder and prints its path.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("timeout-s"),
                           QStringLiteral("Give up after S seconds (default %1).").arg(DefaultTimeoutSeconds),
                           QStringLiteral("S") });
        parser.addOption({ QStringLiteral("keep"), QStringLiteral("Keep the temporary folder (printed as folder).") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        if (parser.isSet(QStringLiteral("timeout-s"))) {
            auto seconds = positiveIntOption(parser, QStringLiteral("timeout-s"), MaxTimeoutSeconds);
            if (!seconds)
                return seconds.error();
            m_timeoutSeconds = *seconds;
        }
        m_keep = parser.isSet(QStringLiteral("keep"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto *run = new SelfTestRun(context, m_timeoutSeconds, m_keep);
        run->start();
    }

private:
    int m_timeoutSeconds = DefaultTimeoutSeconds;
    bool m_keep = false;
};

} // namespace

std::unique_ptr<Command> makeSelfTestCommand()
{
    return std::make_unique<SelfTestCommand>();
}

} // namespace paydesk::cli
