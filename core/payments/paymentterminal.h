// SPDX-License-Identifier: MIT
#pragma once

#include "backoffpolicy.h"
#include "config/merchantprofile.h"
#include "receipt/receiptkey.h"
#include "result.h"
#include "wechatpay/merchantcredentials.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

namespace paydesk {

class ApiClient;
class AuditLog;
class BackupScheduler;
class Clock;
class Database;
class NotificationListener;
class OrderRepository;
class PaymentService;
class RefundRepository;
class RefundService;
class Resolver;
class StatusPoller;

// One store terminal: the database and every service wired as the app and the CLI run them.
//
// The composition root for payments: whoever holds a PaymentTerminal (the GUI,
// paydesk-cli, a test) gets the same store, the same client and the same
// recovery rules, so nothing behaves differently because it was wired twice.
// Everything lives on the thread that opened it (the store is one SQLite
// connection); background work (the Resolver, scheduled backups) is driven by
// the terminal's Clock and never blocks that thread for longer than a query.
class PaymentTerminal : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString databasePath;              // required
        QString backupFolder;              // empty: no scheduled backups
        int backupKeep = 14;
        int expirySeconds = 300;
        int codePayDeadlineSeconds = 30;   // when an unsettled code-pay order is reversed
        qint64 resolverIntervalMs = 3 * 60 * 1000;
        QString baseUrl;                   // empty: the profile's effectiveBaseUrl()
        int timeoutMs = 0;                 // 0: ApiClient's default
        BackoffPolicy paymentPolling = BackoffPolicy::paymentPolling();
        BackoffPolicy refundPolling = BackoffPolicy::refundPolling();
        Clock *clock = nullptr;            // null: a SystemClock owned by the terminal
        // The receipt signing key when the secret store keeps it
        // (ReceiptKey::fromSecretStore); null: the receipt-key folder beside the database.
        ReceiptKey receiptKey;
    };

    ~PaymentTerminal() override;

    // Opens (checks, migrates) the database and wires the services. Nothing is
    // sent and nothing runs until startBackgroundWork() or a sale. The
    // unique_ptr owns the terminal; with a `parent`, either let the pointer go
    // before the parent does or release() it to the parent.
    static Result<std::unique_ptr<PaymentTerminal>> open(const MerchantProfile &profile,
                                                         const MerchantCredentials &credentials,
                                                         const Options &options, QObject *parent = nullptr);
    // training: <profile baseDirectory>/paydesk.sqlite; real: <GenericDataLocation>/PayDesk/paydesk/paydesk.sqlite
    // (one file for the GUI and paydesk-cli, whose AppDataLocation differ by program name)
    static QString defaultDatabasePath(const MerchantProfile &profile);

    // Resolver: one pass now, then every resolverIntervalMs; backups if a folder is set.
    void startBackgroundWork();
    // The notification endpoint (off unless asked for). Calling it again once
    // it listens returns the port it already has.
    Result<quint16> startListener(const QHostAddress &address, quint16 port);

    const MerchantProfile &profile() const { return m_profile; }
    const Options &options() const { return m_options; }
    // Settings moved the receipt key into the secret store while running.
    void setReceiptKey(const ReceiptKey &key) { m_options.receiptKey = key; }
    // The store's settings changed while running: the store name shown on the
    // next sale, receipt and report, and the QR expiry of the next sale.
    void setStoreName(const QString &name) { m_profile.storeName = name; }
    void setExpirySeconds(int seconds);
    Database *database() const { return m_database.get(); }
    AuditLog *audit() const { return m_audit.get(); }
    OrderRepository *orders() const { return m_orders.get(); }
    RefundRepository *refunds() const { return m_refunds.get(); }
    ApiClient *api() const { return m_api; }
    Clock *clock() const { return m_clock; }
    StatusPoller *poller() const { return m_poller; }
    PaymentService *payments() const { return m_payments; }
    RefundService *refundService() const { return m_refundService; }
    Resolver *resolver() const { return m_resolver; }
    NotificationListener *listener() const { return m_listener; } // null until startListener
    BackupScheduler *backups() const { return m_backups; }        // null without a backup folder

private:
    PaymentTerminal(const MerchantProfile &profile, const Options &options, QObject *parent);

    MerchantProfile m_profile;
    Options m_options;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<OrderRepository> m_orders;
    std::unique_ptr<RefundRepository> m_refunds;
    // Children of the terminal (QObject ownership); the destructor removes
    // them before the store they write to goes.
    ApiClient *m_api = nullptr;
    Clock *m_clock = nullptr;
    StatusPoller *m_poller = nullptr;
    PaymentService *m_payments = nullptr;
    RefundService *m_refundService = nullptr;
    Resolver *m_resolver = nullptr;
    NotificationListener *m_listener = nullptr;
    BackupScheduler *m_backups = nullptr;
};

} // namespace paydesk
