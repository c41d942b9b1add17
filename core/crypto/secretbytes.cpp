// SPDX-License-Identifier: MIT
#include "secretbytes.h"

#include <openssl/crypto.h>

namespace paydesk {

namespace {

// The buffer is this container's own and nobody else's: not shared with a
// copy, not borrowed (fromRawData counts as shared: Qt would copy it before a
// write), so data() writes into it without detaching.
template<typename Container> bool ownsAlone(const Container &c)
{
    return c.isDetached();
}

} // namespace

bool SecretBytes::operator==(const SecretBytes &other) const
{
    return m_bytes.size() == other.m_bytes.size()
        && CRYPTO_memcmp(m_bytes.constData(), other.m_bytes.constData(), size_t(m_bytes.size())) == 0;
}

void SecretBytes::wipe()
{
    wipe(m_bytes);
}

bool SecretBytes::cleanse(QByteArray &bytes)
{
    if (bytes.isEmpty())
        return true;
    if (!ownsAlone(bytes))
        return false;
    // data() does not detach here: the buffer is this QByteArray's alone.
    OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    return true;
}

bool SecretBytes::cleanse(QString &text)
{
    if (text.isEmpty())
        return true;
    if (!ownsAlone(text))
        return false;
    OPENSSL_cleanse(text.data(), size_t(text.size()) * sizeof(QChar));
    return true;
}

void SecretBytes::wipe(QByteArray &bytes)
{
    cleanse(bytes);
    bytes.clear();
}

void SecretBytes::wipe(QString &text)
{
    cleanse(text);
    text.clear();
}

} // namespace paydesk
