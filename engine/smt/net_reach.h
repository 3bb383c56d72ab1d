// Reachability between VPC endpoints, proved with Z3: the symbolic twin of
// engine/eval/net_trace.h.
//
// A question names two sets of endpoints (interfaces of the snapshot, internet addresses in a
// block) and a header space (protocol, destination ports). For each (source, destination)
// pair, every path a packet could take (reach_paths.h) is compiled to bit-vector constraints
// over its header (addresses 32 bits, or 128 for IPv6; protocol 8, ports 16, ICMP type and
// code 8): the
// source's security groups out, its subnet's ACL out, each route table's longest-prefix match,
// NAT gateways (source rewritten to the gateway's private address, ports to 1024 and above,
// then routed again from the gateway's subnet), active peering connections (to the peer VPC's
// CIDR only, not transitive, the reply routed back over the same connection), the internet
// gateway's 1:1 NAT, the destination's ACL and security groups in, and the reply (addresses
// and ports swapped) back through every ACL crossed and the return routes. The constraints
// are unsatisfiable exactly when no packet gets there and back.
//
//   NetReachability reach(lowered, {.timeout = absl::Seconds(5)});
//   VOUCH_ASSIGN_OR_RETURN(ReachAnswer a, reach.Reach(from, to, header));
//   if (a.verdict == ReachVerdict::kReachable) ... a.witness, replay it with proofs/witness_check
//
// IPv4 and IPv6: each pair is asked once per address family its ends have. IPv6 packets are
// never translated: an interface's global IPv6 address is reached from the internet through an
// attached internet gateway (never through an egress-only one, which carries IPv6 replies to
// outbound connections only), and IPv6 through a NAT gateway (NAT64) is unknown. Routes to transit
// gateways, virtual private gateways, endpoints and middlebox interfaces, gateway route tables that
// route what enters elsewhere than `local` (ingress routing), NAT routing loops longer than the
// concrete evaluator follows, unresolved prefix lists and parts missing from the snapshot make the
// answer unknown (naming them) unless a sure answer exists without them: never unreachable by
// omission. The answers agree with engine/eval/net_trace.cc packet for packet: reachable when it
// accepts some packet, unknown when it accepts none but is unsure of some, unreachable when it
// drops them all. A solver `unknown` is a DeadlineExceeded/ResourceExhausted status, never an
// answer.
//
// Each NetReachability owns its z3::context and one incremental solver (push/pop per pair);
// filter encodings are shared across all pairs of all questions it answers. Not thread-safe.
#ifndef VOUCH_ENGINE_SMT_NET_REACH_H_
#define VOUCH_ENGINE_SMT_NET_REACH_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/eval/net_trace.h"
#include "models/net/lower.h"

namespace vouch::smt {

struct NetQueryOptions {
  absl::Duration timeout = absl::Seconds(5);  // per solver call; exceeding it is unknown
  // The solver's memory, in MB (Z3's process-wide memory_max_size); exceeding it is unknown.
  int max_memory_mb = 4096;
};

// One side of a question.
struct EndpointSet {
  std::vector<std::string> interfaces;  // network interface ids of the snapshot
  // Internet addresses inside this IPv4 block (non-internet space excluded: the internet
  // gateway drops it). `0.0.0.0/0` is "some public internet address".
  std::optional<Cidr> external;
  // The same for an IPv6 block (`::/0`: some global IPv6 address). `internet` sets both.
  std::optional<Cidr> external_v6;
};

// The packets a question is about.
struct HeaderSpace {
  std::optional<int> protocol;          // IANA number; nullopt: any protocol
  net::PortRange dst_ports{0, 65535};   // when narrower than 0-65535, the packet is TCP or UDP
};

enum class ReachVerdict { kReachable, kUnreachable, kUnknown };
const char* ReachVerdictName(ReachVerdict v);  // "reachable" | "unreachable" | "unknown"

struct ReachAnswer {
  ReachVerdict verdict = ReachVerdict::kUnknown;
  // kReachable: a packet that gets there and back, between `src` and `dst`. Not yet replayed:
  // callers replay it with proofs/witness_check before showing it.
  std::optional<net::Packet> witness;
  net::Endpoint src, dst;
  // kUnreachable: the components that stop every packet, with the explanation code, the
  // component and, where one decided, the rule or route (Reachability Analyzer's "blocked
  // path": every setting to change, not just the first).
  std::vector<net::Hop> blocking;
  // kUnknown: why, one lowercase line per reason (what is missing or not modelled).
  std::vector<std::string> unknown_reasons;
  // Scale of the work done, for reports and benchmarks.
  int pairs = 0;          // (source, destination) pairs encoded
  int solver_calls = 0;
};

// True if `a` is the public address of a NAT gateway (which never admits inbound traffic).
bool IsNatAddress(const net::LoweredNetwork& network, const IpAddress& a);

class NetReachability {
 public:
  // REQUIRES: `network` outlives this object.
  explicit NetReachability(const net::LoweredNetwork& network, NetQueryOptions options = {});
  ~NetReachability();
  NetReachability(const NetReachability&) = delete;
  NetReachability& operator=(const NetReachability&) = delete;

  // Is some packet of `header` from some endpoint of `from` to some endpoint of `to` delivered,
  // with its reply delivered back? Errors: InvalidArgument for an interface id that is not in
  // the network or for a question with no interface on either side; DeadlineExceeded or
  // ResourceExhausted when the solver gives up; Unavailable when the Z3 library cannot be
  // loaded (see z3_api.h); Internal for a Z3 failure.
  absl::StatusOr<ReachAnswer> Reach(const EndpointSet& from, const EndpointSet& to,
                                    const HeaderSpace& header);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;  // null when Z3 could not be loaded
  std::string load_error_;
};

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_NET_REACH_H_
