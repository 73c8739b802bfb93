#!/usr/bin/env bash
# Renders a report.html in headless Chromium and saves a screenshot, to look at the report
# as an auditor would. Needs Debian's chromium (apt-get install chromium fonts-noto-cjk).
#
# usage: scripts/render-report.sh OUT_DIR/report.html [screenshot.png] [WIDTHxHEIGHT]
set -euo pipefail
report=$(realpath "${1:?usage: scripts/render-report.sh REPORT.html [SCREENSHOT.png] [WxH]}")
png=$(realpath -m "${2:-${report%.html}.png}")
size=${3:-1280x2400}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed: apt-get install chromium fonts-noto-cjk" >&2
    exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The flags keep Chromium off the network (the report needs none) and quiet.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars \
    --window-size="${size/x/,}" --virtual-time-budget=5000 \
    --screenshot="$png" "file://$report" 2> "$profile/stderr.log" || {
    cat "$profile/stderr.log" >&2
    exit 1
}
# Console errors of the page itself (a failing script) would show as CONSOLE lines.
if grep -E "CONSOLE|Uncaught" "$profile/stderr.log" >&2; then
    echo "the report logged errors in the browser" >&2
    exit 1
fi
echo "screenshot: $png"
