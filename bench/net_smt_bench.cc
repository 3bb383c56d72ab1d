// Benchmarks of the SMT network engine on the synthetic 10,000-interface region
// (bench/net_scale.h): load (parse and read), compile (lower), one `reach` question after
// loading, and `exposure` over the whole region, each measured separately; and one IPv6
// question (128-bit addresses) on the dual-stack fixture tests/fixtures/ipv6.
//
// Targets: exposure under 3 s on one core; one reach under 5 ms after loading.
#include <memory>

#include "bench/net_scale.h"
#include "benchmark/benchmark.h"
#include "engine/smt/exposure.h"
#include "engine/smt/net_reach.h"
#include "frontends/aws/snapshot.h"
#include "models/net/lower.h"

namespace vouch::bench {
namespace {

// The region, read and lowered once for the query benchmarks.
const net::LoweredNetwork& Region() {
  static const net::LoweredNetwork* const kRegion = [] {
    SyntheticRegion region = GenerateRegion();
    net::Network network = *ReadRegion(region);
    return new net::LoweredNetwork(*net::Lower(network));
  }();
  return *kRegion;
}

void BM_NetLoad(benchmark::State& state) {
  SyntheticRegion region = GenerateRegion();
  for (auto _ : state) {
    absl::StatusOr<net::Network> network = ReadRegion(region);
    benchmark::DoNotOptimize(network);
  }
  state.counters["bytes"] = region.Bytes();
}
BENCHMARK(BM_NetLoad)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_NetCompile(benchmark::State& state) {
  net::Network network = *ReadRegion(GenerateRegion());
  for (auto _ : state) {
    absl::StatusOr<net::LoweredNetwork> lowered = net::Lower(network);
    benchmark::DoNotOptimize(lowered);
  }
}
BENCHMARK(BM_NetCompile)->Unit(benchmark::kMillisecond)->Iterations(3);

// One question between two interfaces of different subnets, on a solver that has answered
// others before (as `reach` in a long-lived process would), plus a fresh solver per question.
void BM_SmtReachWarm(benchmark::State& state) {
  const net::LoweredNetwork& n = Region();
  smt::NetReachability engine(n);
  size_t k = 0;
  for (auto _ : state) {
    const auto& a = n.interfaces[(k * 7919) % n.interfaces.size()];
    const auto& b = n.interfaces[(k * 104729 + 1) % n.interfaces.size()];
    ++k;
    smt::HeaderSpace h;
    h.protocol = 6;
    h.dst_ports = {443, 443};
    absl::StatusOr<smt::ReachAnswer> r =
        engine.Reach({{a.network_interface_id}, std::nullopt, std::nullopt},
                     {{b.network_interface_id}, std::nullopt, std::nullopt}, h);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_SmtReachWarm)->Unit(benchmark::kMillisecond);

void BM_SmtReachFromInternetFresh(benchmark::State& state) {
  const net::LoweredNetwork& n = Region();
  size_t k = 0;
  for (auto _ : state) {
    const auto& b = n.interfaces[(k * 104729 + 1) % n.interfaces.size()];
    ++k;
    smt::NetReachability engine(n);
    absl::StatusOr<smt::ReachAnswer> r =
        engine.Reach({{}, *ParseCidr("0.0.0.0/0"), std::nullopt},
                     {{b.network_interface_id}, std::nullopt, std::nullopt}, {});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_SmtReachFromInternetFresh)->Unit(benchmark::kMillisecond);

// `reach --from ::/0 --to Web --protocol tcp --port 443` on the dual-stack fixture, with a
// fresh solver per question: the cost of the IPv6 encoding (128-bit addresses, no translation).
void BM_SmtReachIpv6FromInternetFresh(benchmark::State& state) {
  static const net::LoweredNetwork* const kFixture = [] {
    aws::Snapshot snapshot = *aws::LoadSnapshot(VOUCH_SOURCE_DIR "/tests/fixtures/ipv6");
    return new net::LoweredNetwork(*net::Lower(snapshot.network));
  }();
  smt::HeaderSpace h;
  h.protocol = 6;
  h.dst_ports = {443, 443};
  smt::EndpointSet from;
  from.external_v6 = *ParseCidr("::/0");
  for (auto _ : state) {
    smt::NetReachability engine(*kFixture);
    absl::StatusOr<smt::ReachAnswer> r =
        engine.Reach(from, {{"eni-0a600000000000web"}, std::nullopt, std::nullopt}, h);
    benchmark::DoNotOptimize(r);
    state.counters["reachable"] = r.ok() && r->verdict == smt::ReachVerdict::kReachable;
  }
}
BENCHMARK(BM_SmtReachIpv6FromInternetFresh)->Unit(benchmark::kMillisecond);

void BM_Exposure(benchmark::State& state) {
  const net::LoweredNetwork& n = Region();
  for (auto _ : state) {
    absl::StatusOr<smt::ExposureResult> r = smt::ComputeExposure(n, *ParseCidr("0.0.0.0/0"));
    benchmark::DoNotOptimize(r);
    state.counters["exposed"] = r->exposed.size();
    state.counters["candidates"] = r->candidates;
    state.counters["classes"] = r->classes;
  }
}
BENCHMARK(BM_Exposure)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace vouch::bench
