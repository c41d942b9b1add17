// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace paydesk {

// Where PayDesk's log goes: a rotating file (paydesk.log, paydesk.1.log, ...)
// plus stderr, every line passed through Redaction::redact first, so no key,
// signature or openid reaches a log file whoever wrote the message.
// Categories are paydesk.<area> (paydesk.wechatpay, paydesk.store, ...);
// `rules` uses QLoggingCategory's filter syntax ("paydesk.*.debug=true").
class LogSink
{
public:
    struct Options
    {
        QString folder;            // empty: stderr only
        QString baseName = QStringLiteral("paydesk");
        qint64 maxBytes = 5 * 1024 * 1024;
        int keepFiles = 5;
        bool alsoStderr = true;
        QString rules;             // e.g. from settings or --verbose
    };

    // Installs the message handler for the whole process.
    static void install(const Options &options);
    // Flushes and restores Qt's default handler.
    static void uninstall();
    // The file being written, or empty.
    static QString currentFile();
};

} // namespace paydesk
