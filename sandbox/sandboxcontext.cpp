// SPDX-License-Identifier: MIT
#include "sandboxcontext.h"

#include "crypto/securerandom.h"
#include "wechattime.h"

namespace paydesk::sandbox {

Q_LOGGING_CATEGORY(lcSandbox, "paydesk.sandbox")

QString keyModeName(KeyMode mode)
{
    switch (mode) {
    case KeyMode::Certificate:
        return QStringLiteral("certificate");
    case KeyMode::PublicKey:
        return QStringLiteral("public_key");
    case KeyMode::Both:
        return QStringLiteral("both");
    }
    return {};
}

std::optional<KeyMode> parseKeyMode(const QString &text)
{
    const QString t = text.trimmed().toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
    if (t == QLatin1String("certificate") || t == QLatin1String("cert"))
        return KeyMode::Certificate;
    if (t == QLatin1String("public_key") || t == QLatin1String("pubkey") || t == QLatin1String("publickey"))
        return KeyMode::PublicKey;
    if (t == QLatin1String("both"))
        return KeyMode::Both;
    return std::nullopt;
}

const Merchant *SandboxContext::merchant(const QString &mchid) const
{
    const auto it = merchants.constFind(mchid);
    return it == merchants.constEnd() ? nullptr : &it.value();
}

void SandboxContext::emitEvent(const QString &kind, const QJsonObject &what) const
{
    if (event)
        event(kind, what);
}

QString SandboxContext::newCodeUrl()
{
    for (;;) {
        const QString url
            = QStringLiteral("weixin://wxpay/bizpayurl?pr=") + QString::fromLatin1(SecureRandom::alphanumeric(9));
        if (!store->orderByCodeUrl(url) && !store->combineByCodeUrl(url))
            return url;
    }
}

QString SandboxContext::newTransactionId()
{
    // 4200 0099 99 + yyyyMMdd + 10-digit sequence: 28 digits like the real ones.
    const QString day = WechatTime::billDate(clock.now()).remove(QLatin1Char('-'));
    return QStringLiteral("4200009999") + day
        + QStringLiteral("%1").arg(store->nextSequence(QStringLiteral("transaction")), 10, 10, QLatin1Char('0'));
}

QString SandboxContext::newRefundId()
{
    const QString day = WechatTime::billDate(clock.now()).remove(QLatin1Char('-'));
    return QStringLiteral("5030009999") + day
        + QStringLiteral("%1").arg(store->nextSequence(QStringLiteral("refund")), 11, 10, QLatin1Char('0'));
}

QString SandboxContext::newOpenid()
{
    return QStringLiteral("o") + QString::fromLatin1(SecureRandom::alphanumeric(27));
}

} // namespace paydesk::sandbox
