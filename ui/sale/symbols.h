// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPixmap>

namespace paydesk::ui {

// A clock face ("time ran out"), drawn rather than taken from a font: no
// common font has U+23F1 (⏱), which rendered as an empty box. `side` is in
// device-independent pixels; `devicePixelRatio` keeps it sharp on HiDPI.
QPixmap clockSymbol(int side, const QColor &color, qreal devicePixelRatio);

} // namespace paydesk::ui
