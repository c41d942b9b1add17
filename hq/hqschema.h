// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QStringList>

namespace paydesk::hq {

// PayDesk HQ's PostgreSQL schema as migrations: entry N takes the database
// from version N to N+1 (hq_meta.schema_version). Never edit a released entry.
const QList<QStringList> &hqMigrations();

} // namespace paydesk::hq
