// SPDX-License-Identifier: MIT
#include "customerdisplay.h"

#include "clock.h"
#include "qrcodewidget.h"
#include "symbols.h"
#include "yuan.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScreen>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {

// The customer-facing texts are deliberately not tr(): they are for the
// store's customers (Chinese first, English for visitors) and must not
// follow the cashier's language choice. Sizes are set (and scaled) by
// CustomerDisplay::setTextStyle (styledLabel makes and styles one at once).
QLabel *makeLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setAlignment(Qt::AlignCenter);
    l->setWordWrap(true);
    return l;
}

constexpr QSize DesignSize(1280, 720);
constexpr int QrDesignSide = 240;

} // namespace

CustomerDisplay::CustomerDisplay(QWidget *parent) : QWidget(parent, Qt::Window)
{
    setObjectName(QStringLiteral("customerDisplay"));
    setWindowTitle(QStringLiteral("PayDesk — 顾客显示 / Customer display"));
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::WindowText, QColor(0x22, 0x22, 0x22));
    setPalette(p);
    resize(1024, 600);

    m_pages = new QStackedWidget(this);
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(32, 32, 32, 32);
    // Training mode: the customer must see at once that nothing here is real.
    m_trainingBanner = makeLabel(this);
    m_trainingBanner->setObjectName(QStringLiteral("customerTrainingBanner"));
    m_trainingBanner->setText(QStringLiteral("培训模式 · 请勿真实付款 / TRAINING · no real payment"));
    m_trainingBanner->setStyleSheet(QStringLiteral("background: #ff8c00; padding: 8px; font-size: 18px; font-weight: 700;"));
    m_trainingBanner->hide();
    root->addWidget(m_trainingBanner);
    root->addWidget(m_pages);

    // Welcome
    m_welcomePage = new QWidget(m_pages);
    {
        auto *v = new QVBoxLayout(m_welcomePage);
        m_welcomeStore = styledLabel(m_welcomePage, 56, true, QStringLiteral("#222"));
        m_welcomeChinese = styledLabel(m_welcomePage, 44, false, QStringLiteral("#07a050"));
        m_welcomeEnglish = styledLabel(m_welcomePage, 28, false, QStringLiteral("#666"));
        m_welcomeChinese->setText(QStringLiteral("欢迎光临"));
        m_welcomeEnglish->setText(QStringLiteral("Welcome"));
        v->addStretch(2);
        v->addWidget(m_welcomeStore);
        v->addSpacing(24);
        v->addWidget(m_welcomeChinese);
        v->addWidget(m_welcomeEnglish);
        v->addStretch(3);
    }
    m_pages->addWidget(m_welcomePage);

    // Payment / paying: amount on the left, QR on the right, as large as the screen allows.
    m_paymentPage = new QWidget(m_pages);
    {
        auto *h = new QHBoxLayout(m_paymentPage);
        h->setSpacing(40);
        auto *left = new QVBoxLayout;
        auto *dueChinese = styledLabel(m_paymentPage, 36, false, QStringLiteral("#222"));
        dueChinese->setText(QStringLiteral("应付金额"));
        auto *dueEnglish = styledLabel(m_paymentPage, 22, false, QStringLiteral("#666"));
        dueEnglish->setText(QStringLiteral("Amount due"));
        m_paymentAmount = styledLabel(m_paymentPage, 84, true, QStringLiteral("#111"));
        m_paymentAmount->setObjectName(QStringLiteral("customerAmount"));
        m_paymentAmount->setWordWrap(false);
        m_countdown = styledLabel(m_paymentPage, 30, false, QStringLiteral("#444"));
        m_countdown->setObjectName(QStringLiteral("customerCountdown"));
        left->addStretch(1);
        left->addWidget(dueChinese);
        left->addWidget(dueEnglish);
        left->addSpacing(12);
        left->addWidget(m_paymentAmount);
        left->addSpacing(24);
        left->addWidget(m_countdown);
        left->addStretch(1);

        auto *right = new QVBoxLayout;
        m_paymentChinese = styledLabel(m_paymentPage, 40, true, QStringLiteral("#07a050"));
        m_paymentEnglish = styledLabel(m_paymentPage, 24, false, QStringLiteral("#666"));
        m_qr = new QrCodeWidget(m_paymentPage);
        m_qr->setObjectName(QStringLiteral("customerQr"));
        m_qr->setMinimumSize(QrDesignSide, QrDesignSide);
        right->addWidget(m_paymentChinese);
        right->addWidget(m_paymentEnglish);
        right->addWidget(m_qr, 1);

        h->addLayout(left, 1);
        h->addLayout(right, 1);
    }
    m_pages->addWidget(m_paymentPage);

    m_finalPage = new QWidget(m_pages);
    {
        auto *v = new QVBoxLayout(m_finalPage);
        m_finalSymbol = styledLabel(m_finalPage, 140, true, QStringLiteral("#222"));
        m_finalChinese = styledLabel(m_finalPage, 52, true, QStringLiteral("#222"));
        m_finalEnglish = styledLabel(m_finalPage, 30, false, QStringLiteral("#666"));
        m_finalAmount = styledLabel(m_finalPage, 60, true, QStringLiteral("#111"));
        v->addStretch(1);
        v->addWidget(m_finalSymbol);
        v->addWidget(m_finalChinese);
        v->addWidget(m_finalEnglish);
        v->addSpacing(16);
        v->addWidget(m_finalAmount);
        v->addStretch(1);
    }
    m_pages->addWidget(m_finalPage);

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &CustomerDisplay::tick);
    m_return = new QTimer(this);
    m_return->setSingleShot(true);
    connect(m_return, &QTimer::timeout, this, [this] { showWelcome(m_storeName); });

    showWelcome(QString());
}

void CustomerDisplay::setTraining(bool training)
{
    m_trainingBanner->setVisible(training);
}

bool CustomerDisplay::isTraining() const
{
    return !m_trainingBanner->isHidden();
}

void CustomerDisplay::showOnScreen(QScreen *screen)
{
    if (!screen)
        return;
    setWindowFlags(Qt::Window | Qt::FramelessWindowHint);
    setScreen(screen);
    setGeometry(screen->geometry());
    showFullScreen();
}

QLabel *CustomerDisplay::styledLabel(QWidget *parent, int pixelSize, bool bold, const QString &color)
{
    QLabel *label = makeLabel(parent);
    setTextStyle(label, pixelSize, bold, color);
    return label;
}

void CustomerDisplay::setTextStyle(QLabel *label, int pixelSize, bool bold, const QString &color)
{
    label->setProperty("paydeskPixelSize", pixelSize);
    label->setProperty("paydeskBold", bold);
    label->setProperty("paydeskColor", color);
    applyTextStyle(label);
}

void CustomerDisplay::applyTextStyle(QLabel *label)
{
    const int px = qMax(10, qRound(label->property("paydeskPixelSize").toInt() * m_scale));
    label->setStyleSheet(QStringLiteral("font-size: %1px; %2 color: %3;")
                             .arg(px)
                             .arg(label->property("paydeskBold").toBool() ? QStringLiteral("font-weight: 700;")
                                                                           : QString(),
                                  label->property("paydeskColor").toString()));
}

void CustomerDisplay::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateScale();
}

void CustomerDisplay::updateScale()
{
    // Full screen: the screen's size, never a size the layout pushed the
    // window to (that would only ever grow).
    const QSize area = isFullScreen() && screen() ? screen()->geometry().size() : size();
    const double scale = qBound(0.4, qMin(double(area.width()) / DesignSize.width(),
                                          double(area.height()) / DesignSize.height()), 1.5);
    if (qAbs(scale - m_scale) < 0.01)
        return;
    m_scale = scale;
    for (QLabel *label : findChildren<QLabel *>()) {
        if (label->property("paydeskPixelSize").isValid())
            applyTextStyle(label);
    }
    const int qr = qRound(QrDesignSide * m_scale);
    m_qr->setMinimumSize(qr, qr);
    if (m_stage == Stage::Expired)
        drawExpiredSymbol(); // a pixmap does not follow the font size
}

void CustomerDisplay::drawExpiredSymbol()
{
    m_finalSymbol->setPixmap(clockSymbol(qMax(32, qRound(110 * m_scale)), QColor(0xe0, 0xa0, 0x00), devicePixelRatioF()));
}

bool CustomerDisplay::isShownApartFrom(const QWidget *widget) const
{
    if (!isVisible() || !widget)
        return false;
    const QScreen *mine = screen();
    const QScreen *theirs = widget->screen();
    return mine && theirs && mine != theirs;
}

void CustomerDisplay::setClock(Clock *clock)
{
    m_clock = clock;
}

void CustomerDisplay::setReturnDelayMs(int ms)
{
    m_returnDelayMs = ms;
}

QDateTime CustomerDisplay::now() const
{
    return m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
}

QString CustomerDisplay::countdownText() const
{
    if (!m_expiresAt.isValid())
        return {};
    const qint64 left = std::max<qint64>(0, now().secsTo(m_expiresAt));
    return QStringLiteral("%1:%2").arg(left / 60, 2, 10, QLatin1Char('0')).arg(left % 60, 2, 10, QLatin1Char('0'));
}

QString CustomerDisplay::payload() const
{
    return m_qr->payload();
}

void CustomerDisplay::setStage(Stage stage)
{
    const bool changed = stage != m_stage;
    m_stage = stage;
    if (changed)
        emit stageChanged(stage);
}

void CustomerDisplay::showWelcome(const QString &storeName)
{
    m_return->stop();
    m_tick->stop();
    m_storeName = storeName;
    m_welcomeStore->setText(storeName);
    m_welcomeStore->setVisible(!storeName.isEmpty());
    m_qr->setPayload(QString());
    m_expiresAt = QDateTime();
    m_pages->setCurrentWidget(m_welcomePage);
    setStage(Stage::Welcome);
}

void CustomerDisplay::showPayment(qint64 amountFen, const QString &codeUrl, const QDateTime &expiresAt)
{
    m_return->stop();
    m_amountFen = amountFen;
    m_expiresAt = expiresAt;
    m_paymentAmount->setText(Yuan::format(amountFen));
    m_qr->setPayload(codeUrl);
    m_qr->setPlaceholderText(QStringLiteral("请稍候…\nPlease wait…"));
    m_paymentChinese->setText(QStringLiteral("请使用微信扫码支付"));
    m_paymentEnglish->setText(QStringLiteral("Scan with WeChat to pay"));
    m_pages->setCurrentWidget(m_paymentPage);
    tick();
    m_tick->start();
    setStage(Stage::Payment);
}

void CustomerDisplay::showPaying()
{
    if (m_stage != Stage::Payment && m_stage != Stage::Paying)
        return; // no sale on screen: nothing to say "paying" about
    m_paymentChinese->setText(QStringLiteral("正在支付…"));
    m_paymentEnglish->setText(QStringLiteral("Paying… please confirm on your phone"));
    setStage(Stage::Paying);
}

void CustomerDisplay::showFinal(Stage stage)
{
    m_tick->stop();
    m_qr->setPayload(QString());
    m_expiresAt = QDateTime();
    m_pages->setCurrentWidget(m_finalPage);
    setStage(stage);
    m_return->start(m_returnDelayMs);
}

void CustomerDisplay::showPaid(qint64 amountFen)
{
    m_finalSymbol->setText(QStringLiteral("✓"));
    setTextStyle(m_finalSymbol, 140, true, QStringLiteral("#07c160"));
    m_finalChinese->setText(QStringLiteral("支付成功，谢谢惠顾"));
    m_finalEnglish->setText(QStringLiteral("Payment received. Thank you!"));
    m_finalAmount->setText(Yuan::format(amountFen));
    m_finalAmount->show();
    showFinal(Stage::Paid);
}

void CustomerDisplay::showExpired()
{
    setTextStyle(m_finalSymbol, 120, false, QStringLiteral("#e0a000"));
    drawExpiredSymbol();
    m_finalChinese->setText(QStringLiteral("二维码已过期，未扣款"));
    m_finalEnglish->setText(QStringLiteral("The QR code has expired. You were not charged."));
    m_finalAmount->hide();
    showFinal(Stage::Expired);
}

void CustomerDisplay::showCancelled()
{
    m_finalSymbol->setText(QStringLiteral("✕"));
    setTextStyle(m_finalSymbol, 120, false, QStringLiteral("#c62828"));
    m_finalChinese->setText(QStringLiteral("订单已取消，未扣款"));
    m_finalEnglish->setText(QStringLiteral("The order was cancelled. You were not charged."));
    m_finalAmount->hide();
    showFinal(Stage::Cancelled);
}

void CustomerDisplay::tick()
{
    if (!m_expiresAt.isValid()) {
        m_countdown->clear();
        return;
    }
    m_countdown->setText(QStringLiteral("剩余时间 %1\nTime left %1").arg(countdownText()));
}

} // namespace paydesk::ui
