// SPDX-License-Identifier: MIT
#include "symbols.h"

#include <QPainter>
#include <QPen>

namespace paydesk::ui {

QPixmap clockSymbol(int side, const QColor &color, qreal devicePixelRatio)
{
    const qreal ratio = devicePixelRatio > 0 ? devicePixelRatio : 1.0;
    QPixmap pixmap(QSize(side, side) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);

    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal stroke = qMax<qreal>(2.0, side / 12.0);
    QPen pen(color, stroke, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    const QRectF face(stroke, stroke, side - 2 * stroke, side - 2 * stroke);
    painter.drawEllipse(face);
    const QPointF centre = face.center();
    const qreal r = face.width() / 2;
    painter.drawLine(centre, centre + QPointF(0, -r * 0.62)); // twelve o'clock
    painter.drawLine(centre, centre + QPointF(r * 0.45, r * 0.18));
    painter.setBrush(color);
    painter.drawEllipse(centre, stroke * 0.6, stroke * 0.6);
    return pixmap;
}

} // namespace paydesk::ui
