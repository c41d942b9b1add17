// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"
#include "sandboxstore.h"

namespace paydesk::sandbox {

class OrderDesk;
struct Merchant;
struct SandboxContext;

// Code pay (付款码) and its reverse (撤销), as docs/codepay.md describes them.
// What the customer's side does is chosen by the payment code itself (the
// sandbox's convention, see docs/codepay.md): paid at once, a
// password step that ends paid or failed after N seconds (or never), an
// expired or invalid code, or a balance too low. A USERPAYING order settles
// lazily, when it is next queried, reversed or re-submitted; the control API's
// customer pay / fail actions settle it at once.
class CodePayDesk
{
public:
    explicit CodePayDesk(SandboxContext *context);

    HttpResponse create(const Merchant &merchant, const HttpRequest &request);
    HttpResponse reverse(const Merchant &merchant, const QString &outTradeNo, const HttpRequest &request);

    // Ends the customer's password step of this order if its time has come.
    void settleDue(const QString &mchid, const QString &outTradeNo);

private:
    bool pay(OrderRecord &order, qint64 now);
    void setState(OrderRecord &order, const QString &state, const QString &desc = {}) const;
    HttpResponse answerFor(const OrderRecord &order) const;

    SandboxContext *m_context;
};

} // namespace paydesk::sandbox
