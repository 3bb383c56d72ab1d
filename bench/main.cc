// The entry point of vouch_bench: every suite in bench/ registers its benchmarks; run
// `./dev bench` (JSON results in build/bench/) or `build/vouch_bench --benchmark_filter=...`.
#include "benchmark/benchmark.h"

BENCHMARK_MAIN();
