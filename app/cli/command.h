// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace paydesk::cli {

// One paydesk-cli command ("order native"). The dispatcher gives it its own
// parser (with --help and the global options), lets it check the arguments
// before anything is loaded (a usage error must not depend on the profile),
// then runs it. run() ends, now or from a callback, with exactly one
// context.succeed() / fail() / finish().
class Command
{
public:
    virtual ~Command() = default;

    virtual QStringList path() const = 0; // {"order", "native"}
    virtual QString summary() const = 0; // one line for the command list
    virtual QString synopsis() const = 0; // the arguments after the command words
    virtual QString details() const { return {}; } // more --help text
    // Positional arguments after the command words (`receipt verify FILE`);
    // commands that take none refuse them as a usage error.
    virtual bool acceptsArguments() const { return false; }
    virtual void addOptions(QCommandLineParser &parser) = 0;
    virtual Result<void, CliError> parse(const QCommandLineParser &parser) = 0;
    virtual void run(CliContext &context) = 0;

    QString name() const { return path().join(QLatin1Char(' ')); }
};

// Helpers for parse(): each returns a usage error that names the option.

// Exactly one of `names` is set (or none, when `required` is false);
// returns the one that is, or an empty string.
Result<QString, CliError> exactlyOne(const QCommandLineParser &parser, const QStringList &names, bool required = true);
// A non-empty value of a required option.
Result<QString, CliError> requiredValue(const QCommandLineParser &parser, const QString &name);
// --amount FEN or --yuan 12.34 (exactly one), as fen.
Result<qint64, CliError> amountFromOptions(const QCommandLineParser &parser, const QString &fenOption,
                                           const QString &yuanOption);
Result<qint64, CliError> fenOption(const QCommandLineParser &parser, const QString &name);
Result<int, CliError> positiveIntOption(const QCommandLineParser &parser, const QString &name, int max);

} // namespace paydesk::cli
