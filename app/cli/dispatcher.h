// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"
#include "command.h"

#include <QStringList>
#include <memory>
#include <vector>

namespace paydesk::cli {

// Finds the command named by the first words of the command line, gives it
// the rest to parse, and runs it. Global options may come before or after the
// command words. Usage errors exit 2 and print the relevant usage; --help
// prints it on stdout and exits 0.
class Dispatcher
{
public:
    explicit Dispatcher(CliContext &context);

    void add(std::unique_ptr<Command> command);
    // Returns when the command has finished or has started asynchronous work
    // (then context.isFinished() is false and the caller runs the event loop).
    void run(const QStringList &arguments);

private:
    QString globalHelp() const;
    QString groupHelp(const QString &group) const;
    QString commandHelp(Command &command) const;
    void usageError(const QString &message, const QString &usage);
    void addGlobalOptions(QCommandLineParser &parser) const;
    Result<GlobalOptions, CliError> globalOptions(const QCommandLineParser &before,
                                                  const QCommandLineParser &after) const;

    CliContext &m_context;
    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace paydesk::cli
