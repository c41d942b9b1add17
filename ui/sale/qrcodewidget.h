// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QVector>
#include <QWidget>

namespace paydesk::ui {

// A QR code (nayuki QR-Code-generator, error correction M) drawn so a phone
// camera reads it at a glance: every module is a whole number of device
// pixels, black on white, with the 4-module quiet zone the standard asks for,
// centred in whatever space the layout gives. No smoothing, no scaling of a
// bitmap, so it stays crisp on a 1x cashier screen and a 2x customer display.
// Without a payload it shows a neutral placeholder (and its text).
class QrCodeWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int QuietZone = 4; // modules of white around the code

    explicit QrCodeWidget(QWidget *parent = nullptr);

    void setPayload(const QString &text);
    QString payload() const { return m_payload; }
    // Modules per side of the encoded symbol (21 for version 1); 0 when empty.
    int moduleCount() const { return m_size; }

    // Shown while there is no payload ("Preparing…").
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

    // The symbol with its quiet zone, each module `moduleSize` × `moduleSize`
    // pixels, pure black (0xFF000000) on pure white: for printing and tests.
    // A null image for an empty or unencodable payload.
    static QImage render(const QString &payload, int moduleSize);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Symbol
    {
        int size = 0;
        QVector<bool> dark; // row-major, size × size
    };
    static Symbol encode(const QString &payload);
    static QImage paint(const Symbol &symbol, int moduleSize);

    QString m_payload;
    QString m_placeholder;
    int m_size = 0;
    Symbol m_symbol;
    QImage m_cache; // the last image drawn, at device pixels
    int m_cacheModule = 0;
};

} // namespace paydesk::ui
