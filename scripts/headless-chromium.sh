# Sourced by scripts/render-report.sh and scripts/render-letters.sh: finds Debian's
# chromium, makes a throwaway profile (removed on exit), and defines `chrome ARGS…`, which
# runs it headless, off the network (the pages need none) and quiet, its console messages
# appended to "$profile/stderr.log" — and `console_errors`, which fails when the page
# logged an error there.
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed: apt-get install chromium fonts-noto-cjk poppler-utils" >&2
    exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --enable-logging=stderr --v=0 \
        --virtual-time-budget=20000 "$@" 2>> "$profile/stderr.log"
}
console_errors() {
    if grep -E "CONSOLE|Uncaught" "$profile/stderr.log" >&2; then
        echo "the page logged errors in the browser" >&2
        return 1
    fi
}
