// SPDX-License-Identifier: MIT
// One HTTP exchange as the sandbox's handlers see it, detached from the socket
// so an answer can be written later (latency faults) or never (resets).
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace paydesk::sandbox {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method; // upper case: GET, POST, ...
    QByteArray target; // the request-target exactly as received: what a signature covers
    QByteArray rawPath; // target up to '?', still percent-encoded
    QByteArray rawQuery; // after '?', still percent-encoded; empty when none
    QStringList segments; // rawPath split on '/', each percent-decoded (UTF-8)
    HeaderList headers;
    QByteArray body;
    QHostAddress peer;
    bool keepAlive = true;
    bool targetFromWire = false; // false: reconstructed from QUrl (see HttpFrontend)

    // Fills rawPath, rawQuery and segments from target.
    void setTarget(const QByteArray &requestTarget);
    // Case-insensitive; empty when absent.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
    // Percent-decoded value of a query parameter; nullopt-like empty + false when absent.
    QString queryValue(const QString &key, bool *present = nullptr) const;
    // The decoded path, for prefix matching and logs.
    QString path() const;
};

struct HttpResponse
{
    int status = 200;
    HeaderList headers;
    QByteArray body;
    bool sign = false; // a /v3 answer: signed with the platform key when 2xx
    bool requestId = true; // Request-ID header (the bill file has none)
    QString mchid; // whose key mode decides how to sign

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    // WeChat Pay's error body: {"code","message","detail"?}.
    static HttpResponse error(int status, const QString &code, const QString &message, const QJsonObject &detail = {});
    static HttpResponse noContent();

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;
    bool isSuccess() const { return status >= 200 && status < 300; }
};

QByteArray reasonPhrase(int status);
// Status line, headers, Content-Length (none for 204), Connection: close when
// the connection ends after this answer, then the body.
QByteArray serializeResponse(const HttpResponse &response, bool keepAlive);

} // namespace paydesk::sandbox
