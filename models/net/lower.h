// Lowering: the AWS-faithful Network becomes the filter and forwarding core that the concrete
// evaluator (engine/eval/net_trace.h) and the SMT encoder (engine/smt) share.
//
//   VOUCH_ASSIGN_OR_RETURN(LoweredNetwork lowered, Lower(network));
//   const LoweredInterface* web = lowered.FindInterface("eni-0123");
//   FilterResult r = Evaluate(web->sg_ingress, packet);
//
// What lowering decides once, so that no consumer decides it again:
//  * per interface, the union of its security groups' ingress and egress rules, with group
//    references resolved to the private addresses (/32, /128) of the interfaces holding the
//    referenced group (a group of another VPC only while an active, same-region peering
//    connection joins the two VPCs; else the reference matches nothing) and prefix lists
//    resolved to their entries;
//  * per subnet, its network ACL (explicit association, else the VPC's default ACL) as two
//    first-match filters sorted by RuleNumber, and its effective route table (explicit
//    association, else the VPC's main table);
//  * per route table, routes with prefix lists expanded to one route per entry;
//  * the gateways, NAT gateways and peering connections in the forms forwarding needs.
#ifndef VOUCH_MODELS_NET_LOWER_H_
#define VOUCH_MODELS_NET_LOWER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "models/net/filter.h"
#include "models/net/network.h"

namespace vouch::net {

struct LoweredRoute {
  Cidr destination;            // for a prefix-list route, one of the list's entries
  std::string prefix_list_id;  // "" for a CIDR route
  bool unresolved = false;     // a prefix-list route whose entries the snapshot lacks
  RouteTargetKind target_kind = RouteTargetKind::kLocal;
  std::string target_id;
  RouteState state = RouteState::kActive;
  std::string origin;
  SourceRef source;
  std::string target_field;    // Route::target_field

  bool operator==(const LoweredRoute&) const = default;
};

struct LoweredRouteTable {
  std::string route_table_id;
  std::string vpc_id;
  std::string name;
  bool main = false;
  // Gateways (igw-, vgw-) the table is edge-associated with: a gateway route table, which routes
  // traffic entering the VPC through them (AWS "ingress routing").
  std::vector<std::string> gateway_ids;
  std::vector<LoweredRoute> routes;

  bool operator==(const LoweredRouteTable&) const = default;
};

// The result of a route lookup. `route` is the longest-prefix match (a CIDR route beats a
// prefix-list route of the same length), null if none. `unresolved` is set when a prefix-list
// route without known entries might have matched with a longer prefix: the lookup is unknown.
struct RouteLookup {
  const LoweredRoute* route = nullptr;
  const LoweredRoute* unresolved = nullptr;
};
RouteLookup LongestPrefixMatch(const LoweredRouteTable& table, const IpAddress& dst);

struct LoweredSubnet {
  std::string subnet_id;
  std::string vpc_id;
  std::string name;
  std::optional<Cidr> cidr_block;
  std::vector<Cidr> ipv6_cidr_blocks;
  int route_table = -1;          // index into LoweredNetwork::route_tables; -1: none known
  std::string network_acl_id;    // "" when no ACL is known for the subnet
  Filter acl_ingress{FilterKind::kFirstMatch, {}};
  Filter acl_egress{FilterKind::kFirstMatch, {}};
  SourceRef source;

  bool operator==(const LoweredSubnet&) const = default;
};

struct LoweredInterface {
  std::string network_interface_id;
  std::string subnet_id;
  std::string vpc_id;
  std::string instance_id;
  std::string name;                    // the instance's Name tag, else the description
  std::string interface_type;
  std::vector<PrivateIp> private_ips;  // public addresses include associated Elastic IPs
  std::vector<Cidr> ipv6_addresses;
  bool source_dest_check = true;
  std::vector<std::string> group_ids;
  bool security_groups_apply = true;   // false for NAT gateway interfaces
  Filter sg_ingress{FilterKind::kAnyAllow, {}};
  Filter sg_egress{FilterKind::kAnyAllow, {}};
  // Rules of the groups that admit nothing because they name a group of a VPC that no active,
  // same-Region peering joins to this one, one sentence each, for blocking explanations:
  //   "`sg-a` names `sg-b` of `vpc-b`, which no active peering in one Region joins to `vpc-a`"
  std::vector<std::string> sg_ingress_void_references;
  std::vector<std::string> sg_egress_void_references;
  SourceRef source;

  bool operator==(const LoweredInterface&) const = default;
  // True if `a` is one of the interface's private IPv4 or IPv6 addresses.
  bool HasPrivateAddress(const IpAddress& a) const;
  // The private address a public address maps to, if `a` is one of this interface's.
  std::optional<IpAddress> PrivateFor(const IpAddress& public_ip) const;
  // The public address mapped onto private address `a`, if any.
  std::optional<IpAddress> PublicFor(const IpAddress& private_ip) const;
  // For an explanation that the groups admit nothing in one direction: " (<each void
  // reference>: such a reference admits nothing)", or "" when there is none.
  std::string VoidReferencesNote(bool egress) const;
};

struct LoweredVpc {
  std::string vpc_id;
  std::string name;
  std::vector<Cidr> cidr_blocks;
  int main_route_table = -1;  // index into route_tables
  std::vector<std::string> internet_gateway_ids;             // attached
  std::vector<std::string> egress_only_internet_gateway_ids; // attached

  bool operator==(const LoweredVpc&) const = default;
  bool Contains(const IpAddress& a) const;
};

struct LoweredInternetGateway {
  std::string internet_gateway_id;
  std::string name;
  bool egress_only = false;
  std::vector<std::string> attached_vpc_ids;
  SourceRef source;
  int ingress_route_table = -1;  // the gateway route table associated with it; -1: none

  bool operator==(const LoweredInternetGateway&) const = default;
};

struct LoweredNatGateway {
  std::string nat_gateway_id;
  std::string name;
  std::string subnet_id;
  std::string vpc_id;
  bool available = false;
  NatConnectivity connectivity = NatConnectivity::kPublic;
  std::optional<IpAddress> private_ip;
  std::optional<IpAddress> public_ip;
  SourceRef source;

  bool operator==(const LoweredNatGateway&) const = default;
};

struct LoweredPeering {
  std::string vpc_peering_connection_id;
  bool active = false;
  PeeringVpcInfo requester;
  PeeringVpcInfo accepter;
  SourceRef source;

  bool operator==(const LoweredPeering&) const = default;
};

struct LoweredNetwork {
  std::vector<LoweredVpc> vpcs;
  std::vector<LoweredSubnet> subnets;
  std::vector<LoweredInterface> interfaces;
  std::vector<LoweredRouteTable> route_tables;
  std::vector<LoweredInternetGateway> internet_gateways;  // egress-only ones too
  std::vector<LoweredNatGateway> nat_gateways;
  std::vector<LoweredPeering> peerings;
  std::vector<Instance> instances;
  // The response kinds the snapshot held (Network::present).
  std::set<std::string> present;
  // Security group names (GroupName) by group id, for labelling hops.
  absl::flat_hash_map<std::string, std::string> group_names;

  // Lookups by id; null if absent.
  const LoweredVpc* FindVpc(absl::string_view id) const;
  const LoweredSubnet* FindSubnet(absl::string_view id) const;
  const LoweredInterface* FindInterface(absl::string_view id) const;
  const LoweredInternetGateway* FindInternetGateway(absl::string_view id) const;
  const LoweredNatGateway* FindNatGateway(absl::string_view id) const;
  const LoweredPeering* FindPeering(absl::string_view id) const;
  const Instance* FindInstance(absl::string_view id) const;
  // The interface holding private address `a` in VPC `vpc_id`; null if none.
  const LoweredInterface* InterfaceWithPrivateAddress(absl::string_view vpc_id,
                                                      const IpAddress& a) const;
  // The interface a public address (auto-assigned or Elastic IP) is mapped onto; null if none.
  const LoweredInterface* InterfaceWithPublicAddress(const IpAddress& a) const;
  // The public address an internet gateway gives a packet leaving VPC `vpc_id` from private
  // address `a`: the public address of the interface holding `a`, except that the private
  // address of a NAT gateway of that VPC takes the gateway's public address (none for a
  // private NAT gateway). nullopt: the gateway drops the packet.
  std::optional<IpAddress> EgressPublicAddress(absl::string_view vpc_id, const IpAddress& a) const;
  bool Has(const std::string& key) const { return present.count(key) > 0; }
  // Rebuilds the two address maps from `interfaces`; call after editing interfaces by hand.
  void IndexAddresses();

  // Index maps, filled by Lower. The address maps are keyed by AddressKey (private ones
  // prefixed with the VPC id).
  absl::flat_hash_map<std::string, int> vpc_index, subnet_index, interface_index,
      gateway_index, nat_index, peering_index, instance_index;
  absl::flat_hash_map<std::string, int> private_address_index, public_address_index;
};

// Ingress routing vouch does not follow. Traffic entering a VPC through an internet gateway for
// `destination` (an address of the VPC: an interface's private IPv4 address after the gateway's
// 1:1 NAT, or its IPv6 address) is routed by the gateway route table associated with the
// gateway, longest prefix first, as a subnet's table routes what leaves it. When that match is a
// route other than `local` (to a middlebox interface, a gateway load balancer endpoint, ...), the
// traffic goes elsewhere than the destination, which vouch does not follow: both engines answer
// unknown for such a path, in either direction (a reply from the internet enters through the
// gateway too). So does a route to a prefix list whose entries the snapshot lacks, where it might
// match, and a table that matches the destination with no route at all. A destination that
// `local` wins, and a table with only local routes, yield nullopt.
struct UnsupportedIngressRouting {
  const LoweredRouteTable* table = nullptr;
  const LoweredRoute* route = nullptr;  // the route that takes the traffic; null: none matches
  std::string detail;                   // one lowercase line naming the table and the route
};
std::optional<UnsupportedIngressRouting> FindUnsupportedIngressRouting(
    const LoweredNetwork& network, absl::string_view gateway_id, const IpAddress& destination);
// The gateway route table of `gateway_id` when it has a route other than `local` (one that can
// take entering traffic elsewhere), else null.
const LoweredRouteTable* RedirectingIngressTable(const LoweredNetwork& network,
                                                 absl::string_view gateway_id);
// The detail FindUnsupportedIngressRouting gives when `route` of the gateway route table `table`
// of `gateway_id` takes the traffic (null: no route matches).
std::string IngressRoutingDetail(const LoweredRouteTable& table, absl::string_view gateway_id,
                                 const LoweredRoute* route);

// Why a route from subnet `from` to NAT gateway `nat` cannot be followed: the gateway is in
// another VPC than the subnet (its VpcId, else its subnet's). AWS refuses to create such a
// route, so a snapshot holding one is inconsistent (stale or hand-edited); both engines answer
// unknown with this detail rather than forward through a foreign VPC. nullopt: same VPC (or a
// VPC the snapshot does not say).
std::optional<std::string> ForeignNatGateway(const LoweredNetwork& network,
                                             const LoweredSubnet& from,
                                             const LoweredNatGateway& nat);

// A hashable key for an address: its family and its 128 bits.
std::string AddressKey(const IpAddress& a);

// Bounds on what lowering builds. A group reference expands to one rule per member address and
// each interface copies its groups' rules, so a hostile snapshot within the readers' limits
// (frontends/aws/ec2_limits.h) could still ask for billions of rules. Real accounts are far
// below these: AWS allows at most 1,000 rules per group and 16 groups per interface.
struct LowerLimits {
  size_t max_rules_per_group = 100'000;    // after group references and prefix lists expand
  size_t max_rules_total = 5'000'000;      // summed over every interface
};

// Lowers `network`. Errors (InvalidArgument, at the rule's pointer): a security group rule
// naming a group or prefix list that is not in the snapshot (when the snapshot has
// SecurityGroups / PrefixLists at all), an interface naming a missing security group, a
// group or snapshot over `limits` (naming the limit).
// AWS-managed prefix lists without entries lower to `unresolved` rules and routes instead.
absl::StatusOr<LoweredNetwork> Lower(const Network& network, const LowerLimits& limits = {});

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_LOWER_H_
