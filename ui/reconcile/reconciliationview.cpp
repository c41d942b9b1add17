// SPDX-License-Identifier: MIT
#include "reconciliationview.h"

#include "differencemodel.h"
#include "payments/paymentterminal.h"
#include "reconcile/chinaday.h"
#include "reconcile/reconciliationrunner.h"
#include "sale/yuan.h"
#include "store/database.h"

#include <QDateEdit>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {
ReconciliationRunner::Options runnerOptions(const PaymentTerminal *terminal)
{
    ReconciliationRunner::Options options;
    options.terminalId = terminal->profile().terminalId;
    return options;
}
} // namespace

ReconciliationView::ReconciliationView(PaymentTerminal *terminal, QWidget *parent)
    : QWidget(parent),
      m_runner(new ReconciliationRunner(terminal->api(), terminal->database()->path(), terminal->orders(),
                                        runnerOptions(terminal), this)),
      m_model(new DifferenceModel(this)), m_title(new QLabel(this)), m_dateLabel(new QLabel(this)),
      m_date(new QDateEdit(this)), m_run(new QPushButton(this)), m_export(new QPushButton(this)),
      m_progress(new QProgressBar(this)), m_summary(new QLabel(this)), m_table(new QTableView(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setDate(ChinaDay::today(QDateTime::currentDateTimeUtc()).addDays(-1));
    m_date->setMaximumDate(ChinaDay::today(QDateTime::currentDateTimeUtc()));
    m_date->setMinimumHeight(48);
    m_dateLabel->setBuddy(m_date);
    for (QPushButton *b : { m_run, m_export })
        b->setMinimumHeight(48);
    m_run->setDefault(true);
    m_export->setEnabled(false);
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DifferenceModel::Action, QHeaderView::Stretch);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_dateLabel);
    bar->addWidget(m_date);
    bar->addWidget(m_run);
    bar->addStretch(1);
    bar->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(bar);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);

    connect(m_run, &QPushButton::clicked, this, &ReconciliationView::run);
    connect(m_export, &QPushButton::clicked, this, &ReconciliationView::exportWithDialog);
    connect(m_runner, &ReconciliationRunner::progress, this, &ReconciliationView::onProgress);
    connect(m_runner, &ReconciliationRunner::finished, this, &ReconciliationView::showResult);
    connect(m_runner, &ReconciliationRunner::failed, this, &ReconciliationView::showFailure);
    retranslate();
}

QDate ReconciliationView::date() const
{
    return m_date->date();
}

void ReconciliationView::setDate(QDate day)
{
    m_date->setDate(day);
}

void ReconciliationView::run()
{
    if (m_runner->isRunning())
        return;
    m_failure.clear();
    m_hasResult = false;
    m_model->setResult({});
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_run->setEnabled(false);
    m_export->setEnabled(false);
    m_runner->start(m_date->date());
    updateSummary();
}

void ReconciliationView::onProgress(int percent, const QString &stage)
{
    m_progress->setValue(percent);
    m_stage = stage;
    updateSummary();
}

void ReconciliationView::showResult(const ReconciliationResult &result)
{
    m_summary->setToolTip(QString());
    m_model->setResult(result);
    m_hasResult = true;
    m_failure.clear();
    m_progress->setVisible(false);
    m_run->setEnabled(true);
    m_export->setEnabled(true);
    if (result.date.isValid() && result.date != m_date->date())
        m_date->setDate(result.date);
    m_table->resizeRowsToContents();
    updateSummary();
}

void ReconciliationView::showFailure(const QString &code, const QString &message)
{
    // Core's message is English for the log; the manager reads words made
    // from its code, the message itself stays in the tooltip for support.
    const QString day = m_date->date().toString(Qt::ISODate);
    if (code == QLatin1String("STATEMENT_CREATING"))
        m_failure = tr("WeChat Pay's bill for %1 is not ready yet (it is out from 10:00 China time the next day): "
                       "try again later").arg(day);
    else if (code.startsWith(QLatin1String("bill_")))
        m_failure = tr("WeChat Pay's bill for %1 could not be read (%2); nothing was changed: try again, or call "
                       "support").arg(day, code);
    else if (code == QLatin1String("store_error") || code == QLatin1String("reconcile_failed")
             || code.startsWith(QLatin1String("db_")))
        m_failure = tr("the store could not be compared with the bill (%1); nothing was changed: call support").arg(code);
    else
        m_failure = tr("the bill for %1 could not be downloaded (%2): check the network and try again").arg(day, code);
    m_summary->setToolTip(message);
    m_progress->setVisible(false);
    m_run->setEnabled(true);
    updateSummary();
}

void ReconciliationView::updateSummary()
{
    if (!m_failure.isEmpty()) {
        m_summary->setText(tr("The reconciliation could not run: %1").arg(m_failure));
        return;
    }
    if (m_runner->isRunning()) {
        if (m_stage == QLatin1String("download"))
            m_summary->setText(tr("Downloading WeChat Pay's bill…"));
        else if (m_stage == QLatin1String("import"))
            m_summary->setText(tr("Confirming payments missing here with WeChat Pay…"));
        else
            m_summary->setText(tr("Comparing the bill with the store…"));
        return;
    }
    if (!m_hasResult) {
        m_summary->setText(
            tr("Choose a day and press Run. WeChat Pay's bill for a day is ready from 10:00 the next day."));
        return;
    }
    const ReconciliationResult &r = m_model->result();
    QString text = r.clean()
        ? tr("%1: everything matches. %n payment(s) and their refunds agree with WeChat Pay's bill.", nullptr,
             r.matched)
              .arg(r.date.toString(Qt::ISODate))
        : tr("%1: %n difference(s) to look at.", nullptr, int(r.differences.size())).arg(r.date.toString(Qt::ISODate));
    text += QLatin1Char(' ')
        + tr("Bill: %1 paid, %2 refunded. Store: %3 paid, %4 refunded.")
              .arg(Yuan::format(r.billPaidTotal), Yuan::format(r.billRefundTotal), Yuan::format(r.localPaidTotal),
                   Yuan::format(r.localRefundTotal));
    if (r.matchedReversals > 0)
        text += QLatin1Char(' ')
            + tr("The bill's refunds include %n reversed code-pay sale(s), %1 in all, which the store has as reversed.",
                 nullptr, r.matchedReversals)
                  .arg(Yuan::format(r.reversedTotal));
    if (!r.otherTerminals.isEmpty())
        text += QLatin1Char(' ')
            + tr("Other terminals of this merchant: %n sale(s), %1; %2 refund(s), %3 (their own to reconcile, not "
                 "counted here).",
                 nullptr, r.otherTerminals.payments)
                  .arg(Yuan::format(r.otherTerminals.paid))
                  .arg(r.otherTerminals.refunds)
                  .arg(Yuan::format(r.otherTerminals.refunded));
    m_summary->setText(text);
}

bool ReconciliationView::exportCsv(const QString &path)
{
    QSaveFile file(path);
    const QByteArray csv = m_model->result().toCsv();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        m_failure = tr("cannot write %1: %2").arg(path, file.errorString());
        updateSummary();
        return false;
    }
    return true;
}

void ReconciliationView::exportWithDialog()
{
    const QString suggested = QStringLiteral("reconciliation-%1.csv").arg(m_model->result().date.toString(Qt::ISODate));
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export the differences"), suggested, tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void ReconciliationView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ReconciliationView::retranslate()
{
    m_title->setText(tr("Reconciliation with WeChat Pay"));
    m_dateLabel->setText(tr("&Day:"));
    m_run->setText(tr("&Run"));
    m_export->setText(tr("&Export CSV…"));
    m_progress->setFormat(tr("%p%"));
    updateSummary();
}

} // namespace paydesk::ui
