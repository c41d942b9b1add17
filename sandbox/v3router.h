// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"

#include <memory>
#include <optional>

namespace paydesk::sandbox {

class BillDesk;
class CodePayDesk;
class OrderDesk;
class RefundDesk;
struct Merchant;
struct SandboxContext;

// The /v3 side: checks the headers WeChat Pay insists on, routes, verifies the
// merchant's Authorization over the raw request-target and body, and hands
// the call to the desk that owns it. Answers come back unsigned, marked for
// signing (SandboxServer signs them, faults permitting).
class V3Router
{
public:
    V3Router(SandboxContext *context, OrderDesk *orders, RefundDesk *refunds, BillDesk *bills);
    ~V3Router();

    HttpResponse handle(const HttpRequest &request);

    // 401 SIGN_ERROR with the reason, or the merchant that signed.
    std::optional<HttpResponse> authenticate(const HttpRequest &request, const Merchant **merchant) const;

private:
    HttpResponse certificates(const Merchant &merchant);

    SandboxContext *m_context;
    OrderDesk *m_orders;
    RefundDesk *m_refunds;
    BillDesk *m_bills;
    std::unique_ptr<CodePayDesk> m_codepay; // code pay and reverse (docs/codepay.md)
};

} // namespace paydesk::sandbox
