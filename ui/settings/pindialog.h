// SPDX-License-Identifier: MIT
#pragma once

#include "config/pinvault.h"

#include <QDialog>
#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace paydesk::ui {

// Asks for a role's PIN before a guarded action (refund, settings, reports):
// a masked field and a large keypad for touch screens; the keyboard works too
// (digits, Backspace, Enter, Esc). A wrong PIN says how many attempts are
// left; a locked-out role shows a live countdown and the keypad stays off
// until the lock ends.
//
// The PIN's hash (600,000 PBKDF2 rounds, about half a second) is computed on
// a worker thread while the dialog says "Checking…"; the store is read and
// written on the GUI thread only (PinVault::prepareCheck / completeCheck).
// When named users hold this role, a "Who" list lets each one use their own
// PIN; authorisedAs() then names them (for the audit log and the refund).
class PinDialog : public QDialog
{
    Q_OBJECT

public:
    // `why` tells the user what the PIN is for ("Refund 12.34 yuan").
    PinDialog(PinVault *vault, const QString &role, const QString &why, QWidget *parent = nullptr);
    ~PinDialog() override;

    // Modal prompt. True when the right PIN was entered, or when the role has
    // no PIN at all (a cashier PIN is optional; the first-run wizard always
    // sets the manager's).
    // `authorisedAs` (may be null) receives who authorised: a user's name or the role.
    static bool authorise(PinVault *vault, const QString &role, const QString &why, QWidget *parent = nullptr,
                          QString *authorisedAs = nullptr);
    // True when the role needs a PIN at all (a role PIN or a user with the role).
    static bool isGuarded(PinVault *vault, const QString &role);

    QString message() const; // what the dialog currently tells the user
    bool isChecking() const { return m_checking; }
    // After accept(): the user's name, or the role for the role's own PIN.
    QString authorisedAs() const { return m_authorisedAs; }

protected:
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void appendDigit(int digit);
    void backspace();
    void submit();
    void onHashed();
    void handleRefusal(const Error &error);
    void refreshLock();
    void setInputEnabled(bool enabled);
    QString selectedUser() const;
    void showMessage(const QString &text, bool error);

    PinVault *m_vault;
    QString m_role;
    QString m_why;
    enum class Feedback { None, Checking, Wrong, Locked, NoPin, Error } m_feedback = Feedback::None;
    int m_attemptsLeft = 0;
    QString m_errorText;
    bool m_checking = false;
    PinChallenge m_challenge;
    QString m_authorisedAs;
    QFutureWatcher<PinAttempt> *m_watcher;

    QLabel *m_title;
    QLabel *m_reason;
    QLabel *m_whoLabel;
    QComboBox *m_who;
    QLineEdit *m_field;
    QLabel *m_message;
    QList<QPushButton *> m_digits;
    QPushButton *m_backspace;
    QPushButton *m_ok;
    QPushButton *m_cancel;
    QTimer *m_lockTimer;
};

} // namespace paydesk::ui
