// SPDX-License-Identifier: MIT
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace paydesk::ui {

namespace {

struct Installed
{
    QString language;
    std::unique_ptr<QTranslator> own;
    std::unique_ptr<QTranslator> qt;
};

Installed &installed()
{
    static Installed state;
    return state;
}

} // namespace

QStringList Translations::available()
{
    return { QStringLiteral("zh_CN"), QStringLiteral("en") };
}

QString Translations::defaultLanguage()
{
    return QStringLiteral("zh_CN");
}

QString Translations::current()
{
    return installed().language;
}

bool Translations::install(const QString &language)
{
    if (!available().contains(language))
        return false;
    Installed &state = installed();
    if (state.own)
        QCoreApplication::removeTranslator(state.own.get());
    if (state.qt)
        QCoreApplication::removeTranslator(state.qt.get());

    auto own = std::make_unique<QTranslator>();
    if (!own->load(QStringLiteral(":/i18n/paydesk_%1.qm").arg(language)))
        return false;
    auto qt = std::make_unique<QTranslator>();
    const bool haveQt = qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                                 QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    state.own = std::move(own);
    state.qt = haveQt ? std::move(qt) : nullptr;
    if (state.qt)
        QCoreApplication::installTranslator(state.qt.get());
    QCoreApplication::installTranslator(state.own.get());
    state.language = language;
    QLocale::setDefault(QLocale(language));
    return true;
}

} // namespace paydesk::ui
