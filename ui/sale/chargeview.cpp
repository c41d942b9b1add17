// SPDX-License-Identifier: MIT
#include "chargeview.h"

#include "yuan.h"
#include "wechatpay/apitypes.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace paydesk::ui {

namespace {

// WeChat Pay's description limit, counted in UTF-8 bytes to be safe with
// Chinese (3 bytes a character).
constexpr int MaxDescriptionBytes = 127;
// A scanner gun types a code far faster than a person: digits less than this
// apart, into one widget, belong to one scan (people manage about 100 ms at
// best), and a scan is at least this long: an amount is never 12 digits, a
// product's barcode (EAN-13) is, so it is caught and refused.
constexpr qint64 ScanKeyGapMs = 50;
constexpr qint64 ScanEnterGapMs = 120;
constexpr qsizetype MinScanLength = 12;

QString truncateUtf8(const QString &text, int maxBytes)
{
    QString out;
    int bytes = 0;
    for (const QChar c : text) {
        const int n = QString(c).toUtf8().size();
        if (bytes + n > maxBytes)
            break;
        out += c;
        bytes += n;
    }
    return out;
}

QPushButton *makeKey(const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(objectName);
    // The keypad never takes focus: typed keys keep going to the view, and a
    // tapped key cannot be "pressed" again by Enter.
    b->setFocusPolicy(Qt::NoFocus);
    b->setAutoDefault(false);
    b->setMinimumSize(80, 72);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    return b;
}

} // namespace

ChargeView::ChargeView(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    // Touch sizes for everything that has no style of its own.
    setStyleSheet(QStringLiteral("QLineEdit { font-size: 18px; padding: 0 8px; }"
                                 "QLabel { font-size: 16px; color: #333; }"
                                 "QPushButton { font-size: 18px; padding: 0 14px; }"));

    // Left: what is being charged. Right: the keypad and the Charge button.
    auto *left = new QVBoxLayout;
    m_amountLabel = new QLabel(this);
    m_amountLabel->setObjectName(QStringLiteral("amountDisplay"));
    m_amountLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_amountLabel->setMinimumHeight(110);
    left->addWidget(m_amountLabel);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("message"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setMinimumHeight(32);
    m_messageLabel->setStyleSheet(QStringLiteral("color: #c62828; font-size: 18px;"));
    left->addWidget(m_messageLabel);

    m_descriptionLabel = new QLabel(this);
    left->addWidget(m_descriptionLabel);
    m_description = new QLineEdit(this);
    m_description->setObjectName(QStringLiteral("description"));
    m_description->setMinimumHeight(48);
    m_description->setClearButtonEnabled(true);
    left->addWidget(m_description);

    m_itemsLabel = new QLabel(this);
    left->addWidget(m_itemsLabel);
    m_itemList = new QTreeWidget(this);
    m_itemList->setObjectName(QStringLiteral("items"));
    m_itemList->setFocusPolicy(Qt::NoFocus);
    m_itemList->setRootIsDecorated(false);
    m_itemList->setColumnCount(2);
    m_itemList->header()->setStretchLastSection(false);
    m_itemList->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_itemList->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_itemList->setStyleSheet(
        QStringLiteral("QTreeWidget { font-size: 18px; } QTreeWidget::item { min-height: 40px; }"));
    left->addWidget(m_itemList, 1);

    auto *itemRow = new QHBoxLayout;
    m_itemName = new QLineEdit(this);
    m_itemName->setObjectName(QStringLiteral("itemName"));
    m_itemName->setMinimumHeight(48);
    m_itemPrice = new QLineEdit(this);
    m_itemPrice->setObjectName(QStringLiteral("itemPrice"));
    m_itemPrice->setMinimumHeight(48);
    m_itemPrice->setMaximumWidth(160);
    m_itemPrice->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
    m_addItem = new QPushButton(this);
    m_addItem->setObjectName(QStringLiteral("addItem"));
    m_addItem->setMinimumHeight(48);
    m_addItem->setAutoDefault(false);
    m_removeItem = new QPushButton(this);
    m_removeItem->setObjectName(QStringLiteral("removeItem"));
    m_removeItem->setMinimumHeight(48);
    m_removeItem->setAutoDefault(false);
    m_removeItem->setFocusPolicy(Qt::NoFocus);
    itemRow->addWidget(m_itemName, 2);
    itemRow->addWidget(m_itemPrice, 1);
    itemRow->addWidget(m_addItem);
    itemRow->addWidget(m_removeItem);
    left->addLayout(itemRow);

    auto *pad = new QGridLayout;
    pad->setSpacing(8);
    const QString digits[4][3] = { { QStringLiteral("7"), QStringLiteral("8"), QStringLiteral("9") },
                                   { QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("6") },
                                   { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3") },
                                   { QStringLiteral("00"), QStringLiteral("0"), QStringLiteral(".") } };
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 3; ++c) {
            const QString key = digits[r][c];
            auto *b
                = makeKey(key == QLatin1String(".") ? QStringLiteral("key_dot") : QStringLiteral("key_") + key, this);
            b->setText(key);
            connect(b, &QPushButton::clicked, this, [this, key] { press(key); });
            pad->addWidget(b, r, c);
            m_keys << b;
        }
    }
    m_backKey = makeKey(QStringLiteral("key_back"), this);
    m_backKey->setText(QStringLiteral("⌫"));
    connect(m_backKey, &QPushButton::clicked, this, [this] { press(QStringLiteral("back")); });
    pad->addWidget(m_backKey, 0, 3, 2, 1);
    m_clearKey = makeKey(QStringLiteral("key_clear"), this);
    connect(m_clearKey, &QPushButton::clicked, this, [this] { press(QStringLiteral("clear")); });
    pad->addWidget(m_clearKey, 2, 3, 2, 1);
    m_keys << m_backKey << m_clearKey;

    m_charge = new QPushButton(this);
    m_charge->setObjectName(QStringLiteral("chargeButton"));
    m_charge->setFocusPolicy(Qt::NoFocus);
    m_charge->setAutoDefault(false);
    m_charge->setMinimumHeight(100);
    connect(m_charge, &QPushButton::clicked, this, &ChargeView::charge);
    pad->addWidget(m_charge, 4, 0, 1, 4);

    m_combined = new QPushButton(this);
    m_combined->setObjectName(QStringLiteral("combinedButton"));
    m_combined->setFocusPolicy(Qt::NoFocus);
    m_combined->setAutoDefault(false);
    m_combined->setMinimumHeight(56);
    m_combined->setStyleSheet(QStringLiteral("QPushButton { font-size: 18px; }"));
    connect(m_combined, &QPushButton::clicked, this, [this] {
        if (!m_busy)
            emit combinedRequested();
    });
    pad->addWidget(m_combined, 5, 0, 1, 4);
    for (int r = 0; r < 4; ++r)
        pad->setRowStretch(r, 1);

    auto *root = new QHBoxLayout(this);
    root->setContentsMargins(16, 16, 16, 16);
    root->setSpacing(24);
    root->addLayout(left, 5);
    root->addLayout(pad, 4);

    connect(m_addItem, &QPushButton::clicked, this, &ChargeView::addItemFromFields);
    connect(m_itemPrice, &QLineEdit::returnPressed, this, &ChargeView::addItemFromFields);
    connect(m_itemName, &QLineEdit::returnPressed, this, [this] { m_itemPrice->setFocus(); });
    connect(m_removeItem, &QPushButton::clicked, this, &ChargeView::removeSelectedItem);
    connect(m_description, &QLineEdit::textEdited, this, [this] { showMessage({}); });
    for (QLineEdit *edit : {m_description, m_itemName, m_itemPrice})
        edit->installEventFilter(this); // a scan into a field still reaches the sale

    applyScale();
    retranslate();
    refresh();
}

void ChargeView::retranslate()
{
    m_clearKey->setText(tr("C", "keypad: clear the amount"));
    m_descriptionLabel->setText(tr("Description (optional)"));
    m_description->setPlaceholderText(tr("What is sold, shown in the customer's WeChat"));
    m_itemsLabel->setText(tr("Items (optional)"));
    m_itemList->setHeaderLabels({ tr("Item"), tr("Price") });
    m_itemName->setPlaceholderText(tr("Item"));
    m_itemPrice->setPlaceholderText(tr("Price ¥"));
    m_addItem->setText(tr("Add item"));
    m_removeItem->setText(tr("Remove"));
    m_combined->setText(tr("Combined order…"));
    m_charge->setText(m_busy ? tr("Charging…") : tr("Charge"));
}

void ChargeView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    applyScale();
}

void ChargeView::applyScale()
{
    // Designed for the charge screen of a 1024 x 768 terminal (about 620 px
    // high under the toolbar and status bar); a 1920 x 1080 screen gets bigger
    // digits, never smaller than the design.
    const double scale = qBound(1.0, qMin(width() / 1000.0, height() / 620.0), 1.8);
    if (qAbs(scale - m_scale) < 0.02)
        return;
    m_scale = scale;
    const auto px = [scale](int design) { return qRound(design * scale); };
    m_amountLabel->setMinimumHeight(px(110));
    m_amountLabel->setStyleSheet(
        QStringLiteral("QLabel#amountDisplay { font-size: %1px; font-weight: 600; background: white; color: #111;"
                       " border: 2px solid #d0d0d0; border-radius: 10px; padding: 4px 20px; }"
                       "QLabel#amountDisplay[empty=\"true\"] { color: #9a9a9a; }")
            .arg(px(60)));
    const QString keyStyle = QStringLiteral("QPushButton { font-size: %1px; font-weight: 500; }").arg(px(30));
    for (QPushButton *key : std::as_const(m_keys))
        key->setStyleSheet(keyStyle);
    m_charge->setMinimumHeight(px(100));
    m_charge->setStyleSheet(
        QStringLiteral("QPushButton#chargeButton { background: #07c160; color: white; font-size: %1px; font-weight: 700;"
                       " border: none; border-radius: 10px; }"
                       "QPushButton#chargeButton:pressed { background: #06a552; }"
                       "QPushButton#chargeButton:disabled { background: #9fdcbc; }")
            .arg(px(34)));
}

void ChargeView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChargeView::setDefaultDescription(const QString &text)
{
    m_defaultDescription = text;
}

qint64 ChargeView::itemsTotal() const
{
    qint64 total = 0;
    for (const Item &item : m_items)
        total += item.priceFen;
    return total;
}

qint64 ChargeView::amountFen() const
{
    if (!m_items.isEmpty()) {
        const qint64 total = itemsTotal();
        return total > 0 && total <= Yuan::MaxFen ? total : 0;
    }
    const qint64 fen = Yuan::parse(m_entry);
    return fen > 0 ? fen : 0;
}

QString ChargeView::amountText() const
{
    return m_amountLabel->text();
}

QString ChargeView::messageText() const
{
    return m_messageLabel->text();
}

QString ChargeView::description() const
{
    return m_description->text().trimmed();
}

void ChargeView::addItem(const QString &name, qint64 priceFen)
{
    m_items << Item { name.trimmed(), priceFen };
    m_entry.clear();
    refresh();
}

void ChargeView::setBusy(bool busy)
{
    m_busy = busy;
    for (QPushButton *key : std::as_const(m_keys))
        key->setEnabled(!busy);
    m_charge->setEnabled(!busy);
    m_combined->setEnabled(!busy);
    m_description->setEnabled(!busy);
    m_itemName->setEnabled(!busy);
    m_itemPrice->setEnabled(!busy);
    m_addItem->setEnabled(!busy);
    m_removeItem->setEnabled(!busy);
    m_charge->setText(busy ? tr("Charging…") : tr("Charge"));
}

void ChargeView::clear()
{
    m_entry.clear();
    m_items.clear();
    m_description->clear();
    m_itemName->clear();
    m_itemPrice->clear();
    showMessage({});
    setBusy(false);
    refresh();
}

void ChargeView::press(const QString &key)
{
    if (m_busy)
        return;
    if (key == QLatin1String("back"))
        backspace();
    else if (key == QLatin1String("clear"))
        clear();
    else
        type(key);
}

void ChargeView::type(const QString &text)
{
    if (m_busy)
        return;
    if (!m_items.isEmpty()) {
        showMessage(tr("The amount is the total of the items. Remove the items to type an amount."));
        return;
    }
    for (const QChar c : text) {
        QString next = m_entry;
        if (c == QLatin1Char('.')) {
            if (next.contains(QLatin1Char('.')))
                continue; // a second point means nothing
            next = next.isEmpty() ? QStringLiteral("0.") : next + c;
        } else if (c.isDigit()) {
            next = next == QLatin1String("0") ? QString(c) : next + c;
            const qsizetype dot = next.indexOf(QLatin1Char('.'));
            if (dot >= 0 && next.size() - dot - 1 > 2) {
                showMessage(Yuan::problemText(Yuan::Problem::TooManyDecimals));
                return;
            }
            Yuan::Problem problem;
            if (Yuan::parse(next, &problem) < 0 && problem == Yuan::Problem::TooLarge) {
                showMessage(Yuan::problemText(Yuan::Problem::TooLarge));
                return;
            }
        } else {
            continue;
        }
        m_entry = next;
    }
    showMessage({});
    refresh();
}

void ChargeView::backspace()
{
    if (m_busy)
        return;
    if (!m_items.isEmpty()) {
        removeSelectedItem();
        return;
    }
    m_entry.chop(1);
    showMessage({});
    refresh();
}

void ChargeView::refresh()
{
    QString text;
    bool empty = false;
    if (!m_items.isEmpty()) {
        text = Yuan::format(itemsTotal());
    } else if (m_entry.isEmpty()) {
        text = Yuan::format(0);
        empty = true;
    } else {
        // As typed ("12.3" stays "12.3" until the next digit), with grouping so
        // 100000 cannot be misread as 10000.
        const qsizetype dot = m_entry.indexOf(QLatin1Char('.'));
        QString whole = dot < 0 ? m_entry : m_entry.left(dot);
        for (qsizetype i = whole.size() - 3; i > 0; i -= 3)
            whole.insert(i, QLatin1Char(','));
        text = QStringLiteral("¥") + whole + (dot < 0 ? QString() : m_entry.mid(dot));
    }
    m_amountLabel->setText(text);
    m_amountLabel->setProperty("empty", empty);
    m_amountLabel->style()->unpolish(m_amountLabel);
    m_amountLabel->style()->polish(m_amountLabel);

    m_itemList->clear();
    for (const Item &item : std::as_const(m_items)) {
        auto *row = new QTreeWidgetItem(m_itemList, { item.name, Yuan::format(item.priceFen) });
        row->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_removeItem->setEnabled(!m_busy && !m_items.isEmpty());
}

void ChargeView::showMessage(const QString &text)
{
    m_message = text;
    m_messageLabel->setText(text);
}

void ChargeView::addItemFromFields()
{
    if (m_busy)
        return;
    const QString name = m_itemName->text().trimmed();
    if (name.isEmpty()) {
        showMessage(tr("Enter the item's name, then its price."));
        m_itemName->setFocus();
        return;
    }
    Yuan::Problem problem;
    const qint64 price = Yuan::parse(m_itemPrice->text(), &problem);
    if (price < 0) {
        showMessage(tr("Price of \"%1\": %2").arg(name, Yuan::problemText(problem)));
        m_itemPrice->setFocus();
        return;
    }
    if (itemsTotal() + price > Yuan::MaxFen) {
        showMessage(Yuan::problemText(Yuan::Problem::TooLarge));
        return;
    }
    addItem(name, price);
    showMessage({});
    m_itemName->clear();
    m_itemPrice->clear();
    m_itemName->setFocus();
}

void ChargeView::removeSelectedItem()
{
    if (m_busy || m_items.isEmpty())
        return;
    const int row = m_itemList->indexOfTopLevelItem(m_itemList->currentItem());
    m_items.removeAt(row >= 0 && row < m_items.size() ? row : m_items.size() - 1);
    showMessage({});
    refresh();
}

QString ChargeView::itemsJson() const
{
    if (m_items.isEmpty())
        return {};
    QJsonArray list;
    for (const Item &item : m_items) {
        list.append(QJsonObject { { QStringLiteral("name"), item.name },
                                  { QStringLiteral("price"), item.priceFen },
                                  { QStringLiteral("quantity"), 1 } });
    }
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

QString ChargeView::effectiveDescription() const
{
    if (!description().isEmpty())
        return description();
    if (!m_items.isEmpty()) {
        QStringList names;
        for (const Item &item : m_items)
            names << item.name;
        return truncateUtf8(names.join(QStringLiteral("、")), MaxDescriptionBytes);
    }
    return m_defaultDescription.isEmpty() ? tr("Sale") : truncateUtf8(m_defaultDescription, MaxDescriptionBytes);
}

void ChargeView::charge()
{
    if (m_busy)
        return;
    qint64 fen = 0;
    if (!m_items.isEmpty()) {
        fen = itemsTotal();
        if (fen <= 0) {
            showMessage(Yuan::problemText(Yuan::Problem::Zero));
            return;
        }
        if (fen > Yuan::MaxFen) {
            showMessage(Yuan::problemText(Yuan::Problem::TooLarge));
            return;
        }
    } else {
        Yuan::Problem problem;
        fen = Yuan::parse(m_entry, &problem);
        if (fen < 0) {
            showMessage(Yuan::problemText(problem));
            return;
        }
    }
    const QString text = description();
    for (const QChar c : text) {
        if (c.isSurrogate()) {
            showMessage(tr("The description contains an emoji or a symbol WeChat Pay does not accept: remove it."));
            return;
        }
    }
    if (text.toUtf8().size() > MaxDescriptionBytes) {
        showMessage(tr("The description is too long for WeChat Pay: at most %1 letters or %2 Chinese characters.")
                        .arg(MaxDescriptionBytes)
                        .arg(MaxDescriptionBytes / 3));
        return;
    }
    showMessage({});
    // Busy before the signal goes out: whatever the owner does, and however
    // fast the second tap or Enter comes, this sale makes one order.
    setBusy(true);
    emit chargeRequested(fen, effectiveDescription(), itemsJson());
}

bool ChargeView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *edit = qobject_cast<QLineEdit *>(watched);
        if (edit && trackScan(static_cast<QKeyEvent *>(event), edit))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

bool ChargeView::trackScan(QKeyEvent *event, QLineEdit *edit)
{
    const qint64 gap = m_scanClock.isValid() ? m_scanClock.restart() : -1;
    if (gap < 0)
        m_scanClock.start();
    const int key = event->key();
    if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        const QString code = m_scanBuffer;
        m_scanBuffer.clear();
        if (gap < 0 || gap > ScanEnterGapMs || code.size() < MinScanLength || m_scanTarget != edit)
            return false;
        // Take back what the burst typed: it was a code, not an amount or a name.
        if (edit) {
            edit->setText(m_editBeforeScan);
        } else {
            m_entry = m_entryBeforeScan;
            refresh();
        }
        scanned(code);
        return true;
    }
    const QString text = event->text();
    if (text.size() == 1 && text.at(0) >= QLatin1Char('0') && text.at(0) <= QLatin1Char('9')) {
        if (gap < 0 || gap > ScanKeyGapMs || m_scanBuffer.isEmpty() || m_scanTarget != edit) {
            m_scanBuffer.clear();
            m_scanTarget = edit;
            m_entryBeforeScan = m_entry;
            m_editBeforeScan = edit ? edit->text() : QString();
        }
        m_scanBuffer += text;
    } else {
        m_scanBuffer.clear(); // a letter, a point: typing, not a payment code
    }
    return false;
}

void ChargeView::scanned(const QString &code)
{
    if (m_busy)
        return;
    setFocus(); // the next scan comes here, whatever had the focus
    if (!isValidAuthCode(code)) {
        showMessage(tr("That is not a WeChat payment code. Ask the customer to open the payment code in WeChat "
                       "(Me > Services > Money) and scan it again."));
        return;
    }
    const qint64 fen = amountFen();
    if (fen <= 0) {
        showMessage(tr("Enter the amount first, then scan the customer's payment code."));
        return;
    }
    showMessage({});
    setBusy(true);
    emit codeScanned(code);
    emit codePayRequested(fen, effectiveDescription(), itemsJson(), code);
}

void ChargeView::keyPressEvent(QKeyEvent *event)
{
    if (trackScan(event, nullptr)) {
        event->accept();
        return;
    }
    const int key = event->key();
    if (key >= Qt::Key_0 && key <= Qt::Key_9) {
        press(QString(QChar(u'0' + (key - Qt::Key_0))));
    } else if (key == Qt::Key_Period) {
        press(QStringLiteral("."));
    } else if (key == Qt::Key_Backspace) {
        press(QStringLiteral("back"));
    } else if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        // Enter in the item fields adds the item (their own returnPressed);
        // everywhere else it charges.
        QWidget *focus = focusWidget();
        if (focus != m_itemName && focus != m_itemPrice)
            charge();
    } else if (key == Qt::Key_Escape) {
        if (!m_busy)
            clear();
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace paydesk::ui
