// SPDX-License-Identifier: MIT
#include "secretstore.h"

#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>

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

} // namespace

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
