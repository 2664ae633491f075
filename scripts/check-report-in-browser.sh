#!/usr/bin/env bash
# Renders the demo readout (HTML), every figure (SVG) and the simulation figures in headless Chromium, as a person would
# see them, and checks each picture: rendered, expected size, not blank. Needs chromium and
# python3; .ci/run installs chromium when it can. Usage: scripts/check-report-in-browser.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-readout-out}"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "check-report-in-browser: chromium not found" >&2; exit 1; fi
swift run -c debug readout demo --out "$out" >/dev/null
shots="$out/screenshots"
mkdir -p "$shots"
render() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$2" --window-size="$3" "file://$(realpath "$1")" >/dev/null 2>&1 || true; }
render "$out/readout.html" "$shots/readout.png" 1200,4000
for svg in "$out"/figures/*.svg; do render "$svg" "$shots/$(basename "$svg" .svg).png" 900,700; done
# The simulation figures too (one scenario of the example is enough).
mkdir -p "$out/simulation"
swift run -c debug readout simulate examples/simulation/boin-vs-3plus3.yaml --quiet --figures "$out/simulation" --format html >"$out/simulation/simulation.html"
for svg in "$out"/simulation/scenario1-*.svg; do render "$svg" "$shots/simulation-$(basename "$svg" .svg).png" 900,700; done
render "$out/simulation/simulation.html" "$shots/simulation-report.png" 1300,2400
# The demo's phase I side: the escalation figures and the exact operating characteristics.
for svg in "$out"/phase1/figures/*.svg; do render "$svg" "$shots/phase1-$(basename "$svg" .svg).png" 900,700; done
render "$out/phase1/operating-characteristics.html" "$shots/phase1-operating-characteristics.png" 1300,2400
python3 - "$shots" <<'PY'
import struct, sys, zlib, os
def png_pixels(path):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, w, h = 8, b'', 0, 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
        if kind == b'IHDR': w, h, depth, colour = struct.unpack('>IIBB', body[:10])
        if kind == b'IDAT': idat += body
    raw = zlib.decompress(idat)
    return w, h, raw
failed = 0
for name in sorted(os.listdir(sys.argv[1])):
    w, h, raw = png_pixels(os.path.join(sys.argv[1], name))
    distinct = len(set(raw[i:i + 3] for i in range(0, min(len(raw), 3_000_000), 97)))
    ok = w >= 600 and h >= 400 and distinct > 20
    print(f"{'ok' if ok else 'FAIL'}: {name} {w}x{h}, {distinct} distinct colour samples")
    failed += not ok
count = len(os.listdir(sys.argv[1]))
print(f"browser check: {count - failed} passed, {failed} failed")
sys.exit(1 if failed or count < 12 else 0)
PY
