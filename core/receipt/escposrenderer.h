// SPDX-License-Identifier: MIT
#pragma once

#include "receipt.h"

#include <QByteArray>
#include <QImage>
#include <QString>

namespace paydesk {

// A receipt as the byte stream of an ESC/POS thermal printer (Epson's command
// set, which the Chinese 58/80 mm printers speak): ESC @ to reset, FS & for
// Chinese mode and the text in GB18030 — UTF-8 prints as garbage on them —,
// ESC E / GS ! for bold and double size, ESC a for alignment, the QR code
// with GS ( k, then GS V to cut and ESC p to open the cash drawer.
//
// Raster mode prints the receipt as one image (GS v 0) drawn by
// ReceiptPainter, for printers without a Chinese font.
class EscPosRenderer
{
public:
    struct Options
    {
        int paperMillimetres = 80; // 80 or 58
        bool raster = false;
        bool cut = true;
        bool openDrawer = false;
    };

    explicit EscPosRenderer(Options options);
    EscPosRenderer() : EscPosRenderer(Options{}) {}

    QByteArray render(const Receipt &receipt) const;

    // Characters of font A (12 dots) on a line: 32 on 58 mm, 48 on 80 mm.
    int columns() const;
    // Printable dots across: 384 on 58 mm, 576 on 80 mm (203 dpi heads).
    int dots() const;

    // The commands, for tests and for other printouts (a daily report).
    static QByteArray initialize();            // ESC @
    static QByteArray chineseMode(bool on);    // FS & / FS .
    static QByteArray encode(const QString &text); // GB18030
    static QByteArray align(ReceiptLine::Align align); // ESC a n
    static QByteArray bold(bool on);           // ESC E n
    static QByteArray doubleSize(bool on);     // GS ! n and FS ! n
    static QByteArray qrCode(const QByteArray &data, int moduleDots); // GS ( k
    static QByteArray feed(int lines);         // ESC d n
    static QByteArray cut();                   // GS V 66 0: feed to the cutter, partial cut
    static QByteArray kickDrawer();            // ESC p 0 25 250: pin 2, 50 ms on
    static QByteArray rasterImage(const QImage &image); // GS v 0, in bands

private:
    QByteArray renderText(const Receipt &receipt) const;
    QByteArray renderRaster(const Receipt &receipt) const;

    Options m_options;
};

} // namespace paydesk
