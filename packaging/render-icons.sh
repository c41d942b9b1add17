#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders resources/icons/paydesk.svg to the PNG sizes the desktop entry and
# AppStream use (48, 128, 256) and to paydesk.ico (Windows installer and
# executable). The results are committed; run this after changing the SVG.
# Needs rsvg-convert (librsvg2-bin) and, for the .ico, ImageMagick's convert.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../resources/icons" && pwd)"
for size in 16 32 48 128 256; do
  rsvg-convert -w "$size" -h "$size" "$here/paydesk.svg" -o "$here/paydesk-$size.png"
done
if command -v convert >/dev/null 2>&1; then
  convert "$here"/paydesk-{16,32,48,256}.png "$here/paydesk.ico"
else
  echo "render-icons: ImageMagick's convert is missing: paydesk.ico not updated" >&2
fi
# 16 and 32 only feed the .ico.
rm -f "$here/paydesk-16.png" "$here/paydesk-32.png"
