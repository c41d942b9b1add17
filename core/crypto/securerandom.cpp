// SPDX-License-Identifier: MIT
#include "securerandom.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace paydesk::SecureRandom {

QByteArray bytes(int count)
{
    QByteArray result(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(result.data()), count) != 1) {
        // Without entropy nothing PayDesk signs can be trusted: stop here.
        throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
    }
    return result;
}

static QByteArray fromAlphabet(int count, const char *alphabet, int size)
{
    // Rejection sampling: drop bytes >= the largest multiple of `size` below 256.
    const int limit = 256 - (256 % size);
    QByteArray result;
    result.reserve(count);
    while (result.size() < count) {
        const QByteArray chunk = bytes(count * 2);
        for (char c : chunk) {
            const int value = static_cast<unsigned char>(c);
            if (value < limit && result.size() < count)
                result.append(alphabet[value % size]);
        }
    }
    return result;
}

QByteArray alphanumeric(int count)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    return fromAlphabet(count, alphabet, 62);
}

QByteArray digits(int count)
{
    return fromAlphabet(count, "0123456789", 10);
}

} // namespace paydesk::SecureRandom
