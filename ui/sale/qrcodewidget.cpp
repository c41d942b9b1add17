// SPDX-License-Identifier: MIT
#include "qrcodewidget.h"

#include <QLoggingCategory>
#include <QPainter>
#include <QPainterPath>
#include <cmath>
#include <qrcodegen.hpp>

namespace paydesk::ui {

Q_LOGGING_CATEGORY(lcQr, "paydesk.ui.qr")

QrCodeWidget::QrCodeWidget(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void QrCodeWidget::setPayload(const QString &text)
{
    if (text == m_payload)
        return;
    m_payload = text;
    m_symbol = encode(text);
    m_size = m_symbol.size;
    m_cache = QImage();
    m_cacheModule = 0;
    update();
}

void QrCodeWidget::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    if (m_size == 0)
        update();
}

QrCodeWidget::Symbol QrCodeWidget::encode(const QString &payload)
{
    Symbol symbol;
    if (payload.isEmpty())
        return symbol;
    try {
        // Exceptions stop here: they must not cross Qt's event loop.
        const qrcodegen::QrCode qr
            = qrcodegen::QrCode::encodeText(payload.toUtf8().constData(), qrcodegen::QrCode::Ecc::MEDIUM);
        symbol.size = qr.getSize();
        symbol.dark.resize(symbol.size * symbol.size);
        for (int y = 0; y < symbol.size; ++y) {
            for (int x = 0; x < symbol.size; ++x)
                symbol.dark[y * symbol.size + x] = qr.getModule(x, y);
        }
    } catch (const std::exception &e) {
        // A code_url is about 40 characters; this only happens to a broken payload.
        qCWarning(lcQr) << "cannot encode a QR code of" << payload.size() << "characters:" << e.what();
        symbol = Symbol();
    }
    return symbol;
}

QImage QrCodeWidget::paint(const Symbol &symbol, int moduleSize)
{
    if (symbol.size == 0 || moduleSize < 1)
        return {};
    const int side = (symbol.size + 2 * QuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    // Whole-pixel rectangles written straight into the bits: no painter, no
    // antialiasing, nothing that could leave a grey edge.
    const QRgb black = qRgb(0, 0, 0);
    for (int y = 0; y < symbol.size; ++y) {
        for (int x = 0; x < symbol.size; ++x) {
            if (!symbol.dark[y * symbol.size + x])
                continue;
            const int px = (x + QuietZone) * moduleSize;
            const int py = (y + QuietZone) * moduleSize;
            for (int row = py; row < py + moduleSize; ++row) {
                auto *line = reinterpret_cast<QRgb *>(image.scanLine(row));
                std::fill(line + px, line + px + moduleSize, black);
            }
        }
    }
    return image;
}

QImage QrCodeWidget::render(const QString &payload, int moduleSize)
{
    return paint(encode(payload), moduleSize);
}

QSize QrCodeWidget::sizeHint() const
{
    return { 320, 320 };
}

QSize QrCodeWidget::minimumSizeHint() const
{
    // 25 modules (version 2, what a code_url needs) + quiet zone at 3 px: still scannable.
    return { 100, 100 };
}

void QrCodeWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const qreal dpr = devicePixelRatioF();
    const QRectF area = rect();

    if (m_size == 0) {
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal side = std::min(area.width(), area.height()) - 2;
        const QRectF box(area.center().x() - side / 2, area.center().y() - side / 2, side, side);
        painter.setPen(QPen(palette().color(QPalette::Mid), 2, Qt::DashLine));
        painter.setBrush(palette().color(QPalette::AlternateBase));
        painter.drawRoundedRect(box, 8, 8);
        if (!m_placeholder.isEmpty()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            QFont f = font();
            f.setPointSizeF(f.pointSizeF() * 1.3);
            painter.setFont(f);
            painter.drawText(box.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        }
        return;
    }

    // Work in device pixels: the largest whole module size that fits, then
    // centre on a whole device pixel, so no module edge falls between pixels.
    const int deviceSide = int(std::floor(std::min(area.width(), area.height()) * dpr));
    const int modules = m_size + 2 * QuietZone;
    const int moduleSize = std::max(1, deviceSide / modules);
    if (moduleSize != m_cacheModule || m_cache.isNull()) {
        m_cache = paint(m_symbol, moduleSize);
        m_cacheModule = moduleSize;
    }
    const int imageSide = m_cache.width();
    const int deviceW = int(std::floor(area.width() * dpr));
    const int deviceH = int(std::floor(area.height() * dpr));
    const int x = (deviceW - imageSide) / 2;
    const int y = (deviceH - imageSide) / 2;
    QImage image = m_cache;
    image.setDevicePixelRatio(dpr);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(QPointF(x / dpr, y / dpr), image);
}

} // namespace paydesk::ui
