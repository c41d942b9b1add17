// SPDX-License-Identifier: MIT
// Private to core/wechatpay: what ApiClient and NotificationDecoder share.
#pragma once

#include "responseverifier.h"

#include <QLoggingCategory>
#include <QString>

namespace paydesk::wechatpay_detail {

// "paydesk.wechatpay": paths, statuses, attempts and Request-IDs; never bodies,
// Authorization values, keys or openids.
Q_DECLARE_LOGGING_CATEGORY(lcWechatPay)

inline QString verifyFailureName(VerifyFailure::Kind kind)
{
    switch (kind) {
    case VerifyFailure::MissingHeader: return QStringLiteral("MissingHeader");
    case VerifyFailure::BadTimestamp: return QStringLiteral("BadTimestamp");
    case VerifyFailure::StaleTimestamp: return QStringLiteral("StaleTimestamp");
    case VerifyFailure::SignTestProbe: return QStringLiteral("SignTestProbe");
    case VerifyFailure::MalformedSignature: return QStringLiteral("MalformedSignature");
    case VerifyFailure::UnknownSerial: return QStringLiteral("UnknownSerial");
    case VerifyFailure::BadSignature: return QStringLiteral("BadSignature");
    }
    return QStringLiteral("Unknown");
}

} // namespace paydesk::wechatpay_detail
