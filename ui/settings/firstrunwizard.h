// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"

#include <QWizard>

class QLabel;
class QLineEdit;
class QRadioButton;

namespace paydesk::ui {

class AppSettings;
class MerchantProfileForm;

// The first start of PayDesk on a terminal: (1) training mode or a real
// merchant account, (2) the store's name, (3, real only) the merchant profile,
// checked as it is filled in, (4) the manager PIN, twice, and optionally a
// cashier PIN.
//
// On Finish, a real merchant's profile is written to the profile file
// (ProfileWriter, imported files copied beside it), and AppSettings records
// mode, store name, profile path and firstRunDone. The wizard never opens the
// terminal's database: the caller opens it and stores managerPin() and
// cashierPin() with PinVault (and, in training mode, sets up the sandbox
// merchant).
class FirstRunWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { ModePage, StorePage, MerchantPage, PinPage };

    // Empty `profilePath`: settings->profilePath().
    explicit FirstRunWizard(AppSettings *settings, const QString &profilePath = {}, QWidget *parent = nullptr);
    ~FirstRunWizard() override;

    bool training() const;
    QString storeName() const;
    // Real mode: the profile (as saved once the wizard finished).
    MerchantProfile profile() const;
    QString managerPin() const;
    QString cashierPin() const; // empty: no cashier PIN
    MerchantProfileForm *merchantForm() const { return m_form; }

    int nextId() const override;
    bool validateCurrentPage() override;
    void done(int result) override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showPageError(QLabel *label, const QString &text);

    AppSettings *m_settings;
    QString m_profilePath;
    MerchantProfile m_savedProfile;
    bool m_profileSaved = false;

    QWizardPage *m_modePage, *m_storePage, *m_merchantPage, *m_pinPage;
    QRadioButton *m_trainingChoice, *m_merchantChoice;
    QLabel *m_trainingText, *m_merchantText;
    QLabel *m_storeNameLabel;
    QLineEdit *m_storeName;
    QLabel *m_storeError;
    MerchantProfileForm *m_form;
    QLabel *m_merchantError;
    QLabel *m_managerPinLabel, *m_managerRepeatLabel, *m_cashierPinLabel, *m_cashierRepeatLabel, *m_cashierNote;
    QLineEdit *m_managerPin, *m_managerRepeat, *m_cashierPin, *m_cashierRepeat;
    QLabel *m_pinError;
};

} // namespace paydesk::ui
