// SPDX-License-Identifier: MIT
// What a Chinese-speaking cashier would still read in English: the visible
// texts of a window (labels, buttons, tabs, combo boxes, group boxes, table
// cells and headers, text views), with two English words in a row flagged.
// The .ts check counts translated entries; this catches what is built outside
// tr() (an error code's English message, a stored English detail, a context
// lupdate never saw). Allowed: PayDesk, WeChat Pay, ALL-CAPS codes (SUCCESS,
// NOTPAY), numbers, addresses. The customer display is bilingual on purpose
// and is skipped.
#pragma once

#include "sale/customerdisplay.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QWidget>

namespace paydesk::testing {

// The English words in `text` left after the allowed names and `data` (what
// the store itself named: its name, a cashier's item), or empty.
inline QString englishIn(QString text, const QStringList &data = {})
{
    for (const QString &d : data)
        text.replace(d, QStringLiteral(" "));
    static const QRegularExpression allowed(QStringLiteral(
        R"((PayDesk( HQ)?|WeChat Pay|WeChat|Native|APIv3|https?://\S+|[\w.-]+@[\w.-]+|\b[A-Z0-9_]{2,}\b|\bPD[\w-]*))"));
    static const QRegularExpression twoWords(QStringLiteral(R"(\b[A-Za-z][a-z]+[\s,:;'’-]+[A-Za-z][a-z]+\b)"));
    text.replace(allowed, QStringLiteral(" "));
    const QRegularExpressionMatch m = twoWords.match(text);
    return m.hasMatch() ? m.captured(0) : QString();
}

inline bool insideCustomerDisplay(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (qobject_cast<const ui::CustomerDisplay *>(w))
            return true;
    }
    return false;
}

// Every visible text under `root` with English in it, as "Class 'text'".
inline QStringList englishLeftovers(QWidget *root, const QStringList &data = {})
{
    QStringList found;
    const auto check = [&found, &data](const QWidget *w, QString text) {
        if (Qt::mightBeRichText(text))
            text = QTextDocumentFragment::fromHtml(text).toPlainText();
        if (!englishIn(text, data).isEmpty())
            found << QStringLiteral("%1 '%2'").arg(QString::fromLatin1(w->metaObject()->className()), text);
    };
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : std::as_const(widgets)) {
        if (!w->isVisible() || insideCustomerDisplay(w))
            continue;
        if (w->isWindow())
            check(w, w->windowTitle());
        if (auto *label = qobject_cast<QLabel *>(w))
            check(w, label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            check(w, button->text());
        else if (auto *edit = qobject_cast<QLineEdit *>(w))
            check(w, edit->text().isEmpty() ? edit->placeholderText() : QString());
        else if (auto *combo = qobject_cast<QComboBox *>(w))
            check(w, combo->currentText());
        else if (auto *group = qobject_cast<QGroupBox *>(w))
            check(w, group->title());
        else if (auto *text = qobject_cast<QTextEdit *>(w))
            check(w, text->toPlainText());
        if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                check(w, tabs->tabText(i));
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
            const QAbstractItemModel *model = view->model();
            for (int c = 0; c < model->columnCount(); ++c)
                check(w, model->headerData(c, Qt::Horizontal).toString());
            for (int r = 0; r < qMin(model->rowCount(), 200); ++r) {
                for (int c = 0; c < model->columnCount(); ++c)
                    check(w, model->index(r, c).data().toString());
            }
        }
    }
    found.removeDuplicates();
    return found;
}

// The same for every visible top-level window (dialogs included).
inline QStringList englishLeftoversOnScreen(const QStringList &data = {})
{
    QStringList found;
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w->isVisible())
            found << englishLeftovers(w, data);
    }
    found.removeDuplicates();
    return found;
}

} // namespace paydesk::testing
