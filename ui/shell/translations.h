// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace paydesk::ui {

// The interface language: PayDesk's own strings (built into the binary from
// translations/*.ts) and Qt's (buttons of standard dialogs). Installing a
// language sends every widget a LanguageChange, so open windows follow at once.
class Translations
{
public:
    static QStringList available(); // "zh_CN", "en"
    static QString defaultLanguage(); // Chinese first: the stores are in China
    // Replaces the installed translators; false when `language` is unknown.
    static bool install(const QString &language);
    static QString current();
};

} // namespace paydesk::ui
