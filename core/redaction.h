// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace paydesk::Redaction {

// "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" -> "oUpF…eS6o": enough to tell two payers
// apart at the counter, not enough to identify one.
QString maskOpenid(const QString &openid);

// Masks what must never reach a log or the audit trail: openids in JSON,
// PEM blocks (keys, certificates) and request/response signatures.
// Transaction ids and out_trade_no stay readable: support needs them.
QString redact(const QString &text);

} // namespace paydesk::Redaction
