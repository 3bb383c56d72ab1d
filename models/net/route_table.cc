// Names of route target kinds.
#include "models/net/route_table.h"

#include "absl/strings/str_cat.h"

namespace vouch::net {

const char* RouteTargetKindName(RouteTargetKind kind) {
  switch (kind) {
    case RouteTargetKind::kLocal: return "local";
    case RouteTargetKind::kInternetGateway: return "internet-gateway";
    case RouteTargetKind::kVirtualPrivateGateway: return "virtual-private-gateway";
    case RouteTargetKind::kGatewayEndpoint: return "gateway-endpoint";
    case RouteTargetKind::kEgressOnlyInternetGateway: return "egress-only-internet-gateway";
    case RouteTargetKind::kNatGateway: return "nat-gateway";
    case RouteTargetKind::kVpcPeeringConnection: return "vpc-peering-connection";
    case RouteTargetKind::kNetworkInterface: return "network-interface";
    case RouteTargetKind::kInstance: return "instance";
    case RouteTargetKind::kTransitGateway: return "transit-gateway";
    case RouteTargetKind::kLocalGateway: return "local-gateway";
    case RouteTargetKind::kCarrierGateway: return "carrier-gateway";
    case RouteTargetKind::kCoreNetwork: return "core-network";
    case RouteTargetKind::kOther: return "other";
  }
  return "other";
}

std::string RouteTargetDescription(RouteTargetKind kind, absl::string_view field) {
  if (kind == RouteTargetKind::kOther && !field.empty()) return absl::StrCat("a `", field, "` target");
  return absl::StrCat("a ", RouteTargetKindName(kind));
}

}  // namespace vouch::net
