// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace paydesk::ui {

class TrainingEnvironment;

// Training mode's pretend customer: acts on the sale on screen through the
// in-process sandbox — scan, be slow (USERPAYING), pay, fail or walk away —
// so a trainee sees every turn a real sale can take.
class CustomerPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CustomerPanel(TrainingEnvironment *training, QWidget *parent = nullptr);

    // The order the buttons act on; empty: none (buttons disabled).
    void setOrder(const QString &outTradeNo, bool combined);
    QString order() const { return m_outTradeNo; }

    // What a button does; public so tests and the keyboard shortcuts use the same path.
    void act(const QString &action);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateButtons();

    TrainingEnvironment *m_training;
    QString m_outTradeNo;
    bool m_combined = false;
    QLabel *m_title;
    QLabel *m_status;
    QPushButton *m_scan;
    QPushButton *m_userPaying;
    QPushButton *m_pay;
    QPushButton *m_fail;
    QPushButton *m_abandon;
};

} // namespace paydesk::ui
