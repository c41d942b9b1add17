// SPDX-License-Identifier: MIT
#include "dispatcher.h"

#include <QCoreApplication>
#include <QUrl>
#include <cstdio>

namespace paydesk::cli {

namespace {

const QString kHelp = QStringLiteral("help");
const QString kVersion = QStringLiteral("version");
const QString kConfig = QStringLiteral("config");
const QString kProfile = QStringLiteral("profile");
const QString kBaseUrl = QStringLiteral("base-url");
const QString kTimeout = QStringLiteral("timeout");
const QString kVerbose = QStringLiteral("verbose");
const QString kDb = QStringLiteral("db");
const QString kLogDir = QStringLiteral("log-dir");

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

// QCommandLineParser's help without its "Usage:" line: everything from "Options:".
QString optionsSection(const QCommandLineParser &parser, const QString &title)
{
    QString text = parser.helpText();
    const qsizetype at = text.indexOf(QLatin1String("Options:"));
    text = at < 0 ? QString() : text.mid(at + int(qstrlen("Options:")));
    return title + text;
}

QString commandWords(const Command &command)
{
    return QStringLiteral("paydesk-cli ") + command.name();
}

QCommandLineOption helpOption()
{
    return QCommandLineOption({ QStringLiteral("h"), kHelp }, QStringLiteral("Show this help and exit."));
}

} // namespace

Dispatcher::Dispatcher(CliContext &context) : m_context(context) { }

void Dispatcher::add(std::unique_ptr<Command> command)
{
    m_commands.push_back(std::move(command));
}

void Dispatcher::addGlobalOptions(QCommandLineParser &parser) const
{
    parser.addOption(
        { kConfig,
          QStringLiteral("Profile file (default: $PAYDESK_CONFIG, else %1).").arg(ProfileStore::standardPath()),
          QStringLiteral("FILE") });
    parser.addOption(
        { kProfile, QStringLiteral("Profile to use (default: the file's default_profile)."), QStringLiteral("NAME") });
    parser.addOption(
        { kBaseUrl, QStringLiteral("WeChat Pay address instead of the profile's base_url."), QStringLiteral("URL") });
    parser.addOption(
        { kTimeout, QStringLiteral("Timeout of one HTTP attempt, in milliseconds."), QStringLiteral("MS") });
    parser.addOption({ kVerbose, QStringLiteral("Notes and warnings on stderr (one JSON line each).") });
    parser.addOption({ kDb,
                       QStringLiteral("The terminal's database, for the store-backed commands (default: $PAYDESK_DB, "
                                      "else paydesk.sqlite beside a training profile or in the data folder)."),
                       QStringLiteral("FILE") });
    parser.addOption({ kLogDir,
                       QStringLiteral("Also write a redacted log file (paydesk-cli.log) into this folder "
                                      "(default: $PAYDESK_LOG_DIR, else none)."),
                       QStringLiteral("DIR") });
}

QString Dispatcher::globalHelp() const
{
    QString text = QStringLiteral(
        "Usage: paydesk-cli [global options] COMMAND [options]\n\n"
        "PayDesk's headless tool for installers and support: checks a terminal's merchant\n"
        "profile and talks to WeChat Pay APIv3 with it. Results are JSON on stdout; errors are\n"
        "one JSON line on stderr: {\"error\":{\"code\",\"message\",\"http_status\",\"detail\",\"request_id\"}}.\n\n"
        "Commands:\n");
    for (const auto &command : m_commands)
        text += QStringLiteral("  %1%2\n").arg(command->name().leftJustified(16), command->summary());
    QCommandLineParser globals;
    globals.addOption(helpOption());
    globals.addOption({ kVersion, QStringLiteral("Show the version (paydesk-cli X.Y.Z) and exit.") });
    addGlobalOptions(globals);
    text
        += QLatin1Char('\n') + optionsSection(globals, QStringLiteral("Global options (before or after the command):"));
    text += QLatin1Char('\n') + QString::fromLatin1(exitCodeHelp());
    text += QStringLiteral("\nRun paydesk-cli COMMAND --help for a command's options, e.g. "
                           "paydesk-cli order native --help.\n");
    return text;
}

QString Dispatcher::groupHelp(const QString &group) const
{
    QString text = QStringLiteral("Usage: paydesk-cli %1 SUBCOMMAND [options]\n\nSubcommands:\n").arg(group);
    for (const auto &command : m_commands) {
        if (command->path().constFirst() == group)
            text += QStringLiteral("  %1%2\n").arg(command->name().leftJustified(16), command->summary());
    }
    text += QStringLiteral("\nRun paydesk-cli %1 SUBCOMMAND --help for its options.\n").arg(group);
    return text;
}

QString Dispatcher::commandHelp(Command &command) const
{
    QCommandLineParser own;
    own.addOption(helpOption());
    command.addOptions(own);
    QCommandLineParser globals;
    addGlobalOptions(globals);

    QString text
        = QStringLiteral("Usage: %1 %2\n\n%3\n").arg(commandWords(command), command.synopsis(), command.summary());
    if (!command.details().isEmpty())
        text += QLatin1Char('\n') + command.details() + QLatin1Char('\n');
    text += QLatin1Char('\n') + optionsSection(own, QStringLiteral("Options:"));
    text += QLatin1Char('\n') + optionsSection(globals, QStringLiteral("Global options:"));
    text += QLatin1Char('\n') + QString::fromLatin1(exitCodeHelp());
    return text;
}

void Dispatcher::usageError(const QString &message, const QString &usage)
{
    m_context.setUsageText(usage);
    m_context.fail(CliError::usage(message));
}

Result<GlobalOptions, CliError> Dispatcher::globalOptions(const QCommandLineParser &before,
                                                          const QCommandLineParser &after) const
{
    const auto value = [&](const QString &name) {
        return after.isSet(name) ? after.value(name) : before.value(name);
    };
    const auto isSet = [&](const QString &name) {
        return after.isSet(name) || before.isSet(name);
    };

    GlobalOptions options;
    options.configPath = value(kConfig);
    options.profileName = value(kProfile);
    options.baseUrl = value(kBaseUrl);
    options.verbose = isSet(kVerbose);
    options.databasePath = value(kDb);
    options.logFolder = value(kLogDir);
    if (isSet(kConfig) && options.configPath.isEmpty())
        return CliError::usage(QStringLiteral("--config needs a file name"));
    if (isSet(kDb) && options.databasePath.isEmpty())
        return CliError::usage(QStringLiteral("--db needs a file name"));
    if (isSet(kLogDir) && options.logFolder.isEmpty())
        return CliError::usage(QStringLiteral("--log-dir needs a folder"));
    if (isSet(kBaseUrl)) {
        const QUrl url(options.baseUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
            || url.host().isEmpty()) {
            return CliError::usage(QStringLiteral("--base-url \"%1\" is not an http(s) address").arg(options.baseUrl));
        }
    }
    if (isSet(kTimeout)) {
        bool ok = false;
        options.timeoutMs = value(kTimeout).toInt(&ok);
        if (!ok || options.timeoutMs < 1)
            return CliError::usage(QStringLiteral("--timeout must be a positive number of milliseconds"));
    }
    return options;
}

void Dispatcher::run(const QStringList &arguments)
{
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    global.addOption(helpOption());
    global.addOption({ kVersion, QString() });
    addGlobalOptions(global);
    global.addPositionalArgument(QStringLiteral("command"), QString());
    if (!global.parse(arguments))
        return usageError(global.errorText(), globalHelp());

    if (global.isSet(kVersion)) {
        print(stdout, QStringLiteral("paydesk-cli %1\n").arg(QStringLiteral(PAYDESK_VERSION)));
        return m_context.finish(Success);
    }
    const QStringList words = global.positionalArguments();
    if (words.isEmpty()) {
        if (global.isSet(kHelp)) {
            print(stdout, globalHelp());
            return m_context.finish(Success);
        }
        return usageError(QStringLiteral("no command given"), globalHelp());
    }

    Command *command = nullptr;
    for (const auto &candidate : m_commands) {
        const QStringList path = candidate->path();
        if (words.mid(0, path.size()) == path)
            command = candidate.get();
    }
    if (!command) {
        const QString group = words.first();
        const bool isGroup = std::any_of(m_commands.begin(), m_commands.end(),
                                         [&](const auto &c) { return c->path().constFirst() == group; });
        if (!isGroup)
            return usageError(QStringLiteral("unknown command \"%1\"").arg(group), globalHelp());
        const QString sub = words.value(1);
        if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || (sub.isEmpty() && global.isSet(kHelp))) {
            print(stdout, groupHelp(group));
            return m_context.finish(Success);
        }
        if (sub.isEmpty())
            return usageError(QStringLiteral("\"%1\" needs a subcommand").arg(group), groupHelp(group));
        return usageError(QStringLiteral("unknown command \"%1 %2\"").arg(group, sub), groupHelp(group));
    }

    QCommandLineParser parser;
    parser.addOption(helpOption());
    command->addOptions(parser);
    addGlobalOptions(parser);
    const QString help = commandHelp(*command);
    const QStringList rest = QStringList { arguments.value(0) } + words.mid(command->path().size());
    if (!parser.parse(rest))
        return usageError(parser.errorText(), help);
    if (parser.isSet(kHelp) || global.isSet(kHelp)) {
        print(stdout, help);
        return m_context.finish(Success);
    }
    if (!parser.positionalArguments().isEmpty() && !command->acceptsArguments()) {
        return usageError(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()),
                          help);
    }
    auto options = globalOptions(global, parser);
    if (!options)
        return usageError(options.error().message, help);
    m_context.setGlobalOptions(*options);
    if (auto parsed = command->parse(parser); !parsed) {
        m_context.setUsageText(help);
        return m_context.fail(parsed.error());
    }
    m_context.setUsageText(help);
    command->run(m_context);
}

} // namespace paydesk::cli
