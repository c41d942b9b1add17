// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "appsettings.h"
#include "config/profilestore.h"
#include "merchantprofileform.h"
#include "receipt/escposprinter.h"
#include "receipt/escposrenderer.h"
#include "secretmover.h"
#include "shell/receiptdesk.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QPrinterInfo>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {

constexpr int FieldHeight = 40;
constexpr int ButtonHeight = 48;

template<typename W>
W *sized(W *widget, const QString &name)
{
    widget->setObjectName(name);
    widget->setMinimumHeight(FieldHeight);
    return widget;
}

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); }"));
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, const QString &profilePath, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_profilePath(profilePath)
{
    setObjectName(QStringLiteral("SettingsDialog"));
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    layout->addWidget(m_tabs, 1);

    // Merchant: long, so it scrolls on a 1024x768 till.
    auto *merchantPage = new QWidget(this);
    auto *merchantLayout = new QVBoxLayout(merchantPage);
    m_profileFile = noteLabel(merchantPage);
    m_profileFile->setObjectName(QStringLiteral("profileFile"));
    m_profileFile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    merchantLayout->addWidget(m_profileFile);
    m_connectMerchant = new QPushButton(merchantPage);
    m_connectMerchant->setObjectName(QStringLiteral("connectMerchant"));
    m_connectMerchant->setMinimumHeight(ButtonHeight);
    m_connectMerchant->setAutoDefault(false);
    m_connectMerchant->hide();
    connect(m_connectMerchant, &QPushButton::clicked, this, &SettingsDialog::startRealMerchant);
    merchantLayout->addWidget(m_connectMerchant, 0, Qt::AlignLeft);
    auto *scroll = new QScrollArea(merchantPage);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new MerchantProfileForm(scroll);
    m_form->setObjectName(QStringLiteral("merchantForm"));
    // "Saved." or an old complaint no longer describes what is on screen.
    connect(m_form, &MerchantProfileForm::edited, this, [this] { setStatus(QString(), false); });
    scroll->setWidget(m_form);
    merchantLayout->addWidget(scroll, 1);
    m_tabs->addTab(merchantPage, QString());
    m_tabs->addTab(buildStoreTab(), QString());
    m_tabs->addTab(buildDevicesTab(), QString());
    m_tabs->addTab(buildLanguageTab(), QString());
    m_tabs->addTab(buildListenerTab(), QString());

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("saveStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    for (QAbstractButton *b : m_buttons->buttons())
        b->setMinimumSize(120, ButtonHeight);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    loadProfile();
    loadSettings();
    retranslate();
    resize(900, 700);
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::buildStoreTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_storeName = sized(new QLineEdit(page), QStringLiteral("storeName"));
    m_storeName->setMaxLength(64);
    m_expiryMinutes = sized(new QSpinBox(page), QStringLiteral("expiryMinutes"));
    m_expiryMinutes->setRange(AppSettings::MinExpirySeconds / 60, AppSettings::MaxExpirySeconds / 60);
    m_storeNameLabel = new QLabel(page);
    m_expiryLabel = new QLabel(page);
    form->addRow(m_storeNameLabel, m_storeName);
    form->addRow(m_expiryLabel, m_expiryMinutes);
    return page;
}

QWidget *SettingsDialog::buildDevicesTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_customerScreen = sized(new QComboBox(page), QStringLiteral("customerScreen"));
    m_customerScreen->addItem(QString(), QString());
    for (const QScreen *screen : QGuiApplication::screens()) {
        const QSize size = screen->size();
        m_customerScreen->addItem(
            QStringLiteral("%1 (%2×%3)").arg(screen->name()).arg(size.width()).arg(size.height()), screen->name());
    }
    m_receiptPrinter = sized(new QComboBox(page), QStringLiteral("receiptPrinter"));
    m_receiptPrinter->addItem(QString(), QString());
    for (const QString &printer : QPrinterInfo::availablePrinterNames())
        m_receiptPrinter->addItem(printer, printer);
    m_receiptPrinter->addItem(QString()); // "ESC/POS printer…": always the last entry
    m_escPosTarget = sized(new QLineEdit(page), QStringLiteral("escPosTarget"));
    m_testPrint = new QPushButton(page);
    m_testPrint->setObjectName(QStringLiteral("testPrint"));
    m_testPrint->setMinimumHeight(ButtonHeight);
    m_testPrint->setAutoDefault(false);
    auto *targetRow = new QHBoxLayout;
    targetRow->addWidget(m_escPosTarget, 1);
    targetRow->addWidget(m_testPrint);
    m_printerStatus = new QLabel(page);
    m_printerStatus->setObjectName(QStringLiteral("printerStatus"));
    m_printerStatus->setWordWrap(true);
    m_printerStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_paperWidth = sized(new QComboBox(page), QStringLiteral("paperWidth"));
    m_paperWidth->addItem(QString(), 80);
    m_paperWidth->addItem(QString(), 58);
    m_copies = sized(new QSpinBox(page), QStringLiteral("receiptCopies"));
    m_copies->setRange(1, AppSettings::MaxReceiptCopies);
    m_autoPrint = new QCheckBox(page);
    m_autoPrint->setObjectName(QStringLiteral("autoPrint"));
    m_paperWidthLabel = new QLabel(page);
    m_copiesLabel = new QLabel(page);
    m_testPrinter = new EscPosPrinter(this);
    m_testPrinter->setTimeout(5000);
    connect(m_receiptPrinter, &QComboBox::currentIndexChanged, this, [this] {
        setPrinterStatus(QString(), false);
        updatePrinterRow();
    });
    connect(m_escPosTarget, &QLineEdit::textChanged, this, [this] {
        setPrinterStatus(QString(), false);
        updatePrinterRow();
    });
    connect(m_autoPrint, &QCheckBox::toggled, this, [this] {
        if (!m_settingAutoPrint)
            m_autoPrintFollowsPrinter = false; // the manager's choice from now on
    });
    connect(m_testPrint, &QPushButton::clicked, this, &SettingsDialog::sendTestPrint);
    connect(m_testPrinter, &EscPosPrinter::finished, this, [this](qint64 bytes, const paydesk::Error &error) {
        m_testPrint->setEnabled(true);
        if (error.code.isEmpty())
            setPrinterStatus(tr("The test slip went to the printer (%1 bytes): check that it printed in full and "
                                "was cut.").arg(bytes),
                             false);
        else
            setPrinterStatus(tr("The test slip did not print: %1").arg(error.message), true);
    });
    m_fullScreen = new QCheckBox(page);
    m_fullScreen->setObjectName(QStringLiteral("fullScreen"));
    m_screenLabel = new QLabel(page);
    m_printerLabel = new QLabel(page);
    m_printerNote = noteLabel(page);
    m_receiptsFolder = sized(new QLineEdit(page), QStringLiteral("receiptsFolder"));
    m_receiptsFolderLabel = new QLabel(page);
    form->addRow(QString(), m_fullScreen);
    form->addRow(m_screenLabel, m_customerScreen);
    form->addRow(m_printerLabel, m_receiptPrinter);
    form->addRow(QString(), targetRow);
    form->addRow(QString(), m_printerStatus);
    form->addRow(m_paperWidthLabel, m_paperWidth);
    form->addRow(m_copiesLabel, m_copies);
    form->addRow(QString(), m_autoPrint);
    form->addRow(QString(), m_printerNote);
    form->addRow(m_receiptsFolderLabel, m_receiptsFolder);
    return page;
}

QWidget *SettingsDialog::buildLanguageTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_language = sized(new QComboBox(page), QStringLiteral("language"));
    // Each language in its own words, so it can be found by someone who
    // cannot read the current one.
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_languageLabel = new QLabel(page);
    form->addRow(m_languageLabel, m_language);
    return page;
}

QWidget *SettingsDialog::buildListenerTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_listenerEnabled = sized(new QCheckBox(page), QStringLiteral("listenerEnabled"));
    m_listenerAddress = sized(new QLineEdit(page), QStringLiteral("listenerAddress"));
    m_listenerPort = sized(new QSpinBox(page), QStringLiteral("listenerPort"));
    m_listenerPort->setRange(1, 65535);
    m_listenerNote = noteLabel(page);
    m_backupFolder = sized(new QLineEdit(page), QStringLiteral("backupFolder"));
    m_browseBackup = new QPushButton(page);
    m_browseBackup->setObjectName(QStringLiteral("browseBackup"));
    m_browseBackup->setMinimumHeight(ButtonHeight);
    m_browseBackup->setAutoDefault(false);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_backupFolder, 1);
    folderRow->addWidget(m_browseBackup);
    m_backupKeep = sized(new QSpinBox(page), QStringLiteral("backupKeep"));
    m_backupKeep->setRange(1, 365);
    m_listenerAddressLabel = new QLabel(page);
    m_listenerPortLabel = new QLabel(page);
    m_backupFolderLabel = new QLabel(page);
    m_backupKeepLabel = new QLabel(page);
    form->addRow(QString(), m_listenerEnabled);
    form->addRow(m_listenerAddressLabel, m_listenerAddress);
    form->addRow(m_listenerPortLabel, m_listenerPort);
    form->addRow(QString(), m_listenerNote);
    form->addRow(m_backupFolderLabel, folderRow);
    form->addRow(m_backupKeepLabel, m_backupKeep);
    m_logLevel = sized(new QComboBox(page), QStringLiteral("logLevel"));
    for (const QString &level : AppSettings::logLevels())
        m_logLevel->addItem(QString(), level);
    m_logLevelLabel = new QLabel(page);
    m_logNote = noteLabel(page);
    m_logNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_logLevelLabel, m_logLevel);
    form->addRow(QString(), m_logNote);
    auto enable = [this](bool on) {
        m_listenerAddress->setEnabled(on);
        m_listenerPort->setEnabled(on);
    };
    connect(m_listenerEnabled, &QCheckBox::toggled, this, enable);
    connect(m_browseBackup, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Backup folder"), m_backupFolder->text());
        if (!folder.isEmpty())
            m_backupFolder->setText(folder);
    });
    return page;
}

void SettingsDialog::loadProfile()
{
    MerchantProfile profile;
    profile.baseDirectory = QFileInfo(m_profilePath).absolutePath();
    m_profileLoadError.clear();
    if (QFile::exists(m_profilePath)) {
        auto store = ProfileStore::load(m_profilePath);
        auto loaded = store ? store->profile() : Result<MerchantProfile>(store.error());
        if (loaded)
            profile = *loaded;
        else
            m_profileLoadError = loaded.error().message;
    }
    m_form->setProfile(profile);
    m_form->setReadOnly(profile.training);
    m_connectMerchant->setVisible(profile.training);
}

void SettingsDialog::startRealMerchant()
{
    // The training profile stays in the file; the new one becomes the default on save.
    MerchantProfile profile;
    profile.name = QStringLiteral("production");
    profile.baseDirectory = QFileInfo(m_profilePath).absolutePath();
    profile.storeName = m_settings->storeName();
    m_form->setProfile(profile);
    m_form->setReadOnly(false);
    m_connectMerchant->hide();
    m_tabs->setCurrentIndex(0);
    setStatus(QString(), false);
}

void SettingsDialog::loadSettings()
{
    m_storeName->setText(m_settings->storeName());
    m_expiryMinutes->setValue(m_settings->expirySeconds() / 60);
    const int screen = m_customerScreen->findData(m_settings->customerScreen());
    m_customerScreen->setCurrentIndex(qMax(0, screen));
    m_fullScreen->setChecked(m_settings->fullScreen());
    m_receiptsFolder->setText(QDir::toNativeSeparators(m_settings->receiptsFolder()));
    const QString printerName = m_settings->receiptPrinter();
    int printer = printerName.isEmpty() ? 0 : m_receiptPrinter->findData(printerName);
    if (printer < 0 && ReceiptDesk::isEscPosTarget(printerName)) {
        printer = m_receiptPrinter->count() - 1;
        m_escPosTarget->setText(printerName);
    } else if (printer < 0) {
        // A system printer not installed now (unplugged?): kept, not silently replaced by "None".
        printer = m_receiptPrinter->count() - 1;
        m_receiptPrinter->insertItem(printer, printerName, printerName);
    }
    m_receiptPrinter->setCurrentIndex(printer);
    m_paperWidth->setCurrentIndex(qMax(0, m_paperWidth->findData(m_settings->paperMillimetres())));
    m_copies->setValue(m_settings->receiptCopies());
    m_autoPrintFollowsPrinter = !m_settings->autoPrintChosen();
    m_settingAutoPrint = true;
    m_autoPrint->setChecked(m_settings->autoPrint());
    m_settingAutoPrint = false;
    updatePrinterRow();
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_settings->language())));
    m_listenerEnabled->setChecked(m_settings->listenerEnabled());
    m_listenerAddress->setText(m_settings->listenerAddress());
    m_listenerPort->setValue(m_settings->listenerPort());
    m_listenerAddress->setEnabled(m_listenerEnabled->isChecked());
    m_listenerPort->setEnabled(m_listenerEnabled->isChecked());
    m_backupFolder->setText(m_settings->backupFolder());
    m_backupKeep->setValue(m_settings->backupKeep());
    m_logLevel->setCurrentIndex(qMax(0, m_logLevel->findData(m_settings->logLevel())));
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_tabs->setTabText(0, tr("Merchant"));
    m_tabs->setTabText(1, tr("Store"));
    m_tabs->setTabText(2, tr("Devices"));
    m_tabs->setTabText(3, tr("Language"));
    m_tabs->setTabText(4, tr("Listener, backups && logs"));
    m_connectMerchant->setText(tr("Connect a real merchant account..."));
    m_profileFile->setText(m_profileLoadError.isEmpty()
                               ? tr("Profile file: %1").arg(m_profilePath)
                               : tr("The profile file %1 could not be read: %2").arg(m_profilePath, m_profileLoadError));

    m_storeNameLabel->setText(tr("Store name"));
    m_storeName->setPlaceholderText(tr("Printed on receipts"));
    m_expiryLabel->setText(tr("QR code valid for"));
    m_expiryMinutes->setSuffix(tr(" min"));

    m_fullScreen->setText(tr("Full screen: the cashier's window fills the whole screen"));
    m_screenLabel->setText(tr("Customer display"));
    m_receiptsFolderLabel->setText(tr("Receipts folder"));
    m_receiptsFolder->setToolTip(tr("Without a printer, signed PDF receipts are saved here"));
    m_customerScreen->setItemText(0, tr("None"));
    m_printerLabel->setText(tr("Receipt printer"));
    m_receiptPrinter->setItemText(0, tr("None (PDF only)"));
    m_receiptPrinter->setItemText(m_receiptPrinter->count() - 1,
                                  tr("ESC/POS thermal printer (network, USB or serial)..."));
    m_escPosTarget->setPlaceholderText(tr("tcp://192.168.1.50:9100, /dev/usb/lp0 or COM3"));
    m_escPosTarget->setToolTip(tr("A network printer: tcp:// and its address, port 9100 unless it says otherwise. "
                                  "A USB or serial printer: its device, e.g. /dev/usb/lp0, /dev/ttyUSB0 or COM3."));
    m_testPrint->setText(tr("Test print"));
    m_paperWidthLabel->setText(tr("Paper width"));
    m_paperWidth->setItemText(0, tr("80 mm"));
    m_paperWidth->setItemText(1, tr("58 mm"));
    m_copiesLabel->setText(tr("Copies of each receipt"));
    m_autoPrint->setText(tr("Print the receipt automatically after payment"));
    updatePrinterRow();

    m_languageLabel->setText(tr("Language"));

    m_listenerEnabled->setText(tr("Receive payment notifications from WeChat Pay"));
    m_listenerAddressLabel->setText(tr("Listen on address"));
    m_listenerPortLabel->setText(tr("Port"));
    m_listenerNote->setText(tr("The notify URL of the merchant profile must reach this address and port "
                               "(usually through an HTTPS proxy). Without notifications PayDesk still learns "
                               "every result by querying."));
    m_backupFolderLabel->setText(tr("Backup folder"));
    m_browseBackup->setText(tr("Choose..."));
    m_backupKeepLabel->setText(tr("Backups to keep"));
    m_logLevelLabel->setText(tr("Log detail"));
    m_logLevel->setItemText(0, tr("Warnings and errors only"));
    m_logLevel->setItemText(1, tr("Normal (sales, refunds, connections)"));
    m_logLevel->setItemText(2, tr("Everything (for support; keys and payer ids are never written)"));
    m_logNote->setText(tr("Log files: %1").arg(QDir::toNativeSeparators(AppSettings::logFolder())));

    m_buttons->button(QDialogButtonBox::Save)->setText(tr("Save"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

bool SettingsDialog::escPosChosen() const
{
    return m_receiptPrinter->currentIndex() == m_receiptPrinter->count() - 1;
}

QString SettingsDialog::chosenPrinter(QString *error) const
{
    if (!escPosChosen())
        return m_receiptPrinter->currentData().toString();
    const QString typed = m_escPosTarget->text().trimmed();
    if (typed.isEmpty()) {
        *error = tr("Write where the ESC/POS printer is: tcp://192.168.1.50:9100 for a network printer, or its "
                    "device such as /dev/usb/lp0 or COM3.");
        return {};
    }
    const auto target = EscPosPrinter::parseTarget(typed);
    // Saved as tcp://HOST:PORT or a device, the forms the receipt desk sends to.
    const QString normalised = target ? target->toString() : QString();
    if (!target || !ReceiptDesk::isEscPosTarget(normalised)) {
        *error = tr("\"%1\" is not an ESC/POS printer PayDesk can print to: write tcp:// and the printer's address "
                    "(tcp://192.168.1.50:9100), or its device such as /dev/usb/lp0, /dev/ttyUSB0 or COM3.")
                     .arg(typed);
        return {};
    }
    return normalised;
}

void SettingsDialog::updatePrinterRow()
{
    const bool escPos = escPosChosen();
    m_escPosTarget->setVisible(escPos);
    m_testPrint->setVisible(escPos);
    m_paperWidth->setEnabled(escPos);
    m_copies->setEnabled(m_receiptPrinter->currentIndex() > 0);
    m_printerNote->setText(escPos || m_receiptPrinter->count() > 2
                               ? tr("Receipts are always kept as signed PDF files as well.")
                               : tr("No printer is installed; receipts are kept as signed PDF files."));
    if (m_autoPrintFollowsPrinter) {
        // Until the manager decides: on as soon as there is a printer to print on.
        const bool hasPrinter =
            escPos ? !m_escPosTarget->text().trimmed().isEmpty() : m_receiptPrinter->currentIndex() > 0;
        m_settingAutoPrint = true;
        m_autoPrint->setChecked(hasPrinter);
        m_settingAutoPrint = false;
    }
}

void SettingsDialog::setPrinterStatus(const QString &text, bool error)
{
    m_printerStatus->setText(text);
    m_printerStatus->setProperty("ok", !error);
    m_printerStatus->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
    m_printerStatus->setVisible(!text.isEmpty());
}

QByteArray SettingsDialog::testSlip() const
{
    EscPosRenderer::Options options;
    options.paperMillimetres = m_paperWidth->currentData().toInt();
    const EscPosRenderer renderer(options);
    const QString ruler(renderer.columns(), QLatin1Char('-'));
    QByteArray slip = EscPosRenderer::initialize() + EscPosRenderer::chineseMode(true);
    slip += EscPosRenderer::align(ReceiptLine::Center) + EscPosRenderer::doubleSize(true)
        + EscPosRenderer::encode(tr("Test print")) + '\n' + EscPosRenderer::doubleSize(false);
    slip += EscPosRenderer::encode(tr("PayDesk receipt printer")) + '\n';
    slip += EscPosRenderer::align(ReceiptLine::Left) + EscPosRenderer::encode(ruler) + '\n';
    slip += EscPosRenderer::encode(tr("%1 mm paper: the line above fills the width.").arg(options.paperMillimetres))
        + '\n';
    slip += EscPosRenderer::encode(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat)) + '\n';
    slip += EscPosRenderer::encode(ruler) + '\n';
    return slip + EscPosRenderer::feed(2) + EscPosRenderer::cut();
}

void SettingsDialog::sendTestPrint()
{
    QString error;
    const QString printer = chosenPrinter(&error);
    if (printer.isEmpty()) {
        setPrinterStatus(error, true);
        return;
    }
    if (m_testPrinter->isBusy())
        return;
    const auto target = EscPosPrinter::parseTarget(printer);
    m_testPrint->setEnabled(false);
    setPrinterStatus(tr("Sending a test slip to %1...").arg(printer), false);
    // Asynchronous: the dialog keeps painting while the printer answers, or does not.
    m_testPrinter->send(*target, testSlip());
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString SettingsDialog::statusText() const
{
    return m_status->text();
}

void SettingsDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
}

bool SettingsDialog::save()
{
    // Check everything before writing anything, so a refused save changes nothing.
    if (m_listenerEnabled->isChecked() && QHostAddress(m_listenerAddress->text().trimmed()).isNull()) {
        m_tabs->setCurrentIndex(4);
        setStatus(tr("\"%1\" is not an IP address: use 0.0.0.0 for every network or 127.0.0.1 for this computer only.")
                      .arg(m_listenerAddress->text()),
                  true);
        return false;
    }
    QString printerError;
    const QString printer = chosenPrinter(&printerError);
    if (!printerError.isEmpty()) {
        m_tabs->setCurrentIndex(2);
        setPrinterStatus(printerError, true);
        setStatus(tr("Nothing was saved: the receipt printer is not right (see Devices)."), true);
        m_escPosTarget->setFocus();
        return false;
    }
    const bool saveProfile = !m_form->isReadOnly() && m_form->isModified();
    if (saveProfile && !m_form->isValid()) {
        m_tabs->setCurrentIndex(0);
        setStatus(tr("The merchant profile was not saved: %1").arg(m_form->problems().join(QLatin1Char(' '))), true);
        return false;
    }
    QString keysNote;
    if (saveProfile) {
        // The keychain may prompt, the file needs its passphrase: the dialog
        // waits, still painting, and takes no second click.
        const bool moving = m_form->keepKeysInSecretStore() && SecretMover::needed(m_form->profile());
        if (moving)
            setStatus(tr("Moving the keys into the secret store..."), false);
        setEnabled(false);
        auto saved = SecretMover::saveProfile(m_form->profile(), m_profilePath, m_form->keepKeysInSecretStore(), this);
        setEnabled(true);
        if (!saved) {
            m_tabs->setCurrentIndex(0);
            setStatus(saved.error().message, true);
            return false;
        }
        if (saved->moved) {
            const SecretMover::Moved &moved = *saved->moved;
            keysNote = tr("The keys are now kept in %1.").arg(moved.location);
            if (!saved->filesLeft.isEmpty())
                keysNote += QLatin1Char(' ')
                    + tr("Delete the key files you imported from: %1").arg(saved->filesLeft.join(QStringLiteral(", ")));
            if (!moved.warning.isEmpty())
                keysNote += QLatin1Char(' ') + moved.warning;
            if (!moved.receiptKey.isNull())
                emit receiptKeyMoved(saved->receiptKeyFolder, moved.receiptKey);
        }
        m_form->setProfile(saved->profile);
        m_settings->setMode(AppSettings::Mode::Merchant);
        m_settings->setProfilePath(m_profilePath);
    }

    m_settings->setStoreName(m_storeName->text());
    m_settings->setExpirySeconds(m_expiryMinutes->value() * 60);
    m_settings->setCustomerScreen(m_customerScreen->currentData().toString());
    m_settings->setFullScreen(m_fullScreen->isChecked());
    m_settings->setReceiptsFolder(QDir::fromNativeSeparators(m_receiptsFolder->text()));
    m_settings->setReceiptPrinter(printer);
    if (escPosChosen())
        m_escPosTarget->setText(printer); // as it is kept: "192.168.1.50" reads tcp://192.168.1.50:9100
    m_settings->setPaperMillimetres(m_paperWidth->currentData().toInt());
    m_settings->setReceiptCopies(m_copies->value());
    if (!m_autoPrintFollowsPrinter)
        m_settings->setAutoPrint(m_autoPrint->isChecked());
    m_settings->setListenerEnabled(m_listenerEnabled->isChecked());
    if (m_listenerEnabled->isChecked())
        m_settings->setListenerAddress(m_listenerAddress->text().trimmed());
    m_settings->setListenerPort(quint16(m_listenerPort->value()));
    m_settings->setBackupFolder(m_backupFolder->text().trimmed());
    m_settings->setBackupKeep(m_backupKeep->value());
    m_settings->setLogLevel(m_logLevel->currentData().toString());
    // At once: the categories follow new rules without a restart.
    QLoggingCategory::setFilterRules(m_settings->logRules());
    const QString language = m_language->currentData().toString();
    const bool languageChangedNow = language != m_settings->language();
    m_settings->setLanguage(language);
    m_settings->sync();

    setStatus(keysNote.isEmpty() ? tr("Saved.") : tr("Saved.") + QLatin1Char(' ') + keysNote, false);
    if (languageChangedNow)
        emit languageChanged(language);
    emit settingsSaved();
    return true;
}

} // namespace paydesk::ui
