#!/usr/bin/env bash
# Benchmark of a large design study (docs/benchmarks.md): examples/simulation/grid-1000.yaml
# (1,000 scenarios × 5 designs × 10,000 trials) on this machine with all threads, then as a 4-task
# job array (--shard-by scenarios) plus its merge job on a single-node Slurm cluster started here;
# checks that both give the same bytes. Needs root and a release build: swift build -c release.
# Usage: scripts/bench-slurm.sh [SIMULATION.yaml] [TASKS]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
sim="$(realpath "${1:-examples/simulation/grid-1000.yaml}")"
tasks="${2:-4}"
[ -x .build/release/readout ] || { echo "bench-slurm: swift build -c release first" >&2; exit 1; }
export PATH="$root/.build/release:$PATH"
state="$(mktemp -d)/slurm-bench"
mkdir -p "$state/work"
start=$(date +%s%N)
readout simulate "$sim" --quiet --format json > "$state/work/whole.json"
local_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "bench-slurm: one process, $(nproc) threads: ${local_ms} ms"
source "$root/scripts/slurm-cluster.sh"
slurm_start "$state"
export READOUT_SIMULATE_OPTIONS="--shard-by scenarios --quiet"
start=$(date +%s%N)
(cd "$state/work" && "$root/examples/distributed/slurm/submit.sh" "$sim" "$tasks" "$state/work/shards" \
  "$state/work/merged.json" json) > "$state/work/jobs"
read -r array merge < "$state/work/jobs"
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do sleep 0.5; done
array_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cmp -s "$state/work/whole.json" "$state/work/merged.json" || { echo "bench-slurm: results differ" >&2; exit 1; }
echo "bench-slurm: $tasks-task array + merge job on the local Slurm cluster: ${array_ms} ms (identical result)"
