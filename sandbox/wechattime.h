// SPDX-License-Identifier: MIT
// Times and amounts as WeChat Pay writes them: RFC 3339 in China time
// (+08:00), bill times "yyyy-MM-dd HH:mm:ss", amounts in yuan.
#pragma once

#include <QByteArray>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace paydesk::sandbox::WechatTime {

QTimeZone chinaZone();

// 2024-05-20T13:29:35+08:00
QString format(qint64 secsSinceEpoch);
// RFC 3339 with an offset ("Z" or "+08:00"), with or without milliseconds.
// A time without an offset is refused: WeChat Pay would not know its zone.
std::optional<qint64> parse(const QString &text);
// The day a moment belongs to in China time, "2024-05-20".
QString billDate(qint64 secsSinceEpoch);
// "2024-05-20 13:29:35", China time.
QString billTimestamp(qint64 secsSinceEpoch);
// RFC 7231 Date header, "Mon, 20 May 2024 05:29:35 GMT".
QByteArray httpDate(qint64 secsSinceEpoch);

// Fen as yuan: 1234 -> "12.34"; with 5 decimals -> "12.34000". Negative keeps its sign.
QString yuan(qint64 fen, int decimals = 2);

} // namespace paydesk::sandbox::WechatTime
