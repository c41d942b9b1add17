// SPDX-License-Identifier: MIT
#include "terminalstatusbar.h"

#include "payments/paymentterminal.h"
#include "payments/resolver.h"
#include "payments/statuspoller.h"
#include "wechatpay/apiclient.h"

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QStyle>

#include <limits>

namespace paydesk::ui {

namespace {
// Past this many seconds the cashier is warned; WeChat Pay itself refuses at 300.
constexpr qint64 SkewWarningSeconds = 60;

// A status word that gives way on a narrow screen (a 1024 x 768 terminal):
// it asks for its whole text but can be squeezed, and then ends in "…" with
// the whole text as its tooltip, so the window never grows past the screen.
class YieldingLabel : public QLabel
{
public:
    using QLabel::QLabel;

    QSize minimumSizeHint() const override
    {
        const QSize full = QLabel::minimumSizeHint();
        return { qMin(full.width(), fontMetrics().horizontalAdvance(QStringLiteral("● WeChat…"))), full.height() };
    }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        const QRect room = contentsRect();
        const QString whole = text();
        if (fontMetrics().horizontalAdvance(whole) <= room.width()) {
            QLabel::paintEvent(event);
            return;
        }
        QPainter painter(this);
        style()->drawItemText(&painter, room, int(alignment()), palette(), isEnabled(),
                              fontMetrics().elidedText(whole, Qt::ElideRight, room.width()), foregroundRole());
    }

    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        const bool cut = fontMetrics().horizontalAdvance(text()) > contentsRect().width();
        if (cut && toolTip().isEmpty())
            setToolTip(text());
        else if (!cut && toolTip() == text())
            setToolTip(QString());
    }
};
} // namespace

TerminalStatusBar::TerminalStatusBar(PaymentTerminal *terminal, bool training, QWidget *parent)
    : QStatusBar(parent)
    , m_terminal(terminal)
    , m_training(training)
    , m_reach(new YieldingLabel(this))
    , m_clock(new YieldingLabel(this))
    , m_resolvingLabel(new YieldingLabel(this))
    , m_syncLabel(new YieldingLabel(this))
    , m_mode(new QLabel(this))
{
    m_reach->setObjectName(QStringLiteral("reachability"));
    m_clock->setObjectName(QStringLiteral("clockSkew"));
    m_resolvingLabel->setObjectName(QStringLiteral("resolving"));
    m_mode->setObjectName(QStringLiteral("mode"));
    m_syncLabel->setObjectName(QStringLiteral("hqSync"));
    m_syncLabel->hide();
    addPermanentWidget(m_resolvingLabel);
    addPermanentWidget(m_syncLabel);
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

void TerminalStatusBar::setSaleOnScreen(const QString &outTradeNo)
{
    m_saleOnScreen = outTradeNo;
    retranslate();
}

void TerminalStatusBar::setSyncStatus(const SyncStatus &status)
{
    m_sync = status;
    retranslate();
}

QString TerminalStatusBar::syncText() const { return m_syncLabel->text(); }
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

    // The sale on screen is followed by the poller too, but the cashier is
    // only waiting for the customer there: it is not "being settled".
    const bool onScreen =
        !m_saleOnScreen.isEmpty() && m_terminal && m_terminal->poller()->isWatching(m_saleOnScreen);
    const int settling = qMax(0, m_resolving - (onScreen ? 1 : 0));
    m_resolvingLabel->setText(settling > 0 ? tr("%n order(s) being settled", nullptr, settling) : QString());
    m_resolvingLabel->setVisible(settling > 0);

    retranslateSync();

    m_mode->setText(m_training ? tr("TRAINING") : tr("Live"));
    m_mode->setStyleSheet(m_training ? QStringLiteral("background: #ff8c00; color: black; font-weight: bold; padding: 0 6px;")
                                     : QString());
}

void TerminalStatusBar::retranslateSync()
{
    if (!m_sync) {
        m_syncLabel->hide();
        return;
    }
    const SyncStatus &s = *m_sync;
    const int waiting = int(qMin<qint64>(s.waiting, std::numeric_limits<int>::max()));
    QString text;
    QString style;
    switch (s.state) {
    case SyncStatus::State::Starting:
        text = tr("HQ: connecting…");
        break;
    case SyncStatus::State::Synced:
        text = waiting > 0 ? tr("HQ: %n waiting", nullptr, waiting) : tr("HQ: synced");
        style = waiting > 0 ? QString() : QStringLiteral("color: #1a7f1a;");
        break;
    case SyncStatus::State::Waiting:
        text = tr("HQ: %n waiting", nullptr, waiting);
        break;
    case SyncStatus::State::Unreachable:
        text = waiting >= 0 ? tr("HQ unreachable: %n waiting, kept here and sent when HQ answers", nullptr, waiting)
                            : tr("HQ unreachable: changes are kept here and sent when HQ answers");
        style = QStringLiteral("color: #b36b00;");
        break;
    case SyncStatus::State::Refused:
        if (s.code == QLatin1String("hq_till_revoked"))
            text = tr("HQ refused this till: it was revoked at HQ. Sales are kept here; ask the manager");
        else if (s.code == QLatin1String("hq_unknown_token"))
            text = tr("HQ does not know this till any more: enrol it again (Settings). Sales are kept here");
        else if (s.code == QLatin1String("hq_foreign_row"))
            text = tr("HQ refused a change that is not this till's own: call support. Sales are kept here");
        else if (s.code == QLatin1String("hq_audit_altered"))
            text = tr("HQ refused this till's audit trail as altered: call support. Sales are kept here");
        else
            text = tr("HQ refused this till's changes (%1): call support. Sales are kept here").arg(s.code);
        style = QStringLiteral("color: #c00000; font-weight: bold;");
        break;
    }
    m_syncLabel->setText(text);
    m_syncLabel->setToolTip(s.message);
    m_syncLabel->setStyleSheet(style);
    m_syncLabel->show();
}

} // namespace paydesk::ui
