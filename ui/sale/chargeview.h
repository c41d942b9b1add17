// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;
class QPushButton;

namespace paydesk::ui {

// The charge screen: the cashier types an amount in yuan (big keypad for a
// touch screen, or the keyboard: digits, '.', Backspace, Enter = charge,
// Esc = clear), optionally a description and item lines, and charges.
//
// One sale, one order: the view turns busy the moment it emits
// chargeRequested, so a double tap or a second Enter does nothing until the
// owner calls setBusy(false) or clear() when that sale is over. Invalid
// amounts are refused with a message under the amount and nothing is emitted.
class ChargeView : public QWidget
{
    Q_OBJECT

public:
    struct Item
    {
        QString name;
        qint64 priceFen = 0;
    };

    explicit ChargeView(QWidget *parent = nullptr);

    // The amount that Charge would send, in fen; 0 when none or invalid.
    qint64 amountFen() const;
    // What the amount display shows, e.g. "¥12.34".
    QString amountText() const;
    // The inline message under the amount (empty when all is well).
    QString messageText() const;
    QString description() const;
    QList<Item> items() const { return m_items; }
    bool isBusy() const { return m_busy; }

    // Used as the order's description when the cashier leaves it empty and
    // there are no items (WeChat Pay requires one): the store's name, say.
    void setDefaultDescription(const QString &text);

    // Adds an item line; the amount becomes the items' total.
    void addItem(const QString &name, qint64 priceFen);

public slots:
    void setBusy(bool busy);
    // A new sale: amount, description and items emptied, message cleared, not busy.
    void clear();
    // What the Charge button and Enter do.
    void charge();

signals:
    // amountFen > 0 and ≤ ¥1,000,000.00; itemsJson is [] of {name, price (fen),
    // quantity} or empty without items.
    void chargeRequested(qint64 amountFen, const QString &description, const QString &itemsJson);
    void combinedRequested();
    // A scanner gun typed a WeChat payment code (18 digits, 10-15..., then
    // Enter, each key within a few milliseconds) while an amount was entered.
    // What it typed is taken back out of the amount or the field that had the
    // focus; the view turns busy as for chargeRequested. Anything else scanned
    // is refused with a message and nothing is emitted.
    void codeScanned(const QString &authCode);
    void codePayRequested(qint64 amountFen, const QString &description, const QString &itemsJson,
                          const QString &authCode);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void applyScale(); // the amount and keys grow with the screen (1024 x 768 up to 1920 x 1080)
    void press(const QString &key); // one keypad key: "0".."9", "00", ".", "back", "clear"
    void type(const QString &text);
    void backspace();
    void refresh();
    void showMessage(const QString &text);
    void addItemFromFields();
    void removeSelectedItem();
    qint64 itemsTotal() const;
    QString itemsJson() const;
    QString effectiveDescription() const;
    double m_scale = 0; // applyScale's last factor
    // Scanner input: true when `event` (a key for `edit`, or for the view
    // itself when null) ended a scan, which is then handled.
    bool trackScan(QKeyEvent *event, QLineEdit *edit);
    void scanned(const QString &code);

    QString m_entry; // what was typed, e.g. "12.3"
    QList<Item> m_items;
    QString m_defaultDescription;
    QString m_message;
    bool m_busy = false;

    QLabel *m_amountLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLabel *m_descriptionLabel = nullptr;
    QLineEdit *m_description = nullptr;
    QLabel *m_itemsLabel = nullptr;
    QTreeWidget *m_itemList = nullptr;
    QLineEdit *m_itemName = nullptr;
    QLineEdit *m_itemPrice = nullptr;
    QPushButton *m_addItem = nullptr;
    QPushButton *m_removeItem = nullptr;
    QPushButton *m_charge = nullptr;
    QPushButton *m_combined = nullptr;
    QPushButton *m_clearKey = nullptr;
    QPushButton *m_backKey = nullptr;
    QList<QPushButton *> m_keys;
    QElapsedTimer m_scanClock;   // since the last key
    QString m_scanBuffer;        // the current burst of fast keys
    QString m_entryBeforeScan;   // what the burst typed over
    QString m_editBeforeScan;
    QLineEdit *m_scanTarget = nullptr; // where the burst went (null: the view)
};

} // namespace paydesk::ui
