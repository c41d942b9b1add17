// SPDX-License-Identifier: MIT
#include "merchantprofileform.h"

#include "secretmover.h"
#include "wechatpay/apiclient.h"

#include <QCheckBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>

#include <memory>
#include <optional>

Q_LOGGING_CATEGORY(lcMerchantForm, "paydesk.ui.settings")

namespace paydesk::ui {

namespace {

constexpr int TouchHeight = 48;
const QString ListSeparator = QStringLiteral("; ");

QLineEdit *makeLine(const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setMinimumHeight(40);
    edit->setClearButtonEnabled(true);
    return edit;
}

QPushButton *makeButton(const QString &name, QWidget *parent)
{
    auto *button = new QPushButton(parent);
    button->setObjectName(name);
    button->setMinimumHeight(TouchHeight);
    button->setMinimumWidth(120);
    button->setAutoDefault(false);
    return button;
}

QLabel *makeStatus(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setProperty("ok", false);
    return label;
}

// Characters in an APIv3 key file the way MerchantProfile counts them (a
// trailing newline does not count), so the message can say "31".
int apiV3KeyLength(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    QByteArray key = file.read(4096);
    while (key.endsWith('\n') || key.endsWith('\r'))
        key.chop(1);
    return int(key.size());
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

} // namespace

MerchantProfileForm::MerchantProfileForm(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setColumnStretch(1, 1);
    grid->setVerticalSpacing(4);
    int row = 0;

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("trainingNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("QLabel { background: #fff4d6; color: #5c4400; padding: 8px; border-radius: 4px; }"));
    m_note->hide();
    grid->addWidget(m_note, row++, 0, 1, 2);

    auto addLabel = [&](QLabel *&label) {
        label = new QLabel(this);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(label, row, 0);
    };
    auto addField = [&](QLabel *&label, QLineEdit *field) {
        addLabel(label);
        label->setBuddy(field);
        grid->addWidget(field, row++, 1);
    };
    auto addFileField = [&](QLabel *&label, QLineEdit *field, QPushButton *button) {
        addLabel(label);
        label->setBuddy(field);
        auto *box = new QHBoxLayout;
        box->addWidget(field, 1);
        box->addWidget(button);
        grid->addLayout(box, row++, 1);
    };
    auto addStatus = [&](QLabel *status) { grid->addWidget(status, row++, 1); };

    m_mchid = makeLine(QStringLiteral("mchid"), this);
    m_mchid->setMaxLength(32);
    m_appid = makeLine(QStringLiteral("appid"), this);
    m_baseUrl = makeLine(QStringLiteral("baseUrl"), this);
    m_baseUrl->setPlaceholderText(QString::fromLatin1(MerchantProfile::DefaultBaseUrl));
    m_keyFile = makeLine(QStringLiteral("merchantKeyFile"), this);
    m_certFile = makeLine(QStringLiteral("merchantCertFile"), this);
    m_apiV3File = makeLine(QStringLiteral("apiV3KeyFile"), this);
    m_platformFiles = makeLine(QStringLiteral("platformCertFiles"), this);
    m_publicKeyFile = makeLine(QStringLiteral("publicKeyFile"), this);
    m_publicKeyId = makeLine(QStringLiteral("publicKeyId"), this);
    m_publicKeyId->setPlaceholderText(QStringLiteral("PUB_KEY_ID_..."));
    m_notifyUrl = makeLine(QStringLiteral("notifyUrl"), this);
    m_notifyUrl->setPlaceholderText(QStringLiteral("https://"));
    m_terminalId = makeLine(QStringLiteral("terminalId"), this);
    m_subMerchants = new QPlainTextEdit(this);
    m_subMerchants->setObjectName(QStringLiteral("subMerchants"));
    m_subMerchants->setMaximumHeight(90);
    m_subMerchants->setTabChangesFocus(true);

    m_importKey = makeButton(QStringLiteral("importMerchantKey"), this);
    m_importCert = makeButton(QStringLiteral("importMerchantCert"), this);
    m_importApiV3 = makeButton(QStringLiteral("importApiV3Key"), this);
    m_importPlatform = makeButton(QStringLiteral("importPlatformCerts"), this);
    m_importPublicKey = makeButton(QStringLiteral("importPublicKey"), this);
    m_test = makeButton(QStringLiteral("testConnection"), this);

    m_idStatus = makeStatus(QStringLiteral("idStatus"), this);
    m_keyStatus = makeStatus(QStringLiteral("keyStatus"), this);
    m_certStatus = makeStatus(QStringLiteral("certificateStatus"), this);
    m_matchStatus = makeStatus(QStringLiteral("matchStatus"), this);
    m_apiV3Status = makeStatus(QStringLiteral("apiV3Status"), this);
    m_platformStatus = makeStatus(QStringLiteral("platformStatus"), this);
    m_notifyStatus = makeStatus(QStringLiteral("notifyStatus"), this);
    m_connectionStatus = makeStatus(QStringLiteral("connectionStatus"), this);
    m_secretStore = new QCheckBox(this);
    m_secretStore->setObjectName(QStringLiteral("keepKeysInSecretStore"));

    addField(m_mchidLabel, m_mchid);
    addField(m_appidLabel, m_appid);
    addStatus(m_idStatus);
    addField(m_baseUrlLabel, m_baseUrl);
    addFileField(m_keyLabel, m_keyFile, m_importKey);
    addStatus(m_keyStatus);
    addFileField(m_certLabel, m_certFile, m_importCert);
    addStatus(m_certStatus);
    addStatus(m_matchStatus);
    addFileField(m_apiV3Label, m_apiV3File, m_importApiV3);
    addStatus(m_apiV3Status);
    grid->addWidget(m_secretStore, row++, 1);
    addFileField(m_platformLabel, m_platformFiles, m_importPlatform);
    addFileField(m_publicKeyLabel, m_publicKeyFile, m_importPublicKey);
    addField(m_publicKeyIdLabel, m_publicKeyId);
    addStatus(m_platformStatus);
    addField(m_notifyLabel, m_notifyUrl);
    addStatus(m_notifyStatus);
    addField(m_terminalLabel, m_terminalId);
    addLabel(m_subLabel);
    m_subLabel->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_subLabel->setBuddy(m_subMerchants);
    grid->addWidget(m_subMerchants, row++, 1);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_connectionStatus, 1);
    grid->addLayout(testRow, row++, 1);
    grid->setRowStretch(row, 1);

    const QString pemFilter = QStringLiteral("PEM (*.pem *.crt *.cer *.key);;*");
    connect(m_importKey, &QPushButton::clicked, this, [this, pemFilter] { importInto(m_keyFile, pemFilter, false); });
    connect(m_importCert, &QPushButton::clicked, this, [this, pemFilter] { importInto(m_certFile, pemFilter, false); });
    connect(m_importApiV3, &QPushButton::clicked, this,
            [this] { importInto(m_apiV3File, QStringLiteral("*.key *.txt;;*"), false); });
    connect(m_importPlatform, &QPushButton::clicked, this,
            [this, pemFilter] { importInto(m_platformFiles, pemFilter, true); });
    connect(m_importPublicKey, &QPushButton::clicked, this,
            [this, pemFilter] { importInto(m_publicKeyFile, pemFilter, false); });
    connect(m_test, &QPushButton::clicked, this, &MerchantProfileForm::testConnection);

    for (QLineEdit *edit : {m_mchid, m_appid, m_baseUrl, m_keyFile, m_certFile, m_apiV3File, m_platformFiles,
                            m_publicKeyFile, m_publicKeyId, m_notifyUrl, m_terminalId}) {
        connect(edit, &QLineEdit::textChanged, this, &MerchantProfileForm::onEdited);
    }
    connect(m_subMerchants, &QPlainTextEdit::textChanged, this, &MerchantProfileForm::onEdited);
    connect(m_secretStore, &QCheckBox::toggled, this, &MerchantProfileForm::onEdited);

    retranslate();
    validate();
}

MerchantProfileForm::~MerchantProfileForm() = default;

void MerchantProfileForm::retranslate()
{
    m_note->setText(tr("This is the training merchant of the built-in WeChat Pay sandbox. It cannot be edited; "
                       "no real money moves in training mode."));
    m_mchidLabel->setText(tr("Merchant ID (mchid)"));
    m_appidLabel->setText(tr("App ID (appid)"));
    m_baseUrlLabel->setText(tr("WeChat Pay address"));
    m_keyLabel->setText(tr("Merchant private key"));
    m_certLabel->setText(tr("Merchant certificate"));
    m_apiV3Label->setText(tr("APIv3 key file"));
    m_platformLabel->setText(tr("Platform certificates"));
    m_publicKeyLabel->setText(tr("WeChat Pay public key"));
    m_publicKeyIdLabel->setText(tr("Public key ID"));
    m_notifyLabel->setText(tr("Notify URL"));
    m_terminalLabel->setText(tr("Terminal ID"));
    m_subLabel->setText(tr("Sub-merchants"));
    m_keyFile->setPlaceholderText(QStringLiteral("apiclient_key.pem"));
    m_certFile->setPlaceholderText(QStringLiteral("apiclient_cert.pem"));
    m_apiV3File->setPlaceholderText(tr("a file holding the 32-character APIv3 key"));
    m_platformFiles->setPlaceholderText(tr("optional: downloaded on first connection"));
    m_publicKeyFile->setPlaceholderText(tr("optional: pub_key.pem"));
    m_subMerchants->setPlaceholderText(tr("One per line: merchant ID, then name"));
    for (QPushButton *b : {m_importKey, m_importCert, m_importApiV3, m_importPlatform, m_importPublicKey})
        b->setText(tr("Import..."));
    m_test->setText(tr("Test connection"));
    m_secretStore->setText(tr("Keep the keys in the OS keychain (an encrypted file where there is none), not in files"));
    m_secretStore->setToolTip(tr("On saving, the merchant private key, the APIv3 key and the receipt signing key are "
                                 "moved into the keychain, and PayDesk's copies of the key files are deleted."));
    validate();
}

void MerchantProfileForm::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MerchantProfileForm::setProfile(const MerchantProfile &profile)
{
    m_loading = true;
    m_base = profile;
    m_mchid->setText(profile.mchid);
    m_appid->setText(profile.appid);
    m_baseUrl->setText(profile.baseUrl);
    m_keyFile->setText(profile.resolvePath(profile.merchantKeyFile));
    m_certFile->setText(profile.resolvePath(profile.merchantCertFile));
    m_apiV3File->setText(profile.resolvePath(profile.apiV3KeyFile));
    QStringList platform;
    for (const QString &file : profile.platformCertFiles)
        platform << profile.resolvePath(file);
    m_platformFiles->setText(platform.join(ListSeparator));
    m_publicKeyFile->setText(profile.resolvePath(profile.wechatpayPublicKeyFile));
    m_publicKeyId->setText(profile.wechatpayPublicKeyId);
    m_notifyUrl->setText(profile.notifyUrl);
    m_terminalId->setText(profile.terminalId);
    QStringList subs;
    for (const SubMerchant &sub : profile.subMerchants)
        subs << QStringLiteral("%1 %2").arg(sub.mchid, sub.name).trimmed();
    m_subMerchants->setPlainText(subs.join(QLatin1Char('\n')));
    m_note->setVisible(profile.training);
    m_secretStore->setChecked(profile.usesSecretStore());
    m_secretStore->setVisible(!profile.training);
    m_loading = false;
    m_modified = false;
    setConnectionStatus(false, QString());
    validate();
}

bool MerchantProfileForm::keepKeysInSecretStore() const
{
    return m_secretStore->isChecked();
}

MerchantProfile MerchantProfileForm::profile() const
{
    MerchantProfile p = m_base;
    p.mchid = m_mchid->text().trimmed();
    p.appid = m_appid->text().trimmed();
    p.baseUrl = m_baseUrl->text().trimmed();
    p.merchantKeyFile = m_keyFile->text().trimmed();
    p.merchantCertFile = m_certFile->text().trimmed();
    p.apiV3KeyFile = m_apiV3File->text().trimmed();
    // A file given, or the keychain no longer wanted: the file is what counts.
    if (!p.merchantKeyFile.isEmpty() || !keepKeysInSecretStore())
        p.merchantKeySecret.clear();
    if (!p.apiV3KeyFile.isEmpty() || !keepKeysInSecretStore())
        p.apiV3KeySecret.clear();
    p.platformCertFiles = splitList(m_platformFiles->text());
    p.wechatpayPublicKeyFile = m_publicKeyFile->text().trimmed();
    p.wechatpayPublicKeyId = m_publicKeyId->text().trimmed();
    p.notifyUrl = m_notifyUrl->text().trimmed();
    p.terminalId = m_terminalId->text().trimmed();
    p.subMerchants.clear();
    const QStringList lines = m_subMerchants->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        const qsizetype space = trimmed.indexOf(QRegularExpression(QStringLiteral("\\s")));
        SubMerchant sub;
        sub.mchid = space < 0 ? trimmed : trimmed.left(space);
        sub.name = space < 0 ? QString() : trimmed.mid(space).trimmed();
        p.subMerchants << sub;
    }
    return p;
}

void MerchantProfileForm::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (QLineEdit *edit : {m_mchid, m_appid, m_baseUrl, m_keyFile, m_certFile, m_apiV3File, m_platformFiles,
                            m_publicKeyFile, m_publicKeyId, m_notifyUrl, m_terminalId}) {
        edit->setReadOnly(readOnly);
        edit->setClearButtonEnabled(!readOnly);
    }
    m_subMerchants->setReadOnly(readOnly);
    for (QPushButton *b : {m_importKey, m_importCert, m_importApiV3, m_importPlatform, m_importPublicKey})
        b->setEnabled(!readOnly);
    m_secretStore->setEnabled(!readOnly);
}

void MerchantProfileForm::onEdited()
{
    if (m_loading)
        return;
    m_modified = true;
    // An earlier "connected" no longer says anything about the edited profile.
    setConnectionStatus(false, QString());
    validate();
    emit edited();
}

void MerchantProfileForm::importInto(QLineEdit *field, const QString &filter, bool multiple)
{
    const QString start = field->text().isEmpty() ? QString() : QFileInfo(splitList(field->text()).value(0)).absolutePath();
    if (multiple) {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import files"), start, filter);
        if (!files.isEmpty())
            field->setText(files.join(ListSeparator));
    } else {
        const QString file = QFileDialog::getOpenFileName(this, tr("Import file"), start, filter);
        if (!file.isEmpty())
            field->setText(file);
    }
}

void MerchantProfileForm::setStatus(QLabel *label, bool ok, const QString &text, bool warning)
{
    label->setProperty("ok", ok);
    if (text.isEmpty()) {
        label->clear();
        label->hide();
        return;
    }
    const QString mark = ok ? (warning ? QStringLiteral("⚠ ") : QStringLiteral("✓ ")) : QStringLiteral("✗ ");
    const QString colour = !ok ? QStringLiteral("#b00020") : warning ? QStringLiteral("#8a5a00") : QStringLiteral("#1b7f3b");
    label->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colour));
    label->setText(mark + text);
    label->show();
}

void MerchantProfileForm::setConnectionStatus(bool ok, const QString &text)
{
    if (text.isEmpty()) {
        m_connectionStatus->setProperty("ok", false);
        m_connectionStatus->clear();
        return;
    }
    setStatus(m_connectionStatus, ok, text);
}

void MerchantProfileForm::validate()
{
    const MerchantProfile p = profile();
    QStringList problems;
    auto fail = [&](QLabel *label, const QString &text) {
        setStatus(label, false, text);
        problems << text;
    };

    // Identities.
    static const QRegularExpression digits(QStringLiteral("^[0-9]{6,32}$"));
    if (p.mchid.isEmpty())
        fail(m_idStatus, tr("Enter the merchant ID (the 10-digit number from the merchant platform)."));
    else if (!digits.match(p.mchid).hasMatch())
        fail(m_idStatus, tr("The merchant ID has digits only."));
    else if (p.appid.isEmpty())
        fail(m_idStatus, tr("Enter the App ID bound to this merchant (wx...)."));
    else
        setStatus(m_idStatus, true, tr("Merchant %1, App ID %2").arg(p.mchid, p.appid));

    // Key, certificate and whether they belong together.
    std::optional<PrivateKey> key;
    std::optional<Certificate> certificate;
    if (p.merchantKeyFile.isEmpty() && !p.merchantKeySecret.isEmpty()) {
        setStatus(m_keyStatus, true, tr("Kept in the secret store as %1").arg(p.merchantKeySecret));
    } else if (p.merchantKeyFile.isEmpty()) {
        fail(m_keyStatus, tr("Import the merchant private key (apiclient_key.pem)."));
    } else if (auto loaded = p.loadMerchantKey(); loaded) {
        key = *loaded;
        setStatus(m_keyStatus, true, tr("RSA %1-bit private key").arg(loaded->bits()));
    } else {
        fail(m_keyStatus, tr("Not a usable private key: %1").arg(loaded.error().message));
    }
    if (p.merchantCertFile.isEmpty()) {
        fail(m_certStatus, tr("Import the merchant certificate (apiclient_cert.pem)."));
    } else if (auto loaded = p.loadMerchantCertificate(); loaded) {
        certificate = *loaded;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!loaded->isValidAt(now)) {
            fail(m_certStatus, tr("Certificate %1 is not valid now (valid %2 to %3): apply for a new API certificate "
                                  "in the merchant platform.")
                                   .arg(loaded->serialHex(), loaded->notBefore().toString(Qt::ISODate),
                                        loaded->notAfter().toString(Qt::ISODate)));
        } else {
            setStatus(m_certStatus, true,
                      tr("Certificate %1, valid until %2")
                          .arg(loaded->serialHex(), QLocale().toString(loaded->notAfter().toLocalTime().date(),
                                                                        QLocale::ShortFormat)));
        }
    } else {
        fail(m_certStatus, tr("Not a usable certificate: %1").arg(loaded.error().message));
    }
    if (key && certificate) {
        if (MerchantProfile::checkKeyMatchesCertificate(*key, *certificate))
            setStatus(m_matchStatus, true, tr("The private key belongs to this certificate."));
        else
            fail(m_matchStatus, tr("The private key does not belong to certificate %1: import the key that was "
                                   "issued together with this certificate.")
                                    .arg(certificate->serialHex()));
    } else {
        setStatus(m_matchStatus, false, QString());
    }

    // APIv3 key.
    if (p.apiV3KeyFile.isEmpty() && !p.apiV3KeySecret.isEmpty()) {
        setStatus(m_apiV3Status, true, tr("Kept in the secret store as %1").arg(p.apiV3KeySecret));
    } else if (p.apiV3KeyFile.isEmpty()) {
        fail(m_apiV3Status, tr("Import a file holding the 32-character APIv3 key."));
    } else if (auto loaded = p.loadApiV3Key(); loaded) {
        setStatus(m_apiV3Status, true, tr("APIv3 key: 32 characters"));
    } else {
        const int length = apiV3KeyLength(p.resolvePath(p.apiV3KeyFile));
        if (loaded.error().code == QLatin1String("bad_apiv3_key") && length != 32)
            fail(m_apiV3Status, tr("The APIv3 key has %1 characters; it must have exactly 32. Copy it again from the "
                                   "merchant platform (Account > API security).")
                                    .arg(length));
        else
            fail(m_apiV3Status, tr("Not a usable APIv3 key: %1").arg(loaded.error().message));
    }

    // Platform certificates and/or the WeChat Pay public key.
    QStringList warnings;
    if (auto keys = p.loadPlatformKeys(&warnings); keys) {
        QStringList parts;
        if (!keys->certificates().isEmpty())
            parts << tr("%n platform certificate(s)", nullptr, int(keys->certificates().size()));
        if (keys->hasPublicKey())
            parts << tr("WeChat Pay public key %1").arg(keys->publicKeyId());
        if (parts.isEmpty())
            setStatus(m_platformStatus, true,
                      tr("No platform certificate yet: it is downloaded on the first connection."), true);
        else
            setStatus(m_platformStatus, true, parts.join(QStringLiteral("; ")), !warnings.isEmpty());
    } else {
        fail(m_platformStatus, keys.error().message);
    }

    // Notify URL: WeChat Pay only calls https addresses without a query.
    const QUrl url(p.notifyUrl, QUrl::StrictMode);
    if (p.notifyUrl.isEmpty())
        fail(m_notifyStatus, tr("Enter the notify URL WeChat Pay sends payment results to."));
    else if (!url.isValid() || url.host().isEmpty()
             || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        fail(m_notifyStatus, tr("The notify URL is not an http(s) address."));
    else if (!p.training && (url.scheme() != QLatin1String("https") || url.hasQuery()))
        fail(m_notifyStatus, tr("WeChat Pay only calls https addresses without a query string (?...)."));
    else
        setStatus(m_notifyStatus, false, QString());

    const bool wasValid = m_problems.isEmpty();
    m_problems = problems;
    m_test->setEnabled(!isTesting());
    if (wasValid != m_problems.isEmpty())
        emit validityChanged(m_problems.isEmpty());
}

bool MerchantProfileForm::isTesting() const
{
    return m_client && m_client->property("testing").toBool();
}

void MerchantProfileForm::testConnection()
{
    if (isTesting())
        return;
    const MerchantProfile p = profile();
    QStringList warnings;
    // Keys kept in the secret store are read from there (the file store may
    // ask for its passphrase); the store is the one beside the profile file.
    std::unique_ptr<SecretStore> secrets;
    if (p.usesSecretStore()) {
        m_test->setEnabled(false);
        auto opened = SecretMover::openStore(QDir(p.baseDirectory).filePath(QStringLiteral("paydesk.json")),
                                             p.secretNames(), this, nullptr);
        m_test->setEnabled(true);
        if (!opened) {
            const QString message = tr("Cannot connect: %1").arg(opened.error().message);
            setConnectionStatus(false, message);
            emit connectionTested(false, message);
            return;
        }
        secrets = std::move(opened).value();
    }
    auto credentials = secrets ? p.loadCredentials(secrets.get(), &warnings) : p.loadCredentials(&warnings);
    if (!credentials) {
        const QString message = tr("Cannot connect: %1").arg(credentials.error().message);
        setConnectionStatus(false, message);
        emit connectionTested(false, message);
        return;
    }
    if (m_client)
        m_client->deleteLater();
    ApiClient::Options options;
    options.baseUrl = QUrl(p.effectiveBaseUrl());
    options.timeoutMs = 8000;
    options.maxAttempts = 2;
    m_client = new ApiClient(*credentials, options, this);
    m_client->setProperty("testing", true);
    m_test->setEnabled(false);
    m_connectionStatus->setStyleSheet(QString());
    m_connectionStatus->setProperty("ok", false);
    m_connectionStatus->setText(tr("Connecting to %1...").arg(options.baseUrl.host()));

    auto skew = std::make_shared<std::optional<qint64>>();
    connect(m_client, &ApiClient::clockSkewDetected, this, [skew](qint64 seconds) { *skew = seconds; });
    const QString publicKeyId = credentials->platformKeys.publicKeyId();
    QPointer<ApiClient> client = m_client;
    m_client->refreshCertificates([this, client, publicKeyId, skew](ApiResult<QList<PlatformCertificateInfo>> result) {
        if (client)
            client->setProperty("testing", false);
        m_test->setEnabled(true);
        QString message;
        bool ok = result.ok();
        if (!result) {
            message = tr("Connection failed: %1").arg(result.error().toString());
            if (*skew && qAbs(**skew) > 60)
                message += QLatin1Char(' ') + tr("This terminal's clock is %1 s off: set the system time.").arg(qAbs(**skew));
            qCWarning(lcMerchantForm) << "test connection failed:" << result.error().code;
        } else if (result->isEmpty() && publicKeyId.isEmpty()) {
            ok = false;
            message = tr("WeChat Pay accepted the request but has no platform certificates for this merchant: "
                         "import the WeChat Pay public key and its ID.");
        } else if (result->isEmpty()) {
            message = tr("Connected. WeChat Pay accepted the signed request (public key %1).").arg(publicKeyId);
        } else {
            message = tr("Connected. WeChat Pay accepted the signed request and sent %n platform certificate(s).",
                         nullptr, int(result->size()));
        }
        setConnectionStatus(ok, message);
        emit connectionTested(ok, message);
    });
}

} // namespace paydesk::ui
