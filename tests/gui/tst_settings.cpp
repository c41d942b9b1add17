// SPDX-License-Identifier: MIT
// The manager's side of set-up, driven as a person would: the PIN prompt
// (keyboard and keypad, wrong PINs, the lockout), the settings dialog
// checking imported keys and talking to a real in-process sandbox, and both
// paths through the first-run wizard, and setting up an ESC/POS receipt
// printer (a fake one on loopback) with "Test print".
//
// With PAYDESK_SCREENSHOTS=<folder> set, each dialog is saved there as PNG.

#include "fakeescposprinter.h"
#include "screenshot.h"
#include "shell/receiptdesk.h"
#include "config/pinvault.h"
#include "config/filesecretstore.h"
#include "config/profilestore.h"
#include "clock.h"
#include "payments/paymentterminal.h"
#include "receipt/receiptkey.h"
#include "sandboxserver.h"
#include "settings/appsettings.h"
#include "settings/firstrunwizard.h"
#include "settings/merchantprofileform.h"
#include "settings/pindialog.h"
#include "settings/settingsdialog.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "testfixtures.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::ui;

using paydesk::testing::screenshot;

namespace {

const QString Mchid = QStringLiteral("1900000109");
const QString Appid = QStringLiteral("wxd678efh567hg6787");

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(content), content.size());
}

struct Vault
{
    QTemporaryDir dir;
    std::unique_ptr<Database> db = std::move(Database::open(dir.filePath(QStringLiteral("paydesk.sqlite"))).value());
    AuditLog audit{db.get()};
    ManualClock clock{QDateTime(QDate(2026, 5, 20), QTime(9, 0), Qt::UTC)};
    PinVault vault{db.get(), &audit, &clock};
};

// Merchant files as the merchant platform hands them out, somewhere outside
// the profile folder (a USB stick).
struct MerchantFiles
{
    testing::TestWorld world;
    QTemporaryDir usb;
    QString key, wrongKey, certificate, apiV3Key, shortApiV3Key;

    MerchantFiles()
    {
        key = usb.filePath(QStringLiteral("apiclient_key.pem"));
        wrongKey = usb.filePath(QStringLiteral("other_key.pem"));
        certificate = usb.filePath(QStringLiteral("apiclient_cert.pem"));
        apiV3Key = usb.filePath(QStringLiteral("apiv3.key"));
        shortApiV3Key = usb.filePath(QStringLiteral("apiv3-short.key"));
        writeFile(key, world.merchant.key.toPem());
        writeFile(wrongKey, world.platform.key.toPem());
        writeFile(certificate, world.merchant.certificate.toPem());
        writeFile(apiV3Key, world.apiV3Key + "\n");
        writeFile(shortApiV3Key, world.apiV3Key.left(31) + "\n");
    }
};

template<typename T = QLineEdit>
T *child(QWidget *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qFatal("no child %s", qPrintable(name));
    return found;
}

void fillForm(MerchantProfileForm *form, const MerchantFiles &files, const QString &key, const QString &apiV3Key,
              const QString &baseUrl = {})
{
    child(form, QStringLiteral("mchid"))->setText(Mchid);
    child(form, QStringLiteral("appid"))->setText(Appid);
    child(form, QStringLiteral("baseUrl"))->setText(baseUrl);
    child(form, QStringLiteral("merchantKeyFile"))->setText(key);
    child(form, QStringLiteral("merchantCertFile"))->setText(files.certificate);
    child(form, QStringLiteral("apiV3KeyFile"))->setText(apiV3Key);
    child(form, QStringLiteral("notifyUrl"))->setText(QStringLiteral("https://pay.example.com/paydesk/notify"));
    child(form, QStringLiteral("terminalId"))->setText(QStringLiteral("T01"));
}

// The in-process WeChat Pay sandbox, knowing the merchant of `files`.
bool startSandboxFor(sandbox::SandboxServer &server, const MerchantFiles &files)
{
    if (!server.start().ok())
        return false;
    sandbox::MerchantRegistration m;
    m.mchid = Mchid;
    m.appid = Appid;
    m.name = QStringLiteral("Test Store");
    m.apiV3Key = files.world.apiV3Key;
    m.certificate = files.world.merchant.certificate;
    return server.registerMerchant(m).ok();
}

bool statusOk(QWidget *form, const QString &name)
{
    return child<QLabel>(form, name)->property("ok").toBool();
}

QString statusText(QWidget *form, const QString &name)
{
    return child<QLabel>(form, name)->text();
}

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Settings moves the receipt key from beside the real database path:
        // never the developer's own.
        QStandardPaths::setTestModeEnabled(true);
    }

    void logLevelFromSettings()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("log.ini")));
        QCOMPARE(settings.logLevel(), QStringLiteral("info"));
        QVERIFY(settings.logRules().contains(QLatin1String("paydesk.*.debug=false")));
        settings.setLogLevel(QStringLiteral("debug"));
        settings.setLogLevel(QStringLiteral("everything")); // ignored
        QCOMPARE(AppSettings(dir.filePath(QStringLiteral("log.ini"))).logLevel(), QStringLiteral("debug"));
        QCOMPARE(settings.logRules(), QStringLiteral("paydesk.*.debug=true"));
    }

    void logLevelIsChosenInSettings()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("log.ini")));
        SettingsDialog dialog(&settings, dir.filePath(QStringLiteral("paydesk.json")));
        auto *level = child<QComboBox>(&dialog, QStringLiteral("logLevel"));
        QCOMPARE(level->currentData().toString(), QStringLiteral("info"));
        level->setCurrentIndex(level->findData(QStringLiteral("debug")));
        QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
        QCOMPARE(settings.logLevel(), QStringLiteral("debug"));
        // Applied at once, without a restart.
        QLoggingCategory category("paydesk.test");
        QVERIFY(category.isDebugEnabled());
        level->setCurrentIndex(level->findData(QStringLiteral("warning")));
        QVERIFY(dialog.save());
        QVERIFY(!QLoggingCategory("paydesk.test").isInfoEnabled());
        QLoggingCategory::setFilterRules(QString());
    }

    void appSettingsRoundTrip()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("paydesk.ini"));
        {
            AppSettings s(file);
            QCOMPARE(s.language(), QStringLiteral("zh_CN"));
            QCOMPARE(s.expirySeconds(), 300);
            QCOMPARE(s.backupKeep(), 14);
            QCOMPARE(s.mode(), AppSettings::Mode::Training);
            QVERIFY(!s.firstRunDone());
            QVERIFY(!s.listenerEnabled());
            QVERIFY(s.customerScreen().isEmpty());
            QVERIFY(s.receiptPrinter().isEmpty());

            QSignalSpy changed(&s, &AppSettings::changed);
            s.setLanguage(QStringLiteral("en"));
            s.setCustomerScreen(QStringLiteral("HDMI-2"));
            s.setReceiptPrinter(QStringLiteral("EPSON_TM_T82"));
            s.setExpirySeconds(600);
            s.setListenerEnabled(true);
            s.setListenerAddress(QStringLiteral("127.0.0.1"));
            s.setListenerPort(28391);
            s.setBackupFolder(dir.filePath(QStringLiteral("backups")));
            s.setBackupKeep(30);
            s.setMode(AppSettings::Mode::Merchant);
            s.setProfilePath(dir.filePath(QStringLiteral("paydesk.json")));
            s.setFirstRunDone(true);
            s.setStoreName(QStringLiteral("  Harbour Noodles "));
            QCOMPARE(changed.count(), 13);
            s.setLanguage(QStringLiteral("en")); // unchanged: no signal
            QCOMPARE(changed.count(), 13);
        }
        AppSettings s(file);
        QCOMPARE(s.language(), QStringLiteral("en"));
        QCOMPARE(s.customerScreen(), QStringLiteral("HDMI-2"));
        QCOMPARE(s.receiptPrinter(), QStringLiteral("EPSON_TM_T82"));
        QCOMPARE(s.expirySeconds(), 600);
        QVERIFY(s.listenerEnabled());
        QCOMPARE(s.listenerAddress(), QStringLiteral("127.0.0.1"));
        QCOMPARE(s.listenerPort(), quint16(28391));
        QCOMPARE(s.backupFolder(), dir.filePath(QStringLiteral("backups")));
        QCOMPARE(s.backupKeep(), 30);
        QCOMPARE(s.mode(), AppSettings::Mode::Merchant);
        QCOMPARE(s.profilePath(), dir.filePath(QStringLiteral("paydesk.json")));
        QVERIFY(s.firstRunDone());
        QCOMPARE(s.storeName(), QStringLiteral("Harbour Noodles"));

        // Values PayDesk cannot use are clamped or ignored.
        s.setExpirySeconds(5);
        QCOMPARE(s.expirySeconds(), 60);
        s.setExpirySeconds(100000);
        QCOMPARE(s.expirySeconds(), 7200);
        s.setLanguage(QStringLiteral("fr"));
        QCOMPARE(s.language(), QStringLiteral("en"));
        s.setListenerAddress(QStringLiteral("not an address"));
        QCOMPARE(s.listenerAddress(), QStringLiteral("127.0.0.1"));
        s.setBackupKeep(0);
        QCOMPARE(s.backupKeep(), 1);
    }

    // Settings > Devices: an ESC/POS printer on the network is typed in, and
    // "Test print" sends it a slip without the dialog waiting on the socket.
    // Which printer names are ESC/POS targets: a system printer whose name
    // starts with "COM" is still a system printer.
    void escPosTargetsAreTold_data()
    {
        QTest::addColumn<QString>("printer");
        QTest::addColumn<bool>("escpos");
        QTest::newRow("network") << QStringLiteral("tcp://192.168.1.50:9100") << true;
        QTest::newRow("usb") << QStringLiteral("/dev/usb/lp0") << true;
        QTest::newRow("serial") << QStringLiteral("COM3") << true;
        QTest::newRow("serial, lower case") << QStringLiteral("com12") << true;
        QTest::newRow("system: Compact") << QStringLiteral("Compact Thermal 80") << false;
        QTest::newRow("system: COMMERCIAL") << QStringLiteral("COMMERCIAL-HP") << false;
        QTest::newRow("system: HP") << QStringLiteral("HP LaserJet") << false;
    }

    void escPosTargetsAreTold()
    {
        QFETCH(QString, printer);
        QFETCH(bool, escpos);
        QCOMPARE(ReceiptDesk::isEscPosTarget(printer), escpos);
    }

    void testPrintGoesToAnEscPosPrinter()
    {
        testing::FakeEscPosPrinter printer;
        QVERIFY(printer.isListening());

        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("paydesk.ini")));
        SettingsDialog dialog(&settings, dir.filePath(QStringLiteral("paydesk.json")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QTabWidget>(&dialog, QStringLiteral("tabs"))->setCurrentIndex(2);
        auto *printers = child<QComboBox>(&dialog, QStringLiteral("receiptPrinter"));
        auto *target = child(&dialog, QStringLiteral("escPosTarget"));
        auto *testPrint = child<QPushButton>(&dialog, QStringLiteral("testPrint"));
        QVERIFY(!target->isVisible());
        printers->setCurrentIndex(printers->count() - 1); // "ESC/POS thermal printer..."
        QVERIFY(target->isVisible());
        QVERIFY(testPrint->isVisible());
        target->setFocus();
        QTest::keyClicks(target, printer.target());
        child<QComboBox>(&dialog, QStringLiteral("paperWidth"))->setCurrentIndex(1); // 58 mm
        QTest::mouseClick(testPrint, Qt::LeftButton);
        // Sending, not sent: the click returned before the printer took anything.
        QVERIFY(!testPrint->isEnabled());
        auto *status = child<QLabel>(&dialog, QStringLiteral("printerStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(testPrint->isEnabled(), 10000);
        QVERIFY2(status->property("ok").toBool(), qPrintable(status->text()));
        QTRY_COMPARE(printer.closed, 1);
        QVERIFY2(printer.received().startsWith("\x1b\x40"), printer.received().left(16).toHex().constData()); // ESC @
        QVERIFY(printer.received().contains(QByteArray(32, '-'))); // 58 mm: 32 characters a line
        QVERIFY(!printer.received().contains(QByteArray(33, '-')));
        screenshot(&dialog, QStringLiteral("settings-test-print"));

        // Nobody listening: said in the dialog, which stays usable.
        const quint16 port = printer.port();
        printer.close();
        QTest::mouseClick(testPrint, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(testPrint->isEnabled(), 10000);
        QVERIFY(!status->property("ok").toBool());
        QVERIFY2(status->text().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(status->text()));

        QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
        QCOMPARE(settings.receiptPrinter(), QStringLiteral("tcp://127.0.0.1:%1").arg(port));
        QCOMPARE(settings.paperMillimetres(), 58);
    }

    void invalidEscPosTargetIsNotSaved()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("paydesk.ini")));
        settings.setReceiptPrinter(QStringLiteral("tcp://127.0.0.1:9100"));
        SettingsDialog dialog(&settings, dir.filePath(QStringLiteral("paydesk.json")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *printers = child<QComboBox>(&dialog, QStringLiteral("receiptPrinter"));
        auto *target = child(&dialog, QStringLiteral("escPosTarget"));
        auto *status = child<QLabel>(&dialog, QStringLiteral("printerStatus"));
        // The stored ESC/POS printer is shown as it is kept.
        QCOMPARE(printers->currentIndex(), printers->count() - 1);
        QCOMPARE(target->text(), QStringLiteral("tcp://127.0.0.1:9100"));

        for (const QString &bad : {QStringLiteral("tcp://"), QStringLiteral("printer at the counter"), QString()}) {
            target->setText(bad);
            QVERIFY(!dialog.save());
            QCOMPARE(child<QTabWidget>(&dialog, QStringLiteral("tabs"))->currentIndex(), 2);
            QVERIFY(status->isVisible());
            QVERIFY(!status->property("ok").toBool());
            QVERIFY2(status->text().contains(QLatin1String("/dev/usb/lp0")), qPrintable(status->text()));
            QVERIFY(!dialog.statusText().isEmpty());
            QCOMPARE(AppSettings(settings.fileName()).receiptPrinter(), QStringLiteral("tcp://127.0.0.1:9100"));
        }
        // Test print says the same, and sends nothing.
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testPrint")), Qt::LeftButton);
        QVERIFY(!status->property("ok").toBool());
        screenshot(&dialog, QStringLiteral("settings-bad-printer"));

        // A bare address is a network printer on port 9100; a device is kept as typed.
        target->setText(QStringLiteral("127.0.0.1"));
        QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
        QCOMPARE(settings.receiptPrinter(), QStringLiteral("tcp://127.0.0.1:9100"));
        target->setText(QStringLiteral(" /dev/usb/lp0 "));
        QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
        QCOMPARE(settings.receiptPrinter(), QStringLiteral("/dev/usb/lp0"));
    }

    void printerOptionsAreSavedAndReloaded()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("paydesk.ini"));
        {
            AppSettings settings(file);
            QCOMPARE(settings.paperMillimetres(), 80);
            QCOMPARE(settings.receiptCopies(), 1);
            QVERIFY(!settings.autoPrint()); // no printer: nothing to print on
            settings.setReceiptPrinter(QStringLiteral("/dev/usb/lp0"));
            QVERIFY(settings.autoPrint()); // a printer, and nobody said otherwise
            QVERIFY(!settings.autoPrintChosen());
            settings.setReceiptCopies(7);
            QCOMPARE(settings.receiptCopies(), 3);
            settings.setPaperMillimetres(76); // ignored
            QCOMPARE(settings.paperMillimetres(), 80);
            settings.setReceiptPrinter(QString());
        }

        {
            AppSettings settings(file);
            SettingsDialog dialog(&settings, dir.filePath(QStringLiteral("paydesk.json")));
            auto *printers = child<QComboBox>(&dialog, QStringLiteral("receiptPrinter"));
            auto *autoPrint = child<QCheckBox>(&dialog, QStringLiteral("autoPrint"));
            QVERIFY(!autoPrint->isChecked());
            // Choosing a printer ticks "print automatically" until the manager decides.
            printers->setCurrentIndex(printers->count() - 1);
            child(&dialog, QStringLiteral("escPosTarget"))->setText(QStringLiteral("/dev/usb/lp0"));
            QVERIFY(autoPrint->isChecked());
            child<QComboBox>(&dialog, QStringLiteral("paperWidth"))->setCurrentIndex(1);
            child<QSpinBox>(&dialog, QStringLiteral("receiptCopies"))->setValue(2);
            QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
            QVERIFY(settings.autoPrint());
            QVERIFY(!settings.autoPrintChosen());
            autoPrint->setChecked(false);
            QVERIFY(dialog.save());
        }
        AppSettings settings(file);
        QCOMPARE(settings.receiptPrinter(), QStringLiteral("/dev/usb/lp0"));
        QCOMPARE(settings.paperMillimetres(), 58);
        QCOMPARE(settings.receiptCopies(), 2);
        QVERIFY(settings.autoPrintChosen());
        QVERIFY(!settings.autoPrint());
        SettingsDialog dialog(&settings, dir.filePath(QStringLiteral("paydesk.json")));
        QCOMPARE(child<QComboBox>(&dialog, QStringLiteral("paperWidth"))->currentData().toInt(), 58);
        QCOMPARE(child<QSpinBox>(&dialog, QStringLiteral("receiptCopies"))->value(), 2);
        QVERIFY(!child<QCheckBox>(&dialog, QStringLiteral("autoPrint"))->isChecked());
        // An explicit choice stays whatever the printer.
        auto *printers = child<QComboBox>(&dialog, QStringLiteral("receiptPrinter"));
        printers->setCurrentIndex(0);
        QVERIFY(dialog.save());
        QVERIFY(!settings.autoPrint());
        QVERIFY(settings.receiptPrinter().isEmpty());
    }

    void pinDialogAcceptsRightPin()
    {
        Vault v;
        QVERIFY(v.vault.setPin(PinVault::managerRole(), QStringLiteral("2468")).ok());
        PinDialog dialog(&v.vault, PinVault::managerRole(), QStringLiteral("Refund 12.34 yuan"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(child<QLabel>(&dialog, QStringLiteral("reason"))->text(), QStringLiteral("Refund 12.34 yuan"));
        auto *field = child(&dialog, QStringLiteral("pin"));
        QTest::keyClicks(field, QStringLiteral("2468"));
        QCOMPARE(field->text(), QStringLiteral("2468"));
        QCOMPARE(field->echoMode(), QLineEdit::Password);
        screenshot(&dialog, QStringLiteral("pindialog"));
        QTest::keyClick(field, Qt::Key_Return);
        // The hash runs on a worker thread (600,000 PBKDF2 rounds): the answer comes a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QVERIFY(!dialog.isVisible());
    }

    void pinDialogKeypad()
    {
        Vault v;
        QVERIFY(v.vault.setPin(PinVault::managerRole(), QStringLiteral("1357")).ok());
        PinDialog dialog(&v.vault, PinVault::managerRole(), QString());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        for (const char *name : {"digit1", "digit3", "digit9", "backspace", "digit5", "digit7"})
            QTest::mouseClick(child<QPushButton>(&dialog, QString::fromLatin1(name)), Qt::LeftButton);
        QCOMPARE(child(&dialog, QStringLiteral("pin"))->text(), QStringLiteral("1357"));
        QVERIFY(child<QPushButton>(&dialog, QStringLiteral("digit0"))->height() >= 48);
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("ok")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    }

    void pinDialogWrongPinAndEscape()
    {
        Vault v;
        QVERIFY(v.vault.setPin(PinVault::managerRole(), QStringLiteral("2468")).ok());
        PinDialog dialog(&v.vault, PinVault::managerRole(), QString());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *field = child(&dialog, QStringLiteral("pin"));
        QTest::keyClicks(field, QStringLiteral("1111"));
        QTest::keyClick(field, Qt::Key_Enter);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog.message().contains(QStringLiteral("Wrong PIN. 4 attempt")), qPrintable(dialog.message()), 10000);
        QVERIFY(dialog.isVisible());
        QVERIFY(field->text().isEmpty());
        screenshot(&dialog, QStringLiteral("pindialog-wrong"));
        QTest::keyClick(field, Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void pinDialogLockedOut()
    {
        Vault v;
        QVERIFY(v.vault.setPin(PinVault::managerRole(), QStringLiteral("2468")).ok());
        PinDialog dialog(&v.vault, PinVault::managerRole(), QString());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *field = child(&dialog, QStringLiteral("pin"));
        for (int i = 0; i < PinVault::MaxFailures; ++i) {
            QTest::keyClicks(field, QStringLiteral("0000"));
            QTest::keyClick(field, Qt::Key_Return);
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 10000);
        }
        QVERIFY2(dialog.message().contains(QStringLiteral("Locked for 5:00")), qPrintable(dialog.message()));
        QVERIFY(!field->isEnabled());
        QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("digit2"))->isEnabled());
        screenshot(&dialog, QStringLiteral("pindialog-locked"));

        // A new dialog (after closing this one) still shows the lock.
        v.clock.advance(61 * 1000);
        PinDialog again(&v.vault, PinVault::managerRole(), QString());
        QVERIFY2(again.message().contains(QStringLiteral("Locked for 3:59")), qPrintable(again.message()));

        // The countdown ends by itself and the keypad comes back.
        v.clock.advance(4 * 60 * 1000);
        QTRY_VERIFY_WITH_TIMEOUT(field->isEnabled(), 3000);
        QVERIFY(dialog.message().isEmpty());
        QTest::keyClicks(field, QStringLiteral("2468"));
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    }

    void authoriseWithoutPinPasses()
    {
        Vault v;
        QVERIFY(PinDialog::authorise(&v.vault, PinVault::cashierRole(), QString(), nullptr));
    }

    void settingsFlagsBadKeysThenSavesGoodOnes()
    {
        MerchantFiles files;
        QTemporaryDir terminal;
        const QString profilePath = terminal.filePath(QStringLiteral("config/paydesk.json"));
        AppSettings settings(terminal.filePath(QStringLiteral("paydesk.ini")));
        SettingsDialog dialog(&settings, profilePath);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        MerchantProfileForm *form = dialog.merchantForm();

        // The platform's key with the merchant's certificate, and a 31-character APIv3 key.
        fillForm(form, files, files.wrongKey, files.shortApiV3Key);
        QVERIFY(statusOk(form, QStringLiteral("keyStatus")));
        QVERIFY(statusOk(form, QStringLiteral("certificateStatus")));
        QVERIFY(!statusOk(form, QStringLiteral("matchStatus")));
        QVERIFY2(statusText(form, QStringLiteral("matchStatus")).contains(QStringLiteral("does not belong")),
                 qPrintable(statusText(form, QStringLiteral("matchStatus"))));
        QVERIFY(!statusOk(form, QStringLiteral("apiV3Status")));
        QVERIFY2(statusText(form, QStringLiteral("apiV3Status")).contains(QStringLiteral("31 characters")),
                 qPrintable(statusText(form, QStringLiteral("apiV3Status"))));
        QVERIFY(!form->isValid());
        screenshot(&dialog, QStringLiteral("settings-merchant-bad"));

        QVERIFY(!dialog.save());
        QVERIFY(dialog.statusText().contains(QStringLiteral("not saved")));
        QVERIFY(!QFile::exists(profilePath));
        QCOMPARE(settings.mode(), AppSettings::Mode::Training);

        // The right key and a full APIv3 key.
        child(form, QStringLiteral("merchantKeyFile"))->setText(files.key);
        child(form, QStringLiteral("apiV3KeyFile"))->setText(files.apiV3Key);
        QVERIFY(statusOk(form, QStringLiteral("matchStatus")));
        QVERIFY(statusOk(form, QStringLiteral("apiV3Status")));
        QVERIFY2(form->isValid(), qPrintable(form->problems().join(QLatin1Char('\n'))));
        screenshot(&dialog, QStringLiteral("settings-merchant-good"));

        child(&dialog, QStringLiteral("storeName"))->setText(QStringLiteral("Harbour Noodles"));
        auto *language = child<QComboBox>(&dialog, QStringLiteral("language"));
        language->setCurrentIndex(language->findData(QStringLiteral("en")));
        QSignalSpy languageSpy(&dialog, &SettingsDialog::languageChanged);
        QSignalSpy savedSpy(&dialog, &SettingsDialog::settingsSaved);
        QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
        QCOMPARE(savedSpy.count(), 1);
        QCOMPARE(languageSpy.count(), 1);
        QCOMPARE(languageSpy.first().first().toString(), QStringLiteral("en"));
        QCOMPARE(settings.language(), QStringLiteral("en"));
        QCOMPARE(settings.storeName(), QStringLiteral("Harbour Noodles"));
        QCOMPARE(settings.mode(), AppSettings::Mode::Merchant);

        // The profile names files copied beside it, and they load.
        auto store = ProfileStore::load(profilePath);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        auto saved = store->profile();
        QVERIFY(saved.ok());
        QCOMPARE(saved->mchid, Mchid);
        QCOMPARE(saved->merchantKeyFile, QStringLiteral("merchant/apiclient_key.pem"));
        QVERIFY(saved->loadCredentials().ok());
        // The copied private key is for PayDesk's user only.
        const QFileDevice::Permissions permissions = QFile::permissions(saved->resolvePath(saved->merchantKeyFile));
        QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
        QVERIFY(!(permissions & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
                                 | QFileDevice::WriteOther)));
    }

    void settingsMovesKeysIntoTheSecretStore()
    {
        MerchantFiles files;
        sandbox::SandboxServer server;
        QVERIFY(startSandboxFor(server, files));
        QTemporaryDir terminal;
        const QString profilePath = terminal.filePath(QStringLiteral("config/paydesk.json"));
        const QString secretsPath = terminal.filePath(QStringLiteral("vault/secrets.bin"));
        const QByteArray passphrase = "settings test passphrase";
        // The file store, whatever this machine has: a keychain of the test machine stays untouched.
        qputenv("PAYDESK_SECRET_STORE", "file");
        qputenv("PAYDESK_SECRETS_FILE", secretsPath.toUtf8());
        qputenv("PAYDESK_SECRET_PASSPHRASE", passphrase);
        struct Unset
        {
            ~Unset()
            {
                qunsetenv("PAYDESK_SECRET_STORE");
                qunsetenv("PAYDESK_SECRETS_FILE");
                qunsetenv("PAYDESK_SECRET_PASSPHRASE");
            }
        } unset;

        AppSettings settings(terminal.filePath(QStringLiteral("paydesk.ini")));
        MerchantProfile real;
        real.mchid = Mchid;
        const QString receiptFolder = ReceiptKey::folderBeside(PaymentTerminal::defaultDatabasePath(real));
        QDir(receiptFolder).removeRecursively();
        // Receipts were signed before: that key must move, not a new one be made.
        auto oldReceiptKey = ReceiptKey::openOrCreate(receiptFolder, QStringLiteral("Harbour Noodles"));
        QVERIFY(oldReceiptKey);

        // First saved the old way: PayDesk's copies of the key files beside the profile.
        {
            SettingsDialog dialog(&settings, profilePath);
            MerchantProfileForm *form = dialog.merchantForm();
            fillForm(form, files, files.key, files.apiV3Key, server.baseUrl().toString());
            QVERIFY(!form->keepKeysInSecretStore());
            QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
        }
        const QString keyCopy = terminal.filePath(QStringLiteral("config/merchant/apiclient_key.pem"));
        const QString apiV3Copy = terminal.filePath(QStringLiteral("config/merchant/apiv3.key"));
        QVERIFY(QFile::exists(keyCopy) && QFile::exists(apiV3Copy));

        // Then the box is ticked: the keys and the receipt key go into the store.
        {
            SettingsDialog dialog(&settings, profilePath);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            auto *keep = child<QCheckBox>(&dialog, QStringLiteral("keepKeysInSecretStore"));
            QVERIFY(keep->isVisible());
            keep->setChecked(true);
            QSignalSpy moved(&dialog, &SettingsDialog::receiptKeyMoved);
            QVERIFY2(dialog.save(), qPrintable(dialog.statusText()));
            QVERIFY2(dialog.statusText().contains(secretsPath), qPrintable(dialog.statusText()));
            QCOMPARE(moved.count(), 1);
            QCOMPARE(moved.first().first().toString(), receiptFolder);
            screenshot(&dialog, QStringLiteral("settings-keys-in-store"));
        }
        // PayDesk's copies are gone, and so is the receipt-key folder.
        QVERIFY(!QFile::exists(keyCopy));
        QVERIFY(!QFile::exists(apiV3Copy));
        QVERIFY(!QFileInfo::exists(receiptFolder));
        // The installer's own files (the USB stick) are theirs.
        QVERIFY(QFile::exists(files.key));

        // The profile names secrets only, and they load from the encrypted file.
        auto store = ProfileStore::load(profilePath);
        QVERIFY(store.ok());
        auto saved = store->profile();
        QVERIFY(saved.ok());
        QVERIFY(saved->merchantKeyFile.isEmpty());
        QVERIFY(saved->apiV3KeyFile.isEmpty());
        QCOMPARE(saved->merchantKeySecret, QStringLiteral("merchant-key/") + Mchid);
        QCOMPARE(saved->apiV3KeySecret, QStringLiteral("apiv3-key/") + Mchid);
        QCOMPARE(saved->receiptKeySecret, QStringLiteral("receipt-key/") + Mchid);
        QVERIFY(!QFile::exists(terminal.filePath(QStringLiteral("config/merchant/apiclient_key.pem"))));
        auto secrets = FileSecretStore::open(secretsPath, passphrase);
        QVERIFY2(secrets, secrets ? "" : qPrintable(secrets.error().message));
        QStringList warnings;
        auto credentials = saved->loadCredentials(secrets->get(), &warnings);
        QVERIFY2(credentials, credentials ? "" : qPrintable(credentials.error().message));
        QCOMPARE(credentials->apiV3Key.bytes(), files.world.apiV3Key);
        auto receiptKey = ReceiptKey::fromSecretStore(secrets->get(), saved->receiptKeySecret);
        QVERIFY(receiptKey);
        QCOMPARE(receiptKey->certificate().toPem(), oldReceiptKey->certificate().toPem());

        // Opened again: the form says where the keys are and the profile is valid without files.
        SettingsDialog again(&settings, profilePath);
        MerchantProfileForm *form = again.merchantForm();
        QVERIFY(form->keepKeysInSecretStore());
        QVERIFY2(form->isValid(), qPrintable(form->problems().join(QLatin1Char('\n'))));
        QVERIFY(statusOk(form, QStringLiteral("keyStatus")));
        QVERIFY2(statusText(form, QStringLiteral("keyStatus")).contains(QStringLiteral("merchant-key/") + Mchid),
                 qPrintable(statusText(form, QStringLiteral("keyStatus"))));
        QVERIFY(statusOk(form, QStringLiteral("apiV3Status")));
        // "Test connection" signs with the key from the store.
        QSignalSpy tested(form, &MerchantProfileForm::connectionTested);
        form->testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(tested.count() > 0, 15000);
        QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
        // Unticked without files, the keys would be nowhere: refused.
        child<QCheckBox>(&again, QStringLiteral("keepKeysInSecretStore"))->setChecked(false);
        QVERIFY(!form->isValid());
        QVERIFY(!again.save());
    }

    void testConnectionAgainstSandbox()
    {
        MerchantFiles files;
        sandbox::SandboxServer server;
        QVERIFY(startSandboxFor(server, files));

        QTemporaryDir terminal;
        AppSettings settings(terminal.filePath(QStringLiteral("paydesk.ini")));
        SettingsDialog dialog(&settings, terminal.filePath(QStringLiteral("paydesk.json")));
        dialog.show();
        MerchantProfileForm *form = dialog.merchantForm();
        fillForm(form, files, files.key, files.apiV3Key, server.baseUrl().toString());
        QVERIFY(form->isValid());

        QSignalSpy tested(form, &MerchantProfileForm::connectionTested);
        QTest::mouseClick(child<QPushButton>(form, QStringLiteral("testConnection")), Qt::LeftButton);
        QVERIFY(form->isTesting());
        QVERIFY(tested.wait(15000));
        QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
        QVERIFY(statusOk(form, QStringLiteral("connectionStatus")));
        QVERIFY2(statusText(form, QStringLiteral("connectionStatus")).contains(QStringLiteral("Connected")),
                 qPrintable(statusText(form, QStringLiteral("connectionStatus"))));
        screenshot(&dialog, QStringLiteral("settings-connected"));

        // An APIv3 key the sandbox does not know fails at the certificate download.
        QTemporaryDir other;
        const QString wrongApiV3 = other.filePath(QStringLiteral("apiv3.key"));
        writeFile(wrongApiV3, "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ");
        child(form, QStringLiteral("apiV3KeyFile"))->setText(wrongApiV3);
        tested.clear();
        form->testConnection();
        QVERIFY(tested.wait(15000));
        QVERIFY(!tested.first().at(0).toBool());
        QVERIFY2(tested.first().at(1).toString().contains(QStringLiteral("failed")), qPrintable(tested.first().at(1).toString()));
    }

    void trainingProfileIsReadOnly()
    {
        QTemporaryDir dir;
        auto training = sandbox::SandboxServer::initTrainingMerchant(dir.path());
        QVERIFY2(training.ok(), qPrintable(training.ok() ? QString() : training.error().message));
        AppSettings settings(dir.filePath(QStringLiteral("paydesk.ini")));
        SettingsDialog dialog(&settings, training->profilePath);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        MerchantProfileForm *form = dialog.merchantForm();
        QVERIFY(form->isReadOnly());
        QVERIFY(child(form, QStringLiteral("mchid"))->isReadOnly());
        QCOMPARE(child(form, QStringLiteral("mchid"))->text(), training->mchid);
        QVERIFY(!child<QPushButton>(form, QStringLiteral("importMerchantKey"))->isEnabled());
        QVERIFY(child<QLabel>(form, QStringLiteral("trainingNote"))->isVisible());
        QVERIFY2(form->isValid(), qPrintable(form->problems().join(QLatin1Char('\n'))));
        screenshot(&dialog, QStringLiteral("settings-training"));
        for (int tab = 1; tab < 5; ++tab) {
            child<QTabWidget>(&dialog, QStringLiteral("tabs"))->setCurrentIndex(tab);
            screenshot(&dialog, QStringLiteral("settings-tab%1").arg(tab));
        }

        const QByteArray before = [&] {
            QFile f(training->profilePath);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(dialog.save());
        {
            QFile f(training->profilePath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), before);
        }
        QCOMPARE(settings.mode(), AppSettings::Mode::Training);

        // The way out of training: an empty, editable profile in its place.
        child<QTabWidget>(&dialog, QStringLiteral("tabs"))->setCurrentIndex(0);
        auto *connectMerchant = child<QPushButton>(&dialog, QStringLiteral("connectMerchant"));
        QVERIFY(connectMerchant->isVisible());
        QTest::mouseClick(connectMerchant, Qt::LeftButton);
        QVERIFY(!form->isReadOnly());
        QVERIFY(child(form, QStringLiteral("mchid"))->text().isEmpty());
        QVERIFY(!child<QLabel>(form, QStringLiteral("trainingNote"))->isVisible());
        QVERIFY(!form->profile().training);
        screenshot(&dialog, QStringLiteral("settings-training-to-real"));
    }

    void wizardTrainingPath()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("paydesk.ini")));
        FirstRunWizard wizard(&settings, dir.filePath(QStringLiteral("paydesk.json")));
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        screenshot(&wizard, QStringLiteral("wizard-1-mode"));
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::ModePage));
        QVERIFY(child<QRadioButton>(&wizard, QStringLiteral("trainingChoice"))->isChecked());
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::StorePage));
        wizard.next(); // no name yet: stays
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::StorePage));
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("storeError"))->isVisible());
        screenshot(&wizard, QStringLiteral("wizard-2-store"));
        QTest::keyClicks(child(&wizard, QStringLiteral("storeName")), QStringLiteral("Harbour Noodles"));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::PinPage));

        auto *pin = child(&wizard, QStringLiteral("managerPin"));
        auto *repeat = child(&wizard, QStringLiteral("managerPinRepeat"));
        QTest::keyClicks(pin, QStringLiteral("123"));
        QTest::keyClicks(repeat, QStringLiteral("123"));
        wizard.accept();
        QVERIFY(wizard.isVisible());
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("pinError"))->text().contains(QStringLiteral("4 to 8")));
        pin->clear();
        repeat->clear();
        QTest::keyClicks(pin, QStringLiteral("2468"));
        QTest::keyClicks(repeat, QStringLiteral("2486"));
        wizard.accept();
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("pinError"))->text().contains(QStringLiteral("not the same")));
        screenshot(&wizard, QStringLiteral("wizard-4-pin"));
        QTest::keyClicks(repeat, QStringLiteral("2468"));
        wizard.accept();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));

        QVERIFY(wizard.training());
        QCOMPARE(wizard.storeName(), QStringLiteral("Harbour Noodles"));
        QCOMPARE(wizard.managerPin(), QStringLiteral("2468"));
        QVERIFY(wizard.cashierPin().isEmpty());
        QVERIFY(settings.firstRunDone());
        QCOMPARE(settings.mode(), AppSettings::Mode::Training);
        QCOMPARE(settings.storeName(), QStringLiteral("Harbour Noodles"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("paydesk.json"))));
    }

    void wizardRealMerchantPath()
    {
        MerchantFiles files;
        QTemporaryDir dir;
        const QString profilePath = dir.filePath(QStringLiteral("paydesk.json"));
        AppSettings settings(dir.filePath(QStringLiteral("paydesk.ini")));
        FirstRunWizard wizard(&settings, profilePath);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QTest::mouseClick(child<QRadioButton>(&wizard, QStringLiteral("merchantChoice")), Qt::LeftButton);
        QVERIFY(!wizard.training());
        wizard.next();
        QTest::keyClicks(child(&wizard, QStringLiteral("storeName")), QStringLiteral("Harbour Noodles"));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::MerchantPage));

        MerchantProfileForm *form = wizard.merchantForm();
        fillForm(form, files, files.wrongKey, files.apiV3Key);
        wizard.next(); // the key does not match: stays
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::MerchantPage));
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("merchantError"))->text().contains(QStringLiteral("does not belong")));
        screenshot(&wizard, QStringLiteral("wizard-3-merchant"));
        child(form, QStringLiteral("merchantKeyFile"))->setText(files.key);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::PinPage));

        QTest::keyClicks(child(&wizard, QStringLiteral("managerPin")), QStringLiteral("24681357"));
        QTest::keyClicks(child(&wizard, QStringLiteral("managerPinRepeat")), QStringLiteral("24681357"));
        QTest::keyClicks(child(&wizard, QStringLiteral("cashierPin")), QStringLiteral("24681357"));
        QTest::keyClicks(child(&wizard, QStringLiteral("cashierPinRepeat")), QStringLiteral("24681357"));
        wizard.accept();
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("pinError"))->text().contains(QStringLiteral("differ")));
        child(&wizard, QStringLiteral("cashierPin"))->setText(QStringLiteral("1111"));
        child(&wizard, QStringLiteral("cashierPinRepeat"))->setText(QStringLiteral("1111"));
        wizard.accept();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));

        QVERIFY(!wizard.training());
        QCOMPARE(wizard.managerPin(), QStringLiteral("24681357"));
        QCOMPARE(wizard.cashierPin(), QStringLiteral("1111"));
        const MerchantProfile profile = wizard.profile();
        QCOMPARE(profile.mchid, Mchid);
        QCOMPARE(profile.appid, Appid);
        QCOMPARE(profile.storeName, QStringLiteral("Harbour Noodles"));
        QVERIFY(profile.loadCredentials().ok());

        QCOMPARE(settings.mode(), AppSettings::Mode::Merchant);
        QCOMPARE(settings.profilePath(), profilePath);
        QVERIFY(settings.firstRunDone());
        auto store = ProfileStore::load(profilePath);
        QVERIFY(store.ok());
        auto saved = store->profile();
        QVERIFY(saved.ok());
        QCOMPARE(saved->mchid, Mchid);
        QCOMPARE(saved->apiV3KeyFile, QStringLiteral("merchant/apiv3.key"));
        QVERIFY(saved->loadCredentials().ok());
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
