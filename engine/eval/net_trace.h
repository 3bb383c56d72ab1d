// The concrete packet evaluator: vouch's reference semantics for VPC reachability.
//
// Trace follows one packet the way AWS forwards it and reports every hop, like Reachability
// Analyzer's ForwardPathComponents / ReturnPathComponents:
//   source interface security group egress (stateful) -> source subnet ACL egress (skipped
//   inside one subnet) -> route table longest-prefix match (local, internet gateway with 1:1
//   NAT, NAT gateway, peering, blackhole) -> destination subnet ACL ingress -> destination
//   interface security group ingress; then the reply, with addresses and ports swapped,
//   through the ACLs again (stateless) and back along its routes, but not through the security
//   groups (stateful). IPv6 is followed without translation (internet gateways, egress-only
//   internet gateways); IPv6 routed to a NAT gateway (NAT64) is unknown. NAT gateways keep the source port when it is 1024 or above (AWS picks
//   one in 1024-65535; the reply's ACL check uses the kept one).
// The SMT encoder (engine/smt) must agree with it, and every SMT witness is replayed here.
//
//   VOUCH_ASSIGN_OR_RETURN(Endpoint src, ResolveEndpoint(lowered, "203.0.113.9"));
//   VOUCH_ASSIGN_OR_RETURN(Endpoint dst, ResolveEndpoint(lowered, "i-0web"));
//   PacketTrace t = Trace(lowered, src, dst, packet);
//   if (t.disposition == Disposition::kAccepted) ...
#ifndef VOUCH_ENGINE_EVAL_NET_TRACE_H_
#define VOUCH_ENGINE_EVAL_NET_TRACE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "models/net/lower.h"

namespace vouch::net {

// Where a packet starts or ends: an interface of the snapshot, or an address outside it
// (an internet peer, or an address vouch has no interface for).
struct Endpoint {
  std::string network_interface_id;  // "" for an external address
  std::optional<IpAddress> address;  // set for an external address

  bool operator==(const Endpoint&) const = default;
  bool IsInterface() const { return !network_interface_id.empty(); }
};

// Parses an endpoint: an interface id (eni-), an instance id (i-, its primary interface), or an
// IP address. Errors: "unknown network interface `eni-x`", "unknown instance `i-x`",
// "instance `i-x` has no network interface", or the address parse error.
absl::StatusOr<Endpoint> ResolveEndpoint(const LoweredNetwork& network, absl::string_view text);

// What a hop did to the packet.
enum class HopAction { kAllowed, kForwarded, kTranslated, kDelivered, kDropped, kUnknown };

// One hop of a trace: the component, what it did, and what decided it.
struct Hop {
  std::string component_kind;  // "security-group", "network-acl", "route-table",
                               // "internet-gateway", "nat-gateway", "vpc-peering-connection",
                               // "network-interface", "internet"
  std::string component_id;    // "sg-...", "acl-...", "rtb-...", ...
  std::string name;            // the component's Name tag, "" if none
  std::string direction;       // "ingress" | "egress" | "" for routing hops
  HopAction action = HopAction::kAllowed;
  Packet packet;               // the packet as it leaves this hop (after any translation)
  std::optional<RuleRef> rule;           // the ACL entry or SG permission that decided
  std::optional<LoweredRoute> route;     // the route that decided
  // On a drop or unknown: Reachability Analyzer's explanation code where one fits
  // (ENI_SG_RULES_MISMATCH, SUBNET_ACL_RESTRICTION, NO_ROUTE_TO_DESTINATION, BAD_STATE_ROUTE,
  // BAD_STATE, BAD_STATE_ATTACHMENT, ENI_ADDRESS_RESTRICTION, UNKNOWN_DESTINATION,
  // PROTOCOL_RESTRICTION, IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS (no public address: the interface
  // has neither an auto-assigned public IP nor an Elastic IP),
  // IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS,
  // IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, PCX_REQUIRES_ADDRESS_IN_VPC_CIDR), else vouch's
  // own: NO_ATTACHED_INTERNET_GATEWAY, NAT_REJECTS_INBOUND, REPLY_ROUTE_MISMATCH (the reply is
  // routed elsewhere than where the request came from), and for unknowns MISSING_DATA,
  // UNRESOLVED_PREFIX_LIST, UNSUPPORTED_ROUTE_TARGET (transit gateways, virtual private gateways,
  // endpoints, middlebox interfaces, target fields vouch does not know such as `OdbNetworkArn`),
  // UNSUPPORTED_INGRESS_ROUTING (the gateway route table of an internet gateway on the path routes
  // what enters elsewhere than `local`), UNSUPPORTED_PATH.
  std::string explanation_code;
  std::string detail;          // one lowercase line for people

  bool operator==(const Hop&) const = default;
};

enum class Disposition {
  kAccepted,       // delivered and the reply gets back
  kDropped,        // some hop drops the packet or its reply
  kUnknown,        // the answer depends on something the snapshot lacks or vouch does not model
};
const char* DispositionName(Disposition d);  // "accepted" | "dropped" | "unknown"

struct PacketTrace {
  Disposition disposition = Disposition::kDropped;
  std::vector<Hop> forward;
  std::vector<Hop> reply;        // empty if the forward path did not deliver
  // The hop that dropped the packet or made the answer unknown (in `forward` or `reply`).
  std::optional<Hop> blocking;

  // A multi-line human rendering, one hop per line: for tests and the CLI's text output.
  std::string DebugString() const;
};

// Traces `packet` from `src` to `dst`.
// REQUIRES: if `src` is an interface, packet.src is one of its private addresses; if `src` is
// external, packet.src is that address. If `dst` is an interface and `src` is external,
// packet.dst is one of dst's public addresses; if both are interfaces, one of dst's private
// addresses; if `dst` is external, packet.dst is that address. A packet that breaks this is
// dropped with ENI_ADDRESS_RESTRICTION (the first hop explains which rule it broke).
PacketTrace Trace(const LoweredNetwork& network, const Endpoint& src, const Endpoint& dst,
                  const Packet& packet);

}  // namespace vouch::net

#endif  // VOUCH_ENGINE_EVAL_NET_TRACE_H_
