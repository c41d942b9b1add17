// SPDX-License-Identifier: MIT
#include "receiptpainter.h"

#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPen>

#include <qrcodegen.hpp>

namespace paydesk {

namespace {

constexpr qreal MillimetresPerInch = 25.4;

qreal unitsPerMillimetre(const QPaintDevice *device)
{
    return device->logicalDpiY() / MillimetresPerInch;
}

// No hinting: a line must measure the same on a 203 dpi printer image and a
// 1200 dpi PDF, or the PDF page is cut to the wrong height.
QFont fontFor(const ReceiptPainter::Style &style, const ReceiptLine &line)
{
    QFont font(style.fontFamily);
    // Latin letters and digits from a plain TrueType font: shaped inside a
    // Latin run, Noto CJK substitutes digit glyphs that Qt's PDF writer cannot
    // map back to text, and the digits of an out_trade_no vanish from
    // pdftotext. CJK falls through to Noto Sans CJK.
    if (!style.latinFamily.isEmpty())
        font.setFamilies({style.latinFamily, style.fontFamily});
    font.setPointSizeF(line.large ? style.fontPoints * 1.5 : style.fontPoints);
    font.setBold(line.bold);
    font.setHintingPreference(QFont::PreferNoHinting);
    font.setStyleStrategy(QFont::PreferOutline);
    return font;
}

int textFlags(ReceiptLine::Align align)
{
    const int horizontal = align == ReceiptLine::Center ? Qt::AlignHCenter
        : align == ReceiptLine::Right                    ? Qt::AlignRight
                                                         : Qt::AlignLeft;
    return horizontal | Qt::AlignTop | Qt::TextWordWrap;
}

} // namespace

ReceiptPainter::Style ReceiptPainter::rollStyle(int paperMillimetres)
{
    Style style;
    if (paperMillimetres <= 58) {
        style.fontPoints = 7.0;
        style.marginMillimetres = 3.0;
        style.qrMillimetres = 24.0;
    }
    style.columnMillimetres = paperMillimetres - 2 * style.marginMillimetres;
    return style;
}

ReceiptPainter::Style ReceiptPainter::a4Style()
{
    // A narrow centred column: a receipt, not a letter, even on A4.
    Style style;
    style.fontPoints = 11.0;
    style.qrMillimetres = 35.0;
    style.columnMillimetres = 120.0;
    style.marginMillimetres = 20.0;
    return style;
}

ReceiptPainter::ReceiptPainter(Receipt receipt, Style style) : m_receipt(std::move(receipt)), m_style(std::move(style)) {}

qreal ReceiptPainter::contentHeight(const QPaintDevice *device, qreal width) const
{
    return layout(nullptr, device, QRectF(0, 0, width, 1e9), {});
}

void ReceiptPainter::paint(QPainter *painter, const QRectF &area, const std::function<bool()> &newPage) const
{
    layout(painter, painter->device(), area, newPage);
}

qreal ReceiptPainter::layout(QPainter *painter, const QPaintDevice *device, const QRectF &area,
                             const std::function<bool()> &newPage) const
{
    const qreal mm = unitsPerMillimetre(device);
    const qreal width = area.width();
    const qreal gap = 1.5 * mm; // between a pair's two sides
    qreal y = area.top();

    // Moves to a new page when `height` would not fit; false when painting must stop.
    const auto room = [&](qreal height) {
        if (!painter || !newPage || y + height <= area.bottom() || y == area.top())
            return true;
        if (!newPage())
            return false;
        y = area.top();
        return true;
    };

    for (const ReceiptLine &line : m_receipt.lines()) {
        const QFont font = fontFor(m_style, line);
        const QFontMetricsF metrics(font, const_cast<QPaintDevice *>(device));
        const qreal lineGap = metrics.height() * 0.15;
        if (painter)
            painter->setFont(font);

        switch (line.kind) {
        case ReceiptLine::Rule: {
            const qreal height = 2.5 * mm;
            if (!room(height))
                return y - area.top();
            if (painter) {
                QPen pen(Qt::black, 0.25 * mm, Qt::DashLine);
                painter->setPen(pen);
                painter->drawLine(QPointF(area.left(), y + height / 2), QPointF(area.left() + width, y + height / 2));
            }
            y += height;
            break;
        }
        case ReceiptLine::QrCode: {
            const qrcodegen::QrCode qr = qrcodegen::QrCode::encodeText(m_receipt.qrPayload().toUtf8().constData(),
                                                                       qrcodegen::QrCode::Ecc::MEDIUM);
            const qreal side = qMin(m_style.qrMillimetres * mm, width);
            const qreal module = side / (qr.getSize() + 8); // 4-module quiet zone each side
            const qreal height = side + 1.0 * mm;
            if (!room(height))
                return y - area.top();
            if (painter) {
                const qreal x0 = area.left() + (width - side) / 2 + 4 * module;
                const qreal y0 = y + 4 * module;
                painter->setPen(Qt::NoPen);
                painter->setBrush(Qt::black);
                for (int row = 0; row < qr.getSize(); ++row) {
                    for (int col = 0; col < qr.getSize(); ++col) {
                        // Overlap by a hair so anti-aliasing leaves no seams between modules.
                        if (qr.getModule(col, row))
                            painter->drawRect(QRectF(x0 + col * module, y0 + row * module, module * 1.02, module * 1.02));
                    }
                }
                painter->setBrush(Qt::NoBrush);
            }
            y += height;
            break;
        }
        case ReceiptLine::Text: {
            const int flags = textFlags(line.align);
            const QRectF bounds = metrics.boundingRect(QRectF(0, 0, width, 1e9), flags, line.left);
            const qreal height = qMax(bounds.height(), metrics.height()) + lineGap;
            if (!room(height))
                return y - area.top();
            if (painter) {
                painter->setPen(Qt::black);
                painter->drawText(QRectF(area.left(), y, width, height), flags, line.left);
            }
            y += height;
            break;
        }
        case ReceiptLine::Pair: {
            const qreal leftWidth = metrics.horizontalAdvance(line.left);
            const qreal rightWidth = metrics.horizontalAdvance(line.right);
            const bool together = leftWidth + gap + rightWidth <= width;
            const int leftFlags = textFlags(ReceiptLine::Left);
            const int rightFlags = textFlags(ReceiptLine::Right);
            if (together) {
                // One baseline for both sides: a Latin-only side ("TRAINING-01")
                // laid out on its own would sit higher than a CJK one.
                QFont cjk = font;
                cjk.setFamilies({m_style.fontFamily});
                const QFontMetricsF cjkMetrics(cjk, const_cast<QPaintDevice *>(device));
                const qreal ascent = qMax(metrics.ascent(), cjkMetrics.ascent());
                const qreal height = ascent + qMax(metrics.descent(), cjkMetrics.descent()) + lineGap;
                if (!room(height))
                    return y - area.top();
                if (painter) {
                    painter->setPen(Qt::black);
                    painter->drawText(QPointF(area.left(), y + ascent), line.left);
                    painter->drawText(QPointF(area.left() + width - rightWidth, y + ascent), line.right);
                }
                y += height;
            } else {
                // Too long for one line: the label, then the value under it on the right.
                const QRectF leftBounds = metrics.boundingRect(QRectF(0, 0, width, 1e9), leftFlags, line.left);
                const QRectF rightBounds = metrics.boundingRect(QRectF(0, 0, width, 1e9), rightFlags, line.right);
                const qreal first = qMax(leftBounds.height(), metrics.height()) + lineGap;
                const qreal second = qMax(rightBounds.height(), metrics.height()) + lineGap;
                if (!room(first + second))
                    return y - area.top();
                if (painter) {
                    painter->setPen(Qt::black);
                    painter->drawText(QRectF(area.left(), y, width, first), leftFlags, line.left);
                    painter->drawText(QRectF(area.left(), y + first, width, second), rightFlags, line.right);
                }
                y += first + second;
            }
            break;
        }
        }
    }
    return y - area.top();
}

QImage ReceiptPainter::toImage(int widthPixels, int dpi) const
{
    const int dotsPerMetre = qRound(dpi / 0.0254);
    // A throw-away image tells the layout the resolution before the real one has a height.
    QImage probe(1, 1, QImage::Format_Grayscale8);
    probe.setDotsPerMeterX(dotsPerMetre);
    probe.setDotsPerMeterY(dotsPerMetre);
    const qreal mm = dpi / MillimetresPerInch;
    const qreal margin = m_style.marginMillimetres * mm;
    const qreal column = qMin(m_style.columnMillimetres * mm, widthPixels - 2 * margin);
    const qreal height = contentHeight(&probe, column);

    QImage image(widthPixels, qCeil(height + 2 * margin), QImage::Format_Grayscale8);
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paint(&painter, QRectF((widthPixels - column) / 2, margin, column, height));
    painter.end();
    return image;
}

Result<QByteArray> ReceiptPainter::toPng(int paperMillimetres, int dpi) const
{
    const QImage grey = toImage(qRound(paperMillimetres * dpi / MillimetresPerInch), dpi);
    // 16 greys keep anti-aliased text smooth; Qt writes a palette of ≤ 16
    // colours as a 4-bit PNG, about half the size of 8-bit grey.
    QImage indexed(grey.size(), QImage::Format_Indexed8);
    QList<QRgb> palette;
    for (int i = 0; i < 16; ++i)
        palette << qRgb(i * 17, i * 17, i * 17);
    indexed.setColorTable(palette);
    indexed.setDotsPerMeterX(grey.dotsPerMeterX());
    indexed.setDotsPerMeterY(grey.dotsPerMeterY());
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *in = grey.constScanLine(y);
        uchar *out = indexed.scanLine(y);
        for (int x = 0; x < grey.width(); ++x)
            out[x] = uchar((in[x] + 8) / 17);
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!indexed.save(&buffer, "PNG", 9))
        return makeError(QStringLiteral("png_failed"), QStringLiteral("the receipt image could not be encoded as PNG"));
    return png;
}

} // namespace paydesk
