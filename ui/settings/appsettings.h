// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QSettings;

namespace paydesk::ui {

// The terminal's own preferences (not the merchant's: those live in the
// profile file, see ProfileStore): language, devices, sale expiry, the
// notification listener, backups and what the first-run wizard decided.
//
// Backed by QSettings ("PayDesk"/"paydesk") or by an INI file given to the
// constructor (tests, portable installs). Every getter has a working default;
// setters clamp or ignore values PayDesk cannot use, so a hand-edited file
// cannot put the till into a broken state.
class AppSettings : public QObject
{
    Q_OBJECT

public:
    enum class Mode { Training, Merchant };
    Q_ENUM(Mode)

    static constexpr int DefaultExpirySeconds = 300;
    static constexpr int MinExpirySeconds = 60;
    static constexpr int MaxExpirySeconds = 7200;
    static constexpr int DefaultBackupKeep = 14;
    static constexpr quint16 DefaultListenerPort = 18391;
    static constexpr int MaxReceiptCopies = 3;

    // Empty `filePath`: the platform's settings store.
    explicit AppSettings(const QString &filePath = {}, QObject *parent = nullptr);
    ~AppSettings() override;

    QString fileName() const;
    void sync();

    static QStringList languages(); // {"zh_CN", "en"}
    QString language() const; // "zh_CN" (default) or "en"
    void setLanguage(const QString &language);

    QString customerScreen() const; // QScreen::name(); empty: no customer display
    void setCustomerScreen(const QString &screenName);

    // The cashier's window fills the screen without a frame (a dedicated
    // terminal); off (default): it opens maximized.
    bool fullScreen() const;
    void setFullScreen(bool on);

    // Where receipts go as signed PDF files when no printer is set, without a
    // file dialog each time; default: Documents/PayDesk receipts.
    QString receiptsFolder() const;
    void setReceiptsFolder(const QString &folder);
    static QString defaultReceiptsFolder();

    // A QPrinterInfo name, or an ESC/POS target (tcp://host:9100,
    // /dev/usb/lp0, COM3: see EscPosPrinter::parseTarget); empty: PDF only.
    QString receiptPrinter() const;
    void setReceiptPrinter(const QString &printerName);
    // The thermal paper of an ESC/POS printer: 80 (default) or 58 mm; other values are ignored.
    int paperMillimetres() const;
    void setPaperMillimetres(int millimetres);
    // How many receipts one print makes: 1 (default) to 3.
    int receiptCopies() const;
    void setReceiptCopies(int copies);
    // The receipt prints by itself once a sale is paid. Until it is chosen
    // (autoPrintChosen()), on exactly when a receipt printer is set.
    bool autoPrint() const;
    bool autoPrintChosen() const;
    void setAutoPrint(bool on);

    int expirySeconds() const; // how long a QR code stays payable; 60-7200, default 300
    void setExpirySeconds(int seconds);

    bool listenerEnabled() const; // default off
    void setListenerEnabled(bool enabled);
    QString listenerAddress() const; // default "0.0.0.0"
    void setListenerAddress(const QString &address);
    quint16 listenerPort() const; // default 18391
    void setListenerPort(quint16 port);

    QString backupFolder() const; // default <app data>/backups
    void setBackupFolder(const QString &folder);
    int backupKeep() const; // 1-365, default 14
    void setBackupKeep(int keep);

    Mode mode() const; // default Training
    void setMode(Mode mode);
    QString profilePath() const; // default ProfileStore::defaultPath()
    void setProfilePath(const QString &path);
    bool firstRunDone() const;
    void setFirstRunDone(bool done);
    // How much goes to the log files: "warning", "info" (default) or "debug"
    // (for support); logRules() in QLoggingCategory's filter syntax.
    static QStringList logLevels();
    QString logLevel() const;
    void setLogLevel(const QString &level);
    QString logRules() const;
    static QString logFolder(); // <data>/PayDesk/paydesk/logs

    QString storeName() const;
    void setStoreName(const QString &name);

signals:
    // The settings key that changed ("ui/language", ...), after the change.
    void changed(const QString &key);

private:
    void write(const QString &key, const QVariant &value);

    QSettings *m_settings; // owned, QObject child
};

} // namespace paydesk::ui
