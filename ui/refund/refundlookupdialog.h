// SPDX-License-Identifier: MIT
#pragma once

#include "store/refundlookup.h"

#include <QDialog>
#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk {
class PaymentTerminal;
} // namespace paydesk

namespace paydesk::ui {

// F3: where a refund starts. One line takes a scanner's burst and its Enter
// (the receipt's QR code) or a typed order number or WeChat Pay transaction
// number. A sale that can be refunded here is handed on (orderFound, and the
// dialog closes) to RefundDialog, which asks for the manager PIN; anything
// else is explained in the dialog, with the text selected so the next scan
// replaces it. A lookup is a few indexed queries (RefundLookup).
class RefundLookupDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RefundLookupDialog(PaymentTerminal *terminal, QWidget *parent = nullptr);

    QLineEdit *codeEdit() const { return m_code; }
    QString message() const; // why the last lookup found nothing to refund; empty when none
    Refundability lastResult() const { return m_last; }

public slots:
    void lookUp(); // what the line says, as if Enter was pressed

signals:
    // A refundable (sub-)order: what RefundDialog is to open.
    void orderFound(const QString &outTradeNo);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void setMessage(std::function<QString()> text);
    QString merchantName(const QString &mchid) const;

    PaymentTerminal *m_terminal;
    Refundability m_last;
    // Re-evaluated on a language change, so the message reads in the new language too.
    std::function<QString()> m_messageText;

    QLabel *m_prompt;
    QLineEdit *m_code;
    QLabel *m_message;
    QPushButton *m_findButton;
    QPushButton *m_cancelButton;
};

} // namespace paydesk::ui
