// The paths one (source, destination) pair's packets can take, as ordered checks: the
// symbolic twin of engine/eval/net_trace.cc's Walker, used by net_reach.cc.
//
// Internal to engine/smt (includes z3++.h). Forwarding is enumerated structurally: at each
// route table the longest-prefix match picks one target (local, internet gateway, NAT gateway,
// peering connection, or something vouch does not follow), and each target continues the path
// with the packet as that hop leaves it (a NAT gateway rewrites the source address and port).
// A path is the list of checks the concrete walker makes, in its order: the forward hops, then
// the reply's crossings replayed backwards. Each check either passes, drops, or stops the walk
// as unknown; a path is the formula
//   F_k = lit_k ? (pass_k && F_k+1) || (unknown_k && optimistic && maybe_k) : F_k+1
// so that assuming every literal and !optimistic asks "is some packet surely accepted", and
// assuming `optimistic` asks "might one be" (the answer is then unknown). A part's `maybe_k`
// is left free but when an unknown answer asks which unmodelled parts it depends on.
//
//   PathEncoder paths(lowered, encoder, packet, dst_private, optimistic);
//   PairEncoding e = paths.Internal(src_eni, dst_eni);
#ifndef VOUCH_ENGINE_SMT_REACH_PATHS_H_
#define VOUCH_ENGINE_SMT_REACH_PATHS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/eval/net_trace.h"
#include "engine/smt/encode_filter.h"
#include "engine/smt/z3_api.h"
#include "engine/smt/z3_packet.h"
#include "models/net/lower.h"

namespace vouch::smt {

// A hop that drops the packet (or stops the question), with Reachability Analyzer's `code`.
net::Hop MakeHop(std::string kind, std::string id, std::string name, std::string direction,
                 std::string code, std::string detail);

// One check of a path: component `part` (an index into PairEncoding::parts) passes the packet
// when `pass` holds, stops the walk as unknown when `unknown` holds, and drops it otherwise.
struct PathCheck {
  int part;
  z3::expr pass;
  z3::expr unknown;
};

struct PairEncoding {
  explicit PairEncoding(z3::expr addresses) : base(std::move(addresses)) {}

  z3::expr base;                          // the endpoints' addresses
  std::vector<net::Hop> parts;            // distinct components, each with its drop explanation
  std::vector<std::vector<PathCheck>> paths;
  std::vector<std::string> unknown_reasons;  // what the optimistic reading assumes
  net::Endpoint src, dst;
  IpFamily family = IpFamily::kV4;        // of the packet's addresses
  // For each reason, the part whose `unknown` check it explains, or -1 when its optimism lies
  // elsewhere (a filter's unresolved rule, or a check that passes when a response is missing).
  std::vector<int> reason_parts;
};

// The addresses of `family` an interface holds: its private IPv4 addresses, or its IPv6 ones.
std::vector<IpAddress> InterfaceAddresses(const net::LoweredInterface& i, IpFamily family);

class PathEncoder {
 public:
  // `packet` is the packet as the source sends it, of one address family (the encoder follows
  // that family's routes, rules and gateways); `dst_private` its destination after an internet
  // gateway's 1:1 NAT (IPv4 questions from the internet). REQUIRES: all outlive this.
  PathEncoder(const net::LoweredNetwork& network, FilterEncoder& encoder,
              const SymbolicPacket& packet, const z3::expr& dst_private,
              const z3::expr& optimistic);

  // REQUIRES: `block` is of the packet's family.
  PairEncoding Internal(const net::LoweredInterface& s, const net::LoweredInterface& d);
  PairEncoding FromInternet(const Cidr& block, const net::LoweredInterface& d);
  PairEncoding ToInternet(const net::LoweredInterface& s, const Cidr& block);
  IpFamily family() const { return family_; }

 private:
  // The packet on one segment of a path, and where its source address comes from.
  struct Leg {
    SymbolicPacket p;
    std::string view;                       // names the terms, for the filter cache
    const net::LoweredInterface* src_iface;  // the source interface, when p.src is its address
    std::optional<IpAddress> src_const;     // else the constant source (a NAT gateway's)
  };
  // A partial path: forward checks, and reply checks in the order the walk records them.
  struct Walk {
    std::vector<PathCheck> forward;
    std::vector<PathCheck> reply;
  };
  struct Target {
    net::RouteTargetKind kind;
    std::string id;
    bool operator==(const Target&) const = default;
  };

  int Part(net::Hop hop);
  int View(const Leg& leg, bool reply);
  void Finish(Walk w, bool delivered);
  void Stop(Walk w, net::Hop hop, const z3::expr& when);  // unknown when `when`, else drop
  void Dead(Walk w, net::Hop hop) { Stop(std::move(w), std::move(hop), ctx().bool_val(false)); }
  // Records why an answer may be unknown; `part` as PairEncoding::reason_parts.
  void Reason(std::string text, int part) {
    e_->unknown_reasons.push_back(std::move(text));
    e_->reason_parts.push_back(part);
  }
  z3::context& ctx() { return packet_.src.ctx(); }

  void SecurityGroups(Walk& w, const net::LoweredInterface& i, bool egress, const Leg& leg);
  PathCheck SecurityGroupCheck(const net::LoweredInterface& i, bool egress, const Leg& leg);
  PathCheck Acl(const net::LoweredSubnet& subnet, bool egress, const Leg& leg, bool reply);
  void InstanceState(Walk& w, const net::LoweredInterface& i);
  // As the walker's IngressRouting: checks that stop the walk as unknown where the gateway route
  // table of `gateway_id` takes traffic entering for `dst` elsewhere than `local`
  // (net::FindUnsupportedIngressRouting), one per route that can, so that an unknown answer names
  // the route its packets meet.
  void IngressRouting(Walk& w, absl::string_view gateway_id, const z3::expr& dst);
  void CrossSubnets(Walk& w, const net::LoweredSubnet* from, const net::LoweredSubnet* to,
                    const Leg& leg);
  PathCheck ReplyRoute(const net::LoweredSubnet& subnet, const Leg& leg, const std::string& target);

  void FromInterface(const net::LoweredInterface& s, std::optional<Target> intended);
  void Route(Walk w, const net::LoweredSubnet& subnet, const Leg& leg, int depth,
             std::optional<Target> intended);
  void Deliver(Walk w, const net::LoweredSubnet* from, const net::LoweredVpc& vpc, const Leg& leg);
  void DeliverTo(Walk w, const net::LoweredSubnet* from, const net::LoweredVpc& vpc, const Leg& leg,
                 const net::LoweredInterface& d);
  // To whichever interface of `vpc` holds the IPv6 destination (an external destination);
  // `peering`: the connection the packet came over, which the reply must take back.
  void DeliverLocalV6(Walk w, const net::LoweredSubnet* from, const net::LoweredVpc& vpc,
                      const Leg& leg, const std::string* peering);
  void InboundV6(Walk w, const Leg& leg);
  void ToInternetGateway(Walk w, const net::LoweredSubnet& from, const Target& t, const Leg& leg);
  void ToNatGateway(Walk w, const net::LoweredSubnet& from, const Target& t, const Leg& leg,
                    int depth);
  void ToPeering(Walk w, const net::LoweredSubnet& from, const Target& t, const Leg& leg);

  const net::LoweredNetwork& network_;
  FilterEncoder& encoder_;
  SymbolicPacket packet_;
  z3::expr dst_private_;
  z3::expr optimistic_;
  IpFamily family_;
  absl::flat_hash_map<std::string, int> views_;
  // The pair being encoded.
  PairEncoding* e_ = nullptr;
  const net::LoweredInterface* dst_iface_ = nullptr;  // null: an external destination
  absl::flat_hash_map<std::string, int> part_index_;
};

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_REACH_PATHS_H_
