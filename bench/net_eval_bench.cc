// Speed of the network side: generating, parsing and lowering a large synthetic region
// (bench/net_scale.h), reported separately, and concrete packet traces per second.
#include <memory>
#include <vector>

#include "benchmark/benchmark.h"
#include "bench/net_scale.h"
#include "engine/eval/net_trace.h"

namespace vouch::bench {
namespace {

const SyntheticRegion& Region() {
  static const SyntheticRegion* region = new SyntheticRegion(GenerateRegion());
  return *region;
}

const net::Network& RegionNetwork() {
  static const net::Network* network = new net::Network(*ReadRegion(Region()));
  return *network;
}

const net::LoweredNetwork& RegionLowered() {
  static const net::LoweredNetwork* lowered = new net::LoweredNetwork(*net::Lower(RegionNetwork()));
  return *lowered;
}

void BM_NetGenerateRegion(benchmark::State& state) {
  size_t bytes = 0;
  for (auto _ : state) {
    SyntheticRegion r = GenerateRegion();
    bytes = r.Bytes();
    benchmark::DoNotOptimize(r);
  }
  state.counters["MB"] = bytes / 1e6;
}
BENCHMARK(BM_NetGenerateRegion)->Unit(benchmark::kMillisecond);

// simdjson parse plus the describe-* readers: JSON text to net::Network.
void BM_NetParseRegion(benchmark::State& state) {
  const SyntheticRegion& region = Region();
  for (auto _ : state) {
    absl::StatusOr<net::Network> n = ReadRegion(region);
    if (!n.ok()) state.SkipWithError(std::string(n.status().message()).c_str());
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * region.Bytes());
  state.counters["interfaces"] = RegionNetwork().network_interfaces.size();
}
BENCHMARK(BM_NetParseRegion)->Unit(benchmark::kMillisecond);

// Lowering: SG references and prefix lists resolved, ACLs sorted, route tables chosen.
void BM_NetLowerRegion(benchmark::State& state) {
  const net::Network& network = RegionNetwork();
  size_t rules = 0;
  for (auto _ : state) {
    absl::StatusOr<net::LoweredNetwork> l = net::Lower(network);
    if (!l.ok()) state.SkipWithError(std::string(l.status().message()).c_str());
    benchmark::DoNotOptimize(l);
  }
  for (const auto& i : RegionLowered().interfaces) rules += i.sg_ingress.rules.size();
  state.counters["sg_rules_lowered"] = rules;
}
BENCHMARK(BM_NetLowerRegion)->Unit(benchmark::kMillisecond);

struct Question {
  net::Endpoint src, dst;
  net::Packet packet;
};

// A fixed mix: internet clients to public interfaces, interface to interface (same VPC and
// peered), interfaces to the internet.
std::vector<Question> Questions(const net::LoweredNetwork& n) {
  static constexpr int kPorts[] = {22, 80, 443, 3389, 5432, 1433};
  std::vector<Question> out;
  uint64_t x = 12345;
  auto next = [&x] { x = x * 6364136223846793005ull + 1442695040888963407ull; return x >> 33; };
  std::vector<const net::LoweredInterface*> with_public;
  for (const auto& i : n.interfaces) {
    if (i.private_ips[0].public_ip) with_public.push_back(&i);
  }
  for (int q = 0; q < 4096; ++q) {
    const net::LoweredInterface& a = n.interfaces[next() % n.interfaces.size()];
    const net::LoweredInterface& b = n.interfaces[next() % n.interfaces.size()];
    int port = kPorts[next() % 6];
    IpAddress client = IpAddress::V4(0x08080000u + (next() & 0xffff));
    switch (q % 3) {
      case 0: {
        const net::LoweredInterface& p = *with_public[next() % with_public.size()];
        out.push_back({{"", client}, {p.network_interface_id, std::nullopt},
                       {client, *p.private_ips[0].public_ip, 6, 40000, port, 0, 0}});
        break;
      }
      case 1:
        out.push_back({{a.network_interface_id, std::nullopt}, {b.network_interface_id, std::nullopt},
                       {a.private_ips[0].private_ip, b.private_ips[0].private_ip, 6, 40000, port, 0, 0}});
        break;
      default:
        out.push_back({{a.network_interface_id, std::nullopt}, {"", client},
                       {a.private_ips[0].private_ip, client, 6, 40000, port, 0, 0}});
    }
  }
  return out;
}

void BM_NetTrace(benchmark::State& state) {
  const net::LoweredNetwork& n = RegionLowered();
  std::vector<Question> qs = Questions(n);
  size_t i = 0, accepted = 0;
  for (auto _ : state) {
    const Question& q = qs[i++ % qs.size()];
    net::PacketTrace t = net::Trace(n, q.src, q.dst, q.packet);
    accepted += t.disposition == net::Disposition::kAccepted;
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["accepted_share"] = double(accepted) / state.iterations();
}
BENCHMARK(BM_NetTrace);

}  // namespace
}  // namespace vouch::bench
