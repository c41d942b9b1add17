// SPDX-License-Identifier: MIT
#include "commands.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

namespace paydesk::cli {

namespace {

struct BillCounts
{
    int rows = 0; // trade and refund rows
    QString summaryTrades; // 总交易单数 from the summary row, as written
};

// Counts the rows of a trade bill (wechatpay-v3.md section 8): the header,
// backtick-prefixed rows, the summary caption and the summary row. Tolerates a
// missing BOM and either line ending.
BillCounts countBill(const QByteArray &content)
{
    static const QByteArray bom("\xEF\xBB\xBF");
    static const QByteArray caption = QStringLiteral("总交易单数").toUtf8();
    QByteArray text = content.startsWith(bom) ? content.mid(bom.size()) : content;
    const QList<QByteArray> lines = text.split('\n');
    BillCounts counts;
    bool inSummary = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        if (line.isEmpty())
            continue;
        if (line.startsWith(caption)) {
            inSummary = true;
            continue;
        }
        if (inSummary) {
            const QByteArray first = line.split(',').constFirst();
            counts.summaryTrades = QString::fromUtf8(first.startsWith('`') ? first.mid(1) : first);
            break;
        }
        if (line.startsWith('`'))
            ++counts.rows;
    }
    return counts;
}

class BillDownloadCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("bill"), QStringLiteral("download") }; }
    QString summary() const override
    {
        return QStringLiteral("Download a day's trade bill, check its SHA1, write it to a file.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--date YYYY-MM-DD [--type ALL|SUCCESS|REFUND] [--gzip] [--output FILE]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "A day's bill is available from about 10:00 the next day, for the last 3 months. The file\n"
            "is written only when its SHA1 matches WeChat Pay's hash_value; the output gives the file,\n"
            "the hash and the number of rows. Default file: tradebill-<mchid>-<date>-<type>.csv.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("date"), QStringLiteral("The bill's day."), QStringLiteral("YYYY-MM-DD") });
        parser.addOption(
            { QStringLiteral("type"), QStringLiteral("ALL (default), SUCCESS or REFUND."), QStringLiteral("TYPE") });
        parser.addOption({ QStringLiteral("gzip"),
                           QStringLiteral("Transfer the bill compressed (the file written is uncompressed).") });
        parser.addOption({ QStringLiteral("output"), QStringLiteral("File to write."), QStringLiteral("FILE") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto date = requiredValue(parser, QStringLiteral("date"));
        if (!date)
            return date.error();
        m_request.billDate = QDate::fromString(*date, Qt::ISODate);
        if (!m_request.billDate.isValid() || date->size() != 10)
            return CliError::usage(QStringLiteral("--date \"%1\" is not a date like 2024-05-20").arg(*date));
        m_request.billType = parser.isSet(QStringLiteral("type")) ? parser.value(QStringLiteral("type")).toUpper()
                                                                  : QStringLiteral("ALL");
        static const QStringList types { QStringLiteral("ALL"), QStringLiteral("SUCCESS"), QStringLiteral("REFUND") };
        if (!types.contains(m_request.billType))
            return CliError::usage(QStringLiteral("--type must be ALL, SUCCESS or REFUND"));
        m_request.gzip = parser.isSet(QStringLiteral("gzip"));
        m_output = parser.value(QStringLiteral("output"));
        if (parser.isSet(QStringLiteral("output")) && m_output.isEmpty())
            return CliError::usage(QStringLiteral("--output needs a file name"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());
        if (m_output.isEmpty()) {
            m_output = QStringLiteral("tradebill-%1-%2-%3.csv")
                           .arg(profile->mchid, m_request.billDate.toString(Qt::ISODate), m_request.billType.toLower());
        }
        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        (*client)->downloadTradeBill(m_request, [this, &context](ApiResult<TradeBill> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error()));
            QSaveFile file(m_output);
            if (!file.open(QIODevice::WriteOnly) || file.write(result->content) != result->content.size()
                || !file.commit()) {
                // A bad --output is a bad argument; the bill can be asked for again.
                CliError error
                    = CliError::usage(QStringLiteral("cannot write %1: %2").arg(m_output, file.errorString()));
                error.code = QStringLiteral("FILE_UNWRITABLE");
                return context.fail(error);
            }
            const BillCounts counts = countBill(result->content);
            QJsonObject out {
                { QStringLiteral("file"), QFileInfo(m_output).absoluteFilePath() },
                { QStringLiteral("bill_date"), m_request.billDate.toString(Qt::ISODate) },
                { QStringLiteral("bill_type"), m_request.billType },
                { QStringLiteral("bytes"), qint64(result->content.size()) },
                { QStringLiteral("hash_type"), result->hashType },
                { QStringLiteral("hash_value"), result->hashValue },
                { QStringLiteral("rows"), counts.rows },
            };
            if (!counts.summaryTrades.isEmpty())
                out.insert(QStringLiteral("summary_trades"), counts.summaryTrades);
            context.succeed(out);
        });
    }

private:
    TradeBillRequest m_request;
    QString m_output;
};

} // namespace

std::unique_ptr<Command> makeBillDownloadCommand()
{
    return std::make_unique<BillDownloadCommand>();
}

} // namespace paydesk::cli
