#!/usr/bin/env bash
# Prints a letters.html as a clerk would, in headless Chromium (Debian: apt-get install
# chromium fonts-noto-cjk poppler-utils): every group (letters.html#all) to a PDF, A4
# portrait, and as PNG the first office's cover sheet and letter and the first letter
# posted home. Fails when the page logs an error in the browser's console.
#
# usage: scripts/render-letters.sh OUT_DIR/letters.html [SHOTS_DIR]   (default: OUT_DIR/shots)
set -euo pipefail
letters=$(realpath "${1:?usage: scripts/render-letters.sh LETTERS.html [SHOTS_DIR]}")
shots=$(realpath -m "${2:-$(dirname "$letters")/shots}")
mkdir -p "$shots"
# shellcheck source=scripts/headless-chromium.sh
source "$(dirname "$0")/headless-chromium.sh"
chrome --no-pdf-header-footer --print-to-pdf="$shots/letters.pdf" "file://$letters#all" >/dev/null
pages=$(pdfinfo "$shots/letters.pdf" | awk '/^Pages/ {print $2}')
echo "printed: $shots/letters.pdf ($pages pages)"
# The first page that is a letter posted home: it asks for the reply in the envelope enclosed.
home=""
for page in $(seq 1 "$pages"); do
    text=$(pdftotext -f "$page" -l "$page" "$shots/letters.pdf" - 2>/dev/null)
    if echo "$text" | grep -q "同封の返信用封筒"; then home=$page; break; fi
done
pdftoppm -png -r 70 -f 1 -singlefile "$shots/letters.pdf" "$shots/letters-page1"
pdftoppm -png -r 70 -f 2 -singlefile "$shots/letters.pdf" "$shots/letters-page2"
echo "first pages: $shots/letters-page1.png, $shots/letters-page2.png"
if [ -n "$home" ]; then
    pdftoppm -png -r 70 -f "$home" -singlefile "$shots/letters.pdf" "$shots/letters-home"
    echo "first letter posted home (page $home): $shots/letters-home.png"
fi
console_errors
