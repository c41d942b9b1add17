// SPDX-License-Identifier: MIT
#include "receiptpdfrenderer.h"

#include "receiptpainter.h"

#include <QBuffer>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRawFont>

#include <QHash>

namespace paydesk {

namespace {

constexpr int Resolution = 600; // dpi of the PDF's coordinates; text and QR stay vector

QString title(const Receipt &receipt)
{
    return (receipt.kind == Receipt::Kind::Sale ? QStringLiteral("Receipt %1") : QStringLiteral("Refund receipt %1"))
        .arg(receipt.outTradeNo);
}

// Qt's PDF writer maps each glyph back to the lowest code point the font's
// cmap gives it. CJK fonts share the glyph of 支 with the Kangxi radical ⽀
// (U+2F40), so pdftotext and search would see ⽀付 instead of 支付. This
// table sends every radical back to the unified ideograph with its glyph.
QHash<uint, uint> radicalsToIdeographs(const QString &family)
{
    QHash<uint, uint> map;
    const QRawFont raw = QRawFont::fromFont(QFont(family));
    if (!raw.isValid())
        return map;
    const auto glyphOf = [&raw](uint code) {
        const QString s = QString(QChar(char16_t(code)));
        const QList<quint32> glyphs = raw.glyphIndexesForString(s);
        return glyphs.isEmpty() ? 0u : glyphs.first();
    };
    QHash<quint32, uint> radicalByGlyph;
    for (uint r = 0x2E80; r <= 0x2FDF; ++r) {
        if (const quint32 g = glyphOf(r))
            radicalByGlyph.insert(g, r);
    }
    for (uint c = 0x4E00; c <= 0x9FFF && map.size() < radicalByGlyph.size(); ++c) {
        const auto it = radicalByGlyph.constFind(glyphOf(c));
        if (it != radicalByGlyph.cend() && !map.contains(it.value()))
            map.insert(it.value(), c);
    }
    map.insert(0x0009, 0x0020); // the space glyph is also the tab's
    return map;
}

// Rewrites the <XXXX> targets inside the ToUnicode CMaps' bfrange/bfchar
// sections in place: same length, so no offset in the file moves.
void fixToUnicode(QByteArray &pdf, const QString &family)
{
    static const QHash<uint, uint> map = radicalsToIdeographs(family);
    if (map.isEmpty())
        return;
    for (const char *section : {"bfrange", "bfchar"}) {
        const QByteArray begin = QByteArray("begin") + section;
        const QByteArray end = QByteArray("end") + section;
        for (qsizetype at = pdf.indexOf(begin); at >= 0; at = pdf.indexOf(begin, at + 1)) {
            const qsizetype stop = pdf.indexOf(end, at);
            if (stop < 0)
                break;
            for (qsizetype i = pdf.indexOf('<', at); i >= 0 && i + 5 < stop; i = pdf.indexOf('<', i + 1)) {
                if (pdf.at(i + 5) != '>')
                    continue;
                bool ok = false;
                const uint code = pdf.mid(i + 1, 4).toUInt(&ok, 16);
                const auto target = ok ? map.constFind(code) : map.cend();
                if (target != map.cend())
                    pdf.replace(i + 1, 4, QByteArray::number(target.value(), 16).rightJustified(4, '0').toUpper());
            }
        }
    }
}

} // namespace

QString ReceiptPdfRenderer::layoutName(Layout layout)
{
    switch (layout) {
    case Layout::Roll80mm:
        return QStringLiteral("80mm");
    case Layout::Roll58mm:
        return QStringLiteral("58mm");
    case Layout::A4:
        return QStringLiteral("a4");
    }
    return {};
}

Result<QByteArray> ReceiptPdfRenderer::render(const Receipt &receipt, Layout layout)
{
    // Fonts need the GUI side of Qt (the offscreen platform is enough).
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return makeError(QStringLiteral("no_gui_application"),
                         QStringLiteral("rendering a receipt needs a QGuiApplication (QT_QPA_PLATFORM=offscreen works "
                                        "without a display)"));

    const bool a4 = layout == Layout::A4;
    const int paper = layout == Layout::Roll58mm ? 58 : 80;
    const ReceiptPainter painter(receipt, a4 ? ReceiptPainter::a4Style() : ReceiptPainter::rollStyle(paper));
    const ReceiptPainter::Style &style = painter.style();
    if (!QFontDatabase::families().contains(style.fontFamily))
        return makeError(QStringLiteral("font_missing"),
                         QStringLiteral("the font %1 is not installed: install fonts-noto-cjk (Debian) or Noto Sans "
                                        "CJK SC, or Chinese text cannot be embedded")
                             .arg(style.fontFamily));

    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(Resolution);
    writer.setCreator(QStringLiteral("PayDesk %1").arg(QStringLiteral(PAYDESK_VERSION)));
    writer.setTitle(title(receipt));

    const qreal mm = Resolution / 25.4;
    const qreal margin = style.marginMillimetres * mm;
    QRectF area;
    if (a4) {
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        const QSizeF page = QPageSize(QPageSize::A4).size(QPageSize::Millimeter) * mm;
        const qreal column = qMin(style.columnMillimetres * mm, page.width() - 2 * margin);
        area = QRectF((page.width() - column) / 2, margin, column, page.height() - 2 * margin);
    } else {
        // One page exactly as long as the receipt: what a roll printer prints.
        const qreal column = style.columnMillimetres * mm;
        const qreal height = painter.contentHeight(&writer, column);
        const qreal pageHeightMm = (height + 2 * margin) / mm + 1.0;
        writer.setPageLayout(QPageLayout(QPageSize(QSizeF(paper, pageHeightMm), QPageSize::Millimeter,
                                                   QStringLiteral("Roll %1 mm").arg(paper), QPageSize::ExactMatch),
                                         QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        area = QRectF(margin, margin, column, height + mm);
    }

    QPainter p;
    if (!p.begin(&writer))
        return makeError(QStringLiteral("pdf_failed"), QStringLiteral("the PDF writer could not start a page"));
    painter.paint(&p, area, [&writer] { return writer.newPage(); });
    p.end();
    buffer.close();
    if (pdf.isEmpty())
        return makeError(QStringLiteral("pdf_failed"), QStringLiteral("the PDF writer produced nothing"));
    fixToUnicode(pdf, style.fontFamily);
    return pdf;
}

} // namespace paydesk
