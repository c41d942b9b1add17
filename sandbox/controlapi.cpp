// SPDX-License-Identifier: MIT
#include "controlapi.h"

#include "billdesk.h"
#include "faultinjector.h"
#include "notificationdispatcher.h"
#include "orderdesk.h"
#include "platformidentity.h"
#include "refunddesk.h"
#include "sandboxcontext.h"
#include "sandboxserver.h"
#include "wechattime.h"

#include <QDate>
#include <QJsonArray>

namespace paydesk::sandbox {

namespace {

QJsonObject merchantJson(const Merchant &m)
{
    return {
        { QStringLiteral("mchid"), m.record.mchid },
        { QStringLiteral("appid"), m.record.appid },
        { QStringLiteral("name"), m.record.name },
        { QStringLiteral("serial_no"), m.record.serialNo },
        { QStringLiteral("key_mode"), keyModeName(m.record.keyMode) },
        { QStringLiteral("can_sign"), m.record.canSign() },
        { QStringLiteral("has_apiv3_key"), m.record.apiV3Key.size() == 32 },
        { QStringLiteral("refund_notify_url"), m.record.refundNotifyUrl },
    };
}

QJsonObject certificateJson(const Certificate &c, bool active)
{
    return {
        { QStringLiteral("serial_no"), c.serialHex() },
        { QStringLiteral("effective_time"), WechatTime::format(c.notBefore().toSecsSinceEpoch()) },
        { QStringLiteral("expire_time"), WechatTime::format(c.notAfter().toSecsSinceEpoch()) },
        { QStringLiteral("active"), active },
        { QStringLiteral("pem"), QString::fromLatin1(c.toPem()) },
    };
}

} // namespace

ControlApi::ControlApi(SandboxServer *server, SandboxContext *context, OrderDesk *orders, RefundDesk *refunds,
                       BillDesk *bills)
    : m_server(server), m_context(context), m_orders(orders), m_refunds(refunds), m_bills(bills)
{
}

HttpResponse ControlApi::error(int status, const QString &code, const QString &message)
{
    return HttpResponse::error(status, code, message);
}

HttpResponse ControlApi::handle(const QByteArray &method, const QStringList &s, const HttpRequest &request,
                                const QJsonObject &body)
{
    const QString first = s.value(0);
    const bool get = method == "GET";
    const bool post = method == "POST";

    if (first == QLatin1String("health") && get) {
        return HttpResponse::json(
            200,
            QJsonObject { { QStringLiteral("ok"), true },
                          { QStringLiteral("base_url"), m_context->baseUrl },
                          { QStringLiteral("version"), QStringLiteral(PAYDESK_VERSION) },
                          { QStringLiteral("now"), WechatTime::format(m_context->clock.now()) } });
    }
    if (first == QLatin1String("merchants"))
        return merchants(method, s, body);
    if (first == QLatin1String("platform") && get) {
        QJsonArray certificates;
        const auto active = m_context->identity->activeCertificate();
        for (const auto &c : m_context->identity->certificates())
            certificates.append(certificateJson(c.certificate, c.id == active.id));
        QJsonObject result {
            { QStringLiteral("certificates"), certificates },
            { QStringLiteral("public_key"),
              QJsonObject { { QStringLiteral("id"), m_context->identity->publicKeyId() },
                            { QStringLiteral("pem"), QString::fromLatin1(m_context->identity->publicKey().toPem()) } } }
        };
        if (!m_context->identity->tlsCertificate().isNull())
            result.insert(QStringLiteral("tls_certificate"),
                          QString::fromLatin1(m_context->identity->tlsCertificate().toPem()));
        return HttpResponse::json(200, result);
    }
    if (first == QLatin1String("certificates") && s.value(1) == QLatin1String("rotate") && post) {
        auto rotated = m_server->rotatePlatformCertificate(body.value(QLatin1String("activate")).toBool(true));
        if (!rotated)
            return error(500, QStringLiteral("SYSTEM_ERROR"), rotated.error().message);
        return HttpResponse::json(200, certificateJson(*rotated, body.value(QLatin1String("activate")).toBool(true)));
    }
    if (first == QLatin1String("customer") && post && s.size() == 2)
        return m_orders->customer(s.value(1), body);
    if (first == QLatin1String("orders") && get)
        return orders(request);
    if (first == QLatin1String("combine-orders") && get) {
        QJsonArray list;
        for (const CombineRecord &c : m_context->store->combines()) {
            QJsonObject entry = m_orders->combineJson(c);
            entry.insert(QStringLiteral("code_url"), c.codeUrl);
            entry.insert(QStringLiteral("notify_url"), c.notifyUrl);
            entry.insert(QStringLiteral("time_expire"), WechatTime::format(c.timeExpire));
            list.append(entry);
        }
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("combine_orders"), list } });
    }
    if (first == QLatin1String("refunds") && get && s.size() == 1) {
        QJsonArray list;
        for (const RefundRecord &r : m_context->store->refunds(request.queryValue(QStringLiteral("mchid"))))
            list.append(m_refunds->refundOverview(r));
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("refunds"), list } });
    }
    if (first == QLatin1String("refunds") && s.value(1) == QLatin1String("outcome") && post)
        return m_refunds->setOutcome(body);
    if (first == QLatin1String("ledger") && get) {
        QJsonArray list;
        const auto entries = m_context->store->ledger(request.queryValue(QStringLiteral("mchid")),
                                                      request.queryValue(QStringLiteral("date")));
        for (const LedgerEntry &e : entries) {
            list.append(QJsonObject { { QStringLiteral("id"), e.id },
                                      { QStringLiteral("mchid"), e.mchid },
                                      { QStringLiteral("time"), WechatTime::format(e.at) },
                                      { QStringLiteral("bill_date"), e.billDate },
                                      { QStringLiteral("kind"), e.kind },
                                      { QStringLiteral("out_trade_no"), e.outTradeNo },
                                      { QStringLiteral("transaction_id"), e.transactionId },
                                      { QStringLiteral("out_refund_no"), e.outRefundNo },
                                      { QStringLiteral("refund_id"), e.refundId },
                                      { QStringLiteral("amount"), e.amount } });
        }
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("ledger"), list } });
    }
    if (first == QLatin1String("bills") && get && s.size() == 2) {
        QString mchid = request.queryValue(QStringLiteral("mchid"));
        if (mchid.isEmpty() && m_context->merchants.size() == 1)
            mchid = m_context->merchants.begin().key();
        QString type = request.queryValue(QStringLiteral("bill_type"));
        const QByteArray file
            = m_bills->tradeBillFile(mchid, s.value(1), type.isEmpty() ? QStringLiteral("ALL") : type);
        if (file.isEmpty())
            return error(404, QStringLiteral("NO_STATEMENT_EXIST"), QStringLiteral("nothing happened that day"));
        HttpResponse response;
        response.body = file;
        response.setHeader("Content-Type", "text/csv; charset=utf-8");
        return response;
    }
    if (first == QLatin1String("notifications")) {
        if (get && s.size() == 1)
            return HttpResponse::json(200,
                                      QJsonObject { { QStringLiteral("notifications"), m_context->notifier->log() } });
        if (post && s.value(1) == QLatin1String("flush"))
            return HttpResponse::json(200, QJsonObject { { QStringLiteral("flushed"), m_context->notifier->flush() } });
        if (post && s.size() == 3 && s.value(2) == QLatin1String("resend")) {
            auto resent = m_context->notifier->resend(s.value(1));
            if (!resent)
                return error(404, QStringLiteral("NOT_FOUND"), resent.error().message);
            return HttpResponse::json(200, QJsonObject { { QStringLiteral("resent"), s.value(1) } });
        }
    }
    if (first == QLatin1String("faults"))
        return faults(method, s, body);
    if (first == QLatin1String("reset") && post) {
        auto done = m_server->reset();
        if (!done)
            return error(500, QStringLiteral("SYSTEM_ERROR"), done.error().message);
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("reset"), true } });
    }
    if (first == QLatin1String("clock")) {
        if (post) {
            const QJsonValue offset = body.value(QLatin1String("offset_seconds"));
            if (!offset.isDouble())
                return error(400, QStringLiteral("BAD_REQUEST"), QStringLiteral("\"offset_seconds\" must be a number"));
            m_server->setClockOffset(qint64(offset.toDouble()));
        }
        if (post || get) {
            return HttpResponse::json(
                200,
                QJsonObject { { QStringLiteral("offset_seconds"), m_context->clock.offsetSeconds() },
                              { QStringLiteral("now"), WechatTime::format(m_context->clock.now()) } });
        }
    }
    return error(404, QStringLiteral("NOT_FOUND"),
                 QStringLiteral("no control call %1 /sandbox/%2 (see docs/sandbox.md)")
                     .arg(QString::fromLatin1(method), s.join(QLatin1Char('/'))));
}

HttpResponse ControlApi::merchants(const QByteArray &method, const QStringList &s, const QJsonObject &body)
{
    if (method == "GET" && s.size() == 1) {
        QJsonArray list;
        for (const QString &mchid : m_server->merchantIds())
            list.append(merchantJson(*m_context->merchant(mchid)));
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("merchants"), list } });
    }
    if (method == "POST" && s.size() == 1) {
        MerchantRegistration registration;
        registration.mchid = body.value(QLatin1String("mchid")).toString();
        registration.appid = body.value(QLatin1String("appid")).toString();
        registration.name = body.value(QLatin1String("name")).toString();
        registration.apiV3Key = body.value(QLatin1String("apiv3_key")).toString().toLatin1();
        registration.refundNotifyUrl = body.value(QLatin1String("refund_notify_url")).toString();
        const QString certificatePem = body.value(QLatin1String("certificate_pem")).toString();
        const QString publicKeyPem = body.value(QLatin1String("public_key_pem")).toString();
        if (!certificatePem.isEmpty()) {
            auto certificate = Certificate::fromPem(certificatePem.toLatin1());
            if (!certificate)
                return error(400, QStringLiteral("BAD_REQUEST"), certificate.error().message);
            registration.certificate = *certificate;
        } else if (!publicKeyPem.isEmpty()) {
            auto key = PublicKey::fromPem(publicKeyPem.toLatin1());
            if (!key)
                return error(400, QStringLiteral("BAD_REQUEST"), key.error().message);
            registration.publicKey = *key;
            registration.serialNo = body.value(QLatin1String("serial_no")).toString();
        }
        if (body.contains(QLatin1String("key_mode"))) {
            registration.keyMode = parseKeyMode(body.value(QLatin1String("key_mode")).toString());
            if (!registration.keyMode)
                return error(400, QStringLiteral("BAD_REQUEST"),
                             QStringLiteral("\"key_mode\" is certificate, public_key or both"));
        }
        auto done = m_server->registerMerchant(registration);
        if (!done)
            return error(400, QStringLiteral("BAD_REQUEST"), done.error().message);
        return HttpResponse::json(200, merchantJson(*m_context->merchant(registration.mchid)));
    }
    if (method == "POST" && s.size() == 3 && s.value(2) == QLatin1String("key-mode")) {
        const auto mode = parseKeyMode(body.value(QLatin1String("mode")).toString());
        if (!mode)
            return error(400, QStringLiteral("BAD_REQUEST"),
                         QStringLiteral("\"mode\" is certificate, public_key or both"));
        auto done = m_server->setKeyMode(s.value(1), *mode);
        if (!done)
            return error(404, QStringLiteral("NOT_FOUND"), done.error().message);
        return HttpResponse::json(200, merchantJson(*m_context->merchant(s.value(1))));
    }
    return error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no such merchants call"));
}

HttpResponse ControlApi::orders(const HttpRequest &request) const
{
    const QString mchid = request.queryValue(QStringLiteral("mchid"));
    const QString outTradeNo = request.queryValue(QStringLiteral("out_trade_no"));
    const QString state = request.queryValue(QStringLiteral("trade_state"));
    QJsonArray list;
    for (const OrderRecord &o : m_context->store->orders(mchid)) {
        if (!outTradeNo.isEmpty() && o.outTradeNo != outTradeNo)
            continue;
        if (!state.isEmpty() && o.tradeState != state)
            continue;
        list.append(m_orders->orderOverview(o));
    }
    return HttpResponse::json(200, QJsonObject { { QStringLiteral("orders"), list } });
}

HttpResponse ControlApi::faults(const QByteArray &method, const QStringList &s, const QJsonObject &body)
{
    auto list = [this]() {
        QJsonArray rules;
        for (const FaultRule &rule : m_server->faults())
            rules.append(rule.toJson());
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("faults"), rules } });
    };
    if (method == "GET")
        return list();
    if (method == "DELETE" && s.size() == 1) {
        m_server->clearFaults();
        return list();
    }
    if (method == "DELETE" && s.size() == 2) {
        if (!m_server->removeFault(s.value(1).toInt()))
            return error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no fault %1").arg(s.value(1)));
        return list();
    }
    if (method == "POST" && s.size() == 1) {
        // One rule, or {"faults":[...]} for several.
        QJsonArray specs = body.value(QLatin1String("faults")).toArray();
        if (specs.isEmpty())
            specs.append(body);
        QList<FaultRule> rules;
        for (const QJsonValue &spec : specs) {
            auto rule = FaultRule::fromJson(spec.toObject());
            if (!rule)
                return error(400, QStringLiteral("BAD_REQUEST"), rule.error().message);
            rules.append(*rule);
        }
        QJsonArray ids;
        for (const FaultRule &rule : rules)
            ids.append(m_server->addFault(rule));
        return HttpResponse::json(
            200, QJsonObject { { QStringLiteral("ids"), ids }, { QStringLiteral("id"), ids.first() } });
    }
    return error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no such faults call"));
}

} // namespace paydesk::sandbox
