// SPDX-License-Identifier: MIT
#pragma once

#include "receipt.h"
#include "result.h"

#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <QString>

#include <functional>

class QPainter;
class QPaintDevice;

namespace paydesk {

// Draws a receipt's lines (Receipt::lines) with real text in Noto Sans CJK on
// any paint device: a PDF page, a QPrinter's page, an image for a thermal
// printer's raster mode or for the PNG export. Sizes are physical (points and
// millimetres), so the device's resolution only changes the sharpness.
class ReceiptPainter
{
public:
    struct Style
    {
        qreal fontPoints = 8.0;
        qreal qrMillimetres = 28.0;
        qreal columnMillimetres = 72.0; // the text column: 80 mm paper less its margins
        qreal marginMillimetres = 4.0;  // left, right, top and bottom of the paper
        QString fontFamily = QStringLiteral("Noto Sans CJK SC");
        QString latinFamily = QStringLiteral("DejaVu Sans"); // when installed; else Noto's Latin
    };
    static Style rollStyle(int paperMillimetres = 80); // 80 or 58 mm roll
    static Style a4Style();

    explicit ReceiptPainter(Receipt receipt, Style style = rollStyle());

    const Style &style() const { return m_style; }

    // Device units the lines take on `device` in a column `width` units wide.
    qreal contentHeight(const QPaintDevice *device, qreal width) const;

    // Paints the lines into `area` (device units). On a paged device (PDF,
    // QPrinter) `newPage` is called when the next line would cross the
    // bottom of `area`; it returns false to stop. Without it, painting
    // continues past the bottom.
    void paint(QPainter *painter, const QRectF &area, const std::function<bool()> &newPage = {}) const;

    // The receipt on white paper `widthPixels` wide at `dpi`, 8-bit grey,
    // margins included: the raster image for thermal printers and the PNG export.
    QImage toImage(int widthPixels, int dpi) const;

    // A PNG of the paper layout: 16 greys in a 4-bit palette, so a long
    // receipt stays under the 200 KB WeChat Pay's electronic-receipt upload takes.
    Result<QByteArray> toPng(int paperMillimetres = 80, int dpi = 300) const;

private:
    qreal layout(QPainter *painter, const QPaintDevice *device, const QRectF &area,
                 const std::function<bool()> &newPage) const;

    Receipt m_receipt;
    Style m_style;
};

} // namespace paydesk
