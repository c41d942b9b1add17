// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace paydesk {
class ApiClient;
}

namespace paydesk::ui {

// The merchant profile as an installer fills it in: identities, the key,
// certificate and APIv3 key files (each with an Import button), platform
// certificates or the WeChat Pay public key, notify URL, terminal id and
// sub-merchants. Shared by SettingsDialog's Merchant tab and the first-run
// wizard, so both check the same way.
//
// Every edit is checked at once and the verdict shown next to the field: the
// key loads, the certificate loads and is valid now, the key belongs to the
// certificate, the APIv3 key has 32 characters, the platform keys load.
// "Test connection" makes a real signed call (GET /v3/certificates) with the
// edited profile, asynchronously, and shows WeChat Pay's answer.
//
// Each status label carries a bool property "ok" for tests and accessibility.
class MerchantProfileForm : public QWidget
{
    Q_OBJECT

public:
    explicit MerchantProfileForm(QWidget *parent = nullptr);
    ~MerchantProfileForm() override;

    // Shows `profile`; file names appear resolved (absolute).
    void setProfile(const MerchantProfile &profile);
    // The profile as edited; file names as shown (absolute), name,
    // baseDirectory, training and unknown keys from the profile last set.
    MerchantProfile profile() const;

    // "Keep the keys in the OS keychain": the merchant key and APIv3 key
    // files go into the secret store when the profile is saved (SecretMover),
    // and a profile that already keeps them there needs no files. Ticked when
    // the profile set uses the secret store.
    bool keepKeysInSecretStore() const;

    // Read-only: nothing can be edited or imported; "Test connection" stays.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    bool isModified() const { return m_modified; }

    // The local checks all pass (no network): ids, files, key matches
    // certificate, APIv3 key, platform keys, notify URL.
    bool isValid() const { return m_problems.isEmpty(); }
    // One translated line per failing check.
    QStringList problems() const { return m_problems; }

    // Asynchronous; connectionTested() reports the answer.
    void testConnection();
    bool isTesting() const;

signals:
    void validityChanged(bool valid);
    void edited();
    void connectionTested(bool ok, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void validate();
    void onEdited();
    void importInto(QLineEdit *field, const QString &filter, bool multiple);
    void setStatus(QLabel *label, bool ok, const QString &text, bool warning = false);
    void setConnectionStatus(bool ok, const QString &text);

    MerchantProfile m_base; // what setProfile() gave: name, folder, unknown keys
    bool m_readOnly = false;
    bool m_modified = false;
    bool m_loading = false;
    QStringList m_problems;
    QPointer<ApiClient> m_client;

    QLabel *m_note;
    QLabel *m_mchidLabel, *m_appidLabel, *m_baseUrlLabel, *m_keyLabel, *m_certLabel, *m_apiV3Label,
        *m_platformLabel, *m_publicKeyLabel, *m_publicKeyIdLabel, *m_notifyLabel, *m_terminalLabel, *m_subLabel;
    QLineEdit *m_mchid, *m_appid, *m_baseUrl, *m_keyFile, *m_certFile, *m_apiV3File, *m_platformFiles,
        *m_publicKeyFile, *m_publicKeyId, *m_notifyUrl, *m_terminalId;
    QPlainTextEdit *m_subMerchants;
    QCheckBox *m_secretStore;
    QPushButton *m_importKey, *m_importCert, *m_importApiV3, *m_importPlatform, *m_importPublicKey, *m_test;
    QLabel *m_idStatus, *m_keyStatus, *m_certStatus, *m_matchStatus, *m_apiV3Status, *m_platformStatus,
        *m_notifyStatus, *m_connectionStatus;
};

} // namespace paydesk::ui
