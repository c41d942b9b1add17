// SPDX-License-Identifier: MIT
#include "commands.h"
#include "store/backupscheduler.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace paydesk::cli {

namespace {

constexpr int DefaultKeep = 14;
constexpr int MaxKeep = 10000;

class DbBackupCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("db"), QStringLiteral("backup") }; }
    QString summary() const override
    {
        return QStringLiteral("Back the terminal's database up now (VACUUM INTO), keeping the newest N.");
    }
    QString synopsis() const override { return QStringLiteral("[--folder DIR] [--keep N]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Writes paydesk-<yyyyMMdd-HHmmss>.sqlite (UTC) into the folder, a consistent copy made while\n"
            "the terminal may keep selling, then removes all but the newest N backups. The GUI does the\n"
            "same once a day. Default folder: backups/ beside the database. Exit 6 when it fails.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("folder"), QStringLiteral("Where the backups go (default: backups/ beside the database)."),
                           QStringLiteral("DIR") });
        parser.addOption({ QStringLiteral("keep"), QStringLiteral("How many backups to keep (default 14)."),
                           QStringLiteral("N") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        m_folder = parser.value(QStringLiteral("folder"));
        if (parser.isSet(QStringLiteral("folder")) && m_folder.isEmpty())
            return CliError::usage(QStringLiteral("--folder needs a folder"));
        if (parser.isSet(QStringLiteral("keep"))) {
            auto keep = positiveIntOption(parser, QStringLiteral("keep"), MaxKeep);
            if (!keep)
                return keep.error();
            m_keep = *keep;
        }
        return {};
    }

    void run(CliContext &context) override
    {
        auto path = context.databasePath();
        if (!path)
            return context.fail(path.error());
        if (!QFileInfo::exists(*path)) {
            return context.fail(CliError::store(makeError(QStringLiteral("no_database"),
                                                          QStringLiteral("there is no database at %1: nothing to back up")
                                                              .arg(*path))));
        }
        const QString folder = m_folder.isEmpty() ? QFileInfo(*path).absoluteDir().filePath(QStringLiteral("backups"))
                                                  : m_folder;
        BackupScheduler backups(*path, folder, m_keep);
        auto written = backups.backupNow();
        if (!written)
            return context.fail(CliError::store(written.error(), { { QStringLiteral("folder"), folder } }));
        QJsonArray kept;
        for (const QString &file : BackupScheduler::backupFiles(folder))
            kept.append(file);
        context.succeed({ { QStringLiteral("file"), *written },
                          { QStringLiteral("bytes"), QFileInfo(*written).size() },
                          { QStringLiteral("folder"), folder },
                          { QStringLiteral("keep"), m_keep },
                          { QStringLiteral("backups"), kept } });
    }

private:
    QString m_folder;
    int m_keep = DefaultKeep;
};

} // namespace

std::unique_ptr<Command> makeDbBackupCommand()
{
    return std::make_unique<DbBackupCommand>();
}

} // namespace paydesk::cli
