// SPDX-License-Identifier: MIT
#include "terminalstatusbar.h"

#include "payments/paymentterminal.h"
#include "payments/resolver.h"
#include "payments/statuspoller.h"
#include "wechatpay/apiclient.h"

#include <QEvent>
#include <QLabel>

namespace paydesk::ui {

namespace {
// Past this many seconds the cashier is warned; WeChat Pay itself refuses at 300.
constexpr qint64 SkewWarningSeconds = 60;
} // namespace

TerminalStatusBar::TerminalStatusBar(PaymentTerminal *terminal, bool training, QWidget *parent)
    : QStatusBar(parent)
    , m_terminal(terminal)
    , m_training(training)
    , m_reach(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_resolvingLabel(new QLabel(this))
    , m_mode(new QLabel(this))
{
    m_reach->setObjectName(QStringLiteral("reachability"));
    m_clock->setObjectName(QStringLiteral("clockSkew"));
    m_resolvingLabel->setObjectName(QStringLiteral("resolving"));
    m_mode->setObjectName(QStringLiteral("mode"));
    addPermanentWidget(m_resolvingLabel);
    addPermanentWidget(m_clock);
    addPermanentWidget(m_reach);
    addPermanentWidget(m_mode);

    if (m_terminal) {
        connect(m_terminal->api(), &ApiClient::reachabilityChanged, this, &TerminalStatusBar::setReachable);
        connect(m_terminal->api(), &ApiClient::clockSkewDetected, this, &TerminalStatusBar::setClockSkew);
        connect(m_terminal->resolver(), &Resolver::resolving, this, &TerminalStatusBar::setResolving);
        // Orders followed by the poller count as "being resolved" too.
        connect(m_terminal->poller(), &StatusPoller::watchedCountChanged, this, [this](int watched) {
            if (watched != m_resolving)
                setResolving(watched);
        });
        if (const int watched = m_terminal->poller()->watchedCount(); watched > 0)
            setResolving(watched);
    }
    retranslate();
}

void TerminalStatusBar::setReachable(bool reachable)
{
    m_reachable = reachable ? 1 : 0;
    retranslate();
}

void TerminalStatusBar::setClockSkew(qint64 seconds)
{
    m_skew = seconds;
    retranslate();
}

void TerminalStatusBar::setResolving(int count)
{
    m_resolving = count;
    retranslate();
}

QString TerminalStatusBar::reachabilityText() const { return m_reach->text(); }
QString TerminalStatusBar::clockText() const { return m_clock->text(); }
QString TerminalStatusBar::resolvingText() const { return m_resolvingLabel->text(); }

void TerminalStatusBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QStatusBar::changeEvent(event);
}

void TerminalStatusBar::retranslate()
{
    switch (m_reachable) {
    case 1:
        m_reach->setText(tr("● WeChat Pay reachable"));
        m_reach->setStyleSheet(QStringLiteral("color: #1a7f1a;"));
        break;
    case 0:
        m_reach->setText(tr("● WeChat Pay NOT reachable — sales are kept and settled later"));
        m_reach->setStyleSheet(QStringLiteral("color: #c00000; font-weight: bold;"));
        break;
    default:
        m_reach->setText(tr("● WeChat Pay: not contacted yet"));
        m_reach->setStyleSheet(QString());
    }

    if (qAbs(m_skew) >= SkewWarningSeconds) {
        m_clock->setText(tr("Clock is %n second(s) off WeChat Pay: fix the time (signatures fail past 5 minutes)",
                            nullptr, int(qAbs(m_skew))));
        m_clock->setStyleSheet(QStringLiteral("color: #c00000; font-weight: bold;"));
        m_clock->show();
    } else {
        m_clock->clear();
        m_clock->hide();
    }

    m_resolvingLabel->setText(m_resolving > 0 ? tr("%n order(s) being settled", nullptr, m_resolving) : QString());
    m_resolvingLabel->setVisible(m_resolving > 0);

    m_mode->setText(m_training ? tr("TRAINING") : tr("Live"));
    m_mode->setStyleSheet(m_training ? QStringLiteral("background: #ff8c00; color: black; font-weight: bold; padding: 0 6px;")
                                     : QString());
}

} // namespace paydesk::ui
