// SPDX-License-Identifier: MIT
// With PAYDESK_SCREENSHOTS=<folder> set, the GUI tests save what a person
// would have seen there as PNG, for review; otherwise nothing happens.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QString>
#include <QWidget>

namespace paydesk::testing {

inline void screenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("PAYDESK_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QCoreApplication::processEvents();
    widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

} // namespace paydesk::testing
