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
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
readout_bin="$root/.build/debug/readout"
[ -x "$readout_bin" ] || { echo "check-slurm: build readout first (swift build)" >&2; exit 1; }
export PATH="$root/.build/debug:$PATH"

conf="$state/slurm/slurm.conf"
mkdir -p "$state/slurm/state" "$state/slurm/spool" /run/munge
cat > "$conf" <<CONF
ClusterName=readout
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/slurm/state
SlurmdSpoolDir=$state/slurm/spool
SlurmctldPidFile=$state/slurm/slurmctld.pid
SlurmdPidFile=$state/slurm/slurmd.pid
SlurmctldLogFile=$state/slurm/slurmctld.log
SlurmdLogFile=$state/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
DependencyParameters=kill_invalid_depend
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
chown munge:munge /run/munge
chmod 755 /run/munge
stop() {
  scontrol shutdown >/dev/null 2>&1 || true
  sleep 1
  munged -s >/dev/null 2>&1 || true
}
trap stop EXIT
su -s /bin/sh munge -c munged
slurmctld
slurmd -N localhost
for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qx idle; then break; fi
  sleep 0.5
done
sinfo -h -o %T | grep -qx idle || { echo "check-slurm: the node did not become idle" >&2; cat "$state/slurm/slurmd.log" >&2; exit 1; }

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
