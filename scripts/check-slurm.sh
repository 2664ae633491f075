#!/usr/bin/env bash
# Runs a real simulation as a Slurm job array on a single-node cluster started here: installs
# Debian's Slurm and munge when missing, starts munged, slurmctld and slurmd, submits the 4-task
# array and its dependent merge job with examples/distributed/slurm/submit.sh, waits (bounded) and
# checks the merged result against the unsharded run byte for byte; stops the cluster afterwards.
# Fails when any step fails. Needs root (as CI runs) and a built `readout` (.build/debug).
# Usage: scripts/check-slurm.sh [STATE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
state="$(realpath -m "${1:-$(mktemp -d)/slurm-check}")"
mkdir -p "$state"
readout_bin="$root/.build/debug/readout"
[ -x "$readout_bin" ] || { echo "check-slurm: build readout first (swift build)" >&2; exit 1; }
export PATH="$root/.build/debug:$PATH"

source "$root/scripts/slurm-cluster.sh"
slurm_start "$state"

# A real simulation, 4 shards, and the same simulation unsharded.
work="$state/work"
mkdir -p "$work"
sim="$root/examples/simulation/boin-vs-3plus3.yaml"
(cd "$work" && "$root/examples/distributed/slurm/submit.sh" "$sim" 4 "$work/shards" "$work/merged.json" json) > "$work/jobs"
read -r array merge < "$work/jobs"
echo "check-slurm: array job $array, merge job $merge"
deadline=$((SECONDS + 240))
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
  if [ $SECONDS -gt $deadline ]; then echo "check-slurm: jobs still queued after 240 s" >&2; squeue >&2; exit 1; fi
  sleep 1
done
[ -s "$work/merged.json" ] || { echo "check-slurm: no merged result" >&2; cat "$work"/*.log >&2 || true; exit 1; }
ls "$work/shards"
readout simulate "$sim" --format json > "$work/whole.json"
if ! cmp -s "$work/whole.json" "$work/merged.json"; then
  echo "check-slurm: the merged result differs from the unsharded run" >&2
  diff <(head -c 2000 "$work/whole.json") <(head -c 2000 "$work/merged.json") >&2 || true
  exit 1
fi
echo "check-slurm: 4 array tasks and the merge job ran; merged result identical to the unsharded run ($(wc -c < "$work/merged.json") bytes)"
