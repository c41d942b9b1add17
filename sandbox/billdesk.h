// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QString>

namespace paydesk::sandbox {

struct Merchant;
struct SandboxContext;

// The trade bill: GET /v3/bill/tradebill answers {hash_type, hash_value,
// download_url}; the download_url points back at the sandbox
// (/v3/billdownload/file?token=...), is signed like any request, lives five
// minutes, and answers the file unsigned. The file comes from the ledger.
class BillDesk
{
public:
    explicit BillDesk(SandboxContext *context);

    HttpResponse tradeBill(const Merchant &merchant, const HttpRequest &request);
    HttpResponse download(const Merchant &merchant, const HttpRequest &request);

    // The decompressed file for a merchant's day; empty when nothing happened.
    QByteArray tradeBillFile(const QString &mchid, const QString &billDate, const QString &billType) const;

private:
    SandboxContext *m_context;
};

} // namespace paydesk::sandbox
