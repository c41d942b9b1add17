// SPDX-License-Identifier: MIT
#include "combinedsaledialog.h"

#include "yuan.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {
constexpr int MaxDescriptionBytes = 127;
}

CombinedSaleDialog::CombinedSaleDialog(const QList<SubMerchant> &subMerchants, QWidget *parent)
    : QDialog(parent), m_subMerchants(subMerchants)
{
    setObjectName(QStringLiteral("combinedSaleDialog"));
    setMinimumSize(820, 560);
    // Touch sizes for the rows; the buttons with a style of their own keep it.
    setStyleSheet(QStringLiteral("QLineEdit, QComboBox { font-size: 18px; padding: 0 8px; }"
                                 "QLabel { font-size: 16px; }"
                                 "QPushButton { font-size: 18px; padding: 0 16px; }"));

    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_intro->setStyleSheet(QStringLiteral("font-size: 16px; color: #444;"));

    auto *rowsWidget = new QWidget;
    m_grid = new QGridLayout(rowsWidget);
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(8);
    m_grid->setColumnStretch(1, 4);
    m_grid->setColumnStretch(2, 2);
    m_grid->setColumnStretch(3, 4);
    m_merchantHeader = new QLabel(rowsWidget);
    m_amountHeader = new QLabel(rowsWidget);
    m_descriptionHeader = new QLabel(rowsWidget);
    for (QLabel *h : { m_merchantHeader, m_amountHeader, m_descriptionHeader })
        h->setStyleSheet(QStringLiteral("font-weight: 600;"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(rowsWidget);

    m_add = new QPushButton(this);
    m_add->setObjectName(QStringLiteral("addRowButton"));
    m_add->setMinimumHeight(48);
    m_add->setAutoDefault(false);
    connect(m_add, &QPushButton::clicked, this, &CombinedSaleDialog::addRow);

    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("total"));
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_total->setStyleSheet(QStringLiteral("font-size: 30px; font-weight: 700;"));

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setMinimumHeight(28);
    m_message->setStyleSheet(QStringLiteral("color: #c62828; font-size: 17px;"));

    m_ok = new QPushButton(this);
    m_ok->setObjectName(QStringLiteral("chargeButton"));
    m_ok->setMinimumHeight(56);
    m_ok->setMinimumWidth(180);
    m_ok->setDefault(true);
    m_ok->setStyleSheet(QStringLiteral("QPushButton { font-size: 20px; font-weight: 600; background: #07c160;"
                                       " color: white; border: none; border-radius: 8px; padding: 0 18px; }"
                                       "QPushButton:disabled { background: #9fdcbc; }"));
    connect(m_ok, &QPushButton::clicked, this, &CombinedSaleDialog::accept);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setMinimumHeight(56);
    m_cancel->setMinimumWidth(140);
    m_cancel->setAutoDefault(false);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto *totalRow = new QHBoxLayout;
    totalRow->addWidget(m_add);
    totalRow->addStretch(1);
    totalRow->addWidget(m_total);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_ok);

    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(20, 20, 20, 20);
    root->addWidget(m_intro);
    root->addWidget(scroll, 1);
    root->addLayout(totalRow);
    root->addWidget(m_message);
    root->addLayout(buttons);

    for (int i = 0; i < MinSubOrders; ++i)
        addRow();
    retranslate();
    if (m_subMerchants.size() < MinSubOrders) {
        m_ok->setEnabled(false);
        m_add->setEnabled(false);
        showMessage(tr("This merchant profile has fewer than two sub-merchants, so no combined order can be made. "
                       "Add sub-merchants in the settings."));
    }
}

void CombinedSaleDialog::addRow()
{
    if (m_rows.size() >= MaxSubOrders) {
        showMessage(tr("A combined order can have at most %1 sub-orders.").arg(MaxSubOrders));
        return;
    }
    QWidget *host = m_grid->parentWidget();
    Row row;
    row.number = new QLabel(host);
    row.merchant = new QComboBox(host);
    row.merchant->setMinimumHeight(48);
    for (const SubMerchant &m : std::as_const(m_subMerchants)) {
        // The name is what the cashier knows; the merchant number is in the tooltip.
        row.merchant->addItem(m.name.isEmpty() ? m.mchid : m.name, m.mchid);
        row.merchant->setItemData(row.merchant->count() - 1, m.mchid, Qt::ToolTipRole);
    }
    // Start each new row on a merchant not used yet: the common case needs no picking.
    for (int i = 0; i < m_subMerchants.size(); ++i) {
        bool used = false;
        for (const Row &other : std::as_const(m_rows))
            used = used || other.merchant->currentData().toString() == m_subMerchants[i].mchid;
        if (!used) {
            row.merchant->setCurrentIndex(i);
            break;
        }
    }
    row.amount = new QLineEdit(host);
    row.amount->setMinimumHeight(48);
    row.amount->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
    row.amount->setAlignment(Qt::AlignRight);
    row.description = new QLineEdit(host);
    row.description->setMinimumHeight(48);
    row.remove = new QPushButton(QStringLiteral("✕"), host);
    row.remove->setFixedSize(56, 48);
    row.remove->setAutoDefault(false);
    QPushButton *removeButton = row.remove;
    connect(row.remove, &QPushButton::clicked, this, [this, removeButton] {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].remove == removeButton) {
                removeRow(i);
                return;
            }
        }
    });
    connect(row.amount, &QLineEdit::textChanged, this, &CombinedSaleDialog::updateTotal);
    connect(row.amount, &QLineEdit::textEdited, this, [this] { showMessage({}); });
    connect(row.description, &QLineEdit::textEdited, this, [this] { showMessage({}); });
    connect(row.merchant, &QComboBox::currentIndexChanged, this, [this] { showMessage({}); });
    m_rows << row;
    relayout();
    retranslate();
    updateTotal();
}

void CombinedSaleDialog::removeRow(int index)
{
    if (index < 0 || index >= m_rows.size())
        return;
    const Row row = m_rows.takeAt(index);
    for (QWidget *w :
         { static_cast<QWidget *>(row.number), static_cast<QWidget *>(row.merchant), static_cast<QWidget *>(row.amount),
           static_cast<QWidget *>(row.description), static_cast<QWidget *>(row.remove) }) {
        m_grid->removeWidget(w);
        w->deleteLater();
    }
    showMessage({});
    relayout();
    retranslate();
    updateTotal();
}

void CombinedSaleDialog::relayout()
{
    m_grid->addWidget(m_merchantHeader, 0, 1);
    m_grid->addWidget(m_amountHeader, 0, 2);
    m_grid->addWidget(m_descriptionHeader, 0, 3);
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        r.number->setText(QString::number(i + 1));
        m_grid->addWidget(r.number, i + 1, 0);
        m_grid->addWidget(r.merchant, i + 1, 1);
        m_grid->addWidget(r.amount, i + 1, 2);
        m_grid->addWidget(r.description, i + 1, 3);
        m_grid->addWidget(r.remove, i + 1, 4);
    }
    m_grid->setRowStretch(int(m_rows.size()) + 1, 1);
    m_add->setEnabled(m_rows.size() < MaxSubOrders && m_subMerchants.size() >= MinSubOrders);
}

void CombinedSaleDialog::setRow(int index, const QString &mchid, const QString &yuan, const QString &description)
{
    if (index < 0 || index >= m_rows.size())
        return;
    Row &r = m_rows[index];
    const int i = r.merchant->findData(mchid);
    if (i >= 0)
        r.merchant->setCurrentIndex(i);
    r.amount->setText(yuan);
    r.description->setText(description);
}

qint64 CombinedSaleDialog::totalFen() const
{
    qint64 total = 0;
    for (const Row &r : m_rows) {
        const qint64 fen = Yuan::parse(r.amount->text());
        if (fen > 0)
            total += fen;
    }
    return total;
}

QString CombinedSaleDialog::messageText() const
{
    return m_message->text();
}

void CombinedSaleDialog::updateTotal()
{
    m_total->setText(tr("Total %1").arg(Yuan::format(totalFen())));
}

void CombinedSaleDialog::showMessage(const QString &text)
{
    m_message->setText(text);
}

void CombinedSaleDialog::accept()
{
    if (m_rows.size() < MinSubOrders) {
        showMessage(tr("A combined order needs at least %1 sub-orders; for one merchant, use a normal charge.")
                        .arg(MinSubOrders));
        return;
    }
    if (m_rows.size() > MaxSubOrders) {
        showMessage(tr("A combined order can have at most %1 sub-orders.").arg(MaxSubOrders));
        return;
    }
    QList<PaymentService::SubSale> sales;
    QHash<QString, int> seen; // mchid → row number
    qint64 total = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        const int number = i + 1;
        const QString mchid = r.merchant->currentData().toString();
        if (mchid.isEmpty()) {
            showMessage(tr("Sub-order %1: choose a sub-merchant.").arg(number));
            r.merchant->setFocus();
            return;
        }
        if (seen.contains(mchid)) {
            showMessage(tr("Sub-orders %1 and %2 are both for %3. Each sub-merchant can appear once: "
                           "put its amounts together in one row.")
                            .arg(seen.value(mchid))
                            .arg(number)
                            .arg(r.merchant->currentText()));
            r.merchant->setFocus();
            return;
        }
        seen.insert(mchid, number);
        Yuan::Problem problem;
        const qint64 fen = Yuan::parse(r.amount->text(), &problem);
        if (fen < 0) {
            showMessage(tr("Sub-order %1: %2").arg(number).arg(Yuan::problemText(problem)));
            r.amount->setFocus();
            return;
        }
        const QString description = r.description->text().trimmed();
        if (description.isEmpty()) {
            showMessage(tr("Sub-order %1: enter a description (the customer sees it in WeChat).").arg(number));
            r.description->setFocus();
            return;
        }
        for (const QChar c : description) {
            if (c.isSurrogate()) {
                showMessage(tr("Sub-order %1: the description contains an emoji or a symbol WeChat Pay does not "
                               "accept: remove it.")
                                .arg(number));
                r.description->setFocus();
                return;
            }
        }
        if (description.toUtf8().size() > MaxDescriptionBytes) {
            showMessage(tr("Sub-order %1: the description is too long for WeChat Pay (at most %2 letters or %3 "
                           "Chinese characters).")
                            .arg(number)
                            .arg(MaxDescriptionBytes)
                            .arg(MaxDescriptionBytes / 3));
            r.description->setFocus();
            return;
        }
        total += fen;
        sales << PaymentService::SubSale { mchid, fen, description };
    }
    if (total > Yuan::MaxFen) {
        showMessage(tr("The total is %1: %2").arg(Yuan::format(total), Yuan::problemText(Yuan::Problem::TooLarge)));
        return;
    }
    showMessage({});
    m_accepted = sales;
    QDialog::accept();
}

void CombinedSaleDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void CombinedSaleDialog::retranslate()
{
    setWindowTitle(tr("Combined order"));
    m_intro->setText(tr("One QR code for several merchants: choose each sub-merchant, its amount and a description. "
                        "The customer pays all of them at once."));
    m_merchantHeader->setText(tr("Sub-merchant"));
    m_amountHeader->setText(tr("Amount (¥)"));
    m_descriptionHeader->setText(tr("Description"));
    for (const Row &r : std::as_const(m_rows)) {
        r.amount->setPlaceholderText(tr("0.00"));
        r.description->setPlaceholderText(tr("What is sold"));
        r.remove->setToolTip(tr("Remove this sub-order"));
    }
    m_add->setText(tr("Add sub-order"));
    m_ok->setText(tr("Charge"));
    m_cancel->setText(tr("Cancel"));
    updateTotal();
}

} // namespace paydesk::ui
