// SPDX-License-Identifier: MIT
// Key material is wiped from memory after use (SecretBytes, OPENSSL_cleanse):
// the helper's rules (only the last owner wipes, in place, never a shared or
// borrowed buffer), then the real paths with a scan of this process's
// writable memory: after the APIv3 key was loaded from its file and used, a
// PIN hashed, a secrets file written and read back, none of them is left
// anywhere in the heap, freed blocks included.

#include "config/filesecretstore.h"
#include "config/merchantprofile.h"
#include "config/pinvault.h"
#include "crypto/secretbytes.h"
#include "wechatpay/encryptedresource.h"
#include "wechatpay/merchantcredentials.h"
#include "wechatpay/notificationdecoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <vector>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace paydesk;

// Under AddressSanitizer the process's anonymous memory includes ASan's shadow
// and allocator reservations (terabytes, mapped but never touched): a scan of
// it does not end, and ASan's quarantine keeps freed blocks away from reuse
// anyway. The memory scan is for the release build; the wipe rules above it
// run everywhere.
#if defined(__SANITIZE_ADDRESS__)
#define PAYDESK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAYDESK_UNDER_ASAN 1
#endif
#endif

namespace {

// A random secret of `size` characters from `alphabet`, returned with every
// byte inverted: the test never holds the plain bytes except for the moment
// it hands them over, so a scan finding them found PayDesk's copy.
QByteArray invertedSecret(int size, const char *alphabet)
{
    const int alphabetSize = int(qstrlen(alphabet));
    unsigned char random[64];
    Q_ASSERT(size <= int(sizeof random));
    if (RAND_bytes(random, size) != 1)
        qFatal("RAND_bytes failed");
    QByteArray inverted(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        inverted[i] = char(~alphabet[random[i] % alphabetSize]);
    OPENSSL_cleanse(random, sizeof random);
    return inverted;
}

QByteArray plainOf(const QByteArray &inverted)
{
    QByteArray plain;
    plain.reserve(inverted.size() + 1); // room for a '\n' without reallocating
    plain.resize(inverted.size());
    for (qsizetype i = 0; i < inverted.size(); ++i)
        plain[i] = char(~inverted.at(i));
    return plain;
}

#ifdef Q_OS_LINUX
// The `size` bytes at `address` in this process, read through /proc/self/mem
// (an address whose block was freed is still mapped, and an unmapped one is
// an error here, not a crash). Nothing is allocated on the way, so a freed
// block is read as free() left it.
bool readOwnMemory(const void *address, unsigned char *out, size_t size)
{
    const int fd = ::open("/proc/self/mem", O_RDONLY);
    if (fd < 0)
        return false;
    const ssize_t got = ::pread(fd, out, size, off_t(quintptr(address)));
    ::close(fd);
    return got == ssize_t(size);
}

// Whether the plain form of `inverted` is still at `address`.
bool stillThere(const void *address, const QByteArray &inverted)
{
    unsigned char bytes[64] = {};
    const size_t n = size_t(inverted.size());
    if (n > sizeof bytes || !readOwnMemory(address, bytes, n))
        return false;
    bool same = true;
    for (size_t i = 0; i < n; ++i)
        same = same && bytes[i] == static_cast<unsigned char>(~inverted.at(qsizetype(i)));
    OPENSSL_cleanse(bytes, sizeof bytes);
    return same;
}

// How often the plain form of `inverted` occurs in this process's readable and
// writable anonymous memory (heap, thread arenas, stacks), read through
// /proc/self/mem so an unmapped page is an error, not a crash.
int occurrencesInMemory(const QByteArray &inverted)
{
    std::vector<unsigned char> buffer(1 << 20);
    const auto *own = buffer.data();
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = maps.readAll().split('\n');
    const int fd = ::open("/proc/self/mem", O_RDONLY);
    if (fd < 0)
        return -1;
    const qsizetype n = inverted.size();
    const auto first = static_cast<unsigned char>(~inverted.at(0));
    int hits = 0;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 5 || f.at(1).size() < 2 || f.at(1).at(0) != 'r' || f.at(1).at(1) != 'w')
            continue;
        const QByteArray path = f.size() > 5 ? f.at(5) : QByteArray();
        if (!path.isEmpty() && path != "[heap]" && !path.startsWith("[stack"))
            continue;
        const QList<QByteArray> range = f.at(0).split('-');
        bool ok1 = false, ok2 = false;
        const quint64 start = range.value(0).toULongLong(&ok1, 16), end = range.value(1).toULongLong(&ok2, 16);
        if (!ok1 || !ok2 || (quintptr(own) >= start && quintptr(own) < end))
            continue; // the scan's own buffer holds what it last read
        for (quint64 at = start; at < end;) {
            const size_t want = size_t(qMin<quint64>(buffer.size(), end - at));
            const ssize_t got = ::pread(fd, buffer.data(), want, off_t(at));
            if (got <= 0)
                break;
            for (ssize_t i = 0; i + n <= got; ++i) {
                if (buffer[size_t(i)] != first)
                    continue;
                qsizetype k = 1;
                while (k < n && buffer[size_t(i + k)] == static_cast<unsigned char>(~inverted.at(k)))
                    ++k;
                if (k == n)
                    ++hits;
            }
            // Overlap so a secret across two reads is found.
            at += quint64(got) > quint64(n) ? quint64(got) - quint64(n - 1) : quint64(got);
        }
    }
    ::close(fd);
    OPENSSL_cleanse(buffer.data(), buffer.size());
    return hits;
}
#endif

} // namespace

class TestSecretBytes : public QObject
{
    Q_OBJECT

private slots:
    void cleanse_data();
    void cleanse();
    void copiesShareAndOnlyTheLastWipes();
    void freedKeyBufferHoldsNoKey();
    void nothingLeftInMemoryAfterUse();
};

void TestSecretBytes::cleanse_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("wiped");
    QTest::newRow("its own buffer: wiped in place") << QStringLiteral("own") << true;
    QTest::newRow("shared with a copy: left to the last owner") << QStringLiteral("shared") << false;
    QTest::newRow("borrowed (fromRawData): not ours") << QStringLiteral("raw") << false;
    QTest::newRow("a QString's own buffer") << QStringLiteral("string") << true;
}

void TestSecretBytes::cleanse()
{
    QFETCH(QString, kind);
    QFETCH(bool, wiped);
    static const char text[] = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    if (kind == QLatin1String("string")) {
        QString s = QString::fromLatin1(text);
        const QChar *before = s.constData();
        QCOMPARE(SecretBytes::cleanse(s), wiped);
        QCOMPARE(s.constData(), before); // in place, no detach
        QCOMPARE(s, QString(32, QChar(0)));
        return;
    }
    char raw[sizeof text];
    memcpy(raw, text, sizeof text);
    QByteArray bytes = kind == QLatin1String("raw") ? QByteArray::fromRawData(raw, 32) : QByteArray(text, 32);
    const QByteArray other = kind == QLatin1String("shared") ? bytes : QByteArray();
    const char *before = bytes.constData();
    QCOMPARE(SecretBytes::cleanse(bytes), wiped);
    QCOMPARE(bytes.constData(), before);
    if (wiped) {
        QCOMPARE(bytes, QByteArray(32, '\0'));
    } else {
        QCOMPARE(bytes, QByteArray(text, 32));
        QCOMPARE(QByteArray(raw, 32), QByteArray(text, 32));
    }
    SecretBytes::wipe(bytes);
    QVERIFY(bytes.isEmpty());
    if (kind == QLatin1String("shared"))
        QCOMPARE(other, QByteArray(text, 32)); // the other owner still reads its key
}

void TestSecretBytes::copiesShareAndOnlyTheLastWipes()
{
    SecretBytes a(QByteArray("0123456789abcdef0123456789abcdef"));
    const char *buffer = a.bytes().constData();
    {
        SecretBytes b = a;
        QCOMPARE(b.bytes().constData(), buffer); // shared, not copied
        b.wipe();
        QVERIFY(b.isEmpty());
    }
    QCOMPARE(a.bytes(), QByteArray("0123456789abcdef0123456789abcdef"));
    SecretBytes moved = std::move(a);
    QVERIFY(a.isEmpty()); // NOLINT: moved-from is empty by contract
    QCOMPARE(moved.bytes().constData(), buffer);
    QVERIFY(moved == SecretBytes(QByteArray("0123456789abcdef0123456789abcdef")));
    const QByteArray &asBytes = moved; // reads like the QByteArray it was
    QCOMPARE(asBytes.size(), 32);
}

// The buffer the APIv3 key was read into from its file is the one the
// credentials hold; once they go, the freed block must not show the key.
void TestSecretBytes::freedKeyBufferHoldsNoKey()
{
#ifndef Q_OS_LINUX
    QSKIP("reads its own memory through /proc/self/mem");
#else
    QTemporaryDir dir;
    const QByteArray apiV3Key = invertedSecret(32, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    {
        QFile file(dir.filePath(QStringLiteral("apiv3.key")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        QByteArray plain = plainOf(apiV3Key);
        QCOMPARE(file.write(plain), plain.size());
        SecretBytes::wipe(plain);
    }
    const void *where = nullptr;
    {
        MerchantProfile profile;
        profile.baseDirectory = dir.path();
        profile.apiV3KeyFile = QStringLiteral("apiv3.key");
        auto key = profile.loadApiV3Key();
        QVERIFY2(key, key ? "" : qPrintable(key.error().message));
        MerchantCredentials credentials;
        credentials.apiV3Key = std::move(key).value();
        where = credentials.apiV3Key.bytes().constData();
        QVERIFY(stillThere(where, apiV3Key)); // the probe sees a live key
        const NotificationDecoder decoder(credentials); // a second holder, shared
        Q_UNUSED(decoder);
    }
    QVERIFY2(!stillThere(where, apiV3Key), "the APIv3 key is still in its freed buffer");

    // And SecretBytes itself, whatever made it.
    const QByteArray secret = invertedSecret(48, "0123456789abcdef");
    {
        QByteArray plain = plainOf(secret);
        SecretBytes held(std::move(plain));
        where = held.bytes().constData();
        QVERIFY(stillThere(where, secret));
    }
    QVERIFY(!stillThere(where, secret));
#endif
}

void TestSecretBytes::nothingLeftInMemoryAfterUse()
{
#if !defined(Q_OS_LINUX)
    QSKIP("reads its own memory through /proc/self/mem");
#elif defined(PAYDESK_UNDER_ASAN)
    QSKIP("ASan's shadow memory is terabytes of mapped pages: the scan runs in the release build");
#else
    QTemporaryDir dir;
    const QByteArray apiV3Key = invertedSecret(32, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    const QByteArray pin = invertedSecret(8, "0123456789");
    const QByteArray secret = invertedSecret(48, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    QCOMPARE(occurrencesInMemory(apiV3Key), 0);
    QCOMPARE(occurrencesInMemory(pin), 0);
    QCOMPARE(occurrencesInMemory(secret), 0);

    // The APIv3 key from its file, into the credentials, used to decrypt.
    {
        QFile file(dir.filePath(QStringLiteral("apiv3.key")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        QByteArray plain = plainOf(apiV3Key);
        plain.append('\n'); // in place: no second, unwiped buffer
        QCOMPARE(file.write(plain), plain.size());
        SecretBytes::wipe(plain);
    }
    {
        MerchantProfile profile;
        profile.baseDirectory = dir.path();
        profile.apiV3KeyFile = QStringLiteral("apiv3.key");
        auto key = profile.loadApiV3Key();
        QVERIFY2(key, key ? "" : qPrintable(key.error().message));
        MerchantCredentials credentials;
        credentials.apiV3Key = std::move(key).value();
        auto sealed = EncryptedResource::encrypt(credentials.apiV3Key, "{\"trade_state\":\"SUCCESS\"}", "transaction",
                                                 QStringLiteral("transaction"));
        QVERIFY(sealed);
        QVERIFY(sealed->decrypt(credentials.apiV3Key));
        const NotificationDecoder decoder(credentials);
        Q_UNUSED(decoder);
    }

    // A PIN hashed as a check does.
    {
        QByteArray plain = plainOf(pin);
        QString typed = QString::fromLatin1(plain);
        SecretBytes::wipe(plain);
        PinChallenge challenge;
        challenge.subject = QStringLiteral("manager");
        challenge.role = QStringLiteral("manager");
        challenge.salt = QByteArray(16, 's');
        challenge.iterations = 10000;
        const PinAttempt attempt = PinVault::hashAttempt(challenge, typed);
        QVERIFY2(attempt.error.isEmpty(), qPrintable(attempt.error));
        QCOMPARE(attempt.derived.size(), 32);
        SecretBytes::wipe(typed); // the caller's QString is the caller's to wipe
    }

    // A secret written to the encrypted secrets file, read back after reopening.
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    const QByteArray passphrase = "correct horse battery staple";
    {
        auto store = FileSecretStore::open(path, passphrase);
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        QByteArray plain = plainOf(secret);
        const auto written = (*store)->write(QStringLiteral("receipt-key/test"), plain);
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        plain = QByteArray(); // the store holds the only reference now
    }
    {
        auto store = FileSecretStore::open(path, passphrase);
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        const SecretBytes read = (*store)->read(QStringLiteral("receipt-key/test")).value();
        QCOMPARE(read.size(), secret.size());
        QCOMPARE(read.bytes().at(0), char(~secret.at(0)));
    }

    QCOMPARE(occurrencesInMemory(apiV3Key), 0);
    QCOMPARE(occurrencesInMemory(pin), 0);
    QCOMPARE(occurrencesInMemory(secret), 0);
#endif
}

QTEST_GUILESS_MAIN(TestSecretBytes)
#include "tst_secretbytes.moc"
