// Route tables as AWS describes them (describe-route-tables `RouteTables[]`).
//
// AWS-faithful: a route's destination is a CIDR or a prefix list id, its target one of the
// EC2 API's target fields. Lowering (models/net/lower.h) expands prefix lists and picks each
// subnet's effective table (explicit association, else the VPC's main table).
#ifndef VOUCH_MODELS_NET_ROUTE_TABLE_H_
#define VOUCH_MODELS_NET_ROUTE_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "models/base/ip.h"
#include "models/base/source_ref.h"

namespace vouch::net {

// Which target field of the route was set. GatewayId is split by its prefix: "local",
// "igw-", "vgw-", "vpce-".
enum class RouteTargetKind {
  kLocal,
  kInternetGateway,            // GatewayId igw-
  kVirtualPrivateGateway,      // GatewayId vgw-
  kGatewayEndpoint,            // GatewayId vpce-
  kEgressOnlyInternetGateway,  // EgressOnlyInternetGatewayId
  kNatGateway,                 // NatGatewayId
  kVpcPeeringConnection,       // VpcPeeringConnectionId
  kNetworkInterface,           // NetworkInterfaceId (no InstanceId)
  kInstance,                   // InstanceId
  kTransitGateway,             // TransitGatewayId
  kLocalGateway,               // LocalGatewayId
  kCarrierGateway,             // CarrierGatewayId
  kCoreNetwork,                // CoreNetworkArn
  kOther,                      // a GatewayId of an unknown kind, or a target field vouch
                               // does not know (`OdbNetworkArn`, or one AWS adds later)
};

// "local", "internet-gateway", "nat-gateway", ...: for messages and JSON output.
const char* RouteTargetKindName(RouteTargetKind kind);

// How messages name a target: "a transit-gateway"; for kOther, the EC2 field that named it
// (`field`), as in "a `OdbNetworkArn` target".
std::string RouteTargetDescription(RouteTargetKind kind, absl::string_view field);

enum class RouteState { kActive, kBlackhole };

struct Route {
  std::optional<Cidr> destination;        // DestinationCidrBlock or DestinationIpv6CidrBlock
  std::string destination_prefix_list_id; // DestinationPrefixListId, when `destination` is unset
  RouteTargetKind target_kind = RouteTargetKind::kLocal;
  std::string target_id;                  // "local", "igw-...", "nat-...", ...
  std::string target_field;               // the field that named it: "GatewayId", "NatGatewayId", ...
  RouteState state = RouteState::kActive;
  std::string origin;                     // CreateRouteTable | CreateRoute | EnableVgwRoutePropagation
  SourceRef source;

  bool operator==(const Route&) const = default;
};

// A main association has `main` set and no subnet; an edge association names a gateway.
struct RouteTableAssociation {
  bool main = false;
  std::string subnet_id;
  std::string gateway_id;
  std::string association_id;
  SourceRef source;

  bool operator==(const RouteTableAssociation&) const = default;
};

struct RouteTable {
  std::string route_table_id;
  std::string vpc_id;
  std::string name;
  std::vector<Route> routes;
  std::vector<RouteTableAssociation> associations;
  SourceRef source;

  bool operator==(const RouteTable&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_ROUTE_TABLE_H_
