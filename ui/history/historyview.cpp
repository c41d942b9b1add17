// SPDX-License-Identifier: MIT
#include "historyview.h"

#include "historymodel.h"
#include "orderdetailsdialog.h"
#include "reconcile/chinaday.h"
#include "store/auditlog.h"
#include "store/orderrepository.h"
#include "store/refundlookup.h"
#include "store/refundrepository.h"

#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {

constexpr int TouchHeight = 48;

// Today as the store counts its days (China time), whatever the machine's zone.
QDate storeToday()
{
    return ChinaDay::today(QDateTime::currentDateTimeUtc());
}

const OrderState AllStates[] = {OrderState::Paid,    OrderState::PartiallyRefunded, OrderState::Refunded,
                                OrderState::Pending, OrderState::Created,           OrderState::Closed,
                                OrderState::Failed};

} // namespace

HistoryView::HistoryView(OrderRepository *orders, RefundRepository *refunds, AuditLog *audit, QWidget *parent)
    : QWidget(parent), m_orders(orders), m_refunds(refunds), m_audit(audit),
      m_model(new HistoryModel(orders, refunds, this))
{
    setObjectName(QStringLiteral("historyView"));

    m_fromLabel = new QLabel(this);
    m_from = new QDateEdit(storeToday(), this);
    m_from->setObjectName(QStringLiteral("fromDate"));
    m_toLabel = new QLabel(this);
    m_to = new QDateEdit(storeToday(), this);
    m_to->setObjectName(QStringLiteral("toDate"));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setMinimumHeight(TouchHeight);
        edit->setMinimumWidth(150); // room for the whole date next to the popup arrow
    }
    m_fromLabel->setBuddy(m_from);
    m_toLabel->setBuddy(m_to);

    m_stateLabel = new QLabel(this);
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("stateCombo"));
    m_state->setMinimumHeight(TouchHeight);
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToContents); // "Any state" whole, in either language
    m_state->addItem(QString(), -1);
    for (OrderState s : AllStates)
        m_state->addItem(QString(), int(s));
    m_stateLabel->setBuddy(m_state);

    // Yuan with at most two decimals, read exactly (never through a double).
    auto *yuanValidator = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,7}(\\.\\d{0,2})?")), this);
    m_amountLabel = new QLabel(this);
    m_minAmount = new QLineEdit(this);
    m_minAmount->setObjectName(QStringLiteral("minAmount"));
    m_amountDash = new QLabel(QStringLiteral("–"), this);
    m_maxAmount = new QLineEdit(this);
    m_maxAmount->setObjectName(QStringLiteral("maxAmount"));
    for (QLineEdit *edit : {m_minAmount, m_maxAmount}) {
        edit->setValidator(yuanValidator);
        edit->setMinimumHeight(TouchHeight);
        edit->setMaximumWidth(110);
        edit->setClearButtonEnabled(true);
        edit->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    m_amountLabel->setBuddy(m_minAmount);

    m_referenceLabel = new QLabel(this);
    m_reference = new QLineEdit(this);
    m_reference->setObjectName(QStringLiteral("referenceEdit"));
    m_reference->setMinimumHeight(TouchHeight);
    m_reference->setMinimumWidth(260);
    m_reference->setClearButtonEnabled(true);
    m_referenceLabel->setBuddy(m_reference);

    m_searchButton = new QPushButton(this);
    m_searchButton->setObjectName(QStringLiteral("searchButton"));
    m_todayButton = new QPushButton(this);
    m_todayButton->setObjectName(QStringLiteral("todayButton"));

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("filterMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(false); // newest first by design: the SQL order is the order
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(40); // a finger's height, fixed so no row is measured
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(HistoryModel::DescriptionColumn, QHeaderView::Stretch);
    header->resizeSection(HistoryModel::TimeColumn, 170);
    header->resizeSection(HistoryModel::OutTradeNoColumn, 290);
    header->resizeSection(HistoryModel::AmountColumn, 110);
    header->resizeSection(HistoryModel::StateColumn, 150);
    header->resizeSection(HistoryModel::RefundedColumn, 100);
    header->resizeSection(HistoryModel::CashierColumn, 100);
    m_table->installEventFilter(this);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    QFont summaryFont = m_summary->font();
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.15);
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);

    m_detailsButton = new QPushButton(this);
    m_detailsButton->setObjectName(QStringLiteral("detailsButton"));
    m_reprintButton = new QPushButton(this);
    m_reprintButton->setObjectName(QStringLiteral("reprintButton"));
    m_refundButton = new QPushButton(this);
    m_refundButton->setObjectName(QStringLiteral("refundButton"));
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    for (QPushButton *b :
         {m_searchButton, m_todayButton, m_detailsButton, m_reprintButton, m_refundButton, m_refreshButton}) {
        b->setMinimumHeight(TouchHeight);
        b->setMinimumWidth(110);
    }
    m_searchButton->setDefault(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_fromLabel);
    filters->addWidget(m_from);
    filters->addWidget(m_toLabel);
    filters->addWidget(m_to);
    filters->addSpacing(12);
    filters->addWidget(m_stateLabel);
    filters->addWidget(m_state);
    filters->addSpacing(12);
    filters->addWidget(m_amountLabel);
    filters->addWidget(m_minAmount);
    filters->addWidget(m_amountDash);
    filters->addWidget(m_maxAmount);
    filters->addStretch(1);

    auto *reference = new QHBoxLayout;
    reference->addWidget(m_referenceLabel);
    reference->addWidget(m_reference, 1);
    reference->addWidget(m_searchButton);
    reference->addWidget(m_todayButton);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_refreshButton);
    bottom->addWidget(m_reprintButton);
    bottom->addWidget(m_refundButton);
    bottom->addWidget(m_detailsButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(reference);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_searchButton, &QPushButton::clicked, this, &HistoryView::search);
    connect(m_todayButton, &QPushButton::clicked, this, &HistoryView::showToday);
    connect(m_refreshButton, &QPushButton::clicked, this, &HistoryView::refresh);
    connect(m_detailsButton, &QPushButton::clicked, this, &HistoryView::openSelectedDetails);
    connect(m_reprintButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            emit reprintRequested(m_model->recordAt(current.row()).outTradeNo);
    });
    connect(m_refundButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid() && m_refundButton->isEnabled())
            emit refundRequested(m_model->recordAt(current.row()).outTradeNo);
    });
    for (QLineEdit *edit : {m_minAmount, m_maxAmount, m_reference})
        connect(edit, &QLineEdit::returnPressed, this, &HistoryView::search);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            openDetails(m_model->recordAt(index.row()).outTradeNo);
    });
    connect(m_model, &HistoryModel::totalsChanged, this, &HistoryView::updateSummary);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryView::updateButtons);

    // Ctrl+F: straight to the order number, as in any search screen.
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_reference->setFocus();
        m_reference->selectAll();
    });

    retranslate();
    updateSummary();
    selectFirstRow();
    setFocusProxy(m_table);
}

OrderDetailsDialog *HistoryView::detailsDialog() const
{
    return m_details;
}

std::optional<qint64> HistoryView::parseYuan(const QString &text, bool *ok)
{
    *ok = true;
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("."))
        return std::nullopt;
    const qsizetype dot = t.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? t : t.left(dot);
    const QString fraction = dot < 0 ? QString() : t.mid(dot + 1);
    if (fraction.size() > 2) {
        *ok = false;
        return std::nullopt;
    }
    bool wholeOk = true;
    const qint64 yuan = whole.isEmpty() ? 0 : whole.toLongLong(&wholeOk);
    bool fractionOk = true;
    const qint64 fen = fraction.isEmpty() ? 0 : fraction.leftJustified(2, QLatin1Char('0')).toLongLong(&fractionOk);
    if (!wholeOk || !fractionOk) {
        *ok = false;
        return std::nullopt;
    }
    return yuan * 100 + fen;
}

std::optional<HistoryFilter> HistoryView::filterFromFields()
{
    HistoryFilter f;
    const QString reference = m_reference->text().trimmed();
    if (!reference.isEmpty()) {
        // An order or transaction number names one sale, whatever day it was:
        // the other fields would only hide it. Sub-orders are found too.
        f.reference = reference;
        f.includeSubOrders = true;
        m_message->setText(tr("Searching every day for order or transaction number %1.").arg(reference));
        m_message->setStyleSheet(QString());
        m_message->show();
        return f;
    }
    QDate from = m_from->date();
    QDate to = m_to->date();
    if (from > to) {
        std::swap(from, to); // what the cashier meant
        m_from->setDate(from);
        m_to->setDate(to);
    }
    f.from = ChinaDay::start(from); // the store's days (China time), as the reports count them
    f.to = ChinaDay::end(to);
    const int state = m_state->currentData().toInt();
    if (state >= 0)
        f.state = OrderState(state);
    bool minOk = true;
    bool maxOk = true;
    f.minAmount = parseYuan(m_minAmount->text(), &minOk);
    f.maxAmount = parseYuan(m_maxAmount->text(), &maxOk);
    if (!minOk || !maxOk) {
        m_message->setText(tr("Enter amounts in yuan, for example 12.34."));
        m_message->setStyleSheet(QStringLiteral("color:#b00020;"));
        m_message->show();
        return std::nullopt;
    }
    if (f.minAmount && f.maxAmount && *f.minAmount > *f.maxAmount) {
        m_message->setText(tr("The lowest amount is above the highest: swap them or clear one."));
        m_message->setStyleSheet(QStringLiteral("color:#b00020;"));
        m_message->show();
        return std::nullopt;
    }
    m_message->hide();
    return f;
}

void HistoryView::search()
{
    if (auto filter = filterFromFields()) {
        m_model->setFilter(*filter);
        selectFirstRow();
    }
}

void HistoryView::showToday()
{
    m_from->setDate(storeToday());
    m_to->setDate(storeToday());
    m_state->setCurrentIndex(0);
    m_minAmount->clear();
    m_maxAmount->clear();
    m_reference->clear();
    m_message->hide();
    m_model->setFilter(HistoryFilter::today());
    selectFirstRow();
    m_table->setFocus();
}

void HistoryView::refresh()
{
    const QString current = m_model->recordAt(m_table->currentIndex().row()).outTradeNo;
    m_model->refresh();
    // Keep the cashier's place when the row is still on the first page.
    const int row = current.isEmpty() ? -1 : m_model->rowOf(current);
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, 0));
    else
        selectFirstRow();
    updateButtons(); // the same row may have changed: refunded, or nothing left
}

void HistoryView::selectFirstRow()
{
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, 0));
    updateButtons();
}

void HistoryView::setMerchantId(const QString &mchid)
{
    m_merchantId = mchid;
    updateButtons();
}

void HistoryView::updateButtons()
{
    const QModelIndex current = m_table->currentIndex();
    const OrderRecord r = m_model->recordAt(current.row());
    m_detailsButton->setEnabled(current.isValid());
    m_reprintButton->setEnabled(current.isValid() && isPaid(r.state));
    // What is left to refund is read for the selected row only: a few indexed queries.
    const Refundability refundable = current.isValid() && isPaid(r.state)
        ? RefundLookup(m_orders, m_refunds, m_merchantId).check(r)
        : Refundability{};
    m_refundButton->setEnabled(refundable.refundable());
    m_refundButton->setToolTip(refundable.refundable()
                                   ? tr("Up to %1 can still be refunded").arg(HistoryModel::yuan(refundable.remainder))
                                   : QString());
}

void HistoryView::noteRefund(const QString &outRefundNo)
{
    if (m_details) {
        // Only when it is that sale's refund (or one of its sub-orders'): the cashier may be reading another.
        const auto refund = m_refunds ? m_refunds->find(outRefundNo) : std::nullopt;
        QStringList orders{m_details->outTradeNo()};
        for (const OrderRecord &sub : m_details->subOrders())
            orders << sub.outTradeNo;
        if (!refund || orders.contains(refund->outTradeNo))
            m_details->reload();
    }
    if (isVisible())
        refresh(); // hidden: showEvent refreshes when it is shown again
}

void HistoryView::updateSummary()
{
    if (m_model->totalsPending()) {
        m_summary->setText(tr("Adding up..."));
        return;
    }
    const HistoryTotals t = m_model->totals();
    if (t.orders == 0) {
        m_summary->setText(tr("No sales match."));
        return;
    }
    QString text = t.orders == 1 ? tr("1 order, %1 paid").arg(HistoryModel::yuan(t.paid))
                                 : tr("%1 orders, %2 paid").arg(QLocale::c().toString(t.orders), HistoryModel::yuan(t.paid));
    if (t.refunded > 0)
        text = tr("%1, %2 refunded").arg(text, HistoryModel::yuan(t.refunded));
    m_summary->setText(text);
}

void HistoryView::openSelectedDetails()
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid())
        openDetails(m_model->recordAt(current.row()).outTradeNo);
}

void HistoryView::openDetails(const QString &outTradeNo)
{
    if (outTradeNo.isEmpty())
        return;
    if (m_details)
        m_details->close();
    auto *dialog = new OrderDetailsDialog(outTradeNo, m_orders, m_refunds, m_audit, this);
    dialog->setMerchantId(m_merchantId);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OrderDetailsDialog::reprintRequested, this, &HistoryView::reprintRequested);
    connect(dialog, &OrderDetailsDialog::refundRequested, this, &HistoryView::refundRequested);
    // Back in the list where the cashier left it; a refund may have changed the row.
    connect(dialog, &QDialog::finished, this, [this] { m_table->setFocus(); });
    m_details = dialog;
    dialog->open(); // window-modal, no nested event loop
}

bool HistoryView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            openSelectedDetails();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Opened again (F2) after more sales: show them.
    refresh();
    m_table->setFocus();
}

void HistoryView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void HistoryView::retranslate()
{
    m_fromLabel->setText(tr("&From"));
    m_toLabel->setText(tr("&To"));
    m_stateLabel->setText(tr("&State"));
    m_state->setItemText(0, tr("Any state"));
    for (int i = 0; i < int(std::size(AllStates)); ++i)
        m_state->setItemText(i + 1, HistoryModel::stateText(AllStates[i]));
    m_amountLabel->setText(tr("&Amount ¥"));
    m_minAmount->setPlaceholderText(tr("min"));
    m_maxAmount->setPlaceholderText(tr("max"));
    m_referenceLabel->setText(tr("Order / transaction &number"));
    m_reference->setPlaceholderText(tr("Scan or type an order number or WeChat Pay transaction ID"));
    m_searchButton->setText(tr("Search"));
    m_todayButton->setText(tr("Today"));
    m_detailsButton->setText(tr("Details"));
    m_reprintButton->setText(tr("Reprint receipt"));
    m_refundButton->setText(tr("Refund…"));
    m_refreshButton->setText(tr("Refresh"));
    // A label with a mnemonic is measured with kerning but drawn in pieces, so
    // "To" lost its last letter: give each the width of its plain text and a bit.
    for (QLabel *label : {m_fromLabel, m_toLabel, m_stateLabel, m_amountLabel, m_referenceLabel}) {
        QString plain = label->text();
        plain.remove(QLatin1Char('&'));
        label->setMinimumWidth(label->fontMetrics().horizontalAdvance(plain) + 8);
    }
    m_model->retranslate();
    updateSummary();
}

} // namespace paydesk::ui
