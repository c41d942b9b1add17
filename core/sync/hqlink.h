// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace paydesk {

class Database;

// This terminal's enrolment in a PayDesk HQ, as the store keeps it (the
// settings table, beside the data it syncs): where HQ is, which store and
// till HQ knows this terminal as, and the secret store name of the till's
// credential. The credential itself is never here: it lives in the secret
// store like the merchant keys (docs/hq.md).
struct HqLink
{
    QUrl url; // http(s)://host:port of paydesk-hq
    QString storeCode;
    QString storeName;
    QString tillCode;
    QString tokenSecret; // SecretStore name of the till's token: "hq-token/<store>_<till>"
    QString caFile; // a CA certificate (PEM) to trust for HQ's TLS, beside the system's; empty: the system's only

    static QString tokenSecretName(const QString &storeCode, const QString &tillCode);

    // The link the store holds, or none when the terminal is not enrolled.
    static Result<std::optional<HqLink>> load(Database *database);
    // Saves the link and turns the outbox on, copying every row written
    // before enrolment into it (one transaction): HQ gets the whole history.
    Result<void> saveAndEnableSync(Database *database) const;
};

} // namespace paydesk
