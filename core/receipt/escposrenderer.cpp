// SPDX-License-Identifier: MIT
#include "escposrenderer.h"

#include "receiptpainter.h"

#include <QStringEncoder>

namespace paydesk {

namespace {

constexpr char ESC = 0x1B;
constexpr char GS = 0x1D;
constexpr char FS = 0x1C;
constexpr char LF = 0x0A;
constexpr int PrinterDpi = 203;
// Printers buffer a raster command whole; a band of this many rows stays
// well within the smallest buffers seen on 58 mm printers.
constexpr int RasterBandRows = 128;

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (const int v : values)
        out.append(char(v));
    return out;
}

// Width on the printer: GB18030 double-byte characters take two columns,
// ASCII one, so the byte count is the column count.
int widthOf(const QString &text)
{
    return int(EscPosRenderer::encode(text).size());
}

// Splits `text` into lines of at most `columns` printer columns, never inside a character.
QStringList wrap(const QString &text, int columns)
{
    QStringList lines;
    QString current;
    int width = 0;
    for (const QChar c : text) {
        const int w = c.unicode() < 0x80 ? 1 : 2;
        if (width + w > columns && !current.isEmpty()) {
            lines << current;
            current.clear();
            width = 0;
        }
        current += c;
        width += w;
    }
    if (!current.isEmpty() || lines.isEmpty())
        lines << current;
    return lines;
}

} // namespace

EscPosRenderer::EscPosRenderer(Options options) : m_options(options) {}

int EscPosRenderer::columns() const
{
    return m_options.paperMillimetres <= 58 ? 32 : 48;
}

int EscPosRenderer::dots() const
{
    return m_options.paperMillimetres <= 58 ? 384 : 576;
}

QByteArray EscPosRenderer::initialize()
{
    return bytes({ESC, '@'});
}

QByteArray EscPosRenderer::chineseMode(bool on)
{
    return on ? bytes({FS, '&'}) : bytes({FS, '.'});
}

QByteArray EscPosRenderer::encode(const QString &text)
{
    QStringEncoder encoder("GB18030");
    if (!encoder.isValid()) // Qt without ICU: GB2312-range text still needs to come out right
        return text.toLatin1();
    return encoder.encode(text);
}

QByteArray EscPosRenderer::align(ReceiptLine::Align align)
{
    return bytes({ESC, 'a', align == ReceiptLine::Center ? 1 : align == ReceiptLine::Right ? 2 : 0});
}

QByteArray EscPosRenderer::bold(bool on)
{
    return bytes({ESC, 'E', on ? 1 : 0});
}

QByteArray EscPosRenderer::doubleSize(bool on)
{
    // GS ! sizes ASCII; many Chinese printers take FS ! for the double-byte
    // characters instead, so both are sent.
    return bytes({GS, '!', on ? 0x11 : 0x00}) + bytes({FS, '!', on ? 0x0C : 0x00});
}

QByteArray EscPosRenderer::qrCode(const QByteArray &data, int moduleDots)
{
    QByteArray out;
    out += bytes({GS, '(', 'k', 4, 0, 49, 65, 50, 0});          // model 2
    out += bytes({GS, '(', 'k', 3, 0, 49, 67, moduleDots});     // module size
    out += bytes({GS, '(', 'k', 3, 0, 49, 69, 49});             // error correction M
    const int length = int(data.size()) + 3;
    out += bytes({GS, '(', 'k', length & 0xFF, (length >> 8) & 0xFF, 49, 80, 48}) + data; // store
    out += bytes({GS, '(', 'k', 3, 0, 49, 81, 48});             // print
    return out;
}

QByteArray EscPosRenderer::feed(int lines)
{
    return bytes({ESC, 'd', qBound(0, lines, 255)});
}

QByteArray EscPosRenderer::cut()
{
    return bytes({GS, 'V', 66, 0});
}

QByteArray EscPosRenderer::kickDrawer()
{
    return bytes({ESC, 'p', 0, 25, 250});
}

QByteArray EscPosRenderer::rasterImage(const QImage &image)
{
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    const int widthBytes = (grey.width() + 7) / 8;
    QByteArray out;
    for (int top = 0; top < grey.height(); top += RasterBandRows) {
        const int rows = qMin(RasterBandRows, grey.height() - top);
        out += bytes({GS, 'v', '0', 0, widthBytes & 0xFF, (widthBytes >> 8) & 0xFF, rows & 0xFF, (rows >> 8) & 0xFF});
        for (int y = top; y < top + rows; ++y) {
            const uchar *line = grey.constScanLine(y);
            for (int xb = 0; xb < widthBytes; ++xb) {
                uchar packed = 0;
                for (int bit = 0; bit < 8; ++bit) {
                    const int x = xb * 8 + bit;
                    // A thermal dot is black or nothing: anti-aliased edges darker than mid-grey print.
                    if (x < grey.width() && line[x] < 128)
                        packed |= uchar(0x80 >> bit);
                }
                out.append(char(packed));
            }
        }
    }
    return out;
}

QByteArray EscPosRenderer::render(const Receipt &receipt) const
{
    QByteArray out = initialize();
    out += m_options.raster ? renderRaster(receipt) : renderText(receipt);
    out += feed(3);
    if (m_options.cut)
        out += cut();
    if (m_options.openDrawer)
        out += kickDrawer();
    return out;
}

QByteArray EscPosRenderer::renderText(const Receipt &receipt) const
{
    QByteArray out = chineseMode(true);
    const int full = columns();
    for (const ReceiptLine &line : receipt.lines()) {
        const int width = line.large ? full / 2 : full;
        out += align(line.kind == ReceiptLine::Text || line.kind == ReceiptLine::QrCode ? line.align : ReceiptLine::Left);
        out += bold(line.bold);
        out += doubleSize(line.large);
        switch (line.kind) {
        case ReceiptLine::Rule:
            out += QByteArray(full, '-') + LF;
            break;
        case ReceiptLine::QrCode:
            out += qrCode(receipt.qrPayload().toUtf8(), m_options.paperMillimetres <= 58 ? 5 : 6) + LF;
            break;
        case ReceiptLine::Text:
            for (const QString &part : wrap(line.left, width))
                out += encode(part) + LF;
            break;
        case ReceiptLine::Pair: {
            const int left = widthOf(line.left);
            const int right = widthOf(line.right);
            if (left + 1 + right <= width) {
                out += encode(line.left) + QByteArray(width - left - right, ' ') + encode(line.right) + LF;
            } else {
                for (const QString &part : wrap(line.left, width))
                    out += encode(part) + LF;
                for (const QString &part : wrap(line.right, width))
                    out += QByteArray(qMax(0, width - widthOf(part)), ' ') + encode(part) + LF;
            }
            break;
        }
        }
    }
    out += bold(false) + doubleSize(false) + align(ReceiptLine::Left);
    return out;
}

QByteArray EscPosRenderer::renderRaster(const Receipt &receipt) const
{
    // The paper layout at the head's resolution, its width exactly the printable dots.
    ReceiptPainter::Style style = ReceiptPainter::rollStyle(m_options.paperMillimetres);
    style.marginMillimetres = 1.0;
    style.columnMillimetres = dots() * 25.4 / PrinterDpi - 2 * style.marginMillimetres;
    const ReceiptPainter painter(receipt, style);
    return chineseMode(false) + align(ReceiptLine::Left) + rasterImage(painter.toImage(dots(), PrinterDpi));
}

} // namespace paydesk
