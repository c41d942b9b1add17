// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace paydesk::cli {

// The create requests paydesk-cli sent, one small file per order number, so
// that running the same command again (the documented way to retry after an
// unknown outcome) sends the same body: WeChat Pay answers a re-submitted
// out_trade_no only when every parameter is the same, and time_expire made
// from "now" would differ by the second between two runs.
//
// A retry takes the first request's time_expire. A command that names an
// order number already sent with other parameters (amount, description,
// --expire-minutes, ...) is refused here (out_trade_no_reused), before
// anything goes out. Entries are dropped a day after their order expired
// (8 days after sending for an order without time_expire, WeChat Pay's 7 days).
//
// The folder is `requests/` beside the terminal's database (--db,
// $PAYDESK_DB, or the default), kept per merchant.
class RequestJournal
{
public:
    explicit RequestJournal(QString folder);
    static Result<RequestJournal, CliError> forContext(CliContext &context);

    struct Entry
    {
        QJsonObject body; // exactly as sent
        int expireMinutes = 0;
        QDateTime sentAt;
    };

    // `kind`: "native" or "combine"; `key`: the out_trade_no / combine_out_trade_no.
    std::optional<Entry> find(const QString &kind, const QString &mchid, const QString &key) const;
    Result<void, CliError> remember(const QString &kind, const QString &mchid, const QString &key, const Entry &entry);

    // For a request about to be sent: with an earlier one for the same number
    // and the same parameters, `timeExpire` becomes that one's (the caller
    // rebuilds the body from it); with other parameters, the refusal.
    // `body` is the request's JSON as it would go out now.
    Result<void, CliError> reuse(const QString &kind, const QString &mchid, const QString &key,
                                 const QJsonObject &body, int expireMinutes, QDateTime *timeExpire) const;

private:
    QString fileName(const QString &kind, const QString &mchid, const QString &key) const;
    void prune() const;

    QString m_folder;
};

} // namespace paydesk::cli
