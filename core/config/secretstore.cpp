// SPDX-License-Identifier: MIT
#include "secretstore.h"

#include <QFile>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>

#include <openssl/crypto.h>

#include <memory>

namespace paydesk {

namespace {

// Reads the names one after the other: a keychain may ask the user to unlock
// it, and one prompt is enough.
void preloadFrom(QPointer<SecretStore> store, std::shared_ptr<QStringList> names, int index,
                 SecretStore::DoneCallback done)
{
    if (!store)
        return;
    if (index >= names->size())
        return done({});
    store->read(names->at(index), [store, names, index, done](Result<QByteArray> result) {
        if (!result)
            return done(result.error());
        preloadFrom(store, names, index + 1, done);
    });
}

using Items = QList<QPair<QString, QByteArray>>;

void wipe(Items &items)
{
    for (auto &item : items) {
        if (!item.second.isEmpty())
            OPENSSL_cleanse(item.second.data(), size_t(item.second.size()));
    }
}

void writeEach(QPointer<SecretStore> store, std::shared_ptr<Items> items, int index, SecretStore::DoneCallback done)
{
    if (!store)
        return;
    if (index >= items->size()) {
        wipe(*items);
        return done({});
    }
    const QString name = items->at(index).first;
    store->write(name, items->at(index).second, [store, items, index, name, done](Result<void> written) {
        if (!store)
            return;
        if (!written) {
            wipe(*items);
            return done(written.error());
        }
        store->read(name, [store, items, index, name, done](Result<QByteArray> back) {
            if (!store)
                return;
            if (!back || *back != items->at(index).second) {
                wipe(*items);
                if (!back)
                    return done(back.error());
                return done(makeError(QStringLiteral("secret_verify_failed"),
                                      QStringLiteral("secret %1 read back from %2 differs from what was written")
                                          .arg(name, store->location())));
            }
            writeEach(store, items, index + 1, done);
        });
    });
}

} // namespace

void SecretStore::writeVerified(const QList<QPair<QString, QByteArray>> &items, DoneCallback done)
{
    auto list = std::make_shared<Items>(items);
    later([store = QPointer<SecretStore>(this), list, done] { writeEach(store, list, 0, done); });
}

void SecretStore::preload(const QStringList &names, DoneCallback done)
{
    auto list = std::make_shared<QStringList>(names);
    list->removeDuplicates();
    later([store = QPointer<SecretStore>(this), list, done] { preloadFrom(store, list, 0, done); });
}

bool SecretStore::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9-]*/[A-Za-z0-9._-]+$"));
    return name.size() <= 128 && pattern.match(name).hasMatch() && !name.contains(QLatin1String(".."));
}

QString SecretStore::merchantKeyName(const QString &mchid)
{
    return QStringLiteral("merchant-key/") + mchid;
}

QString SecretStore::apiV3KeyName(const QString &mchid)
{
    return QStringLiteral("apiv3-key/") + mchid;
}

QString SecretStore::receiptKeyName(const QString &store)
{
    return QStringLiteral("receipt-key/") + store;
}

QString SecretStore::kindName(Kind kind)
{
    return kind == Kind::Keychain ? QStringLiteral("keychain") : QStringLiteral("file");
}

bool SecretStore::shredFile(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadWrite)) {
        file.write(QByteArray(int(file.size()), '\0'));
        file.flush();
        file.close();
    }
    return QFile::remove(path);
}

void SecretStore::later(std::function<void()> call)
{
    QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

// The name is not echoed: whatever was passed where a name belongs may be a
// pasted secret.
Error SecretStore::invalidName(const QString &name)
{
    return makeError(QStringLiteral("secret_name_invalid"),
                     QStringLiteral("a secret name of %1 characters was refused: names look like <kind>/<id>, "
                                    "e.g. merchant-key/1900000109")
                         .arg(name.size()));
}

} // namespace paydesk
