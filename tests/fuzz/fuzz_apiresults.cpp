// SPDX-License-Identifier: MIT
// WeChat Pay's JSON answers, after the signature checked out: a buggy or
// hostile server (or a proxy) must not be able to crash the parsers, only to
// make them return a typed error.
#include "wechatpay/apitypes.h"
#include "wechatpay/encryptedresource.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject object = QJsonDocument::fromJson(bytes).object();
    (void)Transaction::fromJson(object);
    (void)CombineTransaction::fromJson(object);
    (void)Refund::fromJson(object);
    if (auto resource = EncryptedResource::fromJson(object))
        (void)resource->decrypt(QByteArrayLiteral("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"));
    (void)parseWechatTime(QString::fromUtf8(bytes.left(64)));
    return 0;
}
