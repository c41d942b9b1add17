// SPDX-License-Identifier: MIT
#include "secretmover.h"

#include "config/filesecretstore.h"
#include "config/keychainsecretstore.h"
#include "config/secretstorelocator.h"
#include "payments/paymentterminal.h"
#include "profilewriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QThread>
#include <QtConcurrent>

#include <openssl/crypto.h>

#include <optional>

Q_LOGGING_CATEGORY(lcSecretMover, "paydesk.ui.settings")

namespace paydesk::ui {

namespace {

// Runs `start(done)` and waits for `done` with a local event loop.
template <typename T, typename Start>
T waitFor(Start start)
{
    QEventLoop loop;
    std::optional<T> answer;
    start([&](T value) {
        answer.emplace(std::move(value));
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

// The installer's passphrase for `path`: PAYDESK_SECRET_PASSPHRASE, else asked
// for; a new file asks twice. Empty when the installer cancels.
QByteArray askPassphrase(const QString &path, bool creating, const QString &problem, QWidget *parent)
{
    QString label = creating ? SecretMover::tr("There is no OS keychain here: the keys will be kept in the encrypted file\n%1\n\n"
                                  "Choose a passphrase (at least 8 characters). Keep it safe: PayDesk asks for it "
                                  "at every start, and without it the keys must be imported again.")
                                   .arg(path)
                             : SecretMover::tr("The merchant keys are kept in the encrypted file\n%1\n\n"
                                  "Enter the passphrase chosen at installation:")
                                   .arg(path);
    if (!problem.isEmpty())
        label = problem + QStringLiteral("\n\n") + label;
    bool accepted = false;
    const QString typed = QInputDialog::getText(parent, SecretMover::tr("Passphrase of the secrets file"), label,
                                                QLineEdit::Password, QString(), &accepted);
    if (!accepted || typed.isEmpty())
        return {};
    if (creating) {
        const QString again = QInputDialog::getText(parent, SecretMover::tr("Passphrase of the secrets file"),
                                                    SecretMover::tr("Type the same passphrase again:"), QLineEdit::Password,
                                                    QString(), &accepted);
        if (!accepted)
            return {};
        if (again != typed)
            return QByteArray("\x01"); // told apart below: the two did not match
    }
    return typed.toUtf8();
}

// Opens the file store on a worker (PBKDF2 is slow on purpose) and hands it
// back to the GUI thread.
Result<std::unique_ptr<SecretStore>> openFileStore(const QString &path, const QByteArray &passphrase)
{
    QThread *guiThread = QThread::currentThread();
    struct Opened
    {
        FileSecretStore *store = nullptr;
        Error error;
    };
    QEventLoop loop;
    QFutureWatcher<Opened> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([path, passphrase, guiThread]() {
        auto opened = FileSecretStore::open(path, passphrase);
        if (!opened)
            return Opened { nullptr, opened.error() };
        FileSecretStore *raw = opened.value().release();
        raw->moveToThread(guiThread);
        return Opened { raw, Error() };
    }));
    if (!watcher.isFinished())
        loop.exec();
    const Opened opened = watcher.result();
    if (!opened.store)
        return opened.error;
    return std::unique_ptr<SecretStore>(opened.store);
}

} // namespace

bool SecretMover::needed(const MerchantProfile &profile)
{
    return !profile.merchantKeyFile.isEmpty() || !profile.apiV3KeyFile.isEmpty() || profile.receiptKeySecret.isEmpty();
}

Result<std::unique_ptr<SecretStore>> SecretMover::openStore(const QString &profilePath, const QStringList &preload,
                                                            QWidget *parent, QString *warning)
{
    SecretStoreLocator::Options options;
    // Like paydesk-cli: secrets.bin beside the profile unless PAYDESK_SECRETS_FILE says otherwise.
    options.filePath = qEnvironmentVariableIsEmpty("PAYDESK_SECRETS_FILE") ? SecretStoreLocator::filePathBeside(profilePath)
                                                                           : SecretStoreLocator::defaultFilePath();
    QObject context;
    auto choice = waitFor<Result<SecretStoreLocator::Choice>>(
        [&](auto done) { SecretStoreLocator::choose(options, &context, done); });
    if (!choice)
        return choice.error();

    std::unique_ptr<SecretStore> store;
    if (choice->kind == SecretStore::Kind::Keychain) {
        store = std::make_unique<KeychainSecretStore>();
    } else {
        const QString path = choice->filePath;
        if (warning)
            *warning = choice->warning;
        const bool creating = !QFileInfo::exists(path);
        QByteArray passphrase = FileSecretStore::passphraseFromEnvironment();
        const bool fromEnvironment = !passphrase.isEmpty();
        QString problem;
        for (int attempt = 0; !store; ++attempt) {
            if (!fromEnvironment) {
                passphrase = askPassphrase(path, creating, problem, parent);
                if (passphrase.isEmpty())
                    return makeError(QStringLiteral("secret_passphrase_missing"),
                                     tr("No passphrase was given for %1").arg(path));
                if (passphrase == QByteArray("\x01")) {
                    problem = tr("The two passphrases were not the same.");
                    continue;
                }
            }
            auto opened = openFileStore(path, passphrase);
            OPENSSL_cleanse(passphrase.data(), size_t(passphrase.size()));
            if (opened) {
                store = std::move(opened).value();
            } else if (fromEnvironment || attempt >= 2
                       || (opened.error().code != QLatin1String("secret_passphrase_wrong")
                           && opened.error().code != QLatin1String("secret_passphrase_weak"))) {
                return opened.error();
            } else {
                problem = opened.error().message;
            }
        }
    }
    if (!preload.isEmpty()) {
        auto loaded = waitFor<Result<void>>([&](auto done) { store->preload(preload, done); });
        if (!loaded)
            return loaded.error();
    }
    return store;
}

Result<SecretMover::Moved> SecretMover::move(const MerchantProfile &profile, const QString &profilePath,
                                             const QString &receiptKeyFolder, QWidget *parent)
{
    Moved moved;
    moved.profile = profile;
    MerchantProfile &p = moved.profile;

    // Everything is checked before anything is stored: a wrong key must not
    // replace a working one.
    QList<QPair<QString, QByteArray>> items;
    if (!p.merchantKeyFile.isEmpty()) {
        auto key = p.loadMerchantKey();
        if (!key)
            return key.error();
        items.append({ SecretStore::merchantKeyName(p.mchid), key->toPem() });
    }
    if (!p.apiV3KeyFile.isEmpty()) {
        auto key = p.loadApiV3Key();
        if (!key)
            return key.error();
        items.append({ SecretStore::apiV3KeyName(p.mchid), *key });
    }

    auto opened = openStore(profilePath, {}, parent, &moved.warning);
    if (!opened)
        return opened.error();
    std::unique_ptr<SecretStore> store = std::move(opened).value();
    moved.location = store->location();

    auto stored = waitFor<Result<void>>([&](auto done) { store->writeVerified(items, done); });
    for (auto &item : items)
        OPENSSL_cleanse(item.second.data(), size_t(item.second.size()));
    if (!stored)
        return stored.error();
    if (!p.merchantKeyFile.isEmpty()) {
        moved.movedFiles << p.resolvePath(p.merchantKeyFile);
        p.merchantKeySecret = SecretStore::merchantKeyName(p.mchid);
        p.merchantKeyFile.clear();
    }
    if (!p.apiV3KeyFile.isEmpty()) {
        moved.movedFiles << p.resolvePath(p.apiV3KeyFile);
        p.apiV3KeySecret = SecretStore::apiV3KeyName(p.mchid);
        p.apiV3KeyFile.clear();
    }

    if (p.receiptKeySecret.isEmpty()) {
        const QString name = SecretStore::receiptKeyName(p.mchid);
        const QString storeName = p.storeName.isEmpty() ? p.mchid : p.storeName;
        auto key = waitFor<Result<ReceiptKey>>(
            [&](auto done) { ReceiptKey::importInto(store.get(), name, receiptKeyFolder, storeName, done); });
        if (!key)
            return key.error();
        moved.receiptKey = *key;
        p.receiptKeySecret = name;
    }
    qCInfo(lcSecretMover) << "moved" << moved.movedFiles.size() << "key files and the receipt key into"
                          << moved.location;
    return moved;
}

Result<SecretMover::Saved> SecretMover::saveProfile(const MerchantProfile &edited, const QString &profilePath,
                                                    bool keepKeysInSecretStore, QWidget *parent)
{
    Saved saved;
    MerchantProfile profile = edited;
    saved.receiptKeyFolder = ReceiptKey::folderBeside(PaymentTerminal::defaultDatabasePath(profile));
    if (keepKeysInSecretStore && needed(profile)) {
        auto moved = move(profile, profilePath, saved.receiptKeyFolder, parent);
        if (!moved)
            return makeError(moved.error().code,
                             tr("The keys were not moved into the secret store, and nothing was saved: %1")
                                 .arg(moved.error().message));
        saved.moved = *moved;
        profile = moved->profile;
    }
    auto written = ProfileWriter::save(profile, profilePath);
    if (!written)
        return makeError(written.error().code,
                         tr("The merchant profile could not be saved: %1").arg(written.error().message));
    saved.profile = *written;
    if (saved.moved) {
        // The profile names the secrets now: PayDesk's own copies of the keys
        // go; files picked from elsewhere are the installer's.
        saved.filesLeft = saved.moved->movedFiles;
        const QStringList removed = removeCopies(saved.moved->movedFiles, QFileInfo(profilePath).absolutePath());
        for (const QString &file : removed)
            saved.filesLeft.removeAll(file);
        if (!saved.moved->receiptKey.isNull()) {
            if (auto gone = ReceiptKey::removeFolder(saved.receiptKeyFolder); !gone)
                qCWarning(lcSecretMover) << gone.error().message;
        }
    }
    return saved;
}

QStringList SecretMover::removeCopies(const QStringList &files, const QString &folder)
{
    QStringList removed;
    const QString base = QDir(folder).canonicalPath() + QLatin1Char('/');
    for (const QString &file : files) {
        const QString canonical = QFileInfo(file).canonicalFilePath();
        if (canonical.isEmpty() || !canonical.startsWith(base))
            continue;
        if (SecretStore::shredFile(canonical))
            removed << canonical;
    }
    return removed;
}

} // namespace paydesk::ui
