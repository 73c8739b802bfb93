#!/usr/bin/env bash
# Looks at a report.html as an auditor would, in headless Chromium (Debian: apt-get install
# chromium fonts-noto-cjk poppler-utils), and checks it:
#   - screenshots: the top, the comparison patterns, the resolutions section (when the run
#     had --resolutions), a member card with a difference of notation only (or, when no
#     flagged member has one alone, beside a real difference), one with a
#     real difference, a household flagged together, and the first two pages of the printed
#     report (A4 landscape PDF, every member of the filter, as PNG);
#   - the page logs no error in the browser's console;
#   - its visible text, once the script has drawn the cards, names no code (NOT_IN_REGISTER,
#     suspend, different, …);
#   - how long it took to be ready (parse and script; the page records it).
# Exits 1 when a check fails.
#
# usage: scripts/render-report.sh OUT_DIR/report.html [SHOTS_DIR]   (default: OUT_DIR/shots)
set -euo pipefail
report=$(realpath "${1:?usage: scripts/render-report.sh REPORT.html [SHOTS_DIR]}")
shots=$(realpath -m "${2:-$(dirname "$report")/shots}")
mkdir -p "$shots"
# shellcheck source=scripts/headless-chromium.sh
source "$(dirname "$0")/headless-chromium.sh"
shot() { # NAME URL-SUFFIX [WxH]
    chrome --window-size="${3:-1400,1600}" --screenshot="$shots/$1.png" "file://$report$2" >/dev/null
    echo "screenshot: $shots/$1.png"
}

# The page as drawn: the members it shows and the ones to look at.
chrome --dump-dom "file://$report" > "$profile/dom.html"
python3 - "$report" "$profile/dom.html" "$profile/picks" <<'PY'
import json, re, sys
report, dom, picks = sys.argv[1:]
html = open(report, encoding="utf-8").read()
def embedded(name):
    start = html.index(f'id="{name}">') + len(f'id="{name}">')
    return json.loads(html[start:html.index("</script>", start)])
labels, rows = embedded("report-labels"), embedded("report-rows")
differs = set(labels["differs"])
flagged = [r for r in rows if r["o"] in labels["flagged"]]
def first(test):
    return next((r["id"] for r in flagged if test(r)), "")
notation = (first(lambda r: any(a.get("v", "equal") == "normalized" for a in r["a"])
                  and not any(a.get("v", "equal") in differs for a in r["a"]))
            or first(lambda r: any(a.get("v", "equal") == "normalized" for a in r["a"])))
different = first(lambda r: sum(a.get("v", "equal") in differs for a in r["a"][:2]) >= 1)
households = {}
for r in flagged:
    if r.get("hh"):
        households.setdefault(r["hh"], []).append(r["id"])
household = next((hh for hh, ids in households.items() if len(ids) > 1), "")
open(picks, "w").write(f"{notation}\n{different}\n{household}\n")

text = open(dom, encoding="utf-8").read()
ready = re.search(r'data-ready-ms="(\d+)"', text)
print(f"ready in {int(ready.group(1)) / 1000:.2f} s" if ready else "the page's script did not finish")
text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
text = re.sub(r"<[^>]*>", " ", text)
words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
codes = {w for w in words if re.fullmatch(r"[A-Z]+(_[A-Z]+)+", w)}
codes |= words & {"suspend", "contact", "review", "unregistered", "resolved", "persists",
                  "normalized", "different", "similar", "likely_same", "not_compared"}
if codes:
    print("codes in the page's text:", ", ".join(sorted(codes)))
    sys.exit(1)
if not ready:
    sys.exit(1)
PY
{ read -r notation; read -r different; read -r household; } < "$profile/picks"

shot top ""
shot patterns "#show=patterns"
if grep -q 'id="overrides"' "$report"; then shot overrides "#show=overrides"; fi
[ -n "$notation" ] && shot card-notation "#find=$notation" 1400,900
[ -n "$different" ] && shot card-different "#find=$different" 1400,900
[ -n "$household" ] && shot card-household "#find=$household" 1400,1400

# Printed: every member of the filter on A4 landscape; the first two pages as PNG.
chrome --no-pdf-header-footer --print-to-pdf="$shots/print.pdf" "file://$report#all" >/dev/null
if command -v pdftoppm >/dev/null; then
    pdftoppm -png -r 60 -f 1 -singlefile "$shots/print.pdf" "$shots/print-page1"
    pdftoppm -png -r 60 -f 2 -singlefile "$shots/print.pdf" "$shots/print-page2"
    echo "printed: $shots/print.pdf ($(pdfinfo "$shots/print.pdf" | awk '/^Pages/ {print $2}') pages), $shots/print-page1.png, $shots/print-page2.png"
fi

# Console errors of the page itself (a failing script).
console_errors
