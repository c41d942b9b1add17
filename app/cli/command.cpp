// SPDX-License-Identifier: MIT
#include "command.h"

#include "amount.h"

namespace paydesk::cli {

namespace {

QString dashed(const QStringList &names)
{
    QStringList out;
    for (const QString &n : names)
        out << QStringLiteral("--") + n;
    return out.join(QStringLiteral(" | "));
}

} // namespace

Result<QString, CliError> exactlyOne(const QCommandLineParser &parser, const QStringList &names, bool required)
{
    QStringList set;
    for (const QString &n : names) {
        if (parser.isSet(n))
            set << n;
    }
    if (set.size() > 1)
        return CliError::usage(QStringLiteral("give only one of %1").arg(dashed(names)));
    if (set.isEmpty()) {
        if (required)
            return CliError::usage(QStringLiteral("give one of %1").arg(dashed(names)));
        return QString();
    }
    return set.first();
}

Result<QString, CliError> requiredValue(const QCommandLineParser &parser, const QString &name)
{
    const QString value = parser.value(name);
    if (!parser.isSet(name) || value.trimmed().isEmpty())
        return CliError::usage(QStringLiteral("--%1 is required").arg(name));
    return value;
}

Result<qint64, CliError> fenOption(const QCommandLineParser &parser, const QString &name)
{
    auto fen = parseFen(parser.value(name));
    if (!fen)
        return CliError::usage(QStringLiteral("--%1: %2").arg(name, fen.error().message));
    return *fen;
}

Result<qint64, CliError> amountFromOptions(const QCommandLineParser &parser, const QString &fenName,
                                           const QString &yuanName)
{
    auto which = exactlyOne(parser, { fenName, yuanName });
    if (!which)
        return which.error();
    if (*which == fenName)
        return fenOption(parser, fenName);
    auto fen = parseYuan(parser.value(yuanName));
    if (!fen)
        return CliError::usage(QStringLiteral("--%1: %2").arg(yuanName, fen.error().message));
    return *fen;
}

Result<int, CliError> positiveIntOption(const QCommandLineParser &parser, const QString &name, int max)
{
    bool ok = false;
    const QString text = parser.value(name);
    const int value = text.toInt(&ok);
    if (!ok || value < 1 || value > max || text.startsWith(QLatin1Char('+')))
        return CliError::usage(QStringLiteral("--%1 must be a whole number from 1 to %2").arg(name).arg(max));
    return value;
}

} // namespace paydesk::cli
