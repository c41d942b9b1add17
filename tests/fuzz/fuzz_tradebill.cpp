// SPDX-License-Identifier: MIT
// WeChat Pay's trade bill, as downloaded: the streaming parser must turn any
// bytes into rows or a typed error naming the line, never crash or hang, and
// give the same answer however the bytes are split into pieces.
#include "reconcile/tradebillparser.h"

#include <cstdint>

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    auto whole = TradeBillParser::parse(bytes);

    // The same bytes fed in pieces whose size the first byte picks.
    const qsizetype step = size > 0 ? qsizetype(data[0] % 61) + 1 : 1;
    TradeBillParser parser;
    Result<void> fed;
    for (qsizetype at = 0; at < bytes.size() && fed; at += step)
        fed = parser.feed(bytes.sliced(at, qMin(step, bytes.size() - at)));
    auto pieces = fed ? parser.finish() : Result<ParsedBill>(fed.error());
    if (whole.ok() != pieces.ok())
        __builtin_trap(); // streaming must not change the verdict
    if (whole && pieces && whole->rows.size() != pieces->rows.size())
        __builtin_trap();
    return 0;
}
