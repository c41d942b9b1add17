// SPDX-License-Identifier: MIT
// `user add` and `user pin`: named people with PINs of their own (PinVault),
// so the audit log says which manager authorised a refund. The PIN is read
// from standard input, never from the command line, where `ps` and the shell
// history would keep it.
#include "commands.h"
#include "pinstdin.h"
#include "config/pinvault.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QFile>

#include <cstdio>

namespace paydesk::cli {

namespace {

const QString PinStdinHelp = QStringLiteral(
    "Read the PIN (4-8 digits) from the first line of standard input, e.g.\n"
    "  read -rs PIN && printf '%s\\n' \"$PIN\" | paydesk-cli user ...");

// Everything PinVault refuses for the input is a usage error; a name taken
// or missing is a refusal (3), as the store's own refusals are elsewhere.
CliError fromVault(const Error &error, const QString &name)
{
    const QJsonObject where{{QStringLiteral("user"), name}};
    static const QStringList usage{QStringLiteral("bad_pin"), QStringLiteral("bad_name"), QStringLiteral("unknown_role")};
    if (usage.contains(error.code)) {
        CliError e = CliError::usage(error.message);
        e.code = error.code;
        e.context = where;
        return e;
    }
    CliError e = CliError::store(error, where);
    if (error.code == QLatin1String("user_exists") || error.code == QLatin1String("unknown_user"))
        e.exitCode = BusinessRefusal;
    return e;
}

class UserAddCommand : public Command
{
public:
    QStringList path() const override { return {QStringLiteral("user"), QStringLiteral("add")}; }
    QString summary() const override { return QStringLiteral("Add a named cashier or manager with a PIN of their own."); }
    QString synopsis() const override { return QStringLiteral("--name N --role manager|cashier --pin-stdin"); }
    QString details() const override
    {
        return QStringLiteral("The PIN is stored as a salted PBKDF2-HMAC-SHA256 hash (%1 iterations), never itself;\n"
                              "adding the user is written to the audit log. The user then authorises refunds,\n"
                              "settings and reports with their own PIN (PayDesk asks \"Who\").\n%2\n"
                              "Exit 2 for a bad name, role or PIN; 3 when the name is taken; 6 for a store error.")
            .arg(PinVault::Iterations)
            .arg(PinStdinHelp);
    }
    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({QStringLiteral("name"), QStringLiteral("The user's name (letters, digits, . _ -; at most 32)."),
                          QStringLiteral("N")});
        parser.addOption({QStringLiteral("role"), QStringLiteral("manager or cashier."), QStringLiteral("ROLE")});
        parser.addOption({QStringLiteral("pin-stdin"), PinStdinHelp});
    }
    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto name = requiredValue(parser, QStringLiteral("name"));
        if (!name)
            return name.error();
        auto role = requiredValue(parser, QStringLiteral("role"));
        if (!role)
            return role.error();
        if (!parser.isSet(QStringLiteral("pin-stdin")))
            return CliError::usage(QStringLiteral("--pin-stdin is required: the PIN is read from standard input, never from the command line"));
        if (const QString why = PinVault::validateUserName(*name); !why.isEmpty())
            return CliError::usage(QStringLiteral("--name: %1").arg(why));
        if (!PinVault::roles().contains(*role))
            return CliError::usage(QStringLiteral("--role: use manager or cashier, not \"%1\"").arg(*role));
        m_name = *name;
        m_role = *role;
        return {};
    }
    void run(CliContext &context) override
    {
        auto pin = readPinFromStdin();
        if (!pin)
            return context.fail(pin.error());
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        AuditLog audit(*database);
        PinVault vault(*database, &audit);
        if (auto added = vault.addUser(m_name, m_role, *pin, QStringLiteral("paydesk-cli")); !added)
            return context.fail(fromVault(added.error(), m_name));
        context.succeed({{QStringLiteral("user"), m_name},
                         {QStringLiteral("role"), m_role},
                         {QStringLiteral("added"), true},
                         {QStringLiteral("iterations"), PinVault::Iterations}});
    }

private:
    QString m_name;
    QString m_role;
};

class UserPinCommand : public Command
{
public:
    QStringList path() const override { return {QStringLiteral("user"), QStringLiteral("pin")}; }
    QString summary() const override { return QStringLiteral("Set a new PIN for a named user."); }
    QString synopsis() const override { return QStringLiteral("--name N --pin-stdin"); }
    QString details() const override
    {
        return QStringLiteral("Replaces the user's PIN (a new salt, %1 iterations) and clears any lockout;\n"
                              "written to the audit log.\n%2\n"
                              "Exit 2 for a bad PIN; 3 when there is no such user; 6 for a store error.")
            .arg(PinVault::Iterations)
            .arg(PinStdinHelp);
    }
    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({QStringLiteral("name"), QStringLiteral("The user's name."), QStringLiteral("N")});
        parser.addOption({QStringLiteral("pin-stdin"), PinStdinHelp});
    }
    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto name = requiredValue(parser, QStringLiteral("name"));
        if (!name)
            return name.error();
        if (!parser.isSet(QStringLiteral("pin-stdin")))
            return CliError::usage(QStringLiteral("--pin-stdin is required: the PIN is read from standard input, never from the command line"));
        m_name = *name;
        return {};
    }
    void run(CliContext &context) override
    {
        auto pin = readPinFromStdin();
        if (!pin)
            return context.fail(pin.error());
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        AuditLog audit(*database);
        PinVault vault(*database, &audit);
        if (auto set = vault.setUserPin(m_name, *pin, QStringLiteral("paydesk-cli")); !set)
            return context.fail(fromVault(set.error(), m_name));
        context.succeed({{QStringLiteral("user"), m_name},
                         {QStringLiteral("role"), vault.user(m_name)->role},
                         {QStringLiteral("pin_changed"), true}});
    }

private:
    QString m_name;
};

} // namespace

std::unique_ptr<Command> makeUserAddCommand()
{
    return std::make_unique<UserAddCommand>();
}

std::unique_ptr<Command> makeUserPinCommand()
{
    return std::make_unique<UserPinCommand>();
}

} // namespace paydesk::cli
