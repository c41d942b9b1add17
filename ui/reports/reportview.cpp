// SPDX-License-Identifier: MIT
#include "reportview.h"

#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "payments/resolver.h"
#include "reconcile/chinaday.h"
#include "config/pinvault.h"
#include "sale/yuan.h"
#include "settings/pindialog.h"
#include "store/auditlog.h"

#include <QDateEdit>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPdfWriter>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace paydesk::ui {

ReportView::ReportView(PaymentTerminal *terminal, PinVault *pins, QWidget *parent)
    : QWidget(parent), m_terminal(terminal), m_pins(pins), m_reports(terminal->database(), terminal->audit()),
      m_title(new QLabel(this)), m_dateLabel(new QLabel(this)), m_date(new QDateEdit(this)), m_x(new QPushButton(this)),
      m_z(new QPushButton(this)), m_close(new QPushButton(this)), m_resolve(new QPushButton(this)),
      m_pdf(new QPushButton(this)), m_status(new QLabel(this)), m_view(new QTextBrowser(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    // The current business day: today, or tomorrow once today is closed.
    const QDate today = m_reports.currentDay();
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setMaximumDate(today);
    m_date->setDate(today);
    m_date->setMinimumHeight(48);
    m_dateLabel->setBuddy(m_date);
    for (QPushButton *b : { m_x, m_z, m_close, m_resolve, m_pdf })
        b->setMinimumHeight(48);
    m_close->setEnabled(false);
    m_resolve->setVisible(false);
    m_pdf->setEnabled(false);
    m_status->setWordWrap(true);
    // The tables are as wide as the view and wrap their text; only their
    // borders overflowed, which showed a scroll bar for a few pixels.
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_dateLabel);
    bar->addWidget(m_date);
    bar->addWidget(m_x);
    bar->addWidget(m_z);
    bar->addStretch(1);
    bar->addWidget(m_resolve);
    bar->addWidget(m_close);
    bar->addWidget(m_pdf);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(m_x, &QPushButton::clicked, this, &ReportView::showX);
    connect(m_z, &QPushButton::clicked, this, &ReportView::showZ);
    connect(m_close, &QPushButton::clicked, this, &ReportView::closeDay);
    connect(m_resolve, &QPushButton::clicked, this, &ReportView::resolveNow);
    connect(m_pdf, &QPushButton::clicked, this, &ReportView::exportPdfWithDialog);
    connect(m_date, &QDateEdit::dateChanged, this, &ReportView::refresh);
    // Sales and refunds that settle (the Resolver at work) change the figures.
    if (m_terminal->payments())
        connect(m_terminal->payments(), &PaymentService::saleFinished, this, &ReportView::refresh);
    if (m_terminal->refundService())
        connect(m_terminal->refundService(), &RefundService::refundUpdated, this, &ReportView::refresh);
    retranslate();
    showReport(ShiftReportData::X);
}

QDate ReportView::date() const
{
    return m_date->date();
}

void ReportView::setDate(QDate day)
{
    m_date->setDate(day);
}

QString ReportView::message() const
{
    return m_message;
}

void ReportView::showX()
{
    m_message.clear();
    showReport(ShiftReportData::X);
}

void ReportView::showZ()
{
    m_message.clear();
    showReport(ShiftReportData::Z);
}

void ReportView::refresh()
{
    showReport(m_kind);
}

void ReportView::showReport(ShiftReportData::Kind kind)
{
    m_kind = kind;
    auto built = m_reports.build(kind, m_date->date());
    if (!built) {
        m_report.reset();
        m_message = built.error().message;
    } else {
        m_report = *built;
    }
    render();
}

bool ReportView::closeDayNow(const QString &manager)
{
    auto closed = m_reports.closeDay(m_date->date(), manager);
    if (!closed) {
        if (closed.error().code == QLatin1String("day_unresolved"))
            m_message = tr("The day cannot be closed while payments or refunds are not final. Press Resolve now, then "
                           "close the day.");
        else if (closed.error().code == QLatin1String("day_closed"))
            m_message = tr("This day is already closed.");
        else
            m_message = closed.error().message;
        showReport(ShiftReportData::Z);
        return false;
    }
    m_message = tr("The day is closed. Sales from now on are in the business day %1.")
                    .arg(m_reports.currentDay().toString(Qt::ISODate));
    m_kind = ShiftReportData::Z;
    m_report = *closed;
    m_date->setMaximumDate(qMax(m_date->maximumDate(), m_reports.currentDay()));
    render();
    return true;
}

void ReportView::closeDay()
{
    const auto answer
        = QMessageBox::question(this, tr("Close the day"),
                                tr("Close %1? The Z report is recorded and the day cannot be closed again.")
                                    .arg(m_date->date().toString(Qt::ISODate)));
    if (answer != QMessageBox::Yes)
        return;
    // The close is credited to the manager whose PIN authorises it now, not
    // to whoever opened the screen.
    QString manager = PinVault::managerRole();
    if (m_pins
        && !PinDialog::authorise(m_pins, PinVault::managerRole(),
                                 tr("Close the day %1").arg(m_date->date().toString(Qt::ISODate)), this, &manager))
        return;
    closeDayNow(manager);
}

void ReportView::resolveNow()
{
    if (!m_terminal->resolver())
        return;
    const int handed = m_terminal->resolver()->runOnce();
    m_message = tr("Asking WeChat Pay about %n open payment(s) or refund(s)…", nullptr, handed);
    render();
}

QString ReportView::subMerchantName(const QString &mchid) const
{
    if (mchid == m_terminal->profile().mchid)
        return m_terminal->profile().storeName.isEmpty() ? mchid : m_terminal->profile().storeName;
    if (const SubMerchant *sub = m_terminal->profile().subMerchant(mchid))
        return sub->name.isEmpty() ? mchid : QStringLiteral("%1 (%2)").arg(sub->name, mchid);
    return mchid;
}

QString ReportView::reportHtml() const
{
    if (!m_report)
        return QStringLiteral("<p>%1</p>").arg(m_message.toHtmlEscaped());
    const ShiftReportData &r = *m_report;
    auto row = [](const QString &label, const ReportFigures &f, bool bold = false) {
        const QString b = bold ? QStringLiteral("<b>") : QString(), e = bold ? QStringLiteral("</b>") : QString();
        return QStringLiteral("<tr><td>%1%2%3</td><td align=right>%4</td><td align=right>%5</td>"
                              "<td align=right>%6</td><td align=right>%7</td><td align=right>%1%8%3</td></tr>")
            .arg(b, label.toHtmlEscaped(), e)
            .arg(f.payments)
            .arg(Yuan::format(f.gross))
            .arg(f.refundCount)
            .arg(Yuan::format(f.refunds), Yuan::format(f.net()));
    };
    const QString head
        = QStringLiteral("<tr><th align=left>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th></tr>")
              .arg(QString(), tr("Payments"), tr("Gross"), tr("Refunds"), tr("Refunded"), tr("Net"));
    QString html = QStringLiteral("<h2>%1</h2>").arg(r.kind == ShiftReportData::X ? tr("X report") : tr("Z report"));
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("Day %1 (China time), printed %2")
                         .arg(r.day.toString(Qt::ISODate),
                              ChinaDay::display(r.generatedAt, QStringLiteral("yyyy-MM-dd HH:mm")))
                         .toHtmlEscaped());
    if (!m_terminal->profile().storeName.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(m_terminal->profile().storeName.toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=0 cellpadding=4 border=1 width=100%>") + head;
    html += row(tr("Total"), r.totals, true);
    html += QStringLiteral("</table><h3>%1</h3><table cellspacing=0 cellpadding=4 border=1 width=100%>")
                .arg(tr("Per merchant"))
        + head;
    for (const ReportLine &l : r.perSubMerchant)
        html += row(subMerchantName(l.key), l.figures);
    html += QStringLiteral("</table><h3>%1</h3><table cellspacing=0 cellpadding=4 border=1 width=100%>")
                .arg(tr("Per cashier"))
        + head;
    for (const ReportLine &l : r.perCashier)
        html += row(l.key.isEmpty() ? tr("(none)") : l.key, l.figures);
    html += QStringLiteral("</table>");
    if (!r.unresolved.isEmpty()) {
        html += QStringLiteral("<h3 style='color:#c0392b'>%1</h3><ul>")
                    .arg(tr("Not final: %n payment(s) or refund(s) must be resolved before the day can close", nullptr,
                            int(r.unresolved.size())));
        for (const OpenItem &i : r.unresolved) {
            html += QStringLiteral("<li>%1</li>")
                        .arg((i.kind == OpenItem::Order ? tr("Order %1: %2, %3") : tr("Refund %1: %2, %3"))
                                 .arg(i.reference, Yuan::format(i.amount), i.state)
                                 .toHtmlEscaped());
        }
        html += QStringLiteral("</ul>");
    }
    if (r.closed) {
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("Day closed %1 by %2")
                             .arg(ChinaDay::display(r.closedAt, QStringLiteral("yyyy-MM-dd HH:mm")), r.closedBy)
                             .toHtmlEscaped());
    }
    return html;
}

void ReportView::render()
{
    m_view->setHtml(reportHtml());
    m_status->setText(m_message);
    const bool z = m_report && m_report->kind == ShiftReportData::Z;
    const bool open = m_report && !m_report->unresolved.isEmpty();
    m_close->setEnabled(z && !m_report->closed);
    m_resolve->setVisible(open);
    m_pdf->setEnabled(m_report.has_value());
}

bool ReportView::exportPdf(const QString &path)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setTitle(m_report && m_report->kind == ShiftReportData::Z ? tr("Z report") : tr("X report"));
    writer.setCreator(QStringLiteral("PayDesk"));
    QTextDocument document;
    document.setHtml(reportHtml());
    document.print(&writer);
    // QPdfWriter reports no error; a file that is not there is the failure.
    const bool ok = QFileInfo::exists(path) && QFileInfo(path).size() > 0;
    if (!ok) {
        m_message = tr("cannot write %1").arg(path);
        render();
    }
    return ok;
}

void ReportView::exportPdfWithDialog()
{
    if (!m_report)
        return;
    const QString suggested = QStringLiteral("%1-report-%2.pdf")
                                  .arg(m_report->kind == ShiftReportData::X ? QStringLiteral("x") : QStringLiteral("z"),
                                       m_report->day.toString(Qt::ISODate));
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save the report as PDF"), suggested, tr("PDF files (*.pdf)"));
    if (!path.isEmpty())
        exportPdf(path);
}

void ReportView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ReportView::retranslate()
{
    m_title->setText(tr("Reports"));
    m_dateLabel->setText(tr("&Day:"));
    m_x->setText(tr("&X report"));
    m_z->setText(tr("&Z report"));
    m_close->setText(tr("&Close the day"));
    m_resolve->setText(tr("&Resolve now"));
    m_pdf->setText(tr("Save as &PDF…"));
    if (m_report)
        render();
}

} // namespace paydesk::ui
