#!/usr/bin/env bash
# `./dev bench`: vouch's speed, measured two ways, results in $BUILD/bench (BUILD defaults to build/).
#
#   1. The Google Benchmark suites (vouch_bench) -> bench/results.json
#   2. The oracle race: 10,000 mixed IAM cases (tools/oracle/generate.mjs, fixed seed), decided by
#      `vouch simulate --cases` and by the oracle (@cloud-copilot/iam-simulate under node), each
#      timed as a whole process on the same file, several times (medians compared)
#      -> bench/oracle_race.json. vouch's goal is at least 100 times the oracle's rate.
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
# meaningful when other work shares the machine. Both vary from run to run on a shared machine
# (the oracle by a third, vouch by a fifth), so each side runs several times, alternating, and
# the race compares medians: vouch VOUCH_RUNS times, the oracle ORACLE_RUNS times.
VOUCH_RUNS=${VOUCH_RUNS:-7}
ORACLE_RUNS=${ORACLE_RUNS:-3}
TIMEFORMAT='%3R %3U %3S'
: >"$OUT/vouch.time"
: >"$OUT/oracle.time"
# The machine's load average over the last minute, before the race: wall-clock ratios mean
# little on a busy machine, so the result records it.
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
for ((i = 0; i < VOUCH_RUNS || i < ORACLE_RUNS; i++)); do
  if ((i < VOUCH_RUNS)); then
    { time "$BUILD/vouch" simulate --cases "$cases" >"$OUT/oracle_race_vouch.jsonl" \
        2>"$OUT/oracle_race_vouch.err"; } 2>>"$OUT/vouch.time"
  fi
  if ((i < ORACLE_RUNS)); then
    { time node tools/oracle/oracle.mjs "$cases" >"$OUT/oracle_race_oracle.jsonl"; } \
      2>>"$OUT/oracle.time"
  fi
done
vouch_decided=$(grep -c '"decision"' "$OUT/oracle_race_vouch.jsonl" || true)
oracle_decided=$(grep -c '"decision"' "$OUT/oracle_race_oracle.jsonl" || true)

node - "$CASES" "$SEED" "$OUT/oracle_race.json" "$OUT/vouch.time" "$OUT/oracle.time" \
  "$vouch_decided" "$oracle_decided" "$load" <<'EOF'
const fs = require('fs');
const [cases, seed, out, vouchTimes, oracleTimes, vouchDecided, oracleDecided, load] =
  process.argv.slice(2);
const n = Number(cases);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const side = (file, decided) => {
  const runs = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
    const [wall, user, sys] = line.trim().split(/\s+/).map(Number);
    return { seconds: wall, cpuSeconds: user + sys };
  });
  const seconds = median(runs.map((r) => r.seconds));
  const cpuSeconds = median(runs.map((r) => r.cpuSeconds));
  return {
    seconds, cpuSeconds, casesPerSecond: n / seconds, casesPerCpuSecond: n / cpuSeconds,
    decided: Number(decided), runs
  };
};
const vouch = side(vouchTimes, vouchDecided);
const oracle = side(oracleTimes, oracleDecided);
const result = {
  cases: n, seed: Number(seed), loadAverage: Number(load), vouch, oracle,
  ratio: vouch.casesPerSecond / oracle.casesPerSecond,
  cpuRatio: vouch.casesPerCpuSecond / oracle.casesPerCpuSecond,
  goal: 100
};
fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const f = (x) => x.toFixed(0);
const range = (s) => {
  const w = s.runs.map((r) => r.seconds);
  return `${Math.min(...w)}-${Math.max(...w)} s`;
};
console.log(`oracle race: ${n} cases, medians of ${vouch.runs.length} and ${oracle.runs.length} ` +
  `runs; vouch ${f(vouch.casesPerSecond)} cases/s (${vouch.seconds} s wall, runs ${range(vouch)}; ` +
  `${vouch.cpuSeconds.toFixed(3)} s CPU), oracle ${f(oracle.casesPerSecond)} cases/s ` +
  `(${oracle.seconds} s wall, runs ${range(oracle)}; ${oracle.cpuSeconds.toFixed(3)} s CPU); ` +
  `vouch is ${result.ratio.toFixed(1)}x the oracle (${result.cpuRatio.toFixed(1)}x by CPU time; ` +
  `goal: 100x; load average ${result.loadAverage}) -> ${out}`);
EOF
