// SPDX-License-Identifier: MIT
#include "appsettings.h"

#include "config/profilestore.h"

#include <QDir>
#include <QHostAddress>
#include <QSettings>
#include <QStandardPaths>

namespace paydesk::ui {

namespace {

const QString LanguageKey = QStringLiteral("ui/language");
const QString CustomerScreenKey = QStringLiteral("devices/customer_screen");
const QString FullScreenKey = QStringLiteral("devices/full_screen");
const QString ReceiptsFolderKey = QStringLiteral("devices/receipts_folder");
const QString ReceiptPrinterKey = QStringLiteral("devices/receipt_printer");
const QString PaperWidthKey = QStringLiteral("devices/paper_width");
const QString ReceiptCopiesKey = QStringLiteral("devices/receipt_copies");
const QString AutoPrintKey = QStringLiteral("devices/auto_print");
const QString ExpiryKey = QStringLiteral("sale/expiry_seconds");
const QString ListenerEnabledKey = QStringLiteral("listener/enabled");
const QString ListenerAddressKey = QStringLiteral("listener/address");
const QString ListenerPortKey = QStringLiteral("listener/port");
const QString BackupFolderKey = QStringLiteral("backup/folder");
const QString BackupKeepKey = QStringLiteral("backup/keep");
const QString ModeKey = QStringLiteral("setup/mode");
const QString ProfilePathKey = QStringLiteral("setup/profile_path");
const QString FirstRunKey = QStringLiteral("setup/first_run_done");
const QString StoreNameKey = QStringLiteral("store/name");
const QString LogLevelKey = QStringLiteral("log/level");

constexpr int MaxBackupKeep = 365;

} // namespace

AppSettings::AppSettings(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_settings(filePath.isEmpty() ? new QSettings(QStringLiteral("PayDesk"), QStringLiteral("paydesk"), this)
                                    : new QSettings(filePath, QSettings::IniFormat, this))
{
}

AppSettings::~AppSettings()
{
    m_settings->sync();
}

QString AppSettings::fileName() const
{
    return m_settings->fileName();
}

void AppSettings::sync()
{
    m_settings->sync();
}

void AppSettings::write(const QString &key, const QVariant &value)
{
    if (m_settings->contains(key) && m_settings->value(key) == value)
        return;
    m_settings->setValue(key, value);
    emit changed(key);
}

QStringList AppSettings::languages()
{
    return {QStringLiteral("zh_CN"), QStringLiteral("en")};
}

QString AppSettings::language() const
{
    const QString stored = m_settings->value(LanguageKey).toString();
    return languages().contains(stored) ? stored : languages().first();
}

void AppSettings::setLanguage(const QString &language)
{
    if (languages().contains(language))
        write(LanguageKey, language);
}

QString AppSettings::customerScreen() const
{
    return m_settings->value(CustomerScreenKey).toString();
}

void AppSettings::setCustomerScreen(const QString &screenName)
{
    write(CustomerScreenKey, screenName);
}

bool AppSettings::fullScreen() const
{
    return m_settings->value(FullScreenKey, false).toBool();
}

void AppSettings::setFullScreen(bool on)
{
    write(FullScreenKey, on);
}

QString AppSettings::receiptsFolder() const
{
    const QString folder = m_settings->value(ReceiptsFolderKey).toString().trimmed();
    return folder.isEmpty() ? defaultReceiptsFolder() : folder;
}

void AppSettings::setReceiptsFolder(const QString &folder)
{
    const QString trimmed = folder.trimmed();
    write(ReceiptsFolderKey, trimmed == defaultReceiptsFolder() ? QString() : trimmed);
}

QString AppSettings::defaultReceiptsFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .filePath(QStringLiteral("PayDesk receipts"));
}

QString AppSettings::receiptPrinter() const
{
    return m_settings->value(ReceiptPrinterKey).toString();
}

void AppSettings::setReceiptPrinter(const QString &printerName)
{
    write(ReceiptPrinterKey, printerName);
}

int AppSettings::paperMillimetres() const
{
    return m_settings->value(PaperWidthKey).toInt() == 58 ? 58 : 80;
}

void AppSettings::setPaperMillimetres(int millimetres)
{
    if (millimetres == 58 || millimetres == 80)
        write(PaperWidthKey, millimetres);
}

int AppSettings::receiptCopies() const
{
    bool ok = false;
    const int stored = m_settings->value(ReceiptCopiesKey).toInt(&ok);
    return ok ? qBound(1, stored, MaxReceiptCopies) : 1;
}

void AppSettings::setReceiptCopies(int copies)
{
    write(ReceiptCopiesKey, qBound(1, copies, MaxReceiptCopies));
}

bool AppSettings::autoPrint() const
{
    // Not chosen yet: a store that has set up a printer wants its receipts.
    return m_settings->value(AutoPrintKey, !receiptPrinter().isEmpty()).toBool();
}

bool AppSettings::autoPrintChosen() const
{
    return m_settings->contains(AutoPrintKey);
}

void AppSettings::setAutoPrint(bool on)
{
    write(AutoPrintKey, on);
}

int AppSettings::expirySeconds() const
{
    bool ok = false;
    const int stored = m_settings->value(ExpiryKey).toInt(&ok);
    return ok ? qBound(MinExpirySeconds, stored, MaxExpirySeconds) : DefaultExpirySeconds;
}

void AppSettings::setExpirySeconds(int seconds)
{
    write(ExpiryKey, qBound(MinExpirySeconds, seconds, MaxExpirySeconds));
}

bool AppSettings::listenerEnabled() const
{
    return m_settings->value(ListenerEnabledKey, false).toBool();
}

void AppSettings::setListenerEnabled(bool enabled)
{
    write(ListenerEnabledKey, enabled);
}

QString AppSettings::listenerAddress() const
{
    const QString stored = m_settings->value(ListenerAddressKey).toString();
    return QHostAddress(stored).isNull() ? QStringLiteral("0.0.0.0") : stored;
}

void AppSettings::setListenerAddress(const QString &address)
{
    // An address that does not parse would only fail later, at listen().
    if (!QHostAddress(address.trimmed()).isNull())
        write(ListenerAddressKey, address.trimmed());
}

quint16 AppSettings::listenerPort() const
{
    bool ok = false;
    const int stored = m_settings->value(ListenerPortKey).toInt(&ok);
    return ok && stored > 0 && stored <= 65535 ? quint16(stored) : DefaultListenerPort;
}

void AppSettings::setListenerPort(quint16 port)
{
    if (port > 0)
        write(ListenerPortKey, int(port));
}

QString AppSettings::backupFolder() const
{
    const QString stored = m_settings->value(BackupFolderKey).toString();
    if (!stored.isEmpty())
        return stored;
    // Beside the store database (PaymentTerminal::defaultDatabasePath), not in the roaming profile.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("PayDesk/paydesk/backups"));
}

void AppSettings::setBackupFolder(const QString &folder)
{
    write(BackupFolderKey, folder);
}

int AppSettings::backupKeep() const
{
    bool ok = false;
    const int stored = m_settings->value(BackupKeepKey).toInt(&ok);
    return ok ? qBound(1, stored, MaxBackupKeep) : DefaultBackupKeep;
}

void AppSettings::setBackupKeep(int keep)
{
    write(BackupKeepKey, qBound(1, keep, MaxBackupKeep));
}

AppSettings::Mode AppSettings::mode() const
{
    return m_settings->value(ModeKey).toString() == QLatin1String("merchant") ? Mode::Merchant : Mode::Training;
}

void AppSettings::setMode(Mode mode)
{
    write(ModeKey, mode == Mode::Merchant ? QStringLiteral("merchant") : QStringLiteral("training"));
}

QString AppSettings::profilePath() const
{
    const QString stored = m_settings->value(ProfilePathKey).toString();
    return stored.isEmpty() ? ProfileStore::defaultPath() : stored;
}

void AppSettings::setProfilePath(const QString &path)
{
    write(ProfilePathKey, path);
}

bool AppSettings::firstRunDone() const
{
    return m_settings->value(FirstRunKey, false).toBool();
}

void AppSettings::setFirstRunDone(bool done)
{
    write(FirstRunKey, done);
}

QString AppSettings::storeName() const
{
    return m_settings->value(StoreNameKey).toString();
}

void AppSettings::setStoreName(const QString &name)
{
    write(StoreNameKey, name.trimmed());
}

QStringList AppSettings::logLevels()
{
    return { QStringLiteral("warning"), QStringLiteral("info"), QStringLiteral("debug") };
}

QString AppSettings::logLevel() const
{
    const QString level = m_settings->value(LogLevelKey).toString();
    return logLevels().contains(level) ? level : QStringLiteral("info");
}

void AppSettings::setLogLevel(const QString &level)
{
    if (logLevels().contains(level))
        write(LogLevelKey, level);
}

QString AppSettings::logRules() const
{
    const QString level = logLevel();
    if (level == QLatin1String("debug"))
        return QStringLiteral("paydesk.*.debug=true");
    if (level == QLatin1String("warning"))
        return QStringLiteral("paydesk.*.debug=false\npaydesk.*.info=false");
    return QStringLiteral("paydesk.*.debug=false");
}

QString AppSettings::logFolder()
{
    // Beside the store database, where support finds it (docs/packaging.md).
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("PayDesk/paydesk/logs"));
}

} // namespace paydesk::ui
