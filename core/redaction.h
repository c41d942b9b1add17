// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace paydesk::Redaction {

// "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" -> "oUpF…eS6o": enough to tell two payers
// apart at the counter, not enough to identify one.
QString maskOpenid(const QString &openid);

// A bank card number (13-19 digits passing the Luhn check) keeps its first six
// and last four digits, as on a printed slip. WeChat Pay's own ids (28/29-digit
// transaction and refund ids) are longer than any card and stay readable.
QString maskCardNumbers(const QString &text);

// Masks what must never reach a log or the audit trail: openids in JSON,
// PEM blocks (keys, certificates), request/response signatures and card numbers.
// Transaction ids and out_trade_no stay readable: support needs them.
QString redact(const QString &text);

} // namespace paydesk::Redaction
