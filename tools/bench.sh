#!/usr/bin/env bash
# `./dev bench`: vouch's speed, measured two ways, results in $BUILD/bench (BUILD defaults to build/).
#
#   1. The Google Benchmark suites (vouch_bench) -> bench/results.json
#   2. The oracle race: 10,000 mixed IAM cases (tools/oracle/generate.mjs, fixed seed), decided by
#      `vouch simulate --cases` and by the oracle (@cloud-copilot/iam-simulate under node), each
#      timed as a whole process on the same file -> bench/oracle_race.json. vouch's goal is at
#      least 100 times the oracle's rate.
#
#   tools/bench.sh [--cases N]            (BUILD=build-x tools/bench.sh to use another build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CASES=10000
SEED=424242
if [ "${1:-}" = "--cases" ]; then CASES=$2; fi
OUT="$BUILD/bench"
mkdir -p "$OUT"

if [ -x "$BUILD/vouch_bench" ]; then
  "$BUILD/vouch_bench" --benchmark_format=json --benchmark_out="$OUT/results.json" >/dev/null
  echo "bench: Google Benchmark results in $OUT/results.json"
else
  echo "bench: $BUILD/vouch_bench is missing; skipping the benchmark suites" >&2
fi

if [ ! -d tools/oracle/node_modules ]; then
  (cd tools/oracle && npm ci --silent --no-audit --no-fund >/dev/null)
fi
cases="$OUT/oracle_race_cases.jsonl"
node tools/oracle/generate.mjs "$CASES" --seed "$SEED" >"$cases"

# Each side is timed as a whole process: wall seconds, and CPU seconds (user + system), which stay
# meaningful when other work shares the machine.
TIMEFORMAT='%3R %3U %3S'
# The machine's load average over the last minute, before each side: wall-clock ratios mean little
# on a busy machine, so the result records it.
vouch_load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
{ time "$BUILD/vouch" simulate --cases "$cases" >"$OUT/oracle_race_vouch.jsonl" 2>"$OUT/oracle_race_vouch.err"; } 2>"$OUT/vouch.time"
oracle_load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
{ time node tools/oracle/oracle.mjs "$cases" >"$OUT/oracle_race_oracle.jsonl"; } 2>"$OUT/oracle.time"
read -r vouch_wall vouch_user vouch_sys <"$OUT/vouch.time"
read -r oracle_wall oracle_user oracle_sys <"$OUT/oracle.time"
vouch_decided=$(grep -c '"decision"' "$OUT/oracle_race_vouch.jsonl" || true)
oracle_decided=$(grep -c '"decision"' "$OUT/oracle_race_oracle.jsonl" || true)

node - "$CASES" "$SEED" "$OUT/oracle_race.json" \
  "$vouch_wall" "$vouch_user" "$vouch_sys" "$vouch_decided" "$vouch_load" \
  "$oracle_wall" "$oracle_user" "$oracle_sys" "$oracle_decided" "$oracle_load" <<'EOF'
const [cases, seed, out, ...t] = process.argv.slice(2);
const n = Number(cases);
const side = ([wall, user, sys, decided, load]) => ({
  seconds: Number(wall), cpuSeconds: Number(user) + Number(sys),
  casesPerSecond: n / Number(wall), casesPerCpuSecond: n / (Number(user) + Number(sys)),
  decided: Number(decided), loadAverage: Number(load)
});
const vouch = side(t.slice(0, 5));
const oracle = side(t.slice(5, 10));
const result = {
  cases: n, seed: Number(seed), vouch, oracle,
  ratio: vouch.casesPerSecond / oracle.casesPerSecond,
  cpuRatio: vouch.casesPerCpuSecond / oracle.casesPerCpuSecond,
  goal: 100
};
require('fs').writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const f = (x) => x.toFixed(0);
console.log(`oracle race: ${n} cases; vouch ${f(vouch.casesPerSecond)} cases/s (${vouch.seconds} s wall, ` +
  `${vouch.cpuSeconds.toFixed(3)} s CPU), oracle ${f(oracle.casesPerSecond)} cases/s ` +
  `(${oracle.seconds} s wall, ${oracle.cpuSeconds.toFixed(3)} s CPU); vouch is ` +
  `${result.ratio.toFixed(1)}x the oracle (${result.cpuRatio.toFixed(1)}x by CPU time; goal: 100x; ` +
  `load average ${vouch.loadAverage} / ${oracle.loadAverage}) -> ${out}`);
EOF
