// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace paydesk::cli {

// Where paydesk-cli's log messages go. stderr is for machines too: without
// --verbose it carries only the one JSON error line (and critical messages);
// with it, every log message as a JSON line. With a log folder every message
// also goes to a rotating file (LogSink: paydesk-cli.log). Both are redacted
// (Redaction::redact), so neither ever holds a key or an openid.
void installLogging(bool verbose);
void openLogFile(const QString &folder);

} // namespace paydesk::cli
