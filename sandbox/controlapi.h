// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"

namespace paydesk::sandbox {

class BillDesk;
class OrderDesk;
class RefundDesk;
class SandboxServer;
struct SandboxContext;

// The control API under /sandbox/: JSON in and out, no signature. Tests and
// trainers play the customer, steer refunds, read the sandbox's books, inject
// faults and move the clock (docs/sandbox.md lists every call).
class ControlApi
{
public:
    ControlApi(SandboxServer *server, SandboxContext *context, OrderDesk *orders, RefundDesk *refunds, BillDesk *bills);

    // `segments` start after "sandbox"; `body` is the parsed JSON body (empty for GET).
    HttpResponse handle(const QByteArray &method, const QStringList &segments, const HttpRequest &request,
                        const QJsonObject &body);

    static HttpResponse error(int status, const QString &code, const QString &message);

private:
    HttpResponse merchants(const QByteArray &method, const QStringList &segments, const QJsonObject &body);
    HttpResponse orders(const HttpRequest &request) const;
    HttpResponse faults(const QByteArray &method, const QStringList &segments, const QJsonObject &body);

    SandboxServer *m_server;
    SandboxContext *m_context;
    OrderDesk *m_orders;
    RefundDesk *m_refunds;
    BillDesk *m_bills;
};

} // namespace paydesk::sandbox
