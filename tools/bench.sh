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

# now_ns: a monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

t0=$(now_ns)
"$BUILD/vouch" simulate --cases "$cases" >"$OUT/oracle_race_vouch.jsonl"
t1=$(now_ns)
node tools/oracle/oracle.mjs "$cases" >"$OUT/oracle_race_oracle.jsonl"
t2=$(now_ns)

vouch_lines=$(grep -c '"decision"' "$OUT/oracle_race_vouch.jsonl" || true)
oracle_lines=$(grep -c '"decision"' "$OUT/oracle_race_oracle.jsonl" || true)
node - "$CASES" "$((t1 - t0))" "$((t2 - t1))" "$vouch_lines" "$oracle_lines" "$OUT/oracle_race.json" <<'EOF'
const [cases, vouchNs, oracleNs, vouchDecided, oracleDecided, out] = process.argv.slice(2);
const n = Number(cases);
const vouchRate = n / (Number(vouchNs) / 1e9);
const oracleRate = n / (Number(oracleNs) / 1e9);
const result = {
  cases: n,
  seed: 424242,
  vouch: { seconds: Number(vouchNs) / 1e9, casesPerSecond: vouchRate, decided: Number(vouchDecided) },
  oracle: { seconds: Number(oracleNs) / 1e9, casesPerSecond: oracleRate, decided: Number(oracleDecided) },
  ratio: vouchRate / oracleRate,
  goal: 100
};
require('fs').writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const f = (x) => x.toFixed(0);
console.log(`oracle race: ${n} cases; vouch ${f(vouchRate)} cases/s (${result.vouch.seconds.toFixed(3)} s), ` +
  `oracle ${f(oracleRate)} cases/s (${result.oracle.seconds.toFixed(3)} s); vouch is ` +
  `${result.ratio.toFixed(1)}x the oracle (goal: 100x) -> ${out}`);
EOF
