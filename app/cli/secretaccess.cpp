// SPDX-License-Identifier: MIT
#include "secretaccess.h"

#include "config/filesecretstore.h"
#include "config/keychainsecretstore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <openssl/crypto.h>
#include <optional>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace paydesk::cli {

void warnOnStderr(const QString &warning)
{
    const QByteArray line
        = QJsonDocument(QJsonObject { { QStringLiteral("warning"), warning } }).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

// A passphrase never appears on the screen, in the shell history or in argv.
Result<QByteArray> readHidden(const char *prompt)
{
#ifdef Q_OS_WIN
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (input == INVALID_HANDLE_VALUE || !GetConsoleMode(input, &mode))
        return makeError(QStringLiteral("secret_passphrase_missing"), QString());
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    SetConsoleMode(input, mode & ~DWORD(ENABLE_ECHO_INPUT));
#else
    if (!isatty(STDIN_FILENO))
        return makeError(QStringLiteral("secret_passphrase_missing"), QString());
    termios saved {};
    tcgetattr(STDIN_FILENO, &saved);
    termios silent = saved;
    silent.c_lflag &= ~tcflag_t(ECHO);
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
#endif
    char buffer[1024];
    const bool got = std::fgets(buffer, sizeof(buffer), stdin) != nullptr;
#ifdef Q_OS_WIN
    SetConsoleMode(input, mode);
#else
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
#endif
    std::fputs("\n", stderr);
    QByteArray line = got ? QByteArray(buffer) : QByteArray();
    OPENSSL_cleanse(buffer, sizeof(buffer));
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

Result<QByteArray> passphraseFor(const QString &path)
{
    const QByteArray fromEnvironment = FileSecretStore::passphraseFromEnvironment();
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const auto noTerminal = makeError(QStringLiteral("secret_passphrase_missing"),
                                      QStringLiteral("the secrets file %1 needs the installer's passphrase and there "
                                                     "is no terminal to ask for it: set PAYDESK_SECRET_PASSPHRASE")
                                          .arg(path));
    const bool creating = !QFileInfo::exists(path);
    auto first = readHidden(creating ? "New passphrase for the PayDesk secrets file: "
                                     : "Passphrase for the PayDesk secrets file: ");
    if (!first || first->isEmpty())
        return noTerminal;
    if (creating) {
        auto again = readHidden("Repeat the passphrase: ");
        if (!again || *again != *first) {
            return makeError(QStringLiteral("secret_passphrase_mismatch"),
                             QStringLiteral("the two passphrases differ: nothing was stored, run the command again"));
        }
    }
    return first;
}

SecretStoreLocator::Options secretStoreOptions(const QString &configPath)
{
    SecretStoreLocator::Options options;
    // The file's place follows --config: secrets.bin beside it.
    options.filePath = qEnvironmentVariableIsEmpty("PAYDESK_SECRETS_FILE")
        ? SecretStoreLocator::filePathBeside(configPath)
        : SecretStoreLocator::defaultFilePath();
    return options;
}

void openSecretStore(const QString &configPath, QObject *owner, OpenedCallback done)
{
    SecretStoreLocator::choose(
        secretStoreOptions(configPath), owner, [owner, done](Result<SecretStoreLocator::Choice> choice) {
            if (!choice)
                return done(CliError::config(choice.error()), QString());
            if (choice->kind == SecretStore::Kind::Keychain)
                return done(static_cast<SecretStore *>(new KeychainSecretStore(owner)), QString());
            warnOnStderr(choice->warning);
            auto passphrase = passphraseFor(choice->filePath);
            if (!passphrase)
                return done(CliError::config(passphrase.error()), choice->warning);
            auto opened = FileSecretStore::open(choice->filePath, *passphrase, owner);
            QByteArray wipe = std::move(passphrase).value();
            OPENSSL_cleanse(wipe.data(), size_t(wipe.size()));
            if (!opened)
                return done(CliError::config(opened.error()), choice->warning);
            return done(static_cast<SecretStore *>(opened.value().release()), choice->warning);
        });
}

Result<SecretStore *, CliError> openSecretStoreAndWait(const QString &configPath, QObject *owner,
                                                       const QStringList &names)
{
    // The store's callbacks (a D-Bus keychain) only come from an event loop;
    // a command-line tool may simply wait for them.
    QEventLoop loop;
    std::optional<Result<SecretStore *, CliError>> opened;
    openSecretStore(configPath, owner, [&](Result<SecretStore *, CliError> store, const QString &) {
        opened.emplace(std::move(store));
        loop.quit();
    });
    if (!opened)
        loop.exec();
    if (!*opened)
        return opened->error();
    SecretStore *store = opened->value();
    std::optional<Result<void>> loaded;
    store->preload(names, [&](Result<void> done) {
        loaded.emplace(std::move(done));
        loop.quit();
    });
    if (!loaded)
        loop.exec();
    if (!*loaded) {
        Error error = loaded->error();
        // Where it was looked for, so the installer knows which store to fix.
        error.message = QStringLiteral("%1 (secret store: %2 %3)")
                            .arg(error.message, SecretStore::kindName(store->kind()), store->location());
        // Keys imported into the file while no keychain answered (or by a
        // build without one) are not in the keychain that answers now.
        const QString file = secretStoreOptions(configPath).filePath;
        if (store->kind() == SecretStore::Kind::Keychain && error.code == QLatin1String("secret_not_found")
            && QFileInfo::exists(file)) {
            error.message
                += QStringLiteral("; the encrypted secrets file %1 exists: if the keys were imported there, set "
                                  "PAYDESK_SECRET_STORE=file, or import them into the keychain with "
                                  "PAYDESK_SECRET_STORE=keychain paydesk-cli secrets import")
                       .arg(file);
        }
        delete store;
        return CliError::config(error);
    }
    return store;
}

} // namespace paydesk::cli
