#!/usr/bin/env bash
# schemathesis (from PyPI) against the server's own OpenAPI document: readout serve --demo on
# loopback with accounts, every operation generated from /openapi.json, twice:
#   1. without credentials: every protected operation must refuse (401 with the error document;
#      schemathesis's ignored_auth check also sends requests without them);
#   2. with the API token of a site administrator who holds every role on the demo studies.
# Every check but "a valid request is accepted" (the API refuses well-formed requests for things
# that do not exist, with the documented 4XX error document). Fails on a 5xx, a response that does
# not conform to the document, an invalid request accepted, or a wrong answer to an undeclared
# method. The credentialed run leaves out the operations that would end its own access (revoking
# tokens, signing out everywhere, changing the password, disabling users).
# Usage: scripts/check-api-with-schemathesis.sh READOUT_BINARY
set -euo pipefail
binary="$1"
if ! python3 -m schemathesis.cli --version >/dev/null 2>&1; then
  python3 -m pip install -q "schemathesis==4.32.5"
fi
state="$(mktemp -d)"
password="Schemathesis-2026-check"
store=(--data "$state/data")
echo "$password" | "$binary" user add admin --display-name "Site Administrator" --admin --password-stdin \
  --bcrypt-cost 4 "${store[@]}" >/dev/null
for study in RDT-P2-001 RDT-P1-001; do
  for role in viewer analyst approver study-admin; do
    "$binary" user grant admin "$study" "$role" --create-study "${store[@]}" >/dev/null
  done
done
token="$("$binary" user token admin --label schemathesis --days 1 "${store[@]}")"
"$binary" serve --demo --port 0 "${store[@]}" --log-level error >"$state/out" 2>"$state/err" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 1 300); do
  grep -q "Readout serving on" "$state/out" && break
  sleep 0.1
done
url="$(sed -n 's/^Readout serving on \(http:[^ ]*\).*/\1/p' "$state/out")"
[ -n "$url" ] || { echo "check-api-with-schemathesis: the server did not start" >&2; cat "$state/err" >&2; exit 1; }
# Let the demo's jobs finish so that runs and simulations exist.
python3 - "$url" "$token" <<'PY'
import json, sys, time, urllib.request
request = urllib.request.Request(sys.argv[1] + "/api/v1/jobs", headers={"Authorization": "Bearer " + sys.argv[2]})
for _ in range(600):
    jobs = json.loads(urllib.request.urlopen(request).read())["jobs"]
    if jobs and all(j["state"] in ("succeeded", "failed") for j in jobs):
        break
    time.sleep(0.2)
PY
common=(--max-examples 25 --seed 2026 --checks all --exclude-checks positive_data_acceptance
  --suppress-health-check too_slow,filter_too_much)
echo "== without credentials"
python3 -m schemathesis.cli run "$url/openapi.json" "${common[@]}"
echo "== as a site administrator with every role"
python3 -m schemathesis.cli run "$url/openapi.json" "${common[@]}" -H "Authorization: Bearer $token" \
  --exclude-operation-id revokeToken --exclude-operation-id signOutEverywhere \
  --exclude-operation-id changePassword --exclude-operation-id disableUser
