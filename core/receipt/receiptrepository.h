// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

class Database;

struct StoredReceipt
{
    qint64 id = 0;
    qint64 orderId = 0;
    qint64 refundId = 0; // 0: a sale receipt
    QString kind;        // "sale" or "refund"
    QString format;      // "pdf-80mm", "pdf-58mm", "pdf-a4", "png", ...
    QByteArray content;
    QDateTime createdAt;
};

// Receipts as issued, kept in the terminal's store (the `receipts` table) so
// they can be reprinted and exported offline, byte for byte: a reprint of a
// signed PDF is the same signed PDF, never a new rendering.
class ReceiptRepository
{
public:
    explicit ReceiptRepository(Database *database);

    Result<StoredReceipt> save(qint64 orderId, qint64 refundId, const QString &kind, const QString &format,
                               const QByteArray &content);
    // The newest receipt of that order (and refund, 0 for the sale) in `format`.
    std::optional<StoredReceipt> latest(qint64 orderId, qint64 refundId, const QString &format) const;
    std::optional<StoredReceipt> find(qint64 id) const;
    // Every receipt of an order, oldest first, without their content.
    QList<StoredReceipt> forOrder(qint64 orderId) const;

private:
    Database *m_database;
};

} // namespace paydesk
