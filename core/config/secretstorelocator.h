// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "secretstore.h"

#include <QObject>
#include <QString>

#include <functional>

namespace paydesk {

// Decides where this terminal's secrets live: the encrypted file when it
// already exists (its secrets are there), else the OS keychain when one
// answers, else the encrypted file (with the warning FileSecretStore gives).
// PAYDESK_SECRET_STORE=keychain|file|auto overrides the choice,
// PAYDESK_SECRETS_FILE the file's place. Only decides: opening the file store
// needs the passphrase, which the caller asks for (a prompt, a dialog).
class SecretStoreLocator
{
public:
    enum class Preference { Auto, Keychain, File };

    struct Options
    {
        Preference preference = preferenceFromEnvironment();
        QString filePath; // empty: defaultFilePath()
        int probeTimeoutMs = 5000;
    };

    struct Choice
    {
        SecretStore::Kind kind = SecretStore::Kind::Keychain;
        QString filePath; // for EncryptedFile
        QString warning; // for EncryptedFile: say it to the installer
        QString reason; // why not the keychain, when it is the file
    };

    // PAYDESK_SECRET_STORE; Auto when unset or unknown.
    static Preference preferenceFromEnvironment();
    // PAYDESK_SECRETS_FILE, else secrets.bin beside the profile file
    // (ProfileStore::defaultPath()).
    static QString defaultFilePath();
    // The same beside a given configuration file.
    static QString filePathBeside(const QString &configPath);

    // Asks the keychain (unless the file is wanted) and answers on `context`'s
    // thread, later. A keychain that is required (Preference::Keychain) but
    // does not answer is an error, not a silent fallback.
    static void choose(const Options &options, QObject *context, std::function<void(Result<Choice>)> done);
};

} // namespace paydesk
