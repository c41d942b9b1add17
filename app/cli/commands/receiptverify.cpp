// SPDX-License-Identifier: MIT
#include "commands.h"
#include "receipt/pdfsigner.h"
#include "receipt/receiptkey.h"

#include <QFile>

namespace paydesk::cli {

namespace {

class ReceiptVerifyCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("receipt"), QStringLiteral("verify") }; }
    QString summary() const override
    {
        return QStringLiteral("Check a receipt PDF's signature (RSA or SM2); exit 6 when it was altered.");
    }
    QString synopsis() const override { return QStringLiteral("FILE [--cert PEM | --key-dir DIR]"); }
    bool acceptsArguments() const override { return true; }
    QString details() const override
    {
        return QStringLiteral(
            "Checks the PDF's last signature: its byte range covers the whole file but the signature\n"
            "itself, and the CMS signature (SHA-256 with RSA, or SM3 with SM2, which pdfsig does not\n"
            "know) is valid over those bytes. With --cert (a PEM certificate) or --key-dir (the store's\n"
            "receipt-key folder) the signer must be exactly that certificate; without either, so must\n"
            "the receipt key the profile keeps in the secret store, if it names one. Prints valid, signer,\n"
            "certificate_serial, signing_time, digest, key_type, trusted. Exit 6 when the signature is\n"
            "broken, missing, or by another signer; 2 when the file cannot be read.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("file"), QStringLiteral("The receipt PDF."), QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("cert"), QStringLiteral("The signer's certificate (PEM)."), QStringLiteral("PEM") });
        parser.addOption({ QStringLiteral("key-dir"), QStringLiteral("The store's receipt-key folder."),
                           QStringLiteral("DIR") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        // `receipt verify FILE`; --file FILE says the same.
        const QStringList files = parser.positionalArguments() + parser.values(QStringLiteral("file"));
        if (files.size() != 1)
            return CliError::usage(QStringLiteral("name exactly one receipt file: receipt verify FILE"));
        if (parser.isSet(QStringLiteral("cert")) && parser.isSet(QStringLiteral("key-dir")))
            return CliError::usage(QStringLiteral("--cert and --key-dir exclude each other"));
        m_file = files.constFirst();
        m_cert = parser.value(QStringLiteral("cert"));
        m_keyDir = parser.value(QStringLiteral("key-dir"));
        return {};
    }

    void run(CliContext &context) override
    {
        QFile file(m_file);
        if (!file.open(QIODevice::ReadOnly)) {
            CliError e = CliError::usage(QStringLiteral("cannot read %1: %2").arg(m_file, file.errorString()));
            e.code = QStringLiteral("UNREADABLE_FILE");
            return context.fail(e);
        }
        const QByteArray pdf = file.readAll();

        Certificate expected;
        if (!m_cert.isEmpty()) {
            auto certificate = Certificate::fromFile(m_cert);
            if (!certificate)
                return context.fail(CliError::config(certificate.error()));
            expected = *certificate;
        } else if (!m_keyDir.isEmpty()) {
            auto key = ReceiptKey::open(m_keyDir);
            if (!key)
                return context.fail(CliError::config(key.error()));
            expected = key->certificate();
        } else {
            // The profile's receipt key in the secret store, when it names one.
            auto key = context.receiptKeyFromSecretStore();
            if (!key)
                return context.fail(key.error());
            if (!key->isNull())
                expected = key->certificate();
        }

        auto info = PdfSigner::verify(pdf, expected);
        if (!info) {
            context.printJson({ { QStringLiteral("file"), m_file }, { QStringLiteral("valid"), false },
                                { QStringLiteral("reason"), info.error().code } });
            CliError e;
            e.exitCode = StoreError;
            e.code = QStringLiteral("RECEIPT_SIGNATURE_INVALID");
            e.message = info.error().message;
            e.context = { { QStringLiteral("file"), m_file } };
            return context.fail(e);
        }
        context.succeed({
            { QStringLiteral("file"), m_file },
            { QStringLiteral("valid"), true },
            { QStringLiteral("signer"), info->signerName },
            { QStringLiteral("certificate_serial"), info->certificateSerial },
            { QStringLiteral("signing_time"), info->signingTime.toString(Qt::ISODate) },
            { QStringLiteral("digest"), info->digest },
            { QStringLiteral("key_type"), info->keyType },
            { QStringLiteral("trusted"), !expected.isNull() },
        });
    }

private:
    QString m_file;
    QString m_cert;
    QString m_keyDir;
};

} // namespace

std::unique_ptr<Command> makeReceiptVerifyCommand()
{
    return std::make_unique<ReceiptVerifyCommand>();
}

} // namespace paydesk::cli
