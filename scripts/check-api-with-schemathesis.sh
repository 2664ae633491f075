#!/usr/bin/env bash
# schemathesis (from PyPI) against the server's own OpenAPI document: readout serve --demo on
# loopback, every operation generated from /openapi.json, with every check but "a valid request
# is accepted" (the API refuses well-formed requests for things that do not exist, with the
# documented 4XX error document). Fails on a 5xx, a response that does not conform to the
# document, an invalid request accepted, or a wrong answer to an undeclared method.
# Usage: scripts/check-api-with-schemathesis.sh READOUT_BINARY
set -euo pipefail
binary="$1"
if ! python3 -m schemathesis.cli --version >/dev/null 2>&1; then
  python3 -m pip install -q "schemathesis==4.32.5"
fi
state="$(mktemp -d)"
"$binary" serve --demo --port 0 --data "$state/data" --log-level error >"$state/out" 2>"$state/err" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 1 300); do
  grep -q "Readout serving on" "$state/out" && break
  sleep 0.1
done
url="$(sed -n 's/^Readout serving on \(http:[^ ]*\).*/\1/p' "$state/out")"
[ -n "$url" ] || { echo "check-api-with-schemathesis: the server did not start" >&2; cat "$state/err" >&2; exit 1; }
# Let the demo's jobs finish so that runs and simulations exist.
python3 - "$url" <<'PY'
import json, sys, time, urllib.request
for _ in range(600):
    jobs = json.loads(urllib.request.urlopen(sys.argv[1] + "/api/v1/jobs").read())["jobs"]
    if all(j["state"] in ("succeeded", "failed") for j in jobs):
        break
    time.sleep(0.2)
PY
python3 -m schemathesis.cli run "$url/openapi.json" --max-examples 25 --seed 2026 \
  --checks all --exclude-checks positive_data_acceptance --suppress-health-check too_slow,filter_too_much
