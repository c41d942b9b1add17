// SPDX-License-Identifier: MIT
#include "commands.h"
#include "wechatpay/notificationdecoder.h"

#include <QFile>
#include <QJsonObject>

namespace paydesk::cli {

namespace {

// "Name: value" lines; a leading request line ("POST /notify HTTP/1.1") and
// blank lines are skipped, so a header block copied from a capture works as is.
Result<QList<QPair<QByteArray, QByteArray>>, CliError> parseHeaders(const QByteArray &text)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            if (headers.isEmpty() && line.contains("HTTP/"))
                continue;
            return CliError::usage(QStringLiteral("--headers line %1 is not \"Name: value\"").arg(i + 1));
        }
        headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }
    if (headers.isEmpty())
        return CliError::usage(QStringLiteral("--headers holds no \"Name: value\" lines"));
    return headers;
}

Result<QByteArray, CliError> readFile(const QString &option, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return CliError::usage(QStringLiteral("--%1: cannot read %2: %3").arg(option, path, file.errorString()));
    return file.readAll();
}

QJsonObject notificationJson(const Notification &n, const QString &serial)
{
    QJsonObject resource;
    if (n.transaction)
        resource = n.transaction->raw;
    else if (n.refund)
        resource = n.refund->raw;
    else if (n.combine)
        resource = n.combine->raw;
    return { { QStringLiteral("verified"), true },
             { QStringLiteral("serial"), serial },
             { QStringLiteral("id"), n.id },
             { QStringLiteral("event_type"), n.eventType },
             { QStringLiteral("create_time"), formatWechatTime(n.createTime) },
             { QStringLiteral("resource_type"), n.resourceType },
             { QStringLiteral("summary"), n.summary },
             { QStringLiteral("original_type"), n.originalType },
             { QStringLiteral("resource"), resource } };
}

CliError decodeError(const NotificationError &e)
{
    CliError error;
    error.message = e.message;
    error.detail.insert(QStringLiteral("kind"), e.kindName());
    switch (e.kind) {
    case NotificationError::BadSignature:
        error.code = QStringLiteral("BAD_SIGNATURE");
        if (e.verifyFailure == VerifyFailure::UnknownSerial) {
            error.exitCode = ConfigError;
            error.code = QStringLiteral("UNKNOWN_SERIAL");
        } else {
            error.exitCode = OutcomeUnknown;
        }
        if (e.verifyFailure == VerifyFailure::StaleTimestamp) {
            error.detail.insert(QStringLiteral("skew_seconds"), e.skewSeconds);
            error.context.insert(
                QStringLiteral("hint"),
                QStringLiteral("an older capture: add --ignore-time to check it against its own timestamp"));
        }
        break;
    case NotificationError::DecryptFailed:
        // The signature held, so the resource is WeChat Pay's: the APIv3 key is wrong.
        error.code = QStringLiteral("DECRYPT_FAILED");
        error.exitCode = ConfigError;
        error.context.insert(QStringLiteral("hint"), QStringLiteral("check the profile's APIv3 key (apiv3_key_file)"));
        break;
    case NotificationError::MalformedJson:
        error.code = QStringLiteral("MALFORMED_NOTIFICATION");
        error.exitCode = UsageError;
        break;
    case NotificationError::UnknownEventType:
        error.code = QStringLiteral("UNKNOWN_EVENT_TYPE");
        error.exitCode = BusinessRefusal;
        error.detail.insert(QStringLiteral("event_type"), e.eventType);
        break;
    }
    return error;
}

// Verifies and decrypts a notification captured at the notify_url, with the
// profile's keys. An unknown Wechatpay-Serial triggers one certificate
// download (WeChat Pay may have rotated) and a second try.
class NotifyDecodeCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("notify"), QStringLiteral("decode") }; }
    QString summary() const override
    {
        return QStringLiteral("Verify and decrypt a captured notification with the profile's keys.");
    }
    QString synopsis() const override { return QStringLiteral("--headers FILE --body FILE [--ignore-time]"); }
    QString details() const override
    {
        return QStringLiteral(
            "The headers file holds \"Name: value\" lines (Wechatpay-Timestamp, -Nonce, -Signature,\n"
            "-Serial); the body file the exact bytes received. Prints the envelope and the decrypted\n"
            "resource. Exit 4: the signature does not verify (forged, altered, or a SIGNTEST probe);\n"
            "5: the signing key is unknown even after a certificate download, or the APIv3 key does\n"
            "not decrypt it; 3: verified, but an event type PayDesk does not handle; 2: unreadable\n"
            "files or not a notification.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("headers"),
                           QStringLiteral("The notification's headers, one \"Name: value\" per line."),
                           QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("body"), QStringLiteral("The notification's body, byte for byte."),
                           QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("ignore-time"),
                           QStringLiteral("Check the signature at the notification's own time (old captures).") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto headersPath = requiredValue(parser, QStringLiteral("headers"));
        if (!headersPath)
            return headersPath.error();
        auto bodyPath = requiredValue(parser, QStringLiteral("body"));
        if (!bodyPath)
            return bodyPath.error();
        auto headerText = readFile(QStringLiteral("headers"), *headersPath);
        if (!headerText)
            return headerText.error();
        auto headers = parseHeaders(*headerText);
        if (!headers)
            return headers.error();
        auto body = readFile(QStringLiteral("body"), *bodyPath);
        if (!body)
            return body.error();
        m_headers = *headers;
        m_body = *body;
        m_signed = SignedHeaders::fromHeaders(m_headers);
        m_ignoreTime = parser.isSet(QStringLiteral("ignore-time"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto credentials = context.credentials();
        if (!credentials)
            return context.fail(credentials.error());
        NotificationDecoder decoder(*credentials);
        auto decoded = decode(decoder);
        const bool unknownSerial = !decoded && decoded.error().verifyFailure == VerifyFailure::UnknownSerial;
        const bool publicKeySerial = !credentials->platformKeys.publicKeyId().isEmpty()
            && QString::fromLatin1(m_signed.serial) == credentials->platformKeys.publicKeyId();
        if (!unknownSerial || publicKeySerial)
            return finish(context, decoded);

        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        context.note(QStringLiteral("serial %1 is not among the configured platform keys: downloading certificates")
                         .arg(QString::fromLatin1(m_signed.serial)));
        (*client)->refreshCertificates([this, &context, client = *client, credentials = *credentials](
                                           ApiResult<QList<PlatformCertificateInfo>> refreshed) {
            if (!refreshed)
                return context.fail(CliError::fromApi(refreshed.error()));
            NotificationDecoder retry(client->platformKeys(), credentials.apiV3Key);
            finish(context, decode(retry));
        });
    }

private:
    Result<Notification, NotificationError> decode(const NotificationDecoder &decoder) const
    {
        QDateTime now = QDateTime::currentDateTimeUtc();
        bool isNumber = false;
        const qint64 timestamp = m_signed.timestamp.toLongLong(&isNumber);
        if (m_ignoreTime && isNumber)
            now = QDateTime::fromSecsSinceEpoch(timestamp, Qt::UTC);
        auto result = decoder.decode(m_headers, m_body, now);
        // An editor or `echo` may have added a newline that was never signed.
        if (!result && result.error().verifyFailure == VerifyFailure::BadSignature && m_body.endsWith('\n')) {
            QByteArray trimmed = m_body;
            while (trimmed.endsWith('\n') || trimmed.endsWith('\r'))
                trimmed.chop(1);
            auto again = decoder.decode(m_headers, trimmed, now);
            if (again)
                return again;
        }
        return result;
    }

    void finish(CliContext &context, const Result<Notification, NotificationError> &decoded)
    {
        if (!decoded)
            return context.fail(decodeError(decoded.error()));
        QJsonObject out = notificationJson(decoded.value(), QString::fromLatin1(m_signed.serial));
        out.insert(QStringLiteral("timestamp_checked"), !m_ignoreTime);
        context.succeed(out);
    }

    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    SignedHeaders m_signed;
    bool m_ignoreTime = false;
};

} // namespace

std::unique_ptr<Command> makeNotifyDecodeCommand()
{
    return std::make_unique<NotifyDecodeCommand>();
}

} // namespace paydesk::cli
