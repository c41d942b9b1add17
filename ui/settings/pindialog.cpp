// SPDX-License-Identifier: MIT
#include "pindialog.h"

#include "config/pinvault.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace paydesk::ui {

namespace {

constexpr int KeySize = 72; // a fingertip, with room to miss

QPushButton *keypadButton(const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(name);
    b->setMinimumSize(KeySize, KeySize);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    // The field keeps the focus, so typed digits and Enter always reach it.
    b->setFocusPolicy(Qt::NoFocus);
    b->setAutoDefault(false);
    QFont f = b->font();
    f.setPointSizeF(f.pointSizeF() * 1.8);
    b->setFont(f);
    return b;
}

} // namespace

PinDialog::PinDialog(PinVault *vault, const QString &role, const QString &why, QWidget *parent)
    : QDialog(parent),
      m_vault(vault),
      m_role(role),
      m_why(why),
      m_watcher(new QFutureWatcher<PinAttempt>(this)),
      m_lockTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("PinDialog"));
    setModal(true);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_title);

    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setAlignment(Qt::AlignCenter);
    m_reason->setWordWrap(true);
    layout->addWidget(m_reason);

    // Only when people of this role have PINs of their own.
    auto *whoRow = new QHBoxLayout;
    m_whoLabel = new QLabel(this);
    m_who = new QComboBox(this);
    m_who->setObjectName(QStringLiteral("who"));
    m_who->setMinimumHeight(48);
    m_who->setFocusPolicy(Qt::NoFocus);
    whoRow->addWidget(m_whoLabel);
    whoRow->addWidget(m_who, 1);
    layout->addLayout(whoRow);
    if (m_vault->hasPin(m_role))
        m_who->addItem(QString(), QString()); // the role's own PIN; named in retranslate()
    for (const PinUser &u : m_vault->users(m_role))
        m_who->addItem(u.name, u.name);
    const bool pick = !m_vault->users(m_role).isEmpty();
    m_whoLabel->setVisible(pick);
    m_who->setVisible(pick);
    connect(m_who, &QComboBox::currentIndexChanged, this, [this] {
        if (m_feedback != Feedback::Checking) {
            m_feedback = Feedback::None;
            showMessage(QString(), false);
        }
        refreshLock();
        m_field->setFocus();
    });

    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("pin"));
    m_field->setEchoMode(QLineEdit::Password);
    m_field->setAlignment(Qt::AlignCenter);
    m_field->setMaxLength(PinVault::MaxLength);
    m_field->setMinimumHeight(56);
    m_field->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,8}")), m_field));
    QFont fieldFont = m_field->font();
    fieldFont.setPointSizeF(fieldFont.pointSizeF() * 2);
    m_field->setFont(fieldFont);
    layout->addWidget(m_field);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMinimumHeight(m_message->fontMetrics().height() * 2);
    layout->addWidget(m_message);

    auto *pad = new QGridLayout;
    pad->setSpacing(8);
    for (int digit = 0; digit <= 9; ++digit) {
        QPushButton *b = keypadButton(QStringLiteral("digit%1").arg(digit), this);
        b->setText(QString::number(digit));
        connect(b, &QPushButton::clicked, this, [this, digit] { appendDigit(digit); });
        m_digits << b;
        if (digit > 0)
            pad->addWidget(b, (digit - 1) / 3, (digit - 1) % 3);
    }
    m_backspace = keypadButton(QStringLiteral("backspace"), this);
    m_backspace->setText(QStringLiteral("⌫"));
    connect(m_backspace, &QPushButton::clicked, this, &PinDialog::backspace);
    m_ok = keypadButton(QStringLiteral("ok"), this);
    connect(m_ok, &QPushButton::clicked, this, &PinDialog::submit);
    pad->addWidget(m_backspace, 3, 0);
    pad->addWidget(m_digits.at(0), 3, 1);
    pad->addWidget(m_ok, 3, 2);
    layout->addLayout(pad, 1);

    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_cancel->setMinimumHeight(48);
    m_cancel->setFocusPolicy(Qt::NoFocus);
    m_cancel->setAutoDefault(false);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(m_cancel);

    connect(m_field, &QLineEdit::returnPressed, this, &PinDialog::submit);
    connect(m_field, &QLineEdit::textEdited, this, [this] {
        // Typing again clears "wrong PIN", but never the lock countdown.
        if (m_feedback == Feedback::Wrong || m_feedback == Feedback::Error) {
            m_feedback = Feedback::None;
            showMessage(QString(), false);
        }
    });
    m_lockTimer->setInterval(1000);
    connect(m_lockTimer, &QTimer::timeout, this, &PinDialog::refreshLock);
    connect(m_watcher, &QFutureWatcher<PinAttempt>::finished, this, &PinDialog::onHashed);

    retranslate();
    refreshLock();
    setMinimumWidth(360);
}

PinDialog::~PinDialog() = default;

bool PinDialog::isGuarded(PinVault *vault, const QString &role)
{
    return vault->hasPin(role) || !vault->users(role).isEmpty();
}

bool PinDialog::authorise(PinVault *vault, const QString &role, const QString &why, QWidget *parent,
                          QString *authorisedAs)
{
    if (authorisedAs)
        *authorisedAs = role;
    if (!isGuarded(vault, role))
        return true;
    PinDialog dialog(vault, role, why, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    if (authorisedAs)
        *authorisedAs = dialog.authorisedAs();
    return true;
}

QString PinDialog::selectedUser() const
{
    return m_who->currentData().toString();
}

QString PinDialog::message() const
{
    return m_message->text();
}

void PinDialog::retranslate()
{
    setWindowTitle(tr("PIN required"));
    m_title->setText(m_role == PinVault::managerRole() ? tr("Manager PIN") : tr("Cashier PIN"));
    m_reason->setText(m_why);
    m_reason->setVisible(!m_why.isEmpty());
    m_field->setPlaceholderText(tr("Enter PIN"));
    m_ok->setText(tr("OK"));
    m_backspace->setToolTip(tr("Delete the last digit"));
    m_cancel->setText(tr("Cancel"));
    m_whoLabel->setText(tr("Who"));
    if (m_who->count() > 0 && m_who->itemData(0).toString().isEmpty())
        m_who->setItemText(0, m_role == PinVault::managerRole() ? tr("Manager PIN (shared)") : tr("Cashier PIN (shared)"));
    switch (m_feedback) {
    case Feedback::None:
        showMessage(QString(), false);
        break;
    case Feedback::Checking:
        showMessage(tr("Checking…"), false);
        break;
    case Feedback::Wrong:
        showMessage(tr("Wrong PIN. %n attempt(s) left.", nullptr, m_attemptsLeft), true);
        break;
    case Feedback::Locked:
        refreshLock();
        break;
    case Feedback::NoPin:
        showMessage(tr("No PIN is set for this role."), true);
        break;
    case Feedback::Error:
        showMessage(tr("The PIN could not be checked: %1").arg(m_errorText), true);
        break;
    }
}

void PinDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void PinDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    m_field->setFocus();
}

void PinDialog::keyPressEvent(QKeyEvent *event)
{
    // Reached when the field does not take the key (locked, or focus
    // elsewhere): keep the keyboard working like the keypad.
    const int key = event->key();
    if (key >= Qt::Key_0 && key <= Qt::Key_9) {
        appendDigit(key - Qt::Key_0);
        return;
    }
    if (key == Qt::Key_Backspace) {
        backspace();
        return;
    }
    if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        submit();
        return;
    }
    QDialog::keyPressEvent(event); // Esc rejects
}

void PinDialog::appendDigit(int digit)
{
    if (!m_field->isEnabled() || m_field->text().size() >= PinVault::MaxLength)
        return;
    m_field->setText(m_field->text() + QString::number(digit));
    if (m_feedback == Feedback::Wrong || m_feedback == Feedback::Error) {
        m_feedback = Feedback::None;
        showMessage(QString(), false);
    }
}

void PinDialog::backspace()
{
    if (!m_field->isEnabled())
        return;
    m_field->backspace();
}

void PinDialog::submit()
{
    if (m_checking || !m_field->isEnabled() || m_field->text().isEmpty())
        return;
    const QString pin = m_field->text();
    m_field->clear();
    const QString user = selectedUser();
    auto challenge = user.isEmpty() ? m_vault->prepareCheck(m_role) : m_vault->prepareUserCheck(user);
    if (!challenge) {
        handleRefusal(challenge.error());
        return;
    }
    // The hash is the slow part and touches no store: a worker does it, the
    // GUI keeps painting (and the lock countdown keeps ticking elsewhere).
    m_challenge = *challenge;
    m_checking = true;
    m_feedback = Feedback::Checking;
    setInputEnabled(false);
    retranslate();
    m_watcher->setFuture(QtConcurrent::run(&PinVault::hashAttempt, m_challenge, pin));
}

void PinDialog::onHashed()
{
    if (!m_checking)
        return;
    m_checking = false;
    const PinAttempt attempt = m_watcher->result();
    auto result = m_vault->completeCheck(m_challenge, attempt);
    setInputEnabled(true);
    if (result) {
        m_feedback = Feedback::None;
        m_authorisedAs = m_challenge.subject;
        showMessage(QString(), false);
        accept();
        return;
    }
    handleRefusal(result.error());
}

void PinDialog::handleRefusal(const Error &error)
{
    const QString code = error.code;
    const QString user = selectedUser();
    if (code == QLatin1String("wrong_pin")) {
        m_feedback = Feedback::Wrong;
        m_attemptsLeft = user.isEmpty() ? m_vault->attemptsLeft(m_role) : m_vault->userAttemptsLeft(user);
        retranslate();
    } else if (code == QLatin1String("locked_out")) {
        m_feedback = Feedback::Locked;
        refreshLock();
    } else if (code == QLatin1String("no_pin")) {
        m_feedback = Feedback::NoPin;
        retranslate();
    } else {
        m_feedback = Feedback::Error;
        m_errorText = error.message;
        retranslate();
    }
    m_field->setFocus();
}

void PinDialog::setInputEnabled(bool enabled)
{
    m_field->setEnabled(enabled);
    for (QPushButton *b : std::as_const(m_digits))
        b->setEnabled(enabled);
    m_backspace->setEnabled(enabled);
    m_ok->setEnabled(enabled);
    m_who->setEnabled(enabled);
}

void PinDialog::refreshLock()
{
    if (m_checking)
        return; // the worker's answer decides what comes next
    const QString user = selectedUser();
    const qint64 remaining =
        user.isEmpty() ? m_vault->lockoutRemainingSeconds(m_role) : m_vault->userLockoutRemainingSeconds(user);
    const bool locked = remaining > 0;
    setInputEnabled(!locked);
    m_who->setEnabled(true); // another person may still authorise
    if (locked) {
        m_feedback = Feedback::Locked;
        showMessage(tr("Too many wrong PINs. Locked for %1.").arg(PinVault::formatDuration(remaining)), true);
        if (!m_lockTimer->isActive())
            m_lockTimer->start();
    } else {
        m_lockTimer->stop();
        if (m_feedback == Feedback::Locked) {
            m_feedback = Feedback::None;
            showMessage(QString(), false);
            m_field->setFocus();
        }
    }
}

void PinDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; font-weight: bold; }") : QString());
}

} // namespace paydesk::ui
