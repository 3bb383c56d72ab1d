// A synthetic AWS region for benchmarks: describe-* responses as JSON text, deterministic.
//
// The default size is a large production region: 20 VPCs, 1,000 subnets, 10,000 network
// interfaces, 2,000 security groups holding 20,000 rules (CIDRs, group references, prefix
// lists, tcp/udp/icmp/all), 200 network ACLs, 500 route tables (internet and NAT gateways,
// peering, blackholes, more-specific routes), about 20 MB of JSON. The same options always give
// the same bytes, so benchmark runs compare. Used by bench/net_eval_bench.cc and the SMT
// benchmarks.
//
//   SyntheticRegion region = GenerateRegion();
//   VOUCH_ASSIGN_OR_RETURN(net::Network network, ReadRegion(region));
#ifndef VOUCH_BENCH_NET_SCALE_H_
#define VOUCH_BENCH_NET_SCALE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "models/net/network.h"

namespace vouch::bench {

struct NetScaleOptions {
  int vpcs = 20;                   // VPC i is 10.i.0.0/16; i < 256
  int subnets_per_vpc = 50;        // subnet j of VPC i is 10.i.j.0/24; j < 256
  int interfaces = 10000;          // spread over the subnets; ~30% with a public address
  int security_groups = 2000;      // spread over the VPCs
  int rules_per_group = 10;        // 9 ingress permissions and 1 egress permission
  int network_acls = 200;          // one default per VPC, the rest custom
  int route_tables = 500;          // one main per VPC, the rest associated with subnets
  uint64_t seed = 1;
};

// One describe-* response: its top-level key and its JSON text ({"<key>": [...]}).
struct SyntheticRegion {
  std::vector<std::pair<std::string, std::string>> responses;
  size_t Bytes() const;
};

SyntheticRegion GenerateRegion(const NetScaleOptions& options = {});

// Parses every response and reads it into a network model (frontends/aws/ec2_snapshot.h).
absl::StatusOr<net::Network> ReadRegion(const SyntheticRegion& region);

}  // namespace vouch::bench

#endif  // VOUCH_BENCH_NET_SCALE_H_
