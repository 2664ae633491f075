#!/usr/bin/env bash
# Starts and stops a single-node Slurm cluster on this machine (Debian's slurm-wlm and munge), for
# scripts/check-slurm.sh and scripts/bench-slurm.sh. Source it, then `slurm_start STATE_DIR`; the
# cluster stops when the shell exits. Needs root. Recipe: the project's notes on CI services.
slurm_install() {
  if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
  fi
}

slurm_start() {
  local state="$1"
  slurm_install
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
  slurm_stop() {
    scontrol shutdown >/dev/null 2>&1 || true
    sleep 1
    munged -s >/dev/null 2>&1 || true
  }
  trap slurm_stop EXIT
  su -s /bin/sh munge -c munged
  slurmctld
  slurmd -N localhost
  for _ in $(seq 1 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qx idle; then break; fi
    sleep 0.5
  done
  sinfo -h -o %T | grep -qx idle || { echo "slurm-cluster: the node did not become idle" >&2; cat "$state/slurm/slurmd.log" >&2; exit 1; }
}
