// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"
#include "receipt/receiptkey.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace paydesk {
class EscPosPrinter;
}

namespace paydesk::ui {

class AppSettings;
class MerchantProfileForm;

// The manager's settings (open it after PinDialog::authorise for the manager):
// Merchant (the profile, checked as it is edited, with "Test connection"),
// Store, Devices, Language, and Listener, backups & logs (how much the log files say).
//
// Save writes the merchant profile into the profile file (ProfileWriter:
// imported files are copied beside it) and everything else into AppSettings.
// A training profile is shown read-only, with a button that starts an empty
// real-merchant profile in its place (saved beside it as "production", the
// new default). A profile with problems is not saved
// and the dialog stays open on the Merchant tab saying why.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(AppSettings *settings, const QString &profilePath, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    MerchantProfileForm *merchantForm() const { return m_form; }
    // What the dialog says at the bottom (why a save failed, ...).
    QString statusText() const;

public slots:
    // Writes everything; false (and a message) when something could not be
    // saved. The Save button calls this and closes the dialog on success.
    bool save();

signals:
    void languageChanged(const QString &language);
    void settingsSaved();
    // The store's receipt key moved from `folder` into the secret store: a
    // terminal whose database sits beside that folder signs with `key` now.
    void receiptKeyMoved(const QString &folder, const paydesk::ReceiptKey &key);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void loadProfile();
    void startRealMerchant();
    void loadSettings();
    QWidget *buildStoreTab();
    QWidget *buildDevicesTab();
    QWidget *buildLanguageTab();
    QWidget *buildListenerTab();
    void setStatus(const QString &text, bool error);
    // Devices: the ESC/POS entry of the printer list is chosen.
    bool escPosChosen() const;
    // The printer as it will be saved (an ESC/POS target normalised to
    // tcp://HOST:PORT or its device); empty with `error` set when the typed
    // ESC/POS target is not one PayDesk can print to.
    QString chosenPrinter(QString *error) const;
    void updatePrinterRow();
    void setPrinterStatus(const QString &text, bool error);
    void sendTestPrint();
    QByteArray testSlip() const;

    AppSettings *m_settings;
    QString m_profilePath;
    QString m_profileLoadError;

    QTabWidget *m_tabs;
    MerchantProfileForm *m_form;
    QLabel *m_profileFile;
    QPushButton *m_connectMerchant;

    QLabel *m_storeNameLabel, *m_expiryLabel;
    QLineEdit *m_storeName;
    QSpinBox *m_expiryMinutes;

    QLabel *m_screenLabel, *m_printerLabel, *m_printerNote;
    QComboBox *m_customerScreen, *m_receiptPrinter;
    QCheckBox *m_fullScreen;
    QLineEdit *m_receiptsFolder;
    QLabel *m_receiptsFolderLabel;
    // The last entry of m_receiptPrinter: "ESC/POS printer…", typed into m_escPosTarget.
    QLineEdit *m_escPosTarget;
    QPushButton *m_testPrint;
    QLabel *m_printerStatus;
    QLabel *m_paperWidthLabel, *m_copiesLabel;
    QComboBox *m_paperWidth;
    QSpinBox *m_copies;
    QCheckBox *m_autoPrint;
    // Not chosen yet: the box follows whether a printer is set (AppSettings::autoPrint).
    bool m_autoPrintFollowsPrinter = true;
    bool m_settingAutoPrint = false;
    EscPosPrinter *m_testPrinter;

    QLabel *m_languageLabel;
    QComboBox *m_language;

    QCheckBox *m_listenerEnabled;
    QLabel *m_listenerAddressLabel, *m_listenerPortLabel, *m_listenerNote, *m_backupFolderLabel, *m_backupKeepLabel;
    QLineEdit *m_listenerAddress, *m_backupFolder;
    QSpinBox *m_listenerPort, *m_backupKeep;
    QPushButton *m_browseBackup;
    QLabel *m_logLevelLabel, *m_logNote;
    QComboBox *m_logLevel;

    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace paydesk::ui
