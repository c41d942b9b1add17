// SPDX-License-Identifier: MIT
// Logs never leak: whatever a message carries, the file holds no key, no
// signature, no full openid; files rotate and keep only the newest few.

#include "logging/logsink.h"
#include "redaction.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

Q_LOGGING_CATEGORY(lcTest, "paydesk.test")

class TestLogging : public QObject
{
    Q_OBJECT

private slots:
    void redaction_data();
    void redaction();
    void fileNeverHoldsSecrets();
    void rotates();
};

void TestLogging::redaction_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("secret");
    QTest::newRow("openid in json") << QStringLiteral("{\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}")
                                    << QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    QTest::newRow("sub_openid") << QStringLiteral("\"sub_openid\": \"oXYZ8uMuAJO_M2pxb1Q9zNjWeS6o\"")
                                << QStringLiteral("oXYZ8uMuAJO_M2pxb1Q9zNjWeS6o");
    QTest::newRow("private key") << QStringLiteral("key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----")
                                 << QStringLiteral("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    QTest::newRow("authorization signature")
        << QStringLiteral("Authorization: WECHATPAY2-SHA256-RSA2048 mchid=\"1\",signature=\"Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA=\"")
        << QStringLiteral("Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA=");
    QTest::newRow("response signature header") << QStringLiteral("Wechatpay-Signature: Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA=")
                                               << QStringLiteral("Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA=");
    // A Luhn-valid card number, with and without separators.
    QTest::newRow("card number") << QStringLiteral("customer note: card 6222021234567890128 declined")
                                 << QStringLiteral("6222021234567890128");
    QTest::newRow("card number spaced") << QStringLiteral("card 4111 1111 1111 1111 ok")
                                        << QStringLiteral("4111 1111 1111 1111");
}

void TestLogging::redaction()
{
    QFETCH(QString, input);
    QFETCH(QString, secret);
    const QString out = Redaction::redact(input);
    QVERIFY2(!out.contains(secret), qPrintable(out));
    // What support needs stays readable.
    QCOMPARE(Redaction::redact(QStringLiteral("PD2405201329ABCDEFGH 4200000000202405201234567890")),
             QStringLiteral("PD2405201329ABCDEFGH 4200000000202405201234567890"));
}

void TestLogging::fileNeverHoldsSecrets()
{
    QTemporaryDir dir;
    LogSink::install({dir.path(), QStringLiteral("paydesk"), 1 << 20, 3, false, QStringLiteral("paydesk.*.debug=true")});
    qCDebug(lcTest) << "answer" << QStringLiteral("{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}");
    qCWarning(lcTest, "loaded -----BEGIN RSA PRIVATE KEY-----\nAAAASECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----");
    qCInfo(lcTest) << "order PD0001 paid";
    const QString path = LogSink::currentFile();
    LogSink::uninstall();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray log = file.readAll();
    QVERIFY(log.contains("order PD0001 paid"));
    QVERIFY(log.contains("paydesk.test"));
    QVERIFY(!log.contains("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
    QVERIFY(!log.contains("SECRETKEYMATERIAL"));
#ifndef Q_OS_WIN
    QCOMPARE(QFile(path).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
#endif
}

void TestLogging::rotates()
{
    QTemporaryDir dir;
    LogSink::install({dir.path(), QStringLiteral("paydesk"), 2000, 3, false, {}});
    for (int i = 0; i < 200; ++i)
        qCWarning(lcTest) << "line" << i << QString(40, QLatin1Char('x'));
    LogSink::uninstall();
    const QStringList files = QDir(dir.path()).entryList({QStringLiteral("paydesk*.log")}, QDir::Files, QDir::Name);
    QCOMPARE(files, (QStringList{QStringLiteral("paydesk.1.log"), QStringLiteral("paydesk.2.log"), QStringLiteral("paydesk.log")}));
    QFile newest(QDir(dir.path()).filePath(QStringLiteral("paydesk.log")));
    QVERIFY(newest.open(QIODevice::ReadOnly));
    QVERIFY(newest.size() <= 2000 + 200);
}

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
