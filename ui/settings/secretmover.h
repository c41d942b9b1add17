// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"
#include "config/secretstore.h"
#include "receipt/receiptkey.h"
#include "result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QWidget;

namespace paydesk::ui {

// What Settings and the first-run wizard do when the installer ticks "keep the
// keys in the OS keychain": the merchant private key and the APIv3 key files
// the profile names, and the store's receipt signing key, go into the terminal's
// SecretStore (the keychain, or the encrypted file where there is none; see
// docs/secrets.md), each read back before the profile is changed to name them.
//
// The slow parts run off the GUI thread or asynchronously (the keychain's D-Bus
// calls; the file's PBKDF2 on a worker). move() waits for them with a local
// event loop, so the window keeps painting and answering while its caller, a
// modal dialog, shows that it is busy. The file's passphrase comes from
// PAYDESK_SECRET_PASSPHRASE or is asked for (twice when the file is new).
class SecretMover
{
    Q_DECLARE_TR_FUNCTIONS(SecretMover)

public:
    struct Moved
    {
        MerchantProfile profile;   // the key files replaced by secret names
        ReceiptKey receiptKey;     // null when the profile already named one
        QStringList movedFiles;    // the key files now in the store (absolute)
        QString location;          // where the secrets are, for people
        QString warning;           // the file store's warning, if it is the file
    };

    // `profile` as the form gives it (absolute file names). `receiptKeyFolder`:
    // where the terminal keeps its receipt key today (its key is moved so old
    // receipts keep their signer; none there: a new key). `profilePath`
    // places the encrypted file (secrets.bin beside it) unless
    // PAYDESK_SECRETS_FILE says otherwise. `parent` owns the passphrase prompt.
    static Result<Moved> move(const MerchantProfile &profile, const QString &profilePath,
                              const QString &receiptKeyFolder, QWidget *parent);

    // The terminal's secret store as the locator chooses it, with `preload`
    // fetched so SecretStore::read(name) serves them. The file store's
    // passphrase: PAYDESK_SECRET_PASSPHRASE, else asked for (three tries; twice
    // for a new file). `warning` gets the file store's warning. Also used at
    // start-up to load a profile's keys.
    static Result<std::unique_ptr<SecretStore>> openStore(const QString &profilePath, const QStringList &preload,
                                                          QWidget *parent, QString *warning);

    struct Saved
    {
        MerchantProfile profile;   // as saved (ProfileWriter)
        std::optional<Moved> moved; // when keys went into the secret store
        QStringList filesLeft;     // moved key files outside the profile's folder: the installer deletes them
        QString receiptKeyFolder;  // the folder the receipt key came from
    };
    // Saving an edited profile the way Settings and the first-run wizard do:
    // with `keepKeysInSecretStore`, move() first (nothing is saved when that
    // fails), then ProfileWriter::save, then PayDesk's copies of the moved
    // keys and the old receipt-key folder are removed. Messages say which step failed.
    static Result<Saved> saveProfile(const MerchantProfile &edited, const QString &profilePath,
                                     bool keepKeysInSecretStore, QWidget *parent);

    // Whether move() has anything to do for `profile`.
    static bool needed(const MerchantProfile &profile);

    // Overwrites and removes those of `files` inside `folder` (PayDesk's own
    // copies, made by ProfileWriter); returns the ones it removed. Files
    // elsewhere (a USB stick) are the installer's to delete.
    static QStringList removeCopies(const QStringList &files, const QString &folder);

private:
    SecretMover() = delete;
};

} // namespace paydesk::ui
