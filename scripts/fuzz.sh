#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of the readers (CSV, SAS transport,
# Dataset-JSON, NDJSON, compressed NDJSON), the upload archive reader, the JSON parser and the
# analysis-spec expression parser: each target run for a fixed number of executions from a seed
# corpus of the repository's fixtures. A crash fails the script and leaves its input in
# $state/crashes/TARGET/; turn it into a regression input in Tests/Fixtures/fuzz/TARGET/ (the
# FuzzRegressionTests replay every file there) and fix the reader.
#   scripts/fuzz.sh [RUNS_PER_TARGET] [STATE]          # default 20000 runs, a temporary folder (CI: 3000)
# Prints, per target, the executions done, the edges covered (cov) and the features (ft).
set -euo pipefail
runs="${1:-20000}"
state="${2:-$(mktemp -d)}"
mkdir -p "$state"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The fuzz build: every Swift module instrumented for AddressSanitizer and libFuzzer's coverage;
# -DFUZZING makes the executable call libFuzzer's driver, linked from the toolchain's no-main
# runtime (-sanitize=fuzzer would link libFuzzer's own main beside SwiftPM's).
runtime="$(ls "$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -1)"
[ -f "$runtime" ] || { echo "fuzz: the toolchain has no libFuzzer runtime" >&2; exit 1; }
swift build -c release --product readout-fuzz --build-path .build-fuzz \
  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
  -Xswiftc -DFUZZING -Xlinker "$runtime" -Xlinker -lstdc++ >"$state/build.log" 2>&1 \
  || { tail -20 "$state/build.log" >&2; exit 1; }
binary="$(swift build -c release --build-path .build-fuzz --show-bin-path)/readout-fuzz"
F=Tests/Fixtures
seeds() {
  case "$1" in
  csv) ls $F/formats-samples/xpt/*.csv $F/bad-inputs/*.csv examples/phase2/data/dm.csv ;;
  xpt) ls $F/formats-samples/xpt/*.xpt ;;
  dataset-json) ls $F/formats-samples/datasetjson/*.json $F/bad-inputs/*.json ;;
  ndjson) ls $F/formats-samples/datasetjson/*.ndjson $F/bad-inputs/*.ndjson ;;
  dsjc) ls $F/formats-samples/datasetjson/*.dsjc $F/bad-inputs/*.dsjc ;;
  archive) ls $F/archives/* ;;
  expression) ls $F/fuzz/expression/* ;;
  json) ls $F/contract/*.json $F/bad-inputs/*.json 2>/dev/null || true ;;
  esac
}
failed=0
for target in csv xpt dataset-json ndjson dsjc archive expression json; do
  corpus="$state/corpus/$target"
  crashes="$state/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  for f in $(seeds "$target") $(ls $F/fuzz/$target/* 2>/dev/null || true); do cp "$f" "$corpus/" 2>/dev/null || true; done
  set +e
  READOUT_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" -runs="$runs" -max_len=65536 \
    -timeout=20 -rss_limit_mb=4096 -seed=2026 -artifact_prefix="$crashes/" -print_final_stats=1 \
    >"$state/$target.log" 2>&1
  status=$?
  set -e
  stats="$(grep -E '^#[0-9]+.*(DONE|INITED)' "$state/$target.log" | tail -1)"
  printf '%-13s %s\n' "$target" "${stats:-no stats (see $state/$target.log)}"
  if [ $status -ne 0 ] || [ -n "$(ls -A "$crashes")" ]; then
    echo "fuzz: $target crashed; inputs kept in $crashes" >&2
    grep -E "ERROR|SUMMARY|Fatal error" "$state/$target.log" | head -5 >&2
    failed=1
  fi
done
exit $failed
