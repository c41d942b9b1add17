// SPDX-License-Identifier: MIT
// paydesk-cli secrets import / secrets check: moving the merchant key and the
// APIv3 key out of files into the secret store, and saying where they are.
#include "commands.h"
#include "secretaccess.h"

#include "config/filesecretstore.h"
#include "receipt/receiptkey.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

#include <openssl/crypto.h>

#include <cstdio>
#include <memory>


namespace paydesk::cli {

namespace {

// The profile the command is about: --profile, else the only one with --mchid.
Result<MerchantProfile, CliError> profileFor(CliContext &context, const QString &mchid)
{
    auto store = context.store();
    if (!store)
        return store.error();
    if (!context.globalOptions().profileName.isEmpty() || mchid.isEmpty()) {
        auto p = context.profile();
        if (!p)
            return p.error();
        if (!mchid.isEmpty() && p->mchid != mchid) {
            return CliError::usage(QStringLiteral("profile \"%1\" is for merchant %2, not %3")
                                       .arg(p->name, p->mchid, mchid));
        }
        return *p;
    }
    QList<MerchantProfile> matches;
    for (const QString &name : store->names()) {
        auto p = store->profile(name);
        if (p && p->mchid == mchid)
            matches << *p;
    }
    if (matches.isEmpty()) {
        return CliError::config(makeError(QStringLiteral("profile_missing"),
                                          QStringLiteral("no profile in %1 is for merchant %2 (profiles: %3)")
                                              .arg(store->path(), mchid, store->names().join(QStringLiteral(", ")))));
    }
    if (matches.size() > 1) {
        return CliError::usage(QStringLiteral("several profiles are for merchant %1: choose one with --profile")
                                   .arg(mchid));
    }
    return matches.first();
}

QByteArray readSmallFile(const QString &path, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    if (file.size() > 64 * 1024) {
        *problem = QStringLiteral("%1 is too large to be a key").arg(path);
        return {};
    }
    return file.readAll();
}

class SecretsImportCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("secrets"), QStringLiteral("import") }; }
    QString summary() const override
    {
        return QStringLiteral("Move the merchant key, APIv3 key and receipt key from files into the secret store.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--mchid M [--merchant-key FILE] [--apiv3-key-file FILE] [--receipt-key [--receipt-key-dir DIR]] "
                              "[--delete-files]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Stores the keys as merchant-key/<mchid> and apiv3-key/<mchid> in the OS keychain or, where\n"
            "there is none, in the encrypted file secrets.bin beside the configuration file (its\n"
            "passphrase comes from PAYDESK_SECRET_PASSPHRASE or is asked for on the terminal, never\n"
            "from the command line). Each secret is read back before the profile is rewritten to\n"
            "reference it (merchant_key_secret, apiv3_key_secret) instead of the files. The key must\n"
            "match the profile's certificate. --receipt-key stores the receipt signing key as\n"
            "receipt-key/<mchid> (receipt_key_secret): the one in --receipt-key-dir (default: receipt-key/\n"
            "beside the database) so earlier receipts keep their signer, or a new one when there is none;\n"
            "its folder is removed once the profile names the secret.\n"
            "--delete-files overwrites and removes the key files afterwards.\n"
            "PAYDESK_SECRET_STORE=keychain|file forces a backend. Prints what went where, never a secret.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("mchid"), QStringLiteral("The merchant the keys belong to."),
                           QStringLiteral("M") });
        parser.addOption({ QStringLiteral("merchant-key"),
                           QStringLiteral("The merchant private key (apiclient_key.pem)."), QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("apiv3-key-file"),
                           QStringLiteral("A file holding the 32-character APIv3 key."), QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("receipt-key"),
                           QStringLiteral("Also move the store's receipt signing key into the secret store.") });
        parser.addOption({ QStringLiteral("receipt-key-dir"),
                           QStringLiteral("The receipt key's folder (default: receipt-key/ beside the database)."),
                           QStringLiteral("DIR") });
        parser.addOption({ QStringLiteral("delete-files"),
                           QStringLiteral("Overwrite and remove the key files once the store holds them.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto mchid = requiredValue(parser, QStringLiteral("mchid"));
        if (!mchid)
            return mchid.error();
        m_mchid = *mchid;
        m_keyFile = parser.value(QStringLiteral("merchant-key"));
        m_apiV3File = parser.value(QStringLiteral("apiv3-key-file"));
        m_receiptKey = parser.isSet(QStringLiteral("receipt-key"));
        m_receiptKeyDir = parser.value(QStringLiteral("receipt-key-dir"));
        if (!m_receiptKeyDir.isEmpty() && !m_receiptKey)
            return CliError::usage(QStringLiteral("--receipt-key-dir goes with --receipt-key"));
        if (m_keyFile.isEmpty() && m_apiV3File.isEmpty() && !m_receiptKey)
            return CliError::usage(QStringLiteral("give --merchant-key FILE, --apiv3-key-file FILE, --receipt-key, "
                                                  "or several"));
        m_deleteFiles = parser.isSet(QStringLiteral("delete-files"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto profile = profileFor(context, m_mchid);
        if (!profile)
            return context.fail(profile.error());
        m_profile = *profile;

        // Everything is checked before anything is stored: a wrong key must
        // not replace a working one.
        auto items = std::make_shared<QList<QPair<QString, QByteArray>>>();
        QString problem;
        if (!m_keyFile.isEmpty()) {
            const QByteArray pem = readSmallFile(m_keyFile, &problem);
            if (!problem.isEmpty())
                return context.fail(CliError::config(makeError(QStringLiteral("file_unreadable"), problem)));
            auto key = PrivateKey::fromPem(pem);
            if (!key) {
                return context.fail(CliError::config(makeError(
                    key.error().code, QStringLiteral("merchant private key %1: %2").arg(m_keyFile, key.error().message))));
            }
            if (auto certificate = m_profile.loadMerchantCertificate(); certificate) {
                if (auto match = MerchantProfile::checkKeyMatchesCertificate(*key, *certificate); !match)
                    return context.fail(CliError::config(match.error()));
            } else {
                context.note(QStringLiteral("the key was not compared with the certificate: %1")
                                 .arg(certificate.error().message));
            }
            items->append({ SecretStore::merchantKeyName(m_mchid), key->toPem() });
        }
        if (!m_apiV3File.isEmpty()) {
            const QByteArray raw = readSmallFile(m_apiV3File, &problem);
            if (!problem.isEmpty())
                return context.fail(CliError::config(makeError(QStringLiteral("file_unreadable"), problem)));
            auto key = MerchantProfile::checkApiV3Key(raw, m_apiV3File);
            if (!key)
                return context.fail(CliError::config(key.error()));
            items->append({ SecretStore::apiV3KeyName(m_mchid), *key });
        }
        if (m_receiptKey && m_receiptKeyDir.isEmpty()) {
            auto database = context.databasePath();
            if (!database)
                return context.fail(database.error());
            m_receiptKeyDir = ReceiptKey::folderBeside(*database);
        }

        openSecretStore(context.configPath(), &context, [this, &context, items](Result<SecretStore *, CliError> store,
                                                                     const QString &warning) {
            if (!store)
                return context.fail(store.error());
            SecretStore *secrets = *store;
            secrets->writeVerified(*items, [this, &context, items, secrets, warning](Result<void> stored) {
                for (auto &item : *items)
                    OPENSSL_cleanse(item.second.data(), size_t(item.second.size()));
                if (!stored)
                    return context.fail(CliError::config(stored.error()));
                if (!m_receiptKey)
                    return finishImport(context, secrets, warning);
                const QString storeName = m_profile.storeName.isEmpty() ? m_mchid : m_profile.storeName;
                ReceiptKey::importInto(secrets, SecretStore::receiptKeyName(m_mchid), m_receiptKeyDir, storeName,
                                       [this, &context, secrets, warning](Result<ReceiptKey> key) {
                                           if (!key)
                                               return context.fail(CliError::config(key.error()));
                                           m_receiptCertificateSerial = key->certificate().serialHex();
                                           finishImport(context, secrets, warning);
                                       });
            });
        });
    }

private:
    void finishImport(CliContext &context, SecretStore *secrets, const QString &warning)
    {
        QJsonArray stored;
        QStringList files;
        if (!m_keyFile.isEmpty()) {
            m_profile.merchantKeySecret = SecretStore::merchantKeyName(m_mchid);
            m_profile.merchantKeyFile.clear();
            stored.append(QJsonObject { { QStringLiteral("secret"), m_profile.merchantKeySecret },
                                        { QStringLiteral("from"), QFileInfo(m_keyFile).absoluteFilePath() } });
            files << m_keyFile;
        }
        if (!m_apiV3File.isEmpty()) {
            m_profile.apiV3KeySecret = SecretStore::apiV3KeyName(m_mchid);
            m_profile.apiV3KeyFile.clear();
            stored.append(QJsonObject { { QStringLiteral("secret"), m_profile.apiV3KeySecret },
                                        { QStringLiteral("from"), QFileInfo(m_apiV3File).absoluteFilePath() } });
            files << m_apiV3File;
        }
        if (m_receiptKey) {
            m_profile.receiptKeySecret = SecretStore::receiptKeyName(m_mchid);
            stored.append(QJsonObject { { QStringLiteral("secret"), m_profile.receiptKeySecret },
                                        { QStringLiteral("from"), QFileInfo(m_receiptKeyDir).absoluteFilePath() },
                                        { QStringLiteral("certificate_serial"), m_receiptCertificateSerial } });
        }
        auto store = context.store();
        if (!store)
            return context.fail(store.error());
        ProfileStore profiles = *store;
        profiles.setProfile(m_profile);
        if (auto saved = profiles.save(profiles.path()); !saved)
            return context.fail(CliError::config(saved.error()));

        QJsonArray deleted;
        // The receipt key's folder goes whatever --delete-files says: two
        // copies of one signing key would be one too many.
        if (m_receiptKey && QFileInfo::exists(m_receiptKeyDir)) {
            if (auto removed = ReceiptKey::removeFolder(m_receiptKeyDir); removed)
                deleted.append(QFileInfo(m_receiptKeyDir).absoluteFilePath());
            else
                warnOnStderr(removed.error().message);
        }
        if (m_deleteFiles) {
            for (const QString &file : std::as_const(files)) {
                if (SecretStore::shredFile(file))
                    deleted.append(QFileInfo(file).absoluteFilePath());
                else
                    warnOnStderr(QStringLiteral("could not remove %1: delete it by hand").arg(file));
            }
        }
        QJsonObject out { { QStringLiteral("profile"), m_profile.name },
                          { QStringLiteral("mchid"), m_mchid },
                          { QStringLiteral("store"), SecretStore::kindName(secrets->kind()) },
                          { QStringLiteral("location"), secrets->location() },
                          { QStringLiteral("stored"), stored },
                          { QStringLiteral("config"), profiles.path() },
                          { QStringLiteral("deleted_files"), deleted } };
        if (!warning.isEmpty())
            out.insert(QStringLiteral("warning"), warning);
        context.succeed(out);
    }

    QString m_mchid;
    QString m_keyFile;
    QString m_apiV3File;
    bool m_deleteFiles = false;
    bool m_receiptKey = false;
    QString m_receiptKeyDir;
    QString m_receiptCertificateSerial;
    MerchantProfile m_profile;
};

class SecretsCheckCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("secrets"), QStringLiteral("check") }; }
    QString summary() const override { return QStringLiteral("Say where the profile's secrets live (never print them)."); }
    QString synopsis() const override { return QString(); }
    QString details() const override
    {
        return QStringLiteral(
            "Prints {\"secrets\":[{\"secret\",\"source\",\"where\",\"ok\",\"detail\"}],\"ok\":...}: for the\n"
            "merchant key and the APIv3 key (and the receipt key when the profile keeps it in the store),\n"
            "whether they come from a file, the OS keychain or the\n"
            "encrypted secrets file, and whether they load. Exits 5 when one does not.");
    }
    void addOptions(QCommandLineParser &) override {}
    Result<void, CliError> parse(const QCommandLineParser &) override { return {}; }

    void run(CliContext &context) override
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());
        m_profile = *profile;
        if (!m_profile.usesSecretStore())
            return report(context, nullptr, QString());
        openSecretStore(context.configPath(), &context, [this, &context](Result<SecretStore *, CliError> store, const QString &warning) {
            if (!store) {
                m_storeProblem = store.error().message;
                return report(context, nullptr, warning);
            }
            readEach(context, *store, warning, 0);
        });
    }

private:
    // Each secret on its own, so one that is missing does not hide the state
    // of the other; the keychain keeps what it read for the synchronous loaders.
    void readEach(CliContext &context, SecretStore *secrets, const QString &warning, int index)
    {
        const QStringList names = m_profile.secretNames();
        if (index >= names.size())
            return report(context, secrets, warning);
        const QString name = names.at(index);
        secrets->read(name, [this, &context, secrets, warning, index, name](Result<QByteArray> got) {
            if (!got)
                m_readErrors.insert(name, got.error());
            readEach(context, secrets, warning, index + 1);
        });
    }

    void add(const QString &secret, const QString &file, const QString &name, SecretStore *store, const Error *error)
    {
        if (!name.isEmpty() && m_readErrors.contains(name))
            error = &m_readErrors[name];
        QJsonObject o { { QStringLiteral("secret"), secret } };
        if (!name.isEmpty()) {
            o.insert(QStringLiteral("source"),
                     store ? SecretStore::kindName(store->kind()) : QStringLiteral("secret store"));
            o.insert(QStringLiteral("name"), name);
            o.insert(QStringLiteral("where"), store ? store->location() : QString());
        } else {
            o.insert(QStringLiteral("source"), QStringLiteral("key file"));
            o.insert(QStringLiteral("where"), m_profile.resolvePath(file));
        }
        o.insert(QStringLiteral("ok"), error == nullptr);
        if (error)
            o.insert(QStringLiteral("detail"), error->message);
        else if (!name.isEmpty() && !file.isEmpty())
            o.insert(QStringLiteral("detail"),
                     QStringLiteral("the profile also names the file %1, which the secret store replaces: remove it")
                         .arg(m_profile.resolvePath(file)));
        m_ok = m_ok && error == nullptr;
        m_list.append(o);
    }

    void report(CliContext &context, SecretStore *secrets, const QString &warning)
    {
        const Error storeError { QStringLiteral("secret_store"), m_storeProblem };
        auto key = m_profile.loadMerchantKey(secrets);
        if (!m_profile.merchantKeySecret.isEmpty() && !secrets)
            add(QStringLiteral("merchant_key"), m_profile.merchantKeyFile, m_profile.merchantKeySecret, nullptr, &storeError);
        else
            add(QStringLiteral("merchant_key"), m_profile.merchantKeyFile, m_profile.merchantKeySecret, secrets,
                key ? nullptr : &key.error());
        auto apiV3 = m_profile.loadApiV3Key(secrets);
        if (!m_profile.apiV3KeySecret.isEmpty() && !secrets)
            add(QStringLiteral("apiv3_key"), m_profile.apiV3KeyFile, m_profile.apiV3KeySecret, nullptr, &storeError);
        else
            add(QStringLiteral("apiv3_key"), m_profile.apiV3KeyFile, m_profile.apiV3KeySecret, secrets,
                apiV3 ? nullptr : &apiV3.error());

        if (!m_profile.receiptKeySecret.isEmpty()) {
            if (!secrets) {
                add(QStringLiteral("receipt_key"), QString(), m_profile.receiptKeySecret, nullptr, &storeError);
            } else {
                auto receipt = ReceiptKey::fromSecretStore(secrets, m_profile.receiptKeySecret);
                add(QStringLiteral("receipt_key"), QString(), m_profile.receiptKeySecret, secrets,
                    receipt ? nullptr : &receipt.error());
            }
        }

        QJsonObject out { { QStringLiteral("profile"), m_profile.name },
                          { QStringLiteral("mchid"), m_profile.mchid },
                          { QStringLiteral("secrets"), m_list },
                          { QStringLiteral("ok"), m_ok } };
        if (secrets)
            out.insert(QStringLiteral("store"), SecretStore::kindName(secrets->kind()));
        if (!warning.isEmpty())
            out.insert(QStringLiteral("warning"), warning);
        context.printJson(out);
        if (m_ok)
            return context.finish(Success);
        CliError error;
        error.exitCode = ConfigError;
        error.code = QStringLiteral("SECRETS_CHECK_FAILED");
        error.message = QStringLiteral("a secret of profile \"%1\" does not load").arg(m_profile.name);
        context.fail(error);
    }

    MerchantProfile m_profile;
    QString m_storeProblem;
    QHash<QString, Error> m_readErrors;
    QJsonArray m_list;
    bool m_ok = true;
};

} // namespace

std::unique_ptr<Command> makeSecretsImportCommand()
{
    return std::make_unique<SecretsImportCommand>();
}

std::unique_ptr<Command> makeSecretsCheckCommand()
{
    return std::make_unique<SecretsCheckCommand>();
}

} // namespace paydesk::cli
