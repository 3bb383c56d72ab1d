// describe-route-tables: routes with their destination, target and state, and associations.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_limits.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

using net::RouteTargetKind;

RouteTargetKind GatewayKind(absl::string_view id) {
  if (id == "local") return RouteTargetKind::kLocal;
  if (absl::StartsWith(id, "igw-")) return RouteTargetKind::kInternetGateway;
  if (absl::StartsWith(id, "vgw-")) return RouteTargetKind::kVirtualPrivateGateway;
  if (absl::StartsWith(id, "vpce-")) return RouteTargetKind::kGatewayEndpoint;
  return RouteTargetKind::kOther;
}

// Route fields that do not name its target.
bool IsNonTargetField(absl::string_view name) {
  return name == "DestinationCidrBlock" || name == "DestinationIpv6CidrBlock" ||
         name == "DestinationPrefixListId" || name == "InstanceOwnerId" || name == "Origin" ||
         name == "State";
}

// A target field vouch does not know (`OdbNetworkArn`, or one AWS adds later): another member
// whose name ends in `Id` or `Arn` and whose value is a non-empty string. The route loads with
// kind kOther; both engines answer unknown for a packet that takes it, naming the field.
absl::StatusOr<bool> ReadUnknownTarget(const JsonValue& item, net::Route& r) {
  VOUCH_ASSIGN_OR_RETURN(auto members, item.Members());
  for (const auto& [name, value] : members) {
    if (IsNonTargetField(name) || !value.IsString()) continue;
    if (!absl::EndsWith(name, "Id") && !absl::EndsWith(name, "Arn")) continue;
    VOUCH_ASSIGN_OR_RETURN(absl::string_view id, value.GetString());
    if (id.empty()) continue;
    r.target_kind = RouteTargetKind::kOther;
    r.target_id = std::string(id);
    r.target_field = std::string(name);
    return true;
  }
  return false;
}

// The route's target: the first target field set, in the order the EC2 API documents them,
// else a field vouch does not know.
absl::Status ReadTarget(const JsonValue& item, net::Route& r) {
  static constexpr std::pair<const char*, RouteTargetKind> kFields[] = {
      {"NatGatewayId", RouteTargetKind::kNatGateway},
      {"TransitGatewayId", RouteTargetKind::kTransitGateway},
      {"VpcPeeringConnectionId", RouteTargetKind::kVpcPeeringConnection},
      {"EgressOnlyInternetGatewayId", RouteTargetKind::kEgressOnlyInternetGateway},
      {"InstanceId", RouteTargetKind::kInstance},
      {"NetworkInterfaceId", RouteTargetKind::kNetworkInterface},
      {"LocalGatewayId", RouteTargetKind::kLocalGateway},
      {"CarrierGatewayId", RouteTargetKind::kCarrierGateway},
      {"CoreNetworkArn", RouteTargetKind::kCoreNetwork},
  };
  VOUCH_ASSIGN_OR_RETURN(std::string gateway, OptionalString(item, "GatewayId"));
  if (!gateway.empty()) {
    r.target_kind = GatewayKind(gateway);
    r.target_id = gateway;
    r.target_field = "GatewayId";
    return absl::OkStatus();
  }
  for (const auto& [field, kind] : kFields) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, OptionalString(item, field));
    if (id.empty()) continue;
    r.target_kind = kind;
    r.target_id = id;
    r.target_field = field;
    return absl::OkStatus();
  }
  VOUCH_ASSIGN_OR_RETURN(bool unknown, ReadUnknownTarget(item, r));
  if (unknown) return absl::OkStatus();
  return item.Error(
      "route has no target (expected `GatewayId`, `NatGatewayId`, `TransitGatewayId`, "
      "`VpcPeeringConnectionId`, `EgressOnlyInternetGatewayId`, `InstanceId`, "
      "`NetworkInterfaceId`, `LocalGatewayId`, `CarrierGatewayId` or `CoreNetworkArn`)");
}

absl::StatusOr<net::Route> ReadRoute(const JsonValue& item) {
  net::Route r;
  r.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(r.destination, OptionalCidrOf(item, "DestinationCidrBlock", IpFamily::kV4));
  if (!r.destination) {
    VOUCH_ASSIGN_OR_RETURN(r.destination,
                           OptionalCidrOf(item, "DestinationIpv6CidrBlock", IpFamily::kV6));
  }
  if (!r.destination) {
    VOUCH_ASSIGN_OR_RETURN(r.destination_prefix_list_id, OptionalString(item, "DestinationPrefixListId"));
    if (r.destination_prefix_list_id.empty()) return item.Error("route has no destination");
  }
  VOUCH_RETURN_IF_ERROR(ReadTarget(item, r));
  VOUCH_ASSIGN_OR_RETURN(std::string state, OptionalString(item, "State"));
  if (state == "blackhole") {
    r.state = net::RouteState::kBlackhole;
  } else if (!state.empty() && state != "active") {
    VOUCH_ASSIGN_OR_RETURN(JsonValue s, item.Get("State"));
    return s.Error(absl::StrCat("unknown route state `", state, "`"));
  }
  VOUCH_ASSIGN_OR_RETURN(r.origin, OptionalString(item, "Origin"));
  return r;
}

// Associations whose AssociationState is not "associated" are skipped.
absl::StatusOr<std::optional<net::RouteTableAssociation>> ReadAssociation(const JsonValue& item) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> st, OptionalObject(item, "AssociationState"));
  if (st) {
    VOUCH_ASSIGN_OR_RETURN(std::string state,
                           OptionalOneOf(*st, "State", "association state",
                                         {"associating", "associated", "disassociating",
                                          "disassociated", "failed"}));
    if (!state.empty() && state != "associated") return std::optional<net::RouteTableAssociation>();
  }
  net::RouteTableAssociation a;
  a.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(a.main, OptionalBool(item, "Main", false));
  VOUCH_ASSIGN_OR_RETURN(a.subnet_id, OptionalString(item, "SubnetId"));
  VOUCH_ASSIGN_OR_RETURN(a.gateway_id, OptionalString(item, "GatewayId"));
  VOUCH_ASSIGN_OR_RETURN(a.association_id, OptionalString(item, "RouteTableAssociationId"));
  return std::optional<net::RouteTableAssociation>(std::move(a));
}

absl::StatusOr<net::RouteTable> ReadRouteTable(const JsonValue& item) {
  net::RouteTable t;
  t.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(t.route_table_id, RequiredString(item, "RouteTableId"));
  VOUCH_ASSIGN_OR_RETURN(t.vpc_id, RequiredString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(t.name, NameTag(item));
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> routes, OptionalArray(item, "Routes"));
  if (routes.size() > kMaxRoutesPerRouteTable) {
    VOUCH_ASSIGN_OR_RETURN(JsonValue list, item.Get("Routes"));
    return list.Error(absl::StrCat("route table `", t.route_table_id, "` has ", routes.size(),
                                   " routes, over the limit of ", kMaxRoutesPerRouteTable,
                                   " per table"));
  }
  for (const JsonValue& r : routes) {
    VOUCH_ASSIGN_OR_RETURN(net::Route route, ReadRoute(r));
    t.routes.push_back(std::move(route));
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> assocs, OptionalArray(item, "Associations"));
  for (const JsonValue& a : assocs) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<net::RouteTableAssociation> assoc, ReadAssociation(a));
    if (assoc) t.associations.push_back(std::move(*assoc));
  }
  return t;
}

}  // namespace

absl::Status ReadRouteTables(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(net::RouteTable t, ReadRouteTable(item));
    network.route_tables.push_back(std::move(t));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
