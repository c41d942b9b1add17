// SPDX-License-Identifier: MIT
// The history screen on a real SQLite store: a thousand sales over five days
// written through OrderRepository and RefundRepository, read back the way a
// cashier would (today by default, filters, paging, details, reprint, refund).
// PAYDESK_SCREENSHOT_DIR=folder saves the view and the details dialog as PNG.

#include "history/historymodel.h"
#include "history/historyview.h"
#include "history/orderdetailsdialog.h"
#include "reconcile/chinaday.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::ui;

namespace {

// The store's today: history shows China time whatever the machine's zone.
QDate storeToday()
{
    return ChinaDay::today(QDateTime::currentDateTimeUtc());
}

struct Sale
{
    QString outTradeNo;
    QString transactionId;
    QDate day; // local
    qint64 amount = 0;
    OrderState state = OrderState::Paid;
    qint64 refunded = 0;
};

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void todayByDefault();
    void pagesInAsTheListScrolls();
    void summaryIsCountAndPaidTotal();
    void filtersByState();
    void filtersByAmount();
    void filtersByReference();
    void filtersByDate();
    void trainingSalesAreMarked();
    void newSaleAppearsAfterRefresh();
    void detailsShowSubOrdersRefundsAndAuditTrail();
    void detailsRefundOnlyWhenSomethingIsLeft();
    void listRefundOnlyWhenRefundable();
    void screenshots();

private:
    void addSale(const QString &no, const QDate &day, const QDateTime &at, qint64 amount, OrderState state,
                 bool training = false);
    void backdate(const QString &outTradeNo, const QDateTime &at);
    void refund(const QString &outTradeNo, const QString &outRefundNo, qint64 amount);
    QList<Sale> salesOn(const QDate &day) const;
    HistoryView *makeView();

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<OrderRepository> m_orders;
    std::unique_ptr<RefundRepository> m_refunds;
    QList<Sale> m_sales;
    int m_transactions = 0;
    std::unique_ptr<HistoryView> m_view;
};

void TestHistory::addSale(const QString &no, const QDate &day, const QDateTime &at, qint64 amount, OrderState state,
                          bool training)
{
    NewOrder o;
    o.outTradeNo = no;
    o.mchid = QStringLiteral("1900000109");
    o.description = QStringLiteral("咖啡 x%1").arg(amount % 3 + 1);
    o.amountTotal = amount;
    o.cashier = QStringLiteral("alice");
    o.terminalId = QStringLiteral("POS-01");
    o.training = training;
    QVERIFY(m_orders->create(o, QStringLiteral("alice")));
    auto apply = [&](const QString &tradeState) {
        Transaction t;
        t.mchid = o.mchid;
        t.outTradeNo = no;
        t.tradeState = tradeState;
        t.amount.total = amount;
        if (tradeState == QLatin1String("SUCCESS")) {
            t.transactionId = QStringLiteral("42%1").arg(++m_transactions, 26, 10, QLatin1Char('0'));
            t.payer.openid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
            t.amount.payerTotal = amount;
            t.successTime = at;
        }
        auto r = m_orders->applyTransaction(t, ResultSource::Query, QStringLiteral("poller"));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
    };
    apply(QStringLiteral("NOTPAY"));
    if (state == OrderState::Paid)
        apply(QStringLiteral("SUCCESS"));
    else if (state == OrderState::Closed)
        apply(QStringLiteral("CLOSED"));
    else if (state == OrderState::Failed)
        apply(QStringLiteral("PAYERROR"));
    backdate(no, at);
    m_sales << Sale{no, m_orders->find(no)->transactionId, day, amount, state, 0};
}

void TestHistory::backdate(const QString &outTradeNo, const QDateTime &at)
{
    // The repository stamps "now"; a history needs yesterday too.
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("UPDATE orders SET created_at = ? WHERE out_trade_no = ?"));
    q.addBindValue(at.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(outTradeNo);
    QVERIFY(q.exec());
}

void TestHistory::refund(const QString &outTradeNo, const QString &outRefundNo, qint64 amount)
{
    QVERIFY(m_refunds->create(outTradeNo, outRefundNo, amount, QStringLiteral("退货"), QStringLiteral("manager")));
    Refund r;
    r.outRefundNo = outRefundNo;
    r.refundId = QStringLiteral("50%1").arg(++m_transactions, 27, 10, QLatin1Char('0'));
    r.status = QStringLiteral("SUCCESS");
    r.refund = amount;
    r.successTime = QDateTime::currentDateTimeUtc();
    auto applied = m_refunds->applyRefund(r, ResultSource::Query, QStringLiteral("poller"));
    QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
    for (Sale &s : m_sales) {
        if (s.outTradeNo == outTradeNo) {
            s.refunded += amount;
            s.state = s.refunded >= s.amount ? OrderState::Refunded : OrderState::PartiallyRefunded;
        }
    }
}

QList<Sale> TestHistory::salesOn(const QDate &day) const
{
    QList<Sale> result;
    for (const Sale &s : m_sales) {
        if (s.day == day)
            result << s;
    }
    return result;
}

void TestHistory::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto opened = Database::open(m_dir.filePath(QStringLiteral("paydesk.sqlite")));
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    m_db = std::move(opened.value());
    m_audit = std::make_unique<AuditLog>(m_db.get());
    m_orders = std::make_unique<OrderRepository>(m_db.get(), m_audit.get());
    m_refunds = std::make_unique<RefundRepository>(m_db.get(), m_audit.get());

    // Filling only: a thousand fsyncs would test the disk, not the history.
    QSqlQuery(m_db->connection()).exec(QStringLiteral("PRAGMA synchronous = OFF"));

    const QDate today = storeToday();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 sinceMidnight = qMax<qint64>(1000, ChinaDay::start(today).msecsTo(now) - 2000);
    // Today: 450 sales between midnight and now, a tenth closed, a tenth failed,
    // a tenth still waiting; the rest paid.
    const int todayCount = 450;
    for (int i = 0; i < todayCount; ++i) {
        const QDateTime at = ChinaDay::start(today).addMSecs(sinceMidnight * i / todayCount);
        const OrderState state = i % 10 == 0 ? OrderState::Closed
            : i % 10 == 1                    ? OrderState::Failed
            : i % 10 == 2                    ? OrderState::Pending
                                             : OrderState::Paid;
        addSale(QStringLiteral("PD-D0-%1").arg(i, 4, 10, QLatin1Char('0')), today, at, 100 + i * 7, state, i == 447);
    }
    // Four earlier days, all paid.
    for (int d = 1; d <= 4; ++d) {
        const QDate day = today.addDays(-d);
        for (int i = 0; i < 137; ++i)
            addSale(QStringLiteral("PD-D%1-%2").arg(d).arg(i, 4, 10, QLatin1Char('0')), day,
                    ChinaDay::start(day).addSecs(8 * 3600 + i * 60), 500 + i, OrderState::Paid);
    }
    refund(QStringLiteral("PD-D0-0003"), QStringLiteral("R-0003-1"), 100);
    refund(QStringLiteral("PD-D0-0013"), QStringLiteral("R-0013-1"), 50);
    refund(QStringLiteral("PD-D0-0023"), QStringLiteral("R-0023-1"), 100 + 23 * 7);

    // A combined sale for two merchants, paid, one sub-order partly refunded.
    NewOrder combined;
    combined.outTradeNo = QStringLiteral("PDC-0001");
    combined.kind = OrderKind::Combine;
    combined.mchid = QStringLiteral("1900000109");
    combined.description = QStringLiteral("商场合单");
    combined.amountTotal = 300;
    combined.cashier = QStringLiteral("bob");
    combined.itemsJson = QStringLiteral(R"([{"name":"面条","price":"1.00"},{"name":"奶茶","price":"2.00","quantity":1}])");
    NewOrder a;
    a.outTradeNo = QStringLiteral("PDC-0001-01");
    a.kind = OrderKind::SubOrder;
    a.mchid = QStringLiteral("1900000110");
    a.description = QStringLiteral("面条");
    a.amountTotal = 100;
    NewOrder b = a;
    b.outTradeNo = QStringLiteral("PDC-0001-02");
    b.mchid = QStringLiteral("1900000111");
    b.description = QStringLiteral("奶茶");
    b.amountTotal = 200;
    combined.subOrders = {a, b};
    QVERIFY(m_orders->create(combined, QStringLiteral("bob")));
    QVERIFY(m_orders->markPending(combined.outTradeNo, QStringLiteral("weixin://wxpay/bizpayurl?pr=abc"), QStringLiteral("bob")));
    CombineTransaction t;
    t.combineOutTradeNo = combined.outTradeNo;
    t.combinePayerOpenid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    for (const NewOrder &s : {a, b}) {
        CombineSubOrder sub;
        sub.outTradeNo = s.outTradeNo;
        sub.mchid = s.mchid;
        sub.totalAmount = s.amountTotal;
        sub.tradeState = QStringLiteral("SUCCESS");
        sub.transactionId = QStringLiteral("43%1").arg(++m_transactions, 26, 10, QLatin1Char('0'));
        t.subOrders << sub;
    }
    QVERIFY(m_orders->applyCombineTransaction(t, ResultSource::Query, QStringLiteral("poller")));
    m_sales << Sale{combined.outTradeNo, {}, today, 300, OrderState::Paid, 0};
    refund(QStringLiteral("PDC-0001-02"), QStringLiteral("RC-0001-1"), 50);
    m_sales.last().refunded = 50; // the combined sale's refunds live on its sub-orders

    QSqlQuery(m_db->connection()).exec(QStringLiteral("PRAGMA synchronous = FULL"));
    m_view = std::unique_ptr<HistoryView>(makeView());
}

HistoryView *TestHistory::makeView()
{
    auto *view = new HistoryView(m_orders.get(), m_refunds.get(), m_audit.get());
    view->resize(1280, 800);
    return view;
}

void TestHistory::todayByDefault()
{
    HistoryModel *model = m_view->model();
    QVERIFY(model->rowCount() > 0);
    while (model->canFetchMore({}))
        model->fetchMore({});
    const QList<Sale> today = salesOn(storeToday());
    QCOMPARE(model->rowCount(), int(today.size()));
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->recordAt(row).createdAt.toTimeZone(QTimeZone(8 * 3600)).date(), storeToday());
    // Newest first: the last sale rung up today is on top.
    QCOMPARE(model->recordAt(0).outTradeNo, QStringLiteral("PDC-0001"));
    QCOMPARE(model->index(1, HistoryModel::OutTradeNoColumn).data().toString(), QStringLiteral("PD-D0-0449"));
    QCOMPARE(model->index(1, HistoryModel::AmountColumn).data().toString(), QStringLiteral("¥32.43"));
    QCOMPARE(model->index(1, HistoryModel::AmountColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>()
                 & Qt::AlignHorizontal_Mask,
             Qt::AlignRight);
    QCOMPARE(model->index(1, HistoryModel::StateColumn).data().toString(), QStringLiteral("Paid"));
    QCOMPARE(m_view->findChild<QDateEdit *>(QStringLiteral("fromDate"))->date(), storeToday());
    QCOMPARE(m_view->findChild<QDateEdit *>(QStringLiteral("toDate"))->date(), storeToday());
    QVERIFY(!m_view->table()->isSortingEnabled());
}

void TestHistory::pagesInAsTheListScrolls()
{
    std::unique_ptr<HistoryView> view(makeView());
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    HistoryModel *model = view->model();
    // One page, not the whole day.
    QCOMPARE(model->rowCount(), HistoryModel::DefaultPageSize);
    QVERIFY(model->canFetchMore({}));
    // Scrolling to the end asks for exactly one more page.
    view->table()->scrollToBottom();
    QTRY_COMPARE(model->rowCount(), 2 * HistoryModel::DefaultPageSize);
    QTest::qWait(50);
    QCOMPARE(model->rowCount(), 2 * HistoryModel::DefaultPageSize);
    view->table()->scrollToBottom();
    QTRY_COMPARE(model->rowCount(), int(salesOn(storeToday()).size()));
    QVERIFY(!model->canFetchMore({}));
    // Every row once, newest first.
    QSet<QString> seen;
    for (int row = 0; row < model->rowCount(); ++row) {
        seen.insert(model->recordAt(row).outTradeNo);
        if (row > 0)
            QVERIFY(model->recordAt(row - 1).createdAt >= model->recordAt(row).createdAt);
    }
    QCOMPARE(seen.size(), model->rowCount());
}

void TestHistory::summaryIsCountAndPaidTotal()
{
    std::unique_ptr<HistoryView> view(makeView());
    qint64 paid = 0;
    qint64 refunded = 0;
    const QList<Sale> today = salesOn(storeToday());
    for (const Sale &s : today) {
        if (isPaid(s.state))
            paid += s.amount;
        refunded += s.refunded;
    }
    const QString expected = QStringLiteral("%1 orders, %2 paid, %3 refunded")
                                 .arg(today.size())
                                 .arg(HistoryModel::yuan(paid), HistoryModel::yuan(refunded));
    // Summed on a worker: "Adding up..." first, then the line.
    QTRY_COMPARE(view->findChild<QLabel *>(QStringLiteral("summaryLabel"))->text(), expected);
    QCOMPARE(HistoryModel::yuan(456789), QStringLiteral("¥4,567.89"));
    QCOMPARE(HistoryModel::yuan(5), QStringLiteral("¥0.05"));
    QCOMPARE(HistoryModel::yuan(123456789012), QStringLiteral("¥1,234,567,890.12"));
}

void TestHistory::filtersByState()
{
    std::unique_ptr<HistoryView> view(makeView());
    auto *state = view->findChild<QComboBox *>(QStringLiteral("stateCombo"));
    for (OrderState wanted : {OrderState::Refunded, OrderState::PartiallyRefunded, OrderState::Closed}) {
        state->setCurrentIndex(state->findData(int(wanted)));
        QCOMPARE(state->currentText(), HistoryModel::stateText(wanted));
        QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("searchButton")), Qt::LeftButton);
        int expected = 0;
        for (const Sale &s : salesOn(storeToday()))
            expected += s.state == wanted ? 1 : 0;
        HistoryModel *model = view->model();
        while (model->canFetchMore({}))
            model->fetchMore({});
        QCOMPARE(model->rowCount(), expected);
        QTRY_COMPARE(model->totals().orders, expected);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->recordAt(row).state, wanted);
    }
}

void TestHistory::filtersByAmount()
{
    std::unique_ptr<HistoryView> view(makeView());
    auto *min = view->findChild<QLineEdit *>(QStringLiteral("minAmount"));
    auto *max = view->findChild<QLineEdit *>(QStringLiteral("maxAmount"));
    QTest::keyClicks(min, QStringLiteral("10.5"));
    QTest::keyClicks(max, QStringLiteral("12.00"));
    QTest::keyClick(max, Qt::Key_Return);
    int expected = 0;
    for (const Sale &s : salesOn(storeToday()))
        expected += s.amount >= 1050 && s.amount <= 1200 ? 1 : 0;
    QVERIFY(expected > 10);
    QCOMPARE(view->model()->rowCount(), expected);
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const qint64 amount = view->model()->recordAt(row).amountTotal;
        QVERIFY(amount >= 1050 && amount <= 1200);
    }
    // Letters and a third decimal never reach the field.
    min->clear();
    QTest::keyClicks(min, QStringLiteral("1x.234"));
    QCOMPARE(min->text(), QStringLiteral("1.23"));
    // Min above max: said, and the list stays as it was.
    min->setText(QStringLiteral("20"));
    QTest::keyClick(min, Qt::Key_Return);
    auto *message = view->findChild<QLabel *>(QStringLiteral("filterMessage"));
    QVERIFY(!message->isHidden());
    QCOMPARE(view->model()->rowCount(), expected);
}

void TestHistory::filtersByReference()
{
    std::unique_ptr<HistoryView> view(makeView());
    auto *reference = view->findChild<QLineEdit *>(QStringLiteral("referenceEdit"));
    // An out_trade_no from today.
    QTest::keyClicks(reference, QStringLiteral("PD-D0-0123"));
    QTest::keyClick(reference, Qt::Key_Return);
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->recordAt(0).outTradeNo, QStringLiteral("PD-D0-0123"));
    // A transaction id from three days ago: found although the dates say today.
    Sale old;
    for (const Sale &s : m_sales) {
        if (s.outTradeNo == QLatin1String("PD-D3-0042"))
            old = s;
    }
    QVERIFY(!old.transactionId.isEmpty());
    reference->clear();
    QTest::keyClicks(reference, old.transactionId);
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("searchButton")), Qt::LeftButton);
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->recordAt(0).outTradeNo, QStringLiteral("PD-D3-0042"));
    // A sub-order of a combined sale.
    reference->setText(QStringLiteral("PDC-0001-02"));
    view->search();
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->recordAt(0).kind, OrderKind::SubOrder);
    // Exact, not a prefix.
    reference->setText(QStringLiteral("PD-D0-012"));
    view->search();
    QCOMPARE(view->model()->rowCount(), 0);
    QTRY_COMPARE(view->findChild<QLabel *>(QStringLiteral("summaryLabel"))->text(), QStringLiteral("No sales match."));
    // Today brings the default back.
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("todayButton")), Qt::LeftButton);
    QVERIFY(reference->text().isEmpty());
    QTRY_COMPARE(view->model()->totals().orders, salesOn(storeToday()).size());
}

void TestHistory::filtersByDate()
{
    std::unique_ptr<HistoryView> view(makeView());
    const QDate day = storeToday().addDays(-2);
    view->findChild<QDateEdit *>(QStringLiteral("fromDate"))->setDate(day);
    view->findChild<QDateEdit *>(QStringLiteral("toDate"))->setDate(day);
    view->search();
    HistoryModel *model = view->model();
    QTRY_COMPARE(model->totals().orders, salesOn(day).size());
    QCOMPARE(model->rowCount(), int(salesOn(day).size())); // 137: under one page
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->recordAt(row).createdAt.toTimeZone(QTimeZone(8 * 3600)).date(), day);
    // From after to is read as the range the cashier meant.
    view->findChild<QDateEdit *>(QStringLiteral("fromDate"))->setDate(storeToday().addDays(-1));
    view->findChild<QDateEdit *>(QStringLiteral("toDate"))->setDate(storeToday().addDays(-4));
    view->search();
    QTRY_COMPARE(model->totals().orders, 4 * 137);
    QCOMPARE(view->findChild<QDateEdit *>(QStringLiteral("fromDate"))->date(), storeToday().addDays(-4));
}

void TestHistory::trainingSalesAreMarked()
{
    std::unique_ptr<HistoryView> view(makeView());
    HistoryModel *model = view->model();
    const int row = model->rowOf(QStringLiteral("PD-D0-0447"));
    QVERIFY(row >= 0);
    QVERIFY(model->index(row, HistoryModel::StateColumn).data().toString().contains(QStringLiteral("training")));
    QVERIFY(model->index(row, 0).data(HistoryModel::TrainingRole).toBool());
    QVERIFY(model->index(row, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model->index(row + 1, 0).data(Qt::BackgroundRole).isValid());
}

void TestHistory::newSaleAppearsAfterRefresh()
{
    std::unique_ptr<HistoryView> view(makeView());
    QTRY_VERIFY(!view->model()->totalsPending());
    const qint64 before = view->model()->totals().orders;
    QTest::qWait(5); // a later millisecond than the snapshot
    NewOrder o;
    o.outTradeNo = QStringLiteral("PD-NEW-0001");
    o.mchid = QStringLiteral("1900000109");
    o.description = QStringLiteral("新品");
    o.amountTotal = 888;
    QVERIFY(m_orders->create(o, QStringLiteral("alice")));
    // Until refresh the list is the snapshot it was: paging stays consistent.
    QCOMPARE(view->model()->rowOf(o.outTradeNo), -1);
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("refreshButton")), Qt::LeftButton);
    QCOMPARE(view->model()->recordAt(0).outTradeNo, o.outTradeNo);
    QCOMPARE(view->model()->index(0, HistoryModel::StateColumn).data().toString(), QStringLiteral("Not sent yet"));
    QTRY_COMPARE(view->model()->totals().orders, before + 1);
    m_sales << Sale{o.outTradeNo, {}, storeToday(), 888, OrderState::Created, 0};
}

void TestHistory::detailsShowSubOrdersRefundsAndAuditTrail()
{
    std::unique_ptr<HistoryView> view(makeView());
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    QSignalSpy reprints(view.get(), &HistoryView::reprintRequested);
    QSignalSpy refunds(view.get(), &HistoryView::refundRequested);

    auto *reference = view->findChild<QLineEdit *>(QStringLiteral("referenceEdit"));
    QTest::keyClicks(reference, QStringLiteral("PDC-0001"));
    QTest::keyClick(reference, Qt::Key_Return);
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, HistoryModel::RefundedColumn).data().toString(), QStringLiteral("¥0.50"));
    view->table()->setFocus();
    QTest::keyClick(view->table(), Qt::Key_Return);
    OrderDetailsDialog *details = view->detailsDialog();
    QVERIFY(details);
    QVERIFY(QTest::qWaitForWindowExposed(details));
    QVERIFY(details->found());

    auto *subs = details->findChild<QTableWidget *>(QStringLiteral("subOrderTable"));
    QCOMPARE(subs->rowCount(), 2);
    QCOMPARE(subs->item(0, 0)->text(), QStringLiteral("PDC-0001-01"));
    QCOMPARE(subs->item(1, 3)->text(), QStringLiteral("¥2.00"));
    QCOMPARE(subs->item(1, 5)->text(), QStringLiteral("¥0.50"));
    auto *refundTable = details->findChild<QTableWidget *>(QStringLiteral("refundTable"));
    QCOMPARE(refundTable->rowCount(), 1);
    QCOMPARE(refundTable->item(0, 0)->text(), QStringLiteral("RC-0001-1"));
    QCOMPARE(refundTable->item(0, 1)->text(), QStringLiteral("PDC-0001-02"));
    QCOMPARE(refundTable->item(0, 3)->text(), QStringLiteral("Refunded"));

    // The audit trail: the sale, its sub-orders and its refund, oldest first.
    const QList<AuditEntry> trail = details->auditTrail();
    QVERIFY(trail.size() >= 5);
    QCOMPARE(trail.first().action, QStringLiteral("order.create"));
    QCOMPARE(trail.first().subject, QStringLiteral("PDC-0001"));
    QSet<QString> subjects;
    for (int i = 0; i < trail.size(); ++i) {
        subjects.insert(trail.at(i).subject);
        if (i > 0)
            QVERIFY(trail.at(i - 1).id < trail.at(i).id);
    }
    QVERIFY(subjects.contains(QStringLiteral("PDC-0001-02")));
    QVERIFY(subjects.contains(QStringLiteral("RC-0001-1")));
    QVERIFY(!subjects.contains(QStringLiteral("PD-D0-0003")));
    auto *audit = details->findChild<QTableWidget *>(QStringLiteral("auditTable"));
    QCOMPARE(audit->rowCount(), int(trail.size()));
    QCOMPARE(audit->item(0, 2)->text(), QStringLiteral("Order created"));

    // 3.00 paid, 0.50 refunded: 2.50 can still go back.
    QCOMPARE(details->refundableRemainder(), 250);
    auto *reprint = details->findChild<QPushButton *>(QStringLiteral("reprintButton"));
    auto *refund = details->findChild<QPushButton *>(QStringLiteral("refundButton"));
    QVERIFY(reprint->isEnabled());
    QVERIFY(refund->isEnabled());
    QTest::mouseClick(reprint, Qt::LeftButton);
    QCOMPARE(reprints.size(), 1);
    QCOMPARE(reprints.first().first().toString(), QStringLiteral("PDC-0001"));
    QTest::mouseClick(refund, Qt::LeftButton);
    QCOMPARE(refunds.size(), 1);
    QCOMPARE(refunds.first().first().toString(), QStringLiteral("PDC-0001"));

    // Esc closes the details and gives the list back.
    QTest::keyClick(details, Qt::Key_Escape);
    QTRY_VERIFY(!view->detailsDialog());
    QTRY_VERIFY(view->table()->hasFocus() || !QApplication::activeWindow());
}

void TestHistory::detailsRefundOnlyWhenSomethingIsLeft()
{
    for (const auto &[no, reprintable, refundable] :
         {std::tuple{"PD-D0-0003", true, true}, std::tuple{"PD-D0-0023", true, false},
          std::tuple{"PD-D0-0010", false, false}, std::tuple{"PD-D0-0012", false, false}}) {
        OrderDetailsDialog details(QLatin1String(no), m_orders.get(), m_refunds.get(), m_audit.get());
        QVERIFY(details.found());
        QCOMPARE(details.findChild<QPushButton *>(QStringLiteral("reprintButton"))->isEnabled(), reprintable);
        QCOMPARE(details.findChild<QPushButton *>(QStringLiteral("refundButton"))->isEnabled(), refundable);
    }
    // A sub-order found by reference reprints its combined sale's receipt.
    OrderDetailsDialog sub(QStringLiteral("PDC-0001-01"), m_orders.get(), m_refunds.get(), m_audit.get());
    QSignalSpy reprints(&sub, &OrderDetailsDialog::reprintRequested);
    QTest::mouseClick(sub.findChild<QPushButton *>(QStringLiteral("reprintButton")), Qt::LeftButton);
    QCOMPARE(reprints.first().first().toString(), QStringLiteral("PDC-0001"));
    OrderDetailsDialog missing(QStringLiteral("NOPE"), m_orders.get(), m_refunds.get(), m_audit.get());
    QVERIFY(!missing.found());
    QVERIFY(!missing.findChild<QPushButton *>(QStringLiteral("refundButton"))->isEnabled());
}

void TestHistory::listRefundOnlyWhenRefundable()
{
    std::unique_ptr<HistoryView> view(makeView());
    auto *button = view->findChild<QPushButton *>(QStringLiteral("refundButton"));
    QVERIFY(button);
    QVERIFY(button->height() >= 48 || button->minimumHeight() >= 48);
    QSignalSpy asked(view.get(), &HistoryView::refundRequested);
    auto select = [&](const QString &no) {
        view->findChild<QLineEdit *>(QStringLiteral("referenceEdit"))->setText(no);
        view->search();
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->recordAt(view->table()->currentIndex().row()).outTradeNo, no);
    };
    for (const auto &[no, refundable] :
         {std::pair{"PD-D1-0005", true}, std::pair{"PD-D0-0003", true}, std::pair{"PD-D0-0023", false},
          std::pair{"PD-D0-0012", false}, std::pair{"PD-D0-0010", false}, std::pair{"PD-D0-0011", false}}) {
        select(QLatin1String(no));
        QVERIFY2(button->isEnabled() == refundable, no);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(asked.size() > 0 && asked.last().first().toString() == QLatin1String(no), refundable);
        asked.clear();
    }

    // A combined sale of two sub-merchants: refundable by them, not by this till's merchant.
    select(QStringLiteral("PDC-0001"));
    QVERIFY(button->isEnabled()); // no merchant told apart
    view->setMerchantId(QStringLiteral("1900000109"));
    QVERIFY(!button->isEnabled());
    view->openDetails(QStringLiteral("PDC-0001"));
    QVERIFY(view->detailsDialog());
    QCOMPARE(view->detailsDialog()->refundability().verdict, Refundability::OtherMerchant);
    QVERIFY(!view->detailsDialog()->findChild<QPushButton *>(QStringLiteral("refundButton"))->isEnabled());
    view->detailsDialog()->close();
    view->setMerchantId(QStringLiteral("1900000111"));
    QVERIFY(button->isEnabled()); // its own sub-order has ¥1.50 left
    select(QStringLiteral("PDC-0001-02"));
    QVERIFY(button->isEnabled());
    select(QStringLiteral("PDC-0001-01"));
    QVERIFY(!button->isEnabled());
}

void TestHistory::screenshots()
{
    const QString folder = qEnvironmentVariable("PAYDESK_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set PAYDESK_SCREENSHOT_DIR to save screenshots");
    std::unique_ptr<HistoryView> view(makeView());
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    QTest::qWait(200);
    QVERIFY(view->grab().save(folder + QStringLiteral("/history_view.png")));
    const QPixmap filters = view->grab(QRect(0, 0, 640, 64));
    QVERIFY(filters.scaled(filters.size() * 2).save(folder + QStringLiteral("/history_filters_x2.png")));
    view->openDetails(QStringLiteral("PDC-0001"));
    OrderDetailsDialog *details = view->detailsDialog();
    QVERIFY(QTest::qWaitForWindowExposed(details));
    QTest::qWait(200);
    QVERIFY(details->grab().save(folder + QStringLiteral("/order_details.png")));
    auto *tabs = details->findChild<QTabWidget *>();
    const QStringList names{QStringLiteral("order"), QStringLiteral("suborders"), QStringLiteral("refunds"),
                            QStringLiteral("audit")};
    for (int i = 1; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QTest::qWait(100);
        QVERIFY(details->grab().save(folder + QStringLiteral("/order_details_%1.png").arg(names.at(i))));
    }
}

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
