// SPDX-License-Identifier: MIT
// What reaches the notification listener from the network. The first input
// byte picks the layer:
//   even: the input is the notification body, correctly signed — the envelope
//         parser (JSON, resource fields, base64) takes arbitrary bytes;
//   odd:  the input (after the byte) is the decrypted resource — encrypted and
//         wrapped correctly, so decryption and the transaction/refund parsers
//         take arbitrary JSON.
// Nothing may crash, hang or leak; every failure must be a typed error.
#include "testfixtures.h"
#include "wechatpay/notificationdecoder.h"
#include "wechatpay/responsesigner.h"

#include <QDateTime>
#include <cstdint>

using namespace paydesk;

namespace {

struct Keys
{
    testing::TestWorld world;
    NotificationDecoder decoder { world.credentials() };
    ResponseSigner signer = world.certificateSigner();
};

Keys &keys()
{
    static Keys k; // RSA keys are made once, not per input
    return k;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 64 * 1024)
        return 0;
    Keys &k = keys();
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QByteArray body;
    if (data[0] % 2 == 0) {
        body = rest;
    } else {
        const QString event = (data[0] & 2) ? QStringLiteral("REFUND.SUCCESS") : QStringLiteral("TRANSACTION.SUCCESS");
        auto encoded = NotificationDecoder::encode(event, rest, k.world.apiV3Key);
        if (!encoded)
            return 0;
        body = *encoded;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    auto headers = k.signer.sign(body, now, QByteArrayLiteral("fuzz-nonce-0123456789"));
    if (!headers)
        return 0;
    auto decoded = k.decoder.decode(*headers, body);
    if (!decoded)
        (void)decoded.error().message;
    return 0;
}
