// SPDX-License-Identifier: MIT
#include "redaction.h"

#include <QRegularExpression>

namespace paydesk::Redaction {

QString maskOpenid(const QString &openid)
{
    if (openid.size() <= 8)
        return QString(openid.size(), QLatin1Char('*'));
    return openid.left(4) + QStringLiteral("…") + openid.right(4);
}

namespace {

bool passesLuhn(const QString &digits)
{
    int sum = 0;
    bool doubled = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int d = digits.at(i).digitValue();
        if (doubled && (d *= 2) > 9)
            d -= 9;
        sum += d;
        doubled = !doubled;
    }
    return sum % 10 == 0;
}

} // namespace

// A bank card number that reached a message (a customer's note, a pasted
// receipt) keeps its first six and last four digits, as on a printed slip.
// WeChat Pay's own ids (28/29-digit transaction and refund ids) are longer
// than any card and stay readable.
QString maskCardNumbers(const QString &text)
{
    static const QRegularExpression card(QStringLiteral("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])"));
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = card.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString digits = m.captured(0);
        digits.remove(QLatin1Char(' ')).remove(QLatin1Char('-'));
        if (!passesLuhn(digits))
            continue;
        out += text.mid(last, m.capturedStart() - last);
        out += digits.left(6) + QString(digits.size() - 10, QLatin1Char('*')) + digits.right(4);
        last = m.capturedEnd();
    }
    if (last == 0)
        return text;
    return out + text.mid(last);
}

QString redact(const QString &text)
{
    static const QRegularExpression pem(QStringLiteral("-----BEGIN [A-Z ]+-----[\\s\\S]*?-----END [A-Z ]+-----"));
    // A JSON openid, also when the JSON was quoted again by qDebug (\").
    static const QRegularExpression openidField(
        QStringLiteral("(openid\\\\?\"\\s*:\\s*\\\\?\")([^\"\\\\]+)"));
    // WeChat openids are 28 characters starting with 'o', wherever they appear.
    static const QRegularExpression openidToken(QStringLiteral("(?<![A-Za-z0-9_-])o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])"));
    static const QRegularExpression signature(QStringLiteral("(signature=\\\\?\"|Wechatpay-Signature:\\s*)[A-Za-z0-9+/=]{16,}"));

    QString out = text;
    out.replace(pem, QStringLiteral("[redacted key]"));
    auto maskAll = [&out](const QRegularExpression &re, int keepGroup, int valueGroup) {
        QString rebuilt;
        qsizetype last = 0;
        QRegularExpressionMatchIterator it = re.globalMatch(out);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            rebuilt += out.mid(last, m.capturedStart() - last);
            if (keepGroup > 0)
                rebuilt += m.captured(keepGroup);
            rebuilt += maskOpenid(m.captured(valueGroup));
            last = m.capturedEnd();
        }
        rebuilt += out.mid(last);
        out = rebuilt;
    };
    maskAll(openidField, 1, 2);
    maskAll(openidToken, 0, 0);
    out.replace(signature, QStringLiteral("\\1[redacted]"));
    return maskCardNumbers(out);
}

} // namespace paydesk::Redaction
