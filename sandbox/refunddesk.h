// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"
#include "sandboxstore.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace paydesk::sandbox {

struct Merchant;
struct SandboxContext;

// Refunds: accepted as PROCESSING, final after the configured delay (SUCCESS,
// or ABNORMAL / CLOSED when the control API asked for it), with a REFUND.*
// notification. Enforces what WeChat Pay enforces: the order's total must be
// named exactly, never more than the remainder, the same out_refund_no gives
// the same refund, at most 50 refunds a year after payment, a minute apart.
class RefundDesk : public QObject
{
    Q_OBJECT

public:
    explicit RefundDesk(SandboxContext *context, QObject *parent = nullptr);

    HttpResponse create(const Merchant &merchant, const HttpRequest &request);
    HttpResponse query(const Merchant &merchant, const QString &outRefundNo);

    // Control API: {"out_refund_no": "...", "status": ...} or {"next": true, "status": ...}
    // with status ABNORMAL, CLOSED, NOTENOUGH, or SUCCESS (resolves an ABNORMAL one).
    HttpResponse setOutcome(const QJsonObject &body);

    static QJsonObject refundJson(const RefundRecord &refund, const OrderRecord &order);
    QJsonObject refundOverview(const RefundRecord &refund) const;

    void resume(); // after start: finish what is due
    void stop();

private:
    void schedule();
    void resolveDue();
    void finish(RefundRecord refund, const QString &status);

    SandboxContext *m_context;
    QTimer m_timer;
};

} // namespace paydesk::sandbox
