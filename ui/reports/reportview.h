// SPDX-License-Identifier: MIT
#pragma once

#include "reconcile/shiftreport.h"

#include <QDate>
#include <QWidget>
#include <optional>

class QDateEdit;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace paydesk {
class PaymentTerminal;
class PinVault;
} // namespace paydesk

namespace paydesk::ui {

// X and Z reports (manager): counts, gross, refunds and net for a business
// day (ShiftReport), per sub-merchant and per cashier, on screen and as PDF.
// It opens on the current business day. "Close the day" asks for a manager's
// PIN and records the Z report once, credited to that manager; while a
// payment or refund of the day is not final it is refused, the report lists
// them, and "Resolve now" asks WeChat Pay about them (the terminal's
// Resolver) and refreshes as they settle.
class ReportView : public QWidget
{
    Q_OBJECT

public:
    // `pins`: the PINs that authorise the close (null: no PIN is asked).
    ReportView(PaymentTerminal *terminal, PinVault *pins, QWidget *parent = nullptr);

    QDate date() const;
    void setDate(QDate day);
    const std::optional<ShiftReportData> &report() const { return m_report; }
    QString reportHtml() const;
    bool exportPdf(const QString &path);
    QString message() const;

public slots:
    void showX();
    void showZ();
    void closeDay(); // asks for confirmation and a manager's PIN
    bool closeDayNow(const QString &manager); // without asking: `manager` authorised it
    void resolveNow();
    void exportPdfWithDialog();
    void refresh();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showReport(ShiftReportData::Kind kind);
    void render();
    QString subMerchantName(const QString &mchid) const;

    PaymentTerminal *m_terminal;
    PinVault *m_pins;
    ShiftReport m_reports;
    std::optional<ShiftReportData> m_report;
    ShiftReportData::Kind m_kind = ShiftReportData::X;
    QString m_message;

    QLabel *m_title;
    QLabel *m_dateLabel;
    QDateEdit *m_date;
    QPushButton *m_x;
    QPushButton *m_z;
    QPushButton *m_close;
    QPushButton *m_resolve;
    QPushButton *m_pdf;
    QLabel *m_status;
    QTextBrowser *m_view;
};

} // namespace paydesk::ui
