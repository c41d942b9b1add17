// SPDX-License-Identifier: MIT
#include "clilog.h"

#include "logging/logsink.h"
#include "redaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cstdio>

namespace paydesk::cli {

namespace {

bool g_verbose = false;
QtMessageHandler g_fileHandler = nullptr;

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

// A bank card number that reached a message (a customer's note, a pasted
// receipt) keeps its first six and last four digits, as on a printed slip.
// Redaction::redact does not know card numbers; this covers paydesk-cli.
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

void logAsJson(QtMsgType type, const QMessageLogContext &context, const QString &original)
{
    const QString message = maskCardNumbers(original);
    if (g_fileHandler && type != QtFatalMsg)
        g_fileHandler(type, context, message);
    if (!g_verbose && type != QtCriticalMsg && type != QtFatalMsg)
        return;
    static const char *const levels[] = { "debug", "warning", "critical", "fatal", "info" };
    const QJsonObject log { { QStringLiteral("category"),
                              QString::fromLatin1(context.category ? context.category : "default") },
                            { QStringLiteral("level"), QString::fromLatin1(levels[qBound(0, int(type), 4)]) },
                            { QStringLiteral("message"), Redaction::redact(message) } };
    const QByteArray line
        = QJsonDocument(QJsonObject { { QStringLiteral("log"), log } }).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void installLogging(bool verbose)
{
    g_verbose = verbose;
    qInstallMessageHandler(logAsJson);
}

void openLogFile(const QString &folder)
{
    if (g_fileHandler || folder.isEmpty())
        return;
    LogSink::Options options;
    options.folder = folder;
    options.baseName = QStringLiteral("paydesk-cli");
    options.alsoStderr = false; // stderr stays JSON: logAsJson writes it
    LogSink::install(options);
    // LogSink's handler is now the process's: keep it as ours to call, and
    // put logAsJson back in front.
    g_fileHandler = qInstallMessageHandler(logAsJson);
    if (g_fileHandler == logAsJson)
        g_fileHandler = nullptr;
}

} // namespace paydesk::cli
