#!/bin/bash
# Submits a simulation as a Slurm job array of TASKS shards and a merge job that runs when all of
# them succeeded. Usage: submit.sh SIMULATION.yaml TASKS SHARD_DIR RESULT [FORMAT]
# Prints the two job ids. `readout` must be on the PATH of the compute nodes.
set -euo pipefail
if [ $# -lt 4 ]; then echo "usage: submit.sh SIMULATION.yaml TASKS SHARD_DIR RESULT [FORMAT]" >&2; exit 64; fi
here="$(cd "$(dirname "$0")" && pwd)"
export READOUT_SIMULATION="$(realpath "$1")" READOUT_SHARDS="$(realpath -m "$3")"
export READOUT_RESULT="$(realpath -m "$4")" READOUT_FORMAT="${5:-html}"
mkdir -p "$READOUT_SHARDS"
array=$(sbatch --parsable --export=ALL --array=1-"$2" "$here/simulate.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" --kill-on-invalid-dep=yes "$here/merge.sbatch")
echo "$array $merge"
