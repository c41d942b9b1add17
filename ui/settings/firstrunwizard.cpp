// SPDX-License-Identifier: MIT
#include "firstrunwizard.h"

#include "appsettings.h"
#include "config/pinvault.h"
#include "merchantprofileform.h"
#include "secretmover.h"

#include <QAbstractButton>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {

QLabel *errorLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    label->hide();
    return label;
}

QLineEdit *pinField(const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setEchoMode(QLineEdit::Password);
    edit->setMaxLength(PinVault::MaxLength);
    edit->setMinimumHeight(44);
    edit->setMaximumWidth(240);
    edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,8}")), edit));
    return edit;
}

QRadioButton *choice(const QString &name, QWidget *parent)
{
    auto *button = new QRadioButton(parent);
    button->setObjectName(name);
    button->setMinimumHeight(48);
    // Only as wide as its text: a radio button reacts to taps on its text, so
    // a stretched one would ignore taps in its empty right half.
    button->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    QFont f = button->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    button->setFont(f);
    return button;
}

QLabel *choiceText(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setContentsMargins(32, 0, 0, 12);
    return label;
}

} // namespace

FirstRunWizard::FirstRunWizard(AppSettings *settings, const QString &profilePath, QWidget *parent)
    : QWizard(parent), m_settings(settings), m_profilePath(profilePath.isEmpty() ? settings->profilePath() : profilePath)
{
    setObjectName(QStringLiteral("FirstRunWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);

    // 1: training or a real merchant.
    m_modePage = new QWizardPage(this);
    {
        auto *layout = new QVBoxLayout(m_modePage);
        m_trainingChoice = choice(QStringLiteral("trainingChoice"), m_modePage);
        m_trainingText = choiceText(m_modePage);
        m_merchantChoice = choice(QStringLiteral("merchantChoice"), m_modePage);
        m_merchantText = choiceText(m_modePage);
        m_trainingChoice->setChecked(true);
        layout->addWidget(m_trainingChoice);
        layout->addWidget(m_trainingText);
        layout->addWidget(m_merchantChoice);
        layout->addWidget(m_merchantText);
        layout->addStretch(1);
    }

    // 2: store name.
    m_storePage = new QWizardPage(this);
    {
        auto *form = new QFormLayout(m_storePage);
        m_storeName = new QLineEdit(m_storePage);
        m_storeName->setObjectName(QStringLiteral("storeName"));
        m_storeName->setMinimumHeight(44);
        m_storeName->setMaxLength(64);
        m_storeNameLabel = new QLabel(m_storePage);
        m_storeNameLabel->setBuddy(m_storeName);
        m_storeError = errorLabel(QStringLiteral("storeError"), m_storePage);
        form->addRow(m_storeNameLabel, m_storeName);
        form->addRow(QString(), m_storeError);
    }

    // 3: the merchant profile (real merchants only).
    m_merchantPage = new QWizardPage(this);
    {
        auto *layout = new QVBoxLayout(m_merchantPage);
        auto *scroll = new QScrollArea(m_merchantPage);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        m_form = new MerchantProfileForm(scroll);
        m_form->setObjectName(QStringLiteral("merchantForm"));
        MerchantProfile blank;
        blank.name = QStringLiteral("production");
        blank.baseDirectory = QFileInfo(m_profilePath).absolutePath();
        m_form->setProfile(blank);
        scroll->setWidget(m_form);
        m_merchantError = errorLabel(QStringLiteral("merchantError"), m_merchantPage);
        layout->addWidget(scroll, 1);
        layout->addWidget(m_merchantError);
    }

    // 4: PINs.
    m_pinPage = new QWizardPage(this);
    {
        auto *form = new QFormLayout(m_pinPage);
        m_managerPin = pinField(QStringLiteral("managerPin"), m_pinPage);
        m_managerRepeat = pinField(QStringLiteral("managerPinRepeat"), m_pinPage);
        m_cashierPin = pinField(QStringLiteral("cashierPin"), m_pinPage);
        m_cashierRepeat = pinField(QStringLiteral("cashierPinRepeat"), m_pinPage);
        m_managerPinLabel = new QLabel(m_pinPage);
        m_managerRepeatLabel = new QLabel(m_pinPage);
        m_cashierPinLabel = new QLabel(m_pinPage);
        m_cashierRepeatLabel = new QLabel(m_pinPage);
        m_cashierNote = new QLabel(m_pinPage);
        m_cashierNote->setWordWrap(true);
        m_pinError = errorLabel(QStringLiteral("pinError"), m_pinPage);
        form->addRow(m_managerPinLabel, m_managerPin);
        form->addRow(m_managerRepeatLabel, m_managerRepeat);
        form->addRow(QString(), m_cashierNote);
        form->addRow(m_cashierPinLabel, m_cashierPin);
        form->addRow(m_cashierRepeatLabel, m_cashierRepeat);
        form->addRow(QString(), m_pinError);
    }

    setPage(ModePage, m_modePage);
    setPage(StorePage, m_storePage);
    setPage(MerchantPage, m_merchantPage);
    setPage(PinPage, m_pinPage);
    setStartId(ModePage);

    for (QWizard::WizardButton which : {QWizard::BackButton, QWizard::NextButton, QWizard::FinishButton,
                                        QWizard::CancelButton}) {
        button(which)->setMinimumSize(110, 48);
    }
    retranslate();
    resize(860, 680);
}

FirstRunWizard::~FirstRunWizard() = default;

void FirstRunWizard::retranslate()
{
    setWindowTitle(tr("Welcome to PayDesk"));
    setButtonText(QWizard::BackButton, tr("Back"));
    setButtonText(QWizard::NextButton, tr("Next"));
    setButtonText(QWizard::FinishButton, tr("Finish"));
    setButtonText(QWizard::CancelButton, tr("Cancel"));

    m_modePage->setTitle(tr("How do you want to start?"));
    m_modePage->setSubTitle(tr("You can change this later in the settings."));
    m_trainingChoice->setText(tr("Try it in training mode"));
    m_trainingText->setText(tr("PayDesk runs with a built-in WeChat Pay sandbox: ring up sales, let a "
                               "pretend customer pay, refund and print receipts. No merchant account "
                               "is needed and no real money moves."));
    m_merchantChoice->setText(tr("Connect a real merchant account"));
    m_merchantText->setText(tr("You need the merchant ID, the App ID, the API certificate and private key "
                               "(apiclient_cert.pem, apiclient_key.pem) and the APIv3 key from the WeChat "
                               "Pay merchant platform."));

    m_storePage->setTitle(tr("Your store"));
    m_storePage->setSubTitle(tr("The name appears on receipts and on the customer display."));
    m_storeNameLabel->setText(tr("Store name"));
    m_storeName->setPlaceholderText(tr("e.g. Harbour Noodle House"));

    m_merchantPage->setTitle(tr("Merchant account"));
    m_merchantPage->setSubTitle(tr("Import the files from the merchant platform. Each one is checked "
                                   "at once; \"Test connection\" makes a real signed call to WeChat Pay."));

    m_pinPage->setTitle(tr("Manager PIN"));
    m_pinPage->setSubTitle(tr("Refunds, reports and settings ask for the manager PIN. "
                              "Use 4 to 8 digits and keep it to yourself."));
    m_managerPinLabel->setText(tr("Manager PIN"));
    m_managerRepeatLabel->setText(tr("Repeat manager PIN"));
    m_cashierNote->setText(tr("Optional: a cashier PIN to unlock the till. Leave empty for none."));
    m_cashierPinLabel->setText(tr("Cashier PIN"));
    m_cashierRepeatLabel->setText(tr("Repeat cashier PIN"));
}

void FirstRunWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

bool FirstRunWizard::training() const
{
    return m_trainingChoice->isChecked();
}

QString FirstRunWizard::storeName() const
{
    return m_storeName->text().trimmed();
}

MerchantProfile FirstRunWizard::profile() const
{
    if (m_profileSaved)
        return m_savedProfile;
    MerchantProfile p = m_form->profile();
    p.storeName = storeName();
    return p;
}

QString FirstRunWizard::managerPin() const
{
    return m_managerPin->text();
}

QString FirstRunWizard::cashierPin() const
{
    return m_cashierPin->text();
}

int FirstRunWizard::nextId() const
{
    switch (currentId()) {
    case ModePage:
        return StorePage;
    case StorePage:
        return training() ? PinPage : MerchantPage;
    case MerchantPage:
        return PinPage;
    default:
        return -1;
    }
}

void FirstRunWizard::showPageError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

bool FirstRunWizard::validateCurrentPage()
{
    switch (currentId()) {
    case StorePage:
        if (storeName().isEmpty()) {
            showPageError(m_storeError, tr("Enter the store's name."));
            m_storeName->setFocus();
            return false;
        }
        showPageError(m_storeError, QString());
        return true;
    case MerchantPage:
        if (!m_form->isValid()) {
            showPageError(m_merchantError, tr("Fix these first: %1").arg(m_form->problems().join(QLatin1Char(' '))));
            return false;
        }
        showPageError(m_merchantError, QString());
        return true;
    case PinPage: {
        // PinVault's own rule, so the wizard never accepts a PIN it cannot store.
        if (!PinVault::validatePin(managerPin()).isEmpty()) {
            showPageError(m_pinError, tr("The manager PIN must have 4 to 8 digits."));
            return false;
        }
        if (managerPin() != m_managerRepeat->text()) {
            showPageError(m_pinError, tr("The two manager PINs are not the same."));
            m_managerRepeat->clear();
            return false;
        }
        if (!cashierPin().isEmpty() || !m_cashierRepeat->text().isEmpty()) {
            if (!PinVault::validatePin(cashierPin()).isEmpty()) {
                showPageError(m_pinError, tr("The cashier PIN must have 4 to 8 digits, or leave it empty."));
                return false;
            }
            if (cashierPin() != m_cashierRepeat->text()) {
                showPageError(m_pinError, tr("The two cashier PINs are not the same."));
                m_cashierRepeat->clear();
                return false;
            }
            if (cashierPin() == managerPin()) {
                showPageError(m_pinError, tr("The cashier PIN must differ from the manager PIN."));
                return false;
            }
        }
        if (!training() && !m_profileSaved) {
            // The keychain may prompt, the file needs its passphrase: the wizard waits, still painting.
            setEnabled(false);
            auto saved = SecretMover::saveProfile(profile(), m_profilePath, m_form->keepKeysInSecretStore(), this);
            setEnabled(true);
            if (!saved) {
                showPageError(m_pinError, saved.error().message);
                return false;
            }
            m_savedProfile = saved->profile;
            m_profileSaved = true;
        }
        showPageError(m_pinError, QString());
        return true;
    }
    default:
        return true;
    }
}

void FirstRunWizard::done(int result)
{
    if (result != QDialog::Accepted) {
        QWizard::done(result);
        return;
    }
    if (!validateCurrentPage())
        return;
    m_settings->setMode(training() ? AppSettings::Mode::Training : AppSettings::Mode::Merchant);
    m_settings->setStoreName(storeName());
    if (!training())
        m_settings->setProfilePath(m_profilePath);
    m_settings->setFirstRunDone(true);
    m_settings->sync();
    // QWizard::done() would validate the page a second time.
    QDialog::done(result);
}

} // namespace paydesk::ui
