// SPDX-License-Identifier: MIT
#pragma once

#include "receipt.h"
#include "result.h"

#include <QByteArray>

namespace paydesk {

// A receipt as a PDF (QPdfWriter): an 80 mm roll page as long as the receipt,
// or A4 pages. The text is real text in Noto Sans CJK, embedded as a subset
// with a ToUnicode map, so `pdftotext` and a screen reader get the Chinese back.
// The PDF is unsigned; PdfSigner signs it.
class ReceiptPdfRenderer
{
public:
    enum class Layout { Roll80mm, Roll58mm, A4 };

    static Result<QByteArray> render(const Receipt &receipt, Layout layout = Layout::Roll80mm);
    static QString layoutName(Layout layout); // "80mm", "58mm", "a4"
};

} // namespace paydesk
