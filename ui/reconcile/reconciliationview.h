// SPDX-License-Identifier: MIT
#pragma once

#include "reconcile/reconciliationresult.h"

#include <QDate>
#include <QWidget>

class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace paydesk {
class PaymentTerminal;
class ReconciliationRunner;
} // namespace paydesk

namespace paydesk::ui {

class DifferenceModel;

// The reconciliation screen (manager): pick a day (yesterday by default, as
// WeChat Pay's bill is ready from 10:00 the next day), Run, watch the
// progress, read the differences with what to do about each, export them as
// CSV. The download and the comparison never block the GUI thread: the
// ReconciliationRunner works through signals and a worker thread.
class ReconciliationView : public QWidget
{
    Q_OBJECT

public:
    explicit ReconciliationView(PaymentTerminal *terminal, QWidget *parent = nullptr);

    ReconciliationRunner *runner() const { return m_runner; }
    DifferenceModel *model() const { return m_model; }
    QDate date() const;
    void setDate(QDate day);
    // Writes the shown differences as CSV; false (with the reason shown) on failure.
    bool exportCsv(const QString &path);

public slots:
    void run();
    void exportWithDialog();
    // Shows a result (also one from the daily automatic run).
    void showResult(const paydesk::ReconciliationResult &result);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showFailure(const QString &code, const QString &message);
    void onProgress(int percent, const QString &stage);
    void updateSummary();

    ReconciliationRunner *m_runner;
    DifferenceModel *m_model;
    bool m_hasResult = false;
    QString m_failure;
    QString m_stage;

    QLabel *m_title;
    QLabel *m_dateLabel;
    QDateEdit *m_date;
    QPushButton *m_run;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTableView *m_table;
};

} // namespace paydesk::ui
