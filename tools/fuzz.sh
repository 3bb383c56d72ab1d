#!/usr/bin/env bash
# Runs every libFuzzer target built in build-asan/ for SECONDS each (default 60), as many at once
# as the machine has cores, starting from its committed seeds (tests/fuzz/corpus/<target>/) and
# the shared JSON dictionary. New inputs go to fuzz-out/<target>/corpus, never to the committed
# seeds.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]      (./dev fuzz builds the targets first)
#
# A crash, leak, timeout (> 10 s on one input), out-of-memory (> 2 GB) or violated property
# leaves its input in fuzz-out/<target>/ and makes the script exit 1 after all targets ran. To keep
# it as a regression test, copy the input into tests/fuzz/corpus/<target>/ (the <target>_replay
# test in ctest replays that folder) and fix the bug.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:-60}
shift || true
BUILD=${VOUCH_FUZZ_BUILD:-$ROOT/build-asan}
OUT=$ROOT/fuzz-out

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(find "$BUILD" -maxdepth 1 -type f -name '*_fuzz' -perm -u+x -printf '%f\n' | sort)
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no fuzz targets in $BUILD (run ./dev fuzz)" >&2
  exit 2
fi

# intercept_tls_get_addr=0: see ./dev test --asan (clang 14's leak check crashes on Z3's TLS).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One target: its verdict goes to $OUT/<target>/verdict, its report to $OUT/<target>/report.
run_target() {
  local t=$1 work=$OUT/$1
  mkdir -p "$work/corpus"
  rm -f "$work/verdict" "$work/report"
  local args=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192
              -print_final_stats=1 -artifact_prefix="$work/")
  [ -f tests/fuzz/$t.dict ] && args+=(-dict="tests/fuzz/$t.dict") || args+=(-dict=tests/fuzz/json.dict)
  local seeds=tests/fuzz/corpus/$t
  [ -d "$seeds" ] || seeds=
  if ! "$BUILD/$t" "${args[@]}" "$work/corpus" $seeds >"$work/log" 2>&1; then
    {
      echo "fuzz: $t FAILED; log: $work/log; inputs:"
      ls "$work" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | sed "s|^|  $work/|"
      grep -m1 -E 'ERROR|property violated|runtime error' "$work/log" || true
    } >"$work/report"
    echo failed >"$work/verdict"
  else
    grep -E '^stat::number_of_executed_units' "$work/log" | sed "s/^/  $t: /" >"$work/report" || true
    echo passed >"$work/verdict"
  fi
}

# Targets run side by side, one per core (VOUCH_FUZZ_JOBS to choose): each still gets SECONDS
# of one core, and CI waits half as long on two cores.
jobs_max=${VOUCH_FUZZ_JOBS:-$(nproc)}
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n
    running=$((running - 1))
  fi
  echo "fuzz: $t for ${SECONDS_EACH}s" >&2
  run_target "$t" &
  running=$((running + 1))
done
wait
failed=()
for t in "${targets[@]}"; do
  cat "$OUT/$t/report" >&2 2>/dev/null || true
  [ "$(cat "$OUT/$t/verdict" 2>/dev/null)" = passed ] || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${SECONDS_EACH}s each without failure" >&2
