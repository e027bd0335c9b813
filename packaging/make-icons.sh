#!/usr/bin/env bash
# Renders resources/icons/interceptor.svg into the hicolor PNG sizes that are
# committed beside it (run after editing the SVG; needs librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for size in 16 24 32 48 64 128 256; do
  mkdir -p "hicolor/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" interceptor.svg -o "hicolor/${size}x${size}/apps/interceptor.png"
done
