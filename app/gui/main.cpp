// SPDX-License-Identifier: MIT
// paydesk: the cashier application. Only wiring: settings and language, the
// first-run wizard, training mode or the merchant's profile, the terminal
// (core) and the main window (ui).
#include "config/pinvault.h"
#include "config/profilestore.h"
#include "logging/logsink.h"
#include "payments/paymentterminal.h"
#include "settings/appsettings.h"
#include "settings/firstrunwizard.h"
#include "settings/secretmover.h"
#include "shell/mainwindow.h"
#include "shell/trainingenvironment.h"
#include "shell/translations.h"
#include "signalwatcher.h"

#include "store/database.h"
#include "sync/hqlink.h"
#include "sync/syncservice.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QTimer>
#include <cstdio>
#include <memory>


using namespace paydesk;
using namespace paydesk::ui;

namespace {

int fail(const QString &title, const QString &message)
{
    std::fprintf(stderr, "paydesk: %s: %s\n", qPrintable(title), qPrintable(message));
    if (qEnvironmentVariable("QT_QPA_PLATFORM") != QLatin1String("offscreen"))
        QMessageBox::critical(nullptr, title, message);
    return 1;
}

// Resident memory in KiB (Linux); 0 where /proc is not there.
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// The merchant keys (and the receipt key) of a profile that keeps them in the
// secret store (see docs/secrets.md). This runs before the main window exists,
// so waiting here with a local event loop blocks no cashier; the slow parts
// (the keychain's D-Bus calls, the file's key derivation) still run off this
// thread or asynchronously, so the passphrase dialog stays served.
Result<MerchantCredentials> credentialsFromSecretStore(const MerchantProfile &profile, const QString &profilePath,
                                                       QStringList *warnings, ReceiptKey *receiptKey)
{
    QString warning;
    auto opened = SecretMover::openStore(profilePath, profile.secretNames(), nullptr, &warning);
    if (!opened)
        return opened.error();
    if (!warning.isEmpty())
        warnings->append(warning);
    const std::unique_ptr<SecretStore> store = std::move(opened).value();
    if (!profile.receiptKeySecret.isEmpty()) {
        auto key = ReceiptKey::fromSecretStore(store.get(), profile.receiptKeySecret);
        if (!key)
            return key.error();
        *receiptKey = *key;
    }
    return profile.loadCredentials(store.get(), warnings);
}

// The till's HQ credential, when the store is enrolled in a PayDesk HQ
// (docs/hq.md). Like the merchant keys it lives in the secret store.
Result<QByteArray> hqToken(const HqLink &link, const QString &profilePath)
{
    QString warning;
    auto opened = SecretMover::openStore(profilePath, { link.tokenSecret }, nullptr, &warning);
    if (!opened)
        return opened.error();
    if (!warning.isEmpty())
        std::fprintf(stderr, "paydesk: %s\n", qPrintable(warning));
    return (*opened)->read(link.tokenSecret);
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PayDesk"));
    QApplication::setApplicationName(QStringLiteral("paydesk"));
    QApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PayDesk: a cashier for stores that take WeChat Pay."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption trainingOption(
        QStringLiteral("training"), QStringLiteral("Training mode: an embedded sandbox plays WeChat Pay; no money moves."));
    const QCommandLineOption trainingDirOption(
        QStringLiteral("training-dir"),
        QStringLiteral("Training merchant and database folder (default: $PAYDESK_TRAINING_DIR or %1).")
            .arg(TrainingEnvironment::defaultFolder()),
        QStringLiteral("DIR"));
    const QCommandLineOption languageOption(QStringLiteral("language"),
                                            QStringLiteral("Interface language: zh_CN (default) or en."),
                                            QStringLiteral("LANG"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"),
                                            QStringLiteral("Settings file (default: the system's place)."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption startupOption(
        QStringLiteral("measure-startup"),
        QStringLiteral("Print the time to a usable window and the idle memory as JSON, then quit."));
    parser.addOptions({ trainingOption, trainingDirOption, languageOption, settingsOption, startupOption });
    parser.process(app);

    AppSettings settings(parser.value(settingsOption));
    // Rotating, redacted log files where support finds them; how much is
    // written is a setting (log/level: warning, info, debug).
    LogSink::Options logOptions;
    logOptions.folder = AppSettings::logFolder();
    logOptions.rules = settings.logRules();
    LogSink::install(logOptions);
    const QString language = parser.isSet(languageOption) ? parser.value(languageOption) : settings.language();
    if (!Translations::install(language))
        Translations::install(Translations::defaultLanguage());

    // --training opens straight into training mode (README's first command);
    // otherwise the first start asks (FirstRunWizard) and later ones remember.
    bool training = parser.isSet(trainingOption) || parser.isSet(trainingDirOption);
    QString managerPin;
    QString cashierPin;
    if (!training && !settings.firstRunDone()) {
        FirstRunWizard wizard(&settings);
        if (wizard.exec() != QDialog::Accepted)
            return 0;
        training = wizard.training();
        managerPin = wizard.managerPin();
        cashierPin = wizard.cashierPin();
    } else if (!training) {
        training = settings.mode() == AppSettings::Mode::Training;
    }

    std::unique_ptr<TrainingEnvironment> trainingEnvironment;
    MerchantProfile profile;
    MerchantCredentials credentials;
    PaymentTerminal::Options options;
    options.expirySeconds = settings.expirySeconds();
    QString profilePath;
    if (training) {
        const QString folder =
            parser.isSet(trainingDirOption) ? parser.value(trainingDirOption) : TrainingEnvironment::defaultFolder();
        auto started = TrainingEnvironment::start(folder);
        if (!started)
            return fail(QObject::tr("Training mode could not start"), started.error().message);
        trainingEnvironment = std::move(started).value();
        profile = trainingEnvironment->profile();
        credentials = trainingEnvironment->credentials();
        options.databasePath = trainingEnvironment->databasePath();
        options.baseUrl = trainingEnvironment->baseUrl();
        profilePath = QDir(folder).filePath(QStringLiteral("paydesk.json"));
    } else {
        profilePath = settings.profilePath().isEmpty() ? ProfileStore::defaultPath() : settings.profilePath();
        auto store = ProfileStore::load(profilePath);
        if (!store)
            return fail(QObject::tr("The merchant profile could not be read"), store.error().message);
        auto loaded = store->profile();
        if (!loaded)
            return fail(QObject::tr("The merchant profile could not be read"), loaded.error().message);
        profile = *loaded;
        QStringList warnings;
        auto loadedCredentials = profile.usesSecretStore()
            ? credentialsFromSecretStore(profile, profilePath, &warnings, &options.receiptKey)
            : profile.loadCredentials();
        if (!loadedCredentials)
            return fail(QObject::tr("The merchant keys could not be loaded"), loadedCredentials.error().message);
        for (const QString &warning : std::as_const(warnings))
            std::fprintf(stderr, "paydesk: %s\n", qPrintable(warning));
        credentials = *loadedCredentials;
        options.databasePath = PaymentTerminal::defaultDatabasePath(profile);
        options.backupFolder = settings.backupFolder();
        options.backupKeep = settings.backupKeep();
    }

    auto terminal = PaymentTerminal::open(profile, credentials, options);
    if (!terminal)
        return fail(QObject::tr("The store database could not be opened"), terminal.error().message);

    PinVault pins((*terminal)->database(), (*terminal)->audit());
    if (!managerPin.isEmpty())
        (void)pins.setPin(QStringLiteral("manager"), managerPin);
    if (!cashierPin.isEmpty())
        (void)pins.setPin(QStringLiteral("cashier"), cashierPin);
    if (training && !pins.hasPin(QStringLiteral("manager")))
        (void)pins.setPin(QStringLiteral("manager"), QStringLiteral("0000")); // shown on the training banner

    // Enrolled in an HQ: the sync worker ships the outbox from its own thread.
    std::unique_ptr<SyncService> sync;
    if (auto link = HqLink::load((*terminal)->database()); link && *link) {
        auto token = hqToken(**link, profilePath);
        if (token) {
            sync = std::make_unique<SyncService>((*terminal)->database()->path(), **link, *token);
            sync->start();
        } else {
            std::fprintf(stderr, "paydesk: PayDesk HQ: this till's credential cannot be read (%s); changes wait in "
                                 "the outbox until it can\n",
                         qPrintable(token.error().message));
        }
    }

    MainWindow::Context context;
    context.sync = sync.get();
    context.terminal = terminal->get();
    context.settings = &settings;
    context.pins = &pins;
    context.training = trainingEnvironment.get();
    context.profilePath = profilePath;
    MainWindow window(context);
    window.showForCounter();
    (*terminal)->startBackgroundWork();
    if (settings.listenerEnabled()) {
        QHostAddress address;
        if (!address.setAddress(settings.listenerAddress()))
            address = QHostAddress(QHostAddress::LocalHost);
        if (auto listening = (*terminal)->startListener(address, quint16(settings.listenerPort())); !listening)
            std::fprintf(stderr, "paydesk: notification listener: %s\n", qPrintable(listening.error().message));
    }

    if (parser.isSet(startupOption)) {
        // Usable = the window is shown and the event loop is idle: one line at
        // once (a caller timing the whole process reads it), then the resident
        // memory after two idle seconds.
        QTimer::singleShot(0, &app, [&] {
            std::printf("{\"startup_ms\":%lld}\n", static_cast<long long>(sinceStart.elapsed()));
            std::fflush(stdout);
            QTimer::singleShot(2000, &app, [&] {
                std::printf("{\"idle_rss_kib\":%lld}\n", static_cast<long long>(residentKiB()));
                std::fflush(stdout);
                app.quit();
            });
        });
    }
    // SIGTERM (the terminal shutting down, a service manager) and SIGINT end
    // PayDesk cleanly: the store closes and its lock goes. Even with a sale on
    // screen: that order is stored, and recovery settles it at the next start.
    // exit(), not quit(): quit() asks the windows first, and the main window
    // refuses while a sale is on screen.
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminated, &app, [](int number) {
        std::fprintf(stderr, "paydesk: stopped by signal %d\n", number);
        QCoreApplication::exit(0);
    });
    return app.exec();
}
