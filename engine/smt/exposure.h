// Internet exposure: for every interface, exactly which protocols, ports (or ICMP types and
// codes) and source addresses get in from the internet and have their replies get back.
//
// Exact by construction: along each dimension the rules that apply cut the space into
// elementary intervals within which every packet is treated alike, so evaluating one
// representative per interval (security groups as unions, ACLs first-match, the reply's
// ephemeral port existentially, the return route by longest prefix) and combining the address
// sets with interval arithmetic gives the whole answer. Interfaces sharing a subnet and a set
// of security groups share the computation. The SMT engine (net_reach.h) cross-checks each
// interface's verdict under `--self-check` and in tests; every reported range carries a
// witness packet that the caller replays through the concrete evaluator.
//
//   VOUCH_ASSIGN_OR_RETURN(ExposureResult r, ComputeExposure(lowered, *ParseCidr("0.0.0.0/0")));
#ifndef VOUCH_ENGINE_SMT_EXPOSURE_H_
#define VOUCH_ENGINE_SMT_EXPOSURE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/smt/interval_set.h"
#include "models/net/filter.h"
#include "models/net/lower.h"

namespace vouch::smt {

// One way in: a protocol, a port (or ICMP type/code) range and the sources that get through.
struct ExposedService {
  int protocol = 6;          // IANA number; for `other` the representative tried
  bool other = false;        // stands for every protocol the rules do not name
  net::PortRange ports;      // tcp/udp destination ports; ICMP types for icmp
  net::PortRange icmp_codes{0, 255};
  IntervalSet sources;       // internet addresses of the witness's family (as IpAddress::bits)
  net::Packet witness;       // a packet of this service that gets there and back
};

struct ExposedInterface {
  std::string network_interface_id;
  std::string instance_id;
  std::string name;
  std::vector<IpAddress> public_ips;  // or, for IPv6, the global addresses reached
  std::vector<ExposedService> services;
};

struct UnknownExposure {
  std::string network_interface_id;
  std::string reason;  // one lowercase line
};

struct ExposureResult {
  std::vector<ExposedInterface> exposed;  // in network order
  std::vector<UnknownExposure> unknown;
  int interfaces = 0;   // interfaces in the network
  int candidates = 0;   // with a public IPv4 (or IPv6) address in a VPC with an internet gateway
  int classes = 0;      // distinct (subnet, security groups) computations
};

// Every address of `family` outside net::NonInternetRanges: those an internet peer can have.
IntervalSet InternetSpace(IpFamily family = IpFamily::kV4);

// Exposure to internet sources inside `from`, of its family: IPv4 through the internet
// gateway's 1:1 NAT to public addresses, IPv6 to the interfaces' global addresses (never
// through an egress-only gateway). Never errors on well-formed input; parts missing from the
// snapshot make the affected interfaces unknown, naming the part.
absl::StatusOr<ExposureResult> ComputeExposure(const net::LoweredNetwork& network, const Cidr& from);

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_EXPOSURE_H_
