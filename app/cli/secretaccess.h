// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"
#include "config/secretstore.h"
#include "config/secretstorelocator.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

namespace paydesk::cli {

// How paydesk-cli reaches the terminal's secret store: the locator's choice,
// the passphrase of the encrypted file (PAYDESK_SECRET_PASSPHRASE or the
// terminal, never argv) and the open store. Shared by `secrets import|check`
// and by CliContext::credentials() for profiles that keep their keys there.

// One JSON line {"warning": ...} on stderr, whatever --verbose says: the
// file-store warning must reach the installer every time.
void warnOnStderr(const QString &warning);

// One line from the terminal with echo off; "secret_passphrase_missing" when
// stdin is not a terminal.
Result<QByteArray> readHidden(const char *prompt);

// PAYDESK_SECRET_PASSPHRASE, else asked on the terminal (twice for a new file).
Result<QByteArray> passphraseFor(const QString &path);

// The locator's options for a configuration file: secrets.bin beside it
// unless PAYDESK_SECRETS_FILE names another place.
SecretStoreLocator::Options secretStoreOptions(const QString &configPath);

using OpenedCallback = std::function<void(Result<SecretStore *, CliError> store, const QString &warning)>;

// The terminal's secret store as the locator chooses it; the store is a child
// of `owner`. `done` runs later, from the event loop.
void openSecretStore(const QString &configPath, QObject *owner, OpenedCallback done);

// The same, waited for with a local event loop, and with `names` preloaded so
// the synchronous SecretStore::read(name) serves them. Only for the
// command-line tool: a GUI must never wait like this.
Result<SecretStore *, CliError> openSecretStoreAndWait(const QString &configPath, QObject *owner,
                                                       const QStringList &names);

} // namespace paydesk::cli
