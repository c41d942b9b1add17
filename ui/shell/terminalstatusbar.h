// SPDX-License-Identifier: MIT
#pragma once

#include "sync/syncservice.h"

#include <QStatusBar>

#include <optional>

class QLabel;

namespace paydesk {
class PaymentTerminal;
}

namespace paydesk::ui {

// What a cashier must know at a glance: is WeChat Pay reachable, is this
// terminal's clock far enough off to break signatures (WeChat Pay refuses past
// five minutes), how many orders are still being settled, whether PayDesk HQ
// has every change (when the till is enrolled), training or real.
class TerminalStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    explicit TerminalStatusBar(PaymentTerminal *terminal, bool training, QWidget *parent = nullptr);

    QString reachabilityText() const;
    QString clockText() const;
    QString resolvingText() const;
    QString syncText() const;

public slots:
    void setReachable(bool reachable);
    void setClockSkew(qint64 seconds);
    void setResolving(int count);
    // The sale the cashier has on screen (empty: none). Its order is not
    // counted as "being settled": the customer is still paying.
    void setSaleOnScreen(const QString &outTradeNo);
    // The HQ sync worker's status; the label shows once the first one arrives.
    void setSyncStatus(const paydesk::SyncStatus &status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void retranslateSync();

    PaymentTerminal *m_terminal;
    bool m_training;
    int m_reachable = -1; // unknown until the first answer
    qint64 m_skew = 0;
    int m_resolving = 0;
    QString m_saleOnScreen;
    std::optional<SyncStatus> m_sync;
    QLabel *m_reach;
    QLabel *m_clock;
    QLabel *m_resolvingLabel;
    QLabel *m_syncLabel;
    QLabel *m_mode;
};

} // namespace paydesk::ui
