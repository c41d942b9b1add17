// SPDX-License-Identifier: MIT
// KeychainSecretStore against a real Secret Service: a private dbus-daemon and
// gnome-keyring-daemon started by the test itself (tests/common/
// privatesecretservice.h), with HOME and XDG folders in a temporary folder, so
// no real user's keyring is ever touched.
//
// - the locator: without a session bus (none, or one that is gone) Auto falls
//   back to the encrypted file and says why, Keychain refuses; with the
//   private Secret Service Auto picks the keychain;
// - write / read (asynchronously, and synchronously after preload) / remove
//   of merchant-key/<mchid>, apiv3-key/<mchid> and receipt-key/<store>, bytes
//   exact, a binary secret too; a missing secret is secret_not_found;
// - a locked keyring is a clear keychain_locked error, at once, never a hang
//   and never "not found" (which would send the installer to import again);
// - end to end: `paydesk-cli secrets import` with PAYDESK_SECRET_STORE=keychain
//   moves a profile's keys into the keyring and deletes the key files, then
//   `config check` and a paid `sale native --wait` against a real
//   paydesk-sandbox work from the keyring alone;
// - every process the test started is gone at the end.
//
// Skipped when QtKeychain is not compiled in or dbus-daemon /
// gnome-keyring-daemon are not installed (scripts/install-deps.sh installs
// them).

#include "clirun.h"
#include "config/keychainsecretstore.h"
#include "config/secretstorelocator.h"
#include "crypto/privatekey.h"
#include "crypto/securerandom.h"
#include "privatesecretservice.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

using namespace paydesk;
using paydesk::testing::CliRun;
using paydesk::testing::freePort;

namespace {

const QByteArray KeyringPassword = "paydesk-test-login-password";
const QString Mchid = QStringLiteral("1900000109");
const QString Store = QStringLiteral("store-01");
// An answer later than this is a hang: the keyring is local and needs no prompt.
constexpr int AnswerMs = 10000;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString describe(const Error &error)
{
    return error.code + QStringLiteral(": ") + error.message;
}

// The error code, or "ok": a comparison that never throws.
template<typename T> QString codeOf(const Result<T> &result)
{
    return result.ok() ? QStringLiteral("ok") : result.error().code;
}

// For QVERIFY2's message, which is built whether the check fails or not.
template<typename T> QString describe(const Result<T> &result)
{
    return result.ok() ? QStringLiteral("ok") : describe(result.error());
}

// Every byte value, NULs and newlines among them, and random bytes: nothing a
// text-only keychain round trip would survive.
QByteArray binarySecret()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    bytes.append(QByteArray("\0\0\r\n\xff\xfe", 6));
    bytes.append(SecureRandom::bytes(64));
    return bytes;
}

// The store's asynchronous answers, waited for with the event loop running.
// The slot outlives a wait that gives up, so a late answer writes nowhere
// it should not.
template<typename T> struct Answer
{
    std::shared_ptr<std::optional<T>> slot = std::make_shared<std::optional<T>>();
    bool early = false; // answered before the call returned: never allowed
    qint64 ms = 0;

    std::function<void(T)> callback() const
    {
        return [slot = slot](T value) {
            *slot = std::move(value);
        };
    }
    bool wait(int timeoutMs = AnswerMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!slot->has_value() && clock.elapsed() < timeoutMs)
            QTest::qWait(5);
        ms = clock.elapsed();
        return slot->has_value();
    }
    // Answered, and successfully.
    bool ok() const { return slot->has_value() && (**slot).ok(); }
    const T &operator*() const { return **slot; }
    const T *operator->() const { return &**slot; }
};

Answer<Result<void>> write(SecretStore &store, const QString &name, const QByteArray &secret)
{
    Answer<Result<void>> answer;
    store.write(name, secret, answer.callback());
    answer.early = answer.slot->has_value();
    answer.wait();
    return answer;
}

Answer<Result<QByteArray>> read(SecretStore &store, const QString &name)
{
    Answer<Result<QByteArray>> answer;
    store.read(name, answer.callback());
    answer.early = answer.slot->has_value();
    answer.wait();
    return answer;
}

Answer<Result<void>> remove(SecretStore &store, const QString &name)
{
    Answer<Result<void>> answer;
    store.remove(name, answer.callback());
    answer.early = answer.slot->has_value();
    answer.wait();
    return answer;
}

Answer<Result<void>> preload(SecretStore &store, const QStringList &names)
{
    Answer<Result<void>> answer;
    store.preload(names, answer.callback());
    answer.early = answer.slot->has_value();
    answer.wait();
    return answer;
}

Answer<Result<SecretStoreLocator::Choice>> choose(SecretStoreLocator::Preference preference, const QString &filePath,
                                                  int probeTimeoutMs = 5000)
{
    SecretStoreLocator::Options options;
    options.preference = preference;
    options.filePath = filePath;
    options.probeTimeoutMs = probeTimeoutMs;
    Answer<Result<SecretStoreLocator::Choice>> answer;
    QObject context; // the probe runs on it until the answer comes (or the wait gives up)
    SecretStoreLocator::choose(options, &context, answer.callback());
    answer.early = answer.slot->has_value();
    answer.wait(probeTimeoutMs + AnswerMs);
    return answer;
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void withoutASessionBusTheFileIsChosen();
    void privateSecretServiceStarts();
    void locatorPicksTheKeychain();
    void secretsRoundTripExactly_data();
    void secretsRoundTripExactly();
    void preloadServesSynchronousReads();
    void missingSecretIsNotFound();
    void servicesAreSeparate();
    void cliImportMovesTheKeysIntoTheKeychain();
    void cliConfigCheckReadsTheKeychain();
    void cliSaleIsPaidWithKeysFromTheKeychain();
    void cliPointsAtASecretsFileLeftBehind();
    void lockedKeyringIsAClearError();
    void withTheBusGoneTheKeychainIsUnavailable();
    void noProcessIsLeft();

private:
    CliRun cli(const QStringList &arguments, const QString &secretStore = QStringLiteral("keychain"),
               int timeoutMs = 60000);
    QProcessEnvironment cliEnvironment(const QString &secretStore) const;
    QJsonObject profileJson() const;
    void requireService();

    QTemporaryDir m_dir;
    testing::PrivateSecretService m_keyring;
    testing::SandboxProcess m_sandbox;
    QString m_service; // the in-process tests' QtKeychain service, apart from the CLI's "PayDesk"
    QString m_config;
    QString m_configOverride; // another profile file for one test
    QString m_secretsFile; // must never be created: the keychain is in use
    QString m_baseUrl;
    QString m_mchid;
    QString m_keyFile;
    QString m_apiV3File;
    QByteArray m_keyPem;
    QByteArray m_apiV3Key;
    qint64 m_keyringPid = 0;
    qint64 m_busPid = 0;
};

void TestKeychain::initTestCase()
{
    if (!KeychainSecretStore::isCompiledIn())
        QSKIP("this build has no QtKeychain (PAYDESK_USE_KEYCHAIN=OFF or qtkeychain-qt6-dev missing)");
    if (const QString missing = testing::PrivateSecretService::missingTools(); !missing.isEmpty()) {
        QSKIP(qPrintable(QStringLiteral("no private Secret Service can be started, missing: %1 "
                                        "(scripts/install-deps.sh installs them)")
                             .arg(missing)));
    }
    QVERIFY(m_dir.isValid());
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_CLI_PATH)));
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_SANDBOX_PATH)));
    m_service = QStringLiteral("PayDesk-test-") + QString::fromLatin1(SecureRandom::alphanumeric(8));

    // Nothing of the machine's own session may leak in: QtKeychain picks its
    // backend from the desktop variables once per process.
    for (const QString &name : testing::PrivateSecretService::desktopVariables())
        qunsetenv(name.toLatin1().constData());

    const QString port = QString::number(freePort());
    const QString initError
        = paydesk::testing::SandboxProcess::init(QStringLiteral(PAYDESK_SANDBOX_PATH), m_dir.path(), port);
    QVERIFY2(initError.isEmpty(), qPrintable(initError));
    m_config = m_dir.filePath(QStringLiteral("paydesk.json"));
    m_secretsFile = m_dir.filePath(QStringLiteral("vault/secrets.bin"));
    const QJsonObject profile = profileJson();
    m_baseUrl = profile.value(QLatin1String("base_url")).toString();
    m_mchid = profile.value(QLatin1String("mchid")).toString();
    const QDir base = QFileInfo(m_config).absoluteDir();
    m_keyFile = base.absoluteFilePath(profile.value(QLatin1String("merchant_key_file")).toString());
    m_apiV3File = base.absoluteFilePath(profile.value(QLatin1String("apiv3_key_file")).toString());
    m_keyPem = readAll(m_keyFile);
    m_apiV3Key = readAll(m_apiV3File).trimmed();
    QVERIFY2(m_keyPem.contains("PRIVATE KEY"), qPrintable(m_keyFile));
    QCOMPARE(m_apiV3Key.size(), 32);

    const QString sandboxError = m_sandbox.start(QStringLiteral(PAYDESK_SANDBOX_PATH),
                                                 m_dir.filePath(QStringLiteral("sandbox")), port, m_baseUrl, {});
    QVERIFY2(sandboxError.isEmpty(), qPrintable(sandboxError));
}

void TestKeychain::cleanupTestCase()
{
    const QString stopped = m_sandbox.stop();
    QVERIFY2(stopped.isEmpty(), qPrintable(stopped));
    m_keyring.stop();
}

void TestKeychain::requireService()
{
    if (!m_keyring.isRunning())
        QFAIL("the private Secret Service is not running (see privateSecretServiceStarts)");
}

// Before any bus exists: a bare terminal, then a session bus address whose
// daemon is gone. Auto falls back to the file and says why; Keychain refuses.
void TestKeychain::withoutASessionBusTheFileIsChosen()
{
    const QString file = m_dir.filePath(QStringLiteral("fallback/secrets.bin"));
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir.path())); // no "bus" socket there

    auto bare = choose(SecretStoreLocator::Preference::Auto, file);
    QVERIFY(!bare.early);
    QVERIFY2(bare.slot->has_value(), "the locator did not answer");
    QVERIFY2(bare->ok(), qPrintable(describe(*bare)));
    QCOMPARE(bare->value().kind, SecretStore::Kind::EncryptedFile);
    QCOMPARE(bare->value().filePath, file);
    QVERIFY2(bare->value().reason.contains(QLatin1String("no D-Bus session bus")), qPrintable(bare->value().reason));
    QVERIFY2(bare->value().warning.contains(file), qPrintable(bare->value().warning));
    QVERIFY2(bare.ms < 1000, "a bare terminal must be answered at once");

    auto required = choose(SecretStoreLocator::Preference::Keychain, file);
    QVERIFY(required.slot->has_value());
    QVERIFY(!required->ok());
    QCOMPARE(codeOf(*required), QStringLiteral("keychain_unavailable"));
    QVERIFY2(required->error().message.startsWith(QLatin1String("PAYDESK_SECRET_STORE=keychain, but no D-Bus")),
             qPrintable(required->error().message));

    // An address is set but nothing listens there (the session ended).
    qputenv("DBUS_SESSION_BUS_ADDRESS",
            QByteArray("unix:path=") + QFile::encodeName(m_dir.filePath(QStringLiteral("gone-bus"))));
    auto gone = choose(SecretStoreLocator::Preference::Auto, file);
    QVERIFY2(gone.slot->has_value(), "the locator did not answer");
    QVERIFY2(gone->ok(), qPrintable(describe(*gone)));
    QCOMPARE(gone->value().kind, SecretStore::Kind::EncryptedFile);
    QVERIFY2(gone->value().reason.startsWith(QLatin1String("the OS keychain did not answer")),
             qPrintable(gone->value().reason));
    QVERIFY2(gone.ms < 5000, qPrintable(QStringLiteral("took %1 ms").arg(gone.ms)));
    qInfo("no bus: answered in %lld ms; bus gone: in %lld ms (%s)", bare.ms, gone.ms, qPrintable(gone->value().reason));

    // The store itself says the same, and never hangs.
    KeychainSecretStore store(m_service);
    auto written = write(store, SecretStore::apiV3KeyName(Mchid), "x");
    QVERIFY(!written.early);
    QVERIFY2(written.slot->has_value(), "a write without a bus hung");
    QVERIFY(!written->ok());
    QVERIFY2(written->error().code == QLatin1String("keychain_unavailable")
                 || written->error().code == QLatin1String("keychain_error"),
             qPrintable(describe(*written)));
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
}

void TestKeychain::privateSecretServiceStarts()
{
    QElapsedTimer clock;
    clock.start();
    const QString problem = m_keyring.start(KeyringPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_keyringPid = m_keyring.keyringPid();
    m_busPid = m_keyring.busPid();
    m_keyring.exportToThisProcess();
    qInfo("private Secret Service up in %lld ms: bus %s (pid %lld), gnome-keyring-daemon pid %lld", clock.elapsed(),
          qPrintable(m_keyring.busAddress()), m_busPid, m_keyringPid);
    QVERIFY(!m_keyring.isLocked());
    // The check noProcessIsLeft() relies on sees both daemons now.
    QCOMPARE(m_keyring.processesLeft().size(), 2);
    QCOMPARE(m_keyring.countItems({ { QStringLiteral("server"), m_service } }), qMakePair(0, 0));
}

void TestKeychain::locatorPicksTheKeychain()
{
    requireService();
    const QString file = m_dir.filePath(QStringLiteral("unused/secrets.bin"));
    auto automatic = choose(SecretStoreLocator::Preference::Auto, file);
    QVERIFY(!automatic.early);
    QVERIFY2(automatic.slot->has_value(), "the locator did not answer");
    QVERIFY2(automatic->ok(), qPrintable(describe(*automatic)));
    QCOMPARE(automatic->value().kind, SecretStore::Kind::Keychain);
    QVERIFY2(automatic->value().reason.isEmpty(), qPrintable(automatic->value().reason));
    QVERIFY(automatic->value().warning.isEmpty());

    auto required = choose(SecretStoreLocator::Preference::Keychain, file);
    QVERIFY(required.slot->has_value());
    QVERIFY2(required->ok(), qPrintable(describe(*required)));
    QCOMPARE(required->value().kind, SecretStore::Kind::Keychain);
    QVERIFY(!QFileInfo::exists(file));
    qInfo("locator picked the keychain in %lld ms", automatic.ms);

    // Probing leaves nothing behind in the keyring.
    QCOMPARE(
        m_keyring.countItems({ { QStringLiteral("server"), QString::fromLatin1(KeychainSecretStore::DefaultService) } })
            .first,
        0);
}

void TestKeychain::secretsRoundTripExactly_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("replacement");
    const QByteArray pem = PrivateKey::generateRsa(2048).value().toPem();
    const QByteArray otherPem = PrivateKey::generateRsa(2048).value().toPem();
    QTest::newRow("merchant key (PEM)") << SecretStore::merchantKeyName(Mchid) << pem << otherPem;
    QTest::newRow("APIv3 key (32 characters)")
        << SecretStore::apiV3KeyName(Mchid) << QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")
        << QByteArray("Zz9cde1ZJB1kG2e7VfTs3jQzaWizur8G");
    QTest::newRow("receipt key (binary)")
        << SecretStore::receiptKeyName(Store) << binarySecret() << SecureRandom::bytes(32);
    QTest::newRow("one byte") << QStringLiteral("receipt-key/tiny") << QByteArray("\0", 1) << QByteArray("\n");
}

void TestKeychain::secretsRoundTripExactly()
{
    requireService();
    QFETCH(QString, name);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, replacement);

    KeychainSecretStore store(m_service);
    QCOMPARE(store.kind(), SecretStore::Kind::Keychain);
    QVERIFY(store.location().contains(m_service));
    auto written = write(store, name, secret);
    QVERIFY2(!written.early, "write answered before it returned");
    QVERIFY2(written.slot->has_value(), "write did not answer");
    QVERIFY2(written->ok(), qPrintable(describe(*written)));
    // It is in the Secret Service, one unlocked item, not in some fallback file.
    QCOMPARE(m_keyring.countQtKeychainItems(m_service, name), qMakePair(1, 0));

    // A store that has never seen it reads it from the keyring, bytes exact.
    KeychainSecretStore fresh(m_service);
    QCOMPARE(codeOf(fresh.read(name)), QStringLiteral("secret_not_loaded"));
    auto back = read(fresh, name);
    QVERIFY2(!back.early, "read answered before it returned");
    QVERIFY2(back.slot->has_value(), "read did not answer");
    QVERIFY2(back->ok(), qPrintable(describe(*back)));
    QCOMPARE(back->value(), secret);
    // ... and then serves it from memory.
    QCOMPARE(fresh.read(name).value(), secret);

    // Writing again replaces it: still one item, the new bytes.
    written = write(store, name, replacement);
    QVERIFY2(written.slot->has_value() && written->ok(), "overwrite failed");
    QCOMPARE(m_keyring.countQtKeychainItems(m_service, name), qMakePair(1, 0));
    KeychainSecretStore third(m_service);
    back = read(third, name);
    QVERIFY2(back.slot->has_value() && back->ok(), "read after overwrite failed");
    QCOMPARE(back->value(), replacement);

    // Removed: gone from the keyring and from memory; removing again is fine.
    auto removed = remove(third, name);
    QVERIFY2(!removed.early, "remove answered before it returned");
    QVERIFY2(removed.slot->has_value(), "remove did not answer");
    QVERIFY2(removed->ok(), qPrintable(describe(*removed)));
    QCOMPARE(m_keyring.countQtKeychainItems(m_service, name), qMakePair(0, 0));
    QCOMPARE(codeOf(third.read(name)), QStringLiteral("secret_not_loaded"));
    auto gone = read(third, name);
    QVERIFY(gone.slot->has_value());
    QCOMPARE(codeOf(*gone), QStringLiteral("secret_not_found"));
    removed = remove(third, name);
    QVERIFY2(removed.slot->has_value() && removed->ok(), "removing a removed secret failed");
}

void TestKeychain::preloadServesSynchronousReads()
{
    requireService();
    const QByteArray pem = PrivateKey::generateRsa(2048).value().toPem();
    const QByteArray apiV3 = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    const QByteArray receipt = binarySecret();
    const QStringList names { SecretStore::merchantKeyName(Mchid), SecretStore::apiV3KeyName(Mchid),
                              SecretStore::receiptKeyName(Store) };
    {
        KeychainSecretStore writer(m_service);
        const QList<QByteArray> values { pem, apiV3, receipt };
        for (int i = 0; i < names.size(); ++i) {
            auto written = write(writer, names.at(i), values.at(i));
            QVERIFY2(written.slot->has_value() && written->ok(), qPrintable(names.at(i)));
        }
    }
    KeychainSecretStore store(m_service);
    for (const QString &name : names)
        QCOMPARE(codeOf(store.read(name)), QStringLiteral("secret_not_loaded")); // never blocks
    auto loaded = preload(store, names);
    QVERIFY2(!loaded.early, "preload answered before it returned");
    QVERIFY2(loaded.slot->has_value(), "preload did not answer");
    QVERIFY2(loaded->ok(), qPrintable(describe(*loaded)));
    QCOMPARE(store.read(names.at(0)).value(), pem);
    QCOMPARE(store.read(names.at(1)).value(), apiV3);
    QCOMPARE(store.read(names.at(2)).value(), receipt);
    qInfo("preload of 3 secrets: %lld ms", loaded.ms);

    // The keyring file on disk holds none of them in the clear.
    const QByteArray onDisk = readAll(m_keyring.keyringFile());
    QVERIFY2(!onDisk.isEmpty(), qPrintable(m_keyring.keyringFile()));
    for (const QByteArray &needle :
         { apiV3, apiV3.toBase64(), QByteArray("PRIVATE KEY"), receipt.right(64), receipt.right(64).toBase64() })
        QVERIFY2(!onDisk.contains(needle), "the keyring file holds a secret in the clear");

    for (const QString &name : names) {
        auto removed = remove(store, name);
        QVERIFY2(removed.slot->has_value() && removed->ok(), qPrintable(name));
    }
}

void TestKeychain::missingSecretIsNotFound()
{
    requireService();
    KeychainSecretStore store(m_service);
    const QString name = SecretStore::merchantKeyName(QStringLiteral("1999999999"));
    auto missing = read(store, name);
    QVERIFY(!missing.early);
    QVERIFY2(missing.slot->has_value(), "read of a missing secret did not answer");
    QVERIFY(!missing->ok());
    QCOMPARE(codeOf(*missing), QStringLiteral("secret_not_found"));
    QVERIFY2(missing->error().message.contains(name), qPrintable(missing->error().message));
    QVERIFY2(missing->error().message.contains(QLatin1String("secrets import")), qPrintable(missing->error().message));

    // One missing name ends a preload with that error.
    auto written = write(store, SecretStore::apiV3KeyName(Mchid), "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
    QVERIFY(written.slot->has_value() && written->ok());
    KeychainSecretStore fresh(m_service);
    auto loaded = preload(fresh, { SecretStore::apiV3KeyName(Mchid), name });
    QVERIFY(loaded.slot->has_value());
    QVERIFY(!loaded->ok());
    QCOMPARE(codeOf(*loaded), QStringLiteral("secret_not_found"));
    QVERIFY(remove(store, SecretStore::apiV3KeyName(Mchid)).ok());

    // Names are checked before the keychain is asked.
    auto invalid = read(store, QStringLiteral("-----BEGIN PRIVATE KEY-----"));
    QVERIFY(invalid.slot->has_value());
    QCOMPARE(codeOf(*invalid), QStringLiteral("secret_name_invalid"));
    auto empty = write(store, SecretStore::apiV3KeyName(Mchid), QByteArray());
    QVERIFY(empty.slot->has_value());
    QCOMPARE(codeOf(*empty), QStringLiteral("secret_empty"));
}

void TestKeychain::servicesAreSeparate()
{
    requireService();
    KeychainSecretStore mine(m_service);
    KeychainSecretStore other(m_service + QStringLiteral("-other"));
    const QString name = SecretStore::receiptKeyName(Store);
    QVERIFY(write(mine, name, "mine").ok());
    auto elsewhere = read(other, name);
    QVERIFY(elsewhere.slot->has_value());
    QCOMPARE(codeOf(*elsewhere), QStringLiteral("secret_not_found"));
    QVERIFY(remove(other, name).ok()); // removes nothing of mine
    auto back = read(mine, name);
    QVERIFY(back.ok());
    QCOMPARE(back->value(), QByteArray("mine"));
    QVERIFY(remove(mine, name).ok());
}

QProcessEnvironment TestKeychain::cliEnvironment(const QString &secretStore) const
{
    QProcessEnvironment env = m_keyring.environment(QProcessEnvironment::systemEnvironment());
    env.insert(QStringLiteral("PAYDESK_CONFIG"), m_configOverride.isEmpty() ? m_config : m_configOverride);
    env.insert(QStringLiteral("PAYDESK_DB"), m_dir.filePath(QStringLiteral("till/paydesk.sqlite")));
    env.insert(QStringLiteral("PAYDESK_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("PAYDESK_LOG_DIR"), m_dir.filePath(QStringLiteral("logs")));
    env.insert(QStringLiteral("PAYDESK_SECRETS_FILE"), m_secretsFile);
    env.remove(QStringLiteral("PAYDESK_SECRET_PASSPHRASE"));
    env.remove(QStringLiteral("PAYDESK_SECRET_STORE"));
    if (!secretStore.isEmpty())
        env.insert(QStringLiteral("PAYDESK_SECRET_STORE"), secretStore);
    return env;
}

QJsonObject TestKeychain::profileJson() const
{
    return paydesk::testing::SandboxProcess::defaultProfile(m_config);
}

CliRun TestKeychain::cli(const QStringList &arguments, const QString &secretStore, int timeoutMs)
{
    return paydesk::testing::runCli(QStringLiteral(PAYDESK_CLI_PATH), arguments, cliEnvironment(secretStore),
                                    timeoutMs);
}

void TestKeychain::cliImportMovesTheKeysIntoTheKeychain()
{
    requireService();
    const QString service = QString::fromLatin1(KeychainSecretStore::DefaultService);
    // Before the import the profile works from the key files.
    CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));

    QElapsedTimer clock;
    clock.start();
    run = cli({ QStringLiteral("secrets"), QStringLiteral("import"), QStringLiteral("--mchid"), m_mchid,
                QStringLiteral("--merchant-key"), m_keyFile, QStringLiteral("--apiv3-key-file"), m_apiV3File,
                QStringLiteral("--delete-files") });
    qInfo("secrets import into the keychain: %lld ms", clock.elapsed());
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject out = run.json();
    QCOMPARE(out.value(QLatin1String("store")).toString(), QStringLiteral("keychain"));
    QVERIFY2(out.value(QLatin1String("location")).toString().contains(QLatin1String("Secret Service")),
             qPrintable(run.describe()));
    QCOMPARE(out.value(QLatin1String("stored")).toArray().size(), 2);
    QCOMPARE(out.value(QLatin1String("deleted_files")).toArray().size(), 2);
    // No file-store warning: the keys went to a keychain.
    QVERIFY2(!run.err.contains("\"warning\""), run.err.constData());
    QVERIFY(!out.contains(QLatin1String("warning")));

    // The key files are gone, the profile names the secrets instead.
    QVERIFY(!QFileInfo::exists(m_keyFile));
    QVERIFY(!QFileInfo::exists(m_apiV3File));
    const QJsonObject profile = profileJson();
    QCOMPARE(profile.value(QLatin1String("merchant_key_secret")).toString(), SecretStore::merchantKeyName(m_mchid));
    QCOMPARE(profile.value(QLatin1String("apiv3_key_secret")).toString(), SecretStore::apiV3KeyName(m_mchid));
    QVERIFY(profile.value(QLatin1String("merchant_key_file")).toString().isEmpty());
    QVERIFY(profile.value(QLatin1String("apiv3_key_file")).toString().isEmpty());
    // Nothing went to the encrypted file, and nothing secret was printed.
    QVERIFY(!QFileInfo::exists(m_secretsFile));
    QVERIFY(!run.out.contains(m_apiV3Key) && !run.err.contains(m_apiV3Key));
    QVERIFY(!run.out.contains("PRIVATE KEY") && !run.err.contains("PRIVATE KEY"));

    // The keyring holds exactly the keys that were in the files.
    QCOMPARE(m_keyring.countQtKeychainItems(service, SecretStore::merchantKeyName(m_mchid)), qMakePair(1, 0));
    QCOMPARE(m_keyring.countQtKeychainItems(service, SecretStore::apiV3KeyName(m_mchid)), qMakePair(1, 0));
    KeychainSecretStore store;
    auto loaded = preload(store, { SecretStore::merchantKeyName(m_mchid), SecretStore::apiV3KeyName(m_mchid) });
    QVERIFY2(loaded.slot->has_value() && loaded->ok(), "the imported keys do not load");
    QCOMPARE(store.read(SecretStore::apiV3KeyName(m_mchid)).value(), m_apiV3Key);
    QCOMPARE(store.read(SecretStore::merchantKeyName(m_mchid)).value(), PrivateKey::fromPem(m_keyPem)->toPem());

    run = cli({ QStringLiteral("secrets"), QStringLiteral("check") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(QLatin1String("store")).toString(), QStringLiteral("keychain"));
    for (const QJsonValue &secret : run.json().value(QLatin1String("secrets")).toArray()) {
        QCOMPARE(secret[QLatin1String("source")].toString(), QStringLiteral("keychain"));
        QVERIFY2(secret[QLatin1String("ok")].toBool(), qPrintable(run.describe()));
    }
}

void TestKeychain::cliConfigCheckReadsTheKeychain()
{
    requireService();
    // PAYDESK_SECRET_STORE=keychain, and unset (auto): the keychain answers, so both use it.
    for (const QString &preference : { QStringLiteral("keychain"), QString() }) {
        QElapsedTimer clock;
        clock.start();
        const CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check") }, preference);
        qInfo("config check (PAYDESK_SECRET_STORE=%s): %lld ms", qPrintable(preference), clock.elapsed());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.json().value(QLatin1String("ok")).toBool());
        QCOMPARE(run.json().value(QLatin1String("secret_store")).toString(), QStringLiteral("keychain"));
        const QJsonObject store = run.check(QStringLiteral("secret_store"));
        QVERIFY2(store.value(QLatin1String("ok")).toBool(), qPrintable(run.describe()));
        QVERIFY2(store.value(QLatin1String("detail")).toString().contains(QLatin1String("Secret Service")),
                 qPrintable(run.describe()));
        const QString key = run.check(QStringLiteral("merchant_key")).value(QLatin1String("detail")).toString();
        QVERIFY2(key.contains(QStringLiteral("merchant-key/") + m_mchid) && key.contains(QLatin1String("keychain")),
                 qPrintable(key));
        QVERIFY(run.check(QStringLiteral("key_matches_certificate")).value(QLatin1String("ok")).toBool());
        const QString apiV3 = run.check(QStringLiteral("apiv3_key")).value(QLatin1String("detail")).toString();
        QVERIFY2(apiV3.contains(QStringLiteral("apiv3-key/") + m_mchid), qPrintable(apiV3));
        // A real signed call to the sandbox went through with the key from the keychain.
        QVERIFY2(run.check(QStringLiteral("wechatpay")).value(QLatin1String("ok")).toBool(),
                 qPrintable(run.describe()));
        QVERIFY2(!run.err.contains("\"warning\""), run.err.constData());
        QVERIFY(!run.out.contains(m_apiV3Key) && !run.err.contains(m_apiV3Key));
        QVERIFY(!run.out.contains("PRIVATE KEY") && !run.err.contains("PRIVATE KEY"));
    }
    QVERIFY(!QFileInfo::exists(m_secretsFile));
}

void TestKeychain::cliSaleIsPaidWithKeysFromTheKeychain()
{
    requireService();
    QElapsedTimer clock;
    clock.start();
    const auto sale
        = m_sandbox.paidSale(QStringLiteral(PAYDESK_CLI_PATH), cliEnvironment(QStringLiteral("keychain")), 880);
    qInfo("sale native --wait with keys from the keychain: %lld ms", clock.elapsed());
    QVERIFY2(sale.run.exitCode == 0, qPrintable(sale.run.describe()));
    QVERIFY(sale.paid);
    QCOMPARE(sale.order.value(QLatin1String("state")).toString(), QStringLiteral("Paid"));
    QCOMPARE(sale.order.value(QLatin1String("transaction_id")).toString(),
             sale.remote.value(QLatin1String("transaction_id")).toString());
    QVERIFY(!sale.run.err.contains(m_apiV3Key) && !sale.run.out.contains(m_apiV3Key));
}

// Keys imported into secrets.bin (no keychain answered then) are not in the
// keychain that answers now: the error says where they may be.
void TestKeychain::cliPointsAtASecretsFileLeftBehind()
{
    requireService();
    QJsonObject json = QJsonDocument::fromJson(readAll(m_config)).object();
    const QString profileName = json.value(QLatin1String("default_profile")).toString();
    QJsonObject profiles = json.value(QLatin1String("profiles")).toObject();
    QJsonObject profile = profiles.value(profileName).toObject();
    profile.insert(QStringLiteral("apiv3_key_secret"), QStringLiteral("apiv3-key/not-in-the-keychain"));
    profiles.insert(profileName, profile);
    json.insert(QStringLiteral("profiles"), profiles);
    m_configOverride = m_dir.filePath(QStringLiteral("other.json"));
    QFile other(m_configOverride);
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write(QJsonDocument(json).toJson());
    other.close();
    const auto restore = qScopeGuard([this] {
        m_configOverride.clear();
        QFile::remove(m_secretsFile);
    });

    CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") }, QString());
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QString detail = run.check(QStringLiteral("secret_store")).value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(QLatin1String("apiv3-key/not-in-the-keychain")), qPrintable(run.describe()));
    QVERIFY2(!detail.contains(QLatin1String("secrets file")), qPrintable(run.describe()));

    QVERIFY(QDir().mkpath(QFileInfo(m_secretsFile).absolutePath()));
    QFile vault(m_secretsFile);
    QVERIFY(vault.open(QIODevice::WriteOnly));
    vault.write("PDSECRET"); // only its existence matters: the keychain is in use
    vault.close();
    // Left to choose, PayDesk keeps using the file the secrets were put in
    // (here: it asks for its passphrase), although a keychain answers.
    run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") }, QString());
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    detail = run.check(QStringLiteral("secret_store")).value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(m_secretsFile) && detail.contains(QLatin1String("passphrase")), qPrintable(run.describe()));
    // Told to use the keychain, it says where the secrets may be instead.
    run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") },
              QStringLiteral("keychain"));
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    detail = run.check(QStringLiteral("secret_store")).value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(m_secretsFile) && detail.contains(QLatin1String("PAYDESK_SECRET_STORE=file")),
             qPrintable(run.describe()));
}

// A locked keyring (a screen lock, a session logged in without the keyring
// password) cannot be unlocked here: the bus has no prompter. Every call must
// answer at once with an error that says "locked", never hang and never claim
// the secret is missing.
void TestKeychain::lockedKeyringIsAClearError()
{
    requireService();
    const QString name = SecretStore::receiptKeyName(Store);
    {
        KeychainSecretStore writer(m_service);
        QVERIFY(write(writer, name, "kept while locked").ok());
    }
    const QString lockProblem = m_keyring.lock();
    QVERIFY2(lockProblem.isEmpty(), qPrintable(lockProblem));
    QCOMPARE(m_keyring.countQtKeychainItems(m_service, name), qMakePair(0, 1));

    KeychainSecretStore store(m_service);
    auto got = read(store, name);
    QVERIFY2(got.slot->has_value(), "reading from a locked keyring hung");
    QVERIFY(!got->ok());
    QVERIFY2(got->error().code == QLatin1String("keychain_locked"), qPrintable(describe(*got)));
    QVERIFY2(got->error().message.contains(QLatin1String("locked")), qPrintable(got->error().message));
    QVERIFY2(got->error().message.contains(name), qPrintable(got->error().message));
    qInfo("read from the locked keyring answered in %lld ms: %s", got.ms, qPrintable(describe(*got)));

    auto loaded = preload(store, { name });
    QVERIFY2(loaded.slot->has_value(), "preload from a locked keyring hung");
    QCOMPARE(codeOf(*loaded), QStringLiteral("keychain_locked"));

    auto written = write(store, SecretStore::apiV3KeyName(Mchid), "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
    QVERIFY2(written.slot->has_value(), "writing to a locked keyring hung");
    QVERIFY(!written->ok());
    QVERIFY2(written->error().code == QLatin1String("keychain_locked"), qPrintable(describe(*written)));
    QVERIFY2(written->error().message.contains(QLatin1String("locked")), qPrintable(written->error().message));

    // Removing must not report done while the secret is still there.
    auto removed = remove(store, name);
    QVERIFY2(removed.slot->has_value(), "removing from a locked keyring hung");
    QVERIFY2(!removed->ok(), "remove said done, but the locked item is still in the keyring");
    QCOMPARE(codeOf(*removed), QStringLiteral("keychain_locked"));
    QCOMPARE(m_keyring.countQtKeychainItems(m_service, name), qMakePair(0, 1));

    // paydesk-cli says the same, with exit 5, at once.
    QElapsedTimer clock;
    clock.start();
    CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") },
                     QStringLiteral("keychain"), 30000);
    qInfo("config check against the locked keyring: %lld ms", clock.elapsed());
    QVERIFY2(!run.killed, "paydesk-cli hung on a locked keyring");
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    const QString detail = run.check(QStringLiteral("secret_store")).value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(QLatin1String("locked")), qPrintable(run.describe()));
    QVERIFY2(!detail.contains(QLatin1String("secrets import")), qPrintable(run.describe()));
    run = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QStringLiteral("100") },
              QStringLiteral("keychain"), 30000);
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("keychain_locked"));
    QVERIFY(run.event(QStringLiteral("stored")).isEmpty()); // nothing was started

    // Unlocked again (as a login would), everything is back.
    const QString unlockProblem = m_keyring.unlock();
    QVERIFY2(unlockProblem.isEmpty(), qPrintable(unlockProblem));
    got = read(store, name);
    QVERIFY2(got.slot->has_value() && got->ok(), "reading after the unlock failed");
    QCOMPARE(got->value(), QByteArray("kept while locked"));
    QVERIFY(remove(store, name).ok());
    run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
}

// The desktop session ended under a running terminal: the bus and the keyring
// are gone. Keychain refuses at once; Auto falls back to the file (which has
// no passphrase here, so the CLI stops with exit 5, saying so).
void TestKeychain::withTheBusGoneTheKeychainIsUnavailable()
{
    requireService();
    m_keyring.stop();
    QVERIFY(!m_keyring.isRunning());
    // This process had the keychain open: it now answers without the bus,
    // at once, and the locator falls back to the file, saying why.
    QTest::qWait(200); // let GLib see the bus close
    KeychainSecretStore store(m_service);
    auto got = read(store, SecretStore::apiV3KeyName(Mchid));
    QVERIFY2(got.slot->has_value(), "a read with the bus gone hung");
    QVERIFY(!got->ok());
    QVERIFY2(got->error().code.startsWith(QLatin1String("keychain_")), qPrintable(describe(*got)));
    qInfo("read with the bus gone answered in %lld ms: %s", got.ms, qPrintable(describe(*got)));
    const QString file = m_dir.filePath(QStringLiteral("fallback/secrets.bin"));
    auto automatic = choose(SecretStoreLocator::Preference::Auto, file);
    QVERIFY2(automatic.slot->has_value(), "the locator did not answer");
    QVERIFY2(automatic->ok(), qPrintable(describe(*automatic)));
    QCOMPARE(automatic->value().kind, SecretStore::Kind::EncryptedFile);
    QVERIFY2(automatic->value().reason.startsWith(QLatin1String("the OS keychain did not answer")),
             qPrintable(automatic->value().reason));
    QVERIFY2(automatic->value().warning.contains(file), qPrintable(automatic->value().warning));
    auto required = choose(SecretStoreLocator::Preference::Keychain, file);
    QVERIFY(required.slot->has_value());
    QCOMPARE(codeOf(*required), QStringLiteral("keychain_unavailable"));
    qInfo("locator with the bus gone: file store in %lld ms (%s)", automatic.ms, qPrintable(automatic->value().reason));

    QElapsedTimer clock;
    clock.start();
    CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") },
                     QStringLiteral("keychain"), 30000);
    qInfo("config check with the bus gone (keychain): %lld ms", clock.elapsed());
    QVERIFY2(!run.killed, "paydesk-cli hung without a bus");
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QString detail = run.check(QStringLiteral("secret_store")).value(QLatin1String("detail")).toString();
    QVERIFY2(detail.startsWith(QLatin1String("PAYDESK_SECRET_STORE=keychain, but the OS keychain did not answer")),
             qPrintable(run.describe()));

    clock.restart();
    run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") }, QString(), 30000);
    qInfo("config check with the bus gone (auto): %lld ms", clock.elapsed());
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("no OS keychain: secrets are kept in an encrypted file"), qPrintable(run.describe()));
    detail = run.check(QStringLiteral("secret_store")).value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(QLatin1String("PAYDESK_SECRET_PASSPHRASE")), qPrintable(run.describe()));
}

void TestKeychain::noProcessIsLeft()
{
    m_keyring.stop();
    QStringList left;
    QElapsedTimer clock;
    clock.start();
    do {
        left = m_keyring.processesLeft();
        if (left.isEmpty())
            break;
        QTest::qWait(50);
    } while (clock.elapsed() < 5000);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char('\n'))));
    // The two daemons themselves, by pid, as pgrep sees them.
    for (const QString &name : { QStringLiteral("gnome-keyring-d"), QStringLiteral("dbus-daemon") }) {
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), { QStringLiteral("-x"), name });
        if (!pgrep.waitForFinished(5000))
            QSKIP("pgrep is not available");
        for (const QByteArray &pid : pgrep.readAllStandardOutput().split('\n')) {
            QVERIFY2(pid.isEmpty() || (pid.toLongLong() != m_keyringPid && pid.toLongLong() != m_busPid),
                     qPrintable(name + QStringLiteral(" %1 is still running").arg(QString::fromLatin1(pid))));
        }
    }
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
