// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"
#include "result.h"
#include "wechatpay/merchantcredentials.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

namespace paydesk::sandbox {
class SandboxServer;
}

namespace paydesk::ui {

// Training mode's WeChat Pay: a SandboxServer in this process with a training
// merchant of its own (written once into `folder` by initTrainingMerchant), so
// PayDesk works on a fresh machine with no merchant account. The folder also
// holds the training database, apart from any real one: training sales never
// reach real totals.
class TrainingEnvironment : public QObject
{
    Q_OBJECT

public:
    ~TrainingEnvironment() override;

    // $PAYDESK_TRAINING_DIR, else <generic data>/paydesk/training (as scripts/paydesk.sh).
    static QString defaultFolder();
    static Result<std::unique_ptr<TrainingEnvironment>> start(const QString &folder, QObject *parent = nullptr);

    QString folder() const { return m_folder; }
    QString baseUrl() const;
    QString databasePath() const;
    const MerchantProfile &profile() const { return m_profile; }
    // The training merchant's credentials, trusting this sandbox's platform keys.
    const MerchantCredentials &credentials() const { return m_credentials; }
    sandbox::SandboxServer *server() const { return m_server.get(); }

    // The training customer: "scan", "userpaying", "pay", "fail", "abandon"
    // for a Native order or a combined order. Returns a message for the cashier
    // when the sandbox refuses (the order is already paid, say).
    Result<void> customer(const QString &action, const QString &outTradeNo, bool combined = false);

private:
    explicit TrainingEnvironment(QObject *parent);

    QString m_folder;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    MerchantProfile m_profile;
    MerchantCredentials m_credentials;
};

} // namespace paydesk::ui
