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

QString redact(const QString &text)
{
    static const QRegularExpression pem(QStringLiteral("-----BEGIN [A-Z ]+-----[\\s\\S]*?-----END [A-Z ]+-----"));
    static const QRegularExpression openid(QStringLiteral("\"(openid|sub_openid)\"\\s*:\\s*\"([^\"]*)\""));
    static const QRegularExpression signature(QStringLiteral("(signature=\"|Wechatpay-Signature:\\s*)[A-Za-z0-9+/=]{16,}"));

    QString out = text;
    out.replace(pem, QStringLiteral("[redacted key]"));
    QRegularExpressionMatchIterator it = openid.globalMatch(out);
    QString rebuilt;
    qsizetype last = 0;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        rebuilt += out.mid(last, m.capturedStart() - last);
        rebuilt += QStringLiteral("\"%1\":\"%2\"").arg(m.captured(1), maskOpenid(m.captured(2)));
        last = m.capturedEnd();
    }
    rebuilt += out.mid(last);
    out = rebuilt;
    out.replace(signature, QStringLiteral("\\1[redacted]"));
    return out;
}

} // namespace paydesk::Redaction
