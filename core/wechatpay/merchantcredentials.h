// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "crypto/privatekey.h"
#include "crypto/secretbytes.h"
#include "platformkeys.h"

#include <QByteArray>
#include <QString>

namespace paydesk {

// Everything ApiClient needs to speak for one merchant, loaded and checked
// (MerchantProfile::loadCredentials): the key matches the certificate and the
// serial is read from the certificate, never typed in.
struct MerchantCredentials
{
    QString mchid;
    QString appid;
    QString certificateSerial; // upper-case hex, from merchantCertificate
    PrivateKey merchantKey;
    Certificate merchantCertificate;
    SecretBytes apiV3Key;      // 32 ASCII bytes; a secret: never log it, wiped when the last copy goes
    PlatformKeys platformKeys; // platform certificates and/or the WeChat Pay public key
};

} // namespace paydesk
