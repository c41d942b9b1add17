// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace paydesk::SecureRandom {

// Cryptographically secure bytes from OpenSSL's DRBG.
QByteArray bytes(int count);

// `count` characters of [0-9A-Za-z], uniformly chosen (no modulo bias):
// request nonces, out_trade_no suffixes, sandbox ids.
QByteArray alphanumeric(int count);

// `count` decimal digits, uniformly chosen.
QByteArray digits(int count);

} // namespace paydesk::SecureRandom
