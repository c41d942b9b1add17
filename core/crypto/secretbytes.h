// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <utility>

namespace paydesk {

// Key material (the APIv3 key, a PIN's UTF-8 bytes, a decrypted secrets file)
// that is wiped with OPENSSL_cleanse when the last SecretBytes holding it lets
// go, instead of being left in a freed QByteArray for a core dump, a swap file
// or the next allocation to show.
//
// Copies share the bytes (QByteArray's implicit sharing), and only the last
// owner wipes them: wiping a buffer another holder still reads would corrupt
// it, and wiping through data() would only wipe a fresh copy. So the promise
// holds as long as the bytes stay inside SecretBytes: a QByteArray copied out
// of bytes() keeps its own reference, and the bytes outlive this object
// unwiped in that copy. Pass bytes() (a const reference) or view() to the code
// that uses the key, never keep a copy.
class SecretBytes
{
public:
    SecretBytes() = default;
    // Takes `bytes` over; pass it with std::move so no unwiped copy remains.
    SecretBytes(QByteArray bytes) : m_bytes(std::move(bytes)) { } // NOLINT: implicit on purpose
    static SecretBytes fromUtf8(const QString &text) { return SecretBytes(text.toUtf8()); }

    SecretBytes(const SecretBytes &) = default;
    SecretBytes &operator=(const SecretBytes &other)
    {
        if (this != &other) {
            wipe();
            m_bytes = other.m_bytes;
        }
        return *this;
    }
    SecretBytes(SecretBytes &&other) noexcept : m_bytes(std::exchange(other.m_bytes, QByteArray())) { }
    SecretBytes &operator=(SecretBytes &&other) noexcept
    {
        if (this != &other) {
            wipe();
            m_bytes = std::exchange(other.m_bytes, QByteArray());
        }
        return *this;
    }
    ~SecretBytes() { wipe(); }

    const QByteArray &bytes() const { return m_bytes; }
    operator const QByteArray &() const { return m_bytes; } // NOLINT: reads like the QByteArray it was
    QByteArrayView view() const { return m_bytes; }
    qsizetype size() const { return m_bytes.size(); }
    bool isEmpty() const { return m_bytes.isEmpty(); }
    bool operator==(const SecretBytes &other) const;

    // Wipes the bytes (when this is their last owner) and empties this.
    void wipe();

    // Overwrites the bytes of `bytes` in place with zeros when nobody else
    // shares its buffer, leaving size and allocation as they were; a shared or
    // borrowed (fromRawData) buffer is left alone. True when it was wiped (or
    // there was nothing to wipe).
    static bool cleanse(QByteArray &bytes);
    static bool cleanse(QString &text);
    // cleanse(), then clear(): what a function does to a local that held a secret.
    static void wipe(QByteArray &bytes);
    static void wipe(QString &text);

private:
    QByteArray m_bytes;
};

} // namespace paydesk
