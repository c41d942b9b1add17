// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QLabel;
class QScreen;
class QStackedWidget;
class QTimer;

namespace paydesk {
class Clock;
}

namespace paydesk::ui {

class QrCodeWidget;

// The window the customer looks at, on a second screen facing them: the QR
// belongs where the customer's camera is. It follows the sale as a state
// machine — Welcome → Payment (amount, big QR, countdown) → Paying → Paid /
// Expired / Cancelled — and each final screen returns to Welcome after
// returnDelayMs().
//
// Texts are Chinese first with English below, whatever language the cashier
// has chosen: they are written for the store's customers, not its staff.
class CustomerDisplay : public QWidget
{
    Q_OBJECT

public:
    enum class Stage { Welcome, Payment, Paying, Paid, Expired, Cancelled };
    Q_ENUM(Stage)

    // A top-level window even when given a parent (the parent only owns it).
    explicit CustomerDisplay(QWidget *parent = nullptr);

    Stage stage() const { return m_stage; }
    QString storeName() const { return m_storeName; }
    // The countdown shown on the payment screen, "04:59".
    QString countdownText() const;
    QString payload() const;

    // Frameless and full-screen on `screen` (the customer-facing monitor).
    void showOnScreen(QScreen *screen);
    // A bright banner above every stage: training sales are not real money.
    void setTraining(bool training);
    bool isTraining() const;
    // Shown, and on another screen than `widget` (so the cashier's own screen
    // need not show the big QR).
    bool isShownApartFrom(const QWidget *widget) const;

    // Time for the countdown; the system clock when not set.
    void setClock(Clock *clock);
    void setReturnDelayMs(int ms);
    int returnDelayMs() const { return m_returnDelayMs; }

public slots:
    void showWelcome(const QString &storeName);
    void showPayment(qint64 amountFen, const QString &codeUrl, const QDateTime &expiresAt);
    void showPaying();
    void showPaid(qint64 amountFen);
    void showExpired();
    void showCancelled();

signals:
    void stageChanged(paydesk::ui::CustomerDisplay::Stage stage);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // Text sizes are designed for a 1280 x 720 screen and scaled to the one
    // the display is on, so an 800 x 480 customer display shows everything.
    void updateScale();
    QLabel *styledLabel(QWidget *parent, int pixelSize, bool bold, const QString &color);
    void setTextStyle(QLabel *label, int pixelSize, bool bold, const QString &color);
    void applyTextStyle(QLabel *label);
    void setStage(Stage stage);
    void showFinal(Stage stage);
    void drawExpiredSymbol();
    void tick();
    QDateTime now() const;

    Stage m_stage = Stage::Welcome;
    QString m_storeName;
    qint64 m_amountFen = 0;
    QDateTime m_expiresAt;
    QPointer<Clock> m_clock;
    int m_returnDelayMs = 6000;

    double m_scale = 1.0;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_trainingBanner = nullptr;
    // Welcome
    QWidget *m_welcomePage = nullptr;
    QLabel *m_welcomeStore = nullptr;
    QLabel *m_welcomeChinese = nullptr;
    QLabel *m_welcomeEnglish = nullptr;
    // Payment and paying share one page: the amount and QR stay in view.
    QWidget *m_paymentPage = nullptr;
    QLabel *m_paymentAmount = nullptr;
    QrCodeWidget *m_qr = nullptr;
    QLabel *m_paymentChinese = nullptr;
    QLabel *m_paymentEnglish = nullptr;
    QLabel *m_countdown = nullptr;
    // Final screens
    QWidget *m_finalPage = nullptr;
    QLabel *m_finalSymbol = nullptr;
    QLabel *m_finalChinese = nullptr;
    QLabel *m_finalEnglish = nullptr;
    QLabel *m_finalAmount = nullptr;

    QTimer *m_tick = nullptr;
    QTimer *m_return = nullptr;
};

} // namespace paydesk::ui
