// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace paydesk::schema {

// Forward migrations: entry N (0-based) takes a database from version N to N+1.
// Never edit a released entry; append a new one. SQL stays portable (SQLite and
// PostgreSQL): INTEGER amounts in fen, TEXT times in UTC ISO 8601.
const QList<QStringList> &migrations();

} // namespace paydesk::schema
