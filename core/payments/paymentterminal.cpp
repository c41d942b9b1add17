// SPDX-License-Identifier: MIT
#include "paymentterminal.h"

#include "clock.h"
#include "notificationlistener.h"
#include "paymentservice.h"
#include "refundservice.h"
#include "resolver.h"
#include "statuspoller.h"
#include "store/auditlog.h"
#include "store/backupscheduler.h"
#include "store/database.h"
#include "store/databaselock.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "wechatpay/apiclient.h"

#include <QDir>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QUrl>

#include <random>

namespace paydesk {

Q_LOGGING_CATEGORY(lcTerminal, "paydesk.payments.terminal")

PaymentTerminal::PaymentTerminal(const MerchantProfile &profile, const Options &options, QObject *parent)
    : QObject(parent), m_profile(profile), m_options(options)
{
}

PaymentTerminal::~PaymentTerminal()
{
    // QObject would delete the children only after the members are gone, and
    // a listener or poller callback must never see a destroyed repository:
    // the services go first, newest first, then the store.
    delete m_listener;
    delete m_backups;
    delete m_resolver;
    delete m_refundService;
    delete m_payments;
    delete m_poller;
    delete m_api;
    if (m_clock && m_clock->parent() == this)
        delete m_clock;
}

QString PaymentTerminal::defaultDatabasePath(const MerchantProfile &profile)
{
    if (profile.training && !profile.baseDirectory.isEmpty())
        return QDir(profile.baseDirectory).filePath(QStringLiteral("paydesk.sqlite"));
    // Spelled out like ProfileStore::standardPath(): AppDataLocation would
    // append the running program's name, and paydesk-cli must find (and
    // lock) the very file the GUI uses. On Linux this is the GUI's
    // AppDataLocation (~/.local/share/PayDesk/paydesk); on Windows
    // %LOCALAPPDATA%\PayDesk\paydesk, never a roaming profile.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/PayDesk/paydesk/paydesk.sqlite");
}

Result<std::unique_ptr<PaymentTerminal>> PaymentTerminal::open(const MerchantProfile &profile,
                                                               const MerchantCredentials &credentials,
                                                               const Options &options, QObject *parent)
{
    if (options.databasePath.isEmpty()) {
        return makeError(QStringLiteral("no_database"),
                         QStringLiteral("no database file was given: use PaymentTerminal::defaultDatabasePath()"));
    }
    if (!options.backupFolder.isEmpty() && options.databasePath == QLatin1String(":memory:")) {
        return makeError(QStringLiteral("backup_unavailable"),
                         QStringLiteral("an in-memory database cannot be backed up on a schedule: give a file "
                                        "or no backup folder"));
    }
    std::unique_ptr<PaymentTerminal> t(new PaymentTerminal(profile, options, parent));

    // One PayDesk per store database, taken before the file is even opened
    // (a migration must not run under another till's feet). A child of the
    // terminal: QObject deletes it after the members, so the lock outlives
    // the connection.
    auto lock = DatabaseLock::acquire(options.databasePath);
    if (!lock)
        return lock.error();
    std::move(lock).value().release()->setParent(t.get());

    auto database = Database::open(options.databasePath);
    if (!database)
        return database.error();
    t->m_database = std::move(database).value();
    t->m_audit = std::make_unique<AuditLog>(t->m_database.get());
    t->m_orders = std::make_unique<OrderRepository>(t->m_database.get(), t->m_audit.get());
    t->m_refunds = std::make_unique<RefundRepository>(t->m_database.get(), t->m_audit.get());

    ApiClient::Options api;
    api.baseUrl = QUrl(options.baseUrl.isEmpty() ? profile.effectiveBaseUrl() : options.baseUrl);
    if (options.timeoutMs > 0)
        api.timeoutMs = options.timeoutMs;
    t->m_api = new ApiClient(credentials, api, t.get());

    t->m_clock = options.clock ? options.clock : new SystemClock(t.get());
    t->m_poller = new StatusPoller(t->m_api, t->m_orders.get(), t->m_clock, options.paymentPolling,
                                   std::random_device{}(), t.get());

    PaymentService::Settings settings;
    settings.appid = profile.appid;
    settings.mchid = profile.mchid;
    settings.notifyUrl = profile.notifyUrl;
    settings.terminalId = profile.terminalId;
    settings.training = profile.training;
    settings.expirySeconds = options.expirySeconds;
    settings.codePayDeadlineSeconds = options.codePayDeadlineSeconds;
    t->m_payments = new PaymentService(t->m_api, t->m_orders.get(), t->m_poller, t->m_clock, settings, t.get());
    t->m_refundService = new RefundService(t->m_api, t->m_orders.get(), t->m_refunds.get(), t->m_clock,
                                           options.refundPolling, t.get());
    t->m_resolver = new Resolver(t->m_orders.get(), t->m_refunds.get(), t->m_poller, t->m_refundService,
                                 t->m_clock, t.get());
    if (!options.backupFolder.isEmpty()) {
        t->m_backups = new BackupScheduler(options.databasePath, options.backupFolder, options.backupKeep,
                                           t->m_clock, t.get());
    }
    qCInfo(lcTerminal) << "terminal" << profile.terminalId << "opened" << options.databasePath
                       << (profile.training ? "(training)" : "");
    return t;
}

void PaymentTerminal::setExpirySeconds(int seconds)
{
    m_options.expirySeconds = seconds;
    m_payments->setExpirySeconds(seconds);
}

void PaymentTerminal::startBackgroundWork()
{
    m_resolver->start(m_options.resolverIntervalMs);
    if (m_backups)
        m_backups->start();
}

Result<quint16> PaymentTerminal::startListener(const QHostAddress &address, quint16 port)
{
    if (m_listener) {
        const auto ports = m_listener->serverPorts();
        if (!ports.isEmpty())
            return ports.constFirst();
        delete m_listener;
        m_listener = nullptr;
    }
    auto *listener = new NotificationListener(m_api, m_orders.get(), m_refunds.get(), this);
    auto started = listener->start(address, port);
    if (!started) {
        delete listener;
        return started.error();
    }
    m_listener = listener;
    return *started;
}

} // namespace paydesk
