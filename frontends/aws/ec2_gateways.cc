// describe-internet-gateways, describe-egress-only-internet-gateways, describe-nat-gateways,
// describe-vpc-peering-connections and describe-addresses.
#include <tuple>

#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

absl::StatusOr<std::vector<net::InternetGatewayAttachment>> ReadAttachments(const JsonValue& item) {
  std::vector<net::InternetGatewayAttachment> out;
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, OptionalArray(item, "Attachments"));
  for (const JsonValue& a : list) {
    net::InternetGatewayAttachment att;
    VOUCH_ASSIGN_OR_RETURN(att.vpc_id, RequiredString(a, "VpcId"));
    VOUCH_ASSIGN_OR_RETURN(att.state, OptionalOneOf(a, "State", "attachment state",
                                                    {"attaching", "attached", "detaching",
                                                     "detached", "available"}));
    out.push_back(std::move(att));
  }
  return out;
}

absl::StatusOr<net::NatGateway> ReadNatGateway(const JsonValue& item) {
  net::NatGateway g;
  g.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(g.nat_gateway_id, RequiredString(item, "NatGatewayId"));
  VOUCH_ASSIGN_OR_RETURN(g.name, NameTag(item));
  VOUCH_ASSIGN_OR_RETURN(g.subnet_id, OptionalString(item, "SubnetId"));
  VOUCH_ASSIGN_OR_RETURN(g.vpc_id, OptionalString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(g.state, OptionalOneOf(item, "State", "NAT gateway state",
                                              {"pending", "failed", "available", "deleting",
                                               "deleted"}));
  VOUCH_ASSIGN_OR_RETURN(std::string type, OptionalString(item, "ConnectivityType"));
  if (type == "private") {
    g.connectivity = net::NatConnectivity::kPrivate;
  } else if (!type.empty() && type != "public") {
    VOUCH_ASSIGN_OR_RETURN(JsonValue t, item.Get("ConnectivityType"));
    return t.Error(absl::StrCat("unknown connectivity type `", type, "`"));
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> addrs, OptionalArray(item, "NatGatewayAddresses"));
  for (const JsonValue& a : addrs) {
    net::NatGatewayAddress na;
    VOUCH_ASSIGN_OR_RETURN(na.public_ip, OptionalIpOf(a, "PublicIp", IpFamily::kV4));
    VOUCH_ASSIGN_OR_RETURN(na.private_ip, OptionalIpOf(a, "PrivateIp", IpFamily::kV4));
    VOUCH_ASSIGN_OR_RETURN(na.network_interface_id, OptionalString(a, "NetworkInterfaceId"));
    VOUCH_ASSIGN_OR_RETURN(na.allocation_id, OptionalString(a, "AllocationId"));
    g.addresses.push_back(std::move(na));
  }
  return g;
}

absl::StatusOr<net::PeeringVpcInfo> ReadPeeringSide(const JsonValue& item, absl::string_view key) {
  net::PeeringVpcInfo info;
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> side, item.Find(key));
  if (!side || side->IsNull()) return info;
  VOUCH_ASSIGN_OR_RETURN(info.owner_id, OptionalString(*side, "OwnerId"));
  VOUCH_ASSIGN_OR_RETURN(info.vpc_id, OptionalString(*side, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(info.region, OptionalString(*side, "Region"));
  auto add = [&](const Cidr& c) {
    for (const Cidr& seen : info.cidr_blocks) {
      if (seen == c) return;
    }
    info.cidr_blocks.push_back(c);
  };
  VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> primary, OptionalCidrOf(*side, "CidrBlock", IpFamily::kV4));
  if (primary) add(*primary);
  for (auto [set, field, family] : {std::tuple{"CidrBlockSet", "CidrBlock", IpFamily::kV4},
                                    std::tuple{"Ipv6CidrBlockSet", "Ipv6CidrBlock", IpFamily::kV6}}) {
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> blocks, OptionalArray(*side, set));
    for (const JsonValue& b : blocks) {
      VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> c, OptionalCidrOf(b, field, family));
      if (c) add(*c);
    }
  }
  return info;
}

absl::StatusOr<net::VpcPeeringConnection> ReadPeering(const JsonValue& item) {
  net::VpcPeeringConnection p;
  p.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(p.vpc_peering_connection_id, RequiredString(item, "VpcPeeringConnectionId"));
  // Status is {"Code": ..., "Message": ...}; only Code "active" carries traffic, so a word
  // vouch does not know (`Active`) is an error, not a silently idle connection.
  VOUCH_ASSIGN_OR_RETURN(JsonValue status, item.Get("Status"));
  if (!status.IsObject()) return status.TypeError("an object with `Code` and `Message`");
  VOUCH_RETURN_IF_ERROR(status.Get("Code").status());
  VOUCH_ASSIGN_OR_RETURN(p.status_code,
                         OptionalOneOf(status, "Code", "peering status",
                                       {"initiating-request", "pending-acceptance", "active",
                                        "deleted", "rejected", "failed", "expired",
                                        "provisioning", "deleting"}));
  VOUCH_ASSIGN_OR_RETURN(p.requester, ReadPeeringSide(item, "RequesterVpcInfo"));
  VOUCH_ASSIGN_OR_RETURN(p.accepter, ReadPeeringSide(item, "AccepterVpcInfo"));
  return p;
}

absl::StatusOr<net::Address> ReadAddress(const JsonValue& item) {
  net::Address a;
  a.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(JsonValue public_ip, item.Get("PublicIp"));
  VOUCH_ASSIGN_OR_RETURN(a.public_ip, ReadIpOf(public_ip, IpFamily::kV4));
  VOUCH_ASSIGN_OR_RETURN(a.allocation_id, OptionalString(item, "AllocationId"));
  VOUCH_ASSIGN_OR_RETURN(a.association_id, OptionalString(item, "AssociationId"));
  VOUCH_ASSIGN_OR_RETURN(a.private_ip, OptionalIpOf(item, "PrivateIpAddress", IpFamily::kV4));
  VOUCH_ASSIGN_OR_RETURN(a.network_interface_id, OptionalString(item, "NetworkInterfaceId"));
  VOUCH_ASSIGN_OR_RETURN(a.instance_id, OptionalString(item, "InstanceId"));
  return a;
}

// Reads every element of `items` with `read` and appends it to `out`.
template <typename T, typename F>
absl::Status ReadAll(const JsonValue& items, F read, std::vector<T>& out) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(T value, read(item));
    out.push_back(std::move(value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadInternetGateways(const JsonValue& items, net::Network& network) {
  auto read = [](const JsonValue& item) -> absl::StatusOr<net::InternetGateway> {
    net::InternetGateway g;
    g.source = item.source();
    VOUCH_ASSIGN_OR_RETURN(g.internet_gateway_id, RequiredString(item, "InternetGatewayId"));
    VOUCH_ASSIGN_OR_RETURN(g.name, NameTag(item));
    VOUCH_ASSIGN_OR_RETURN(g.attachments, ReadAttachments(item));
    return g;
  };
  return ReadAll(items, read, network.internet_gateways);
}

absl::Status ReadEgressOnlyInternetGateways(const JsonValue& items, net::Network& network) {
  auto read = [](const JsonValue& item) -> absl::StatusOr<net::EgressOnlyInternetGateway> {
    net::EgressOnlyInternetGateway g;
    g.source = item.source();
    VOUCH_ASSIGN_OR_RETURN(g.egress_only_internet_gateway_id,
                           RequiredString(item, "EgressOnlyInternetGatewayId"));
    VOUCH_ASSIGN_OR_RETURN(g.attachments, ReadAttachments(item));
    return g;
  };
  return ReadAll(items, read, network.egress_only_internet_gateways);
}

absl::Status ReadNatGateways(const JsonValue& items, net::Network& network) {
  return ReadAll(items, ReadNatGateway, network.nat_gateways);
}

absl::Status ReadVpcPeeringConnections(const JsonValue& items, net::Network& network) {
  return ReadAll(items, ReadPeering, network.vpc_peering_connections);
}

absl::Status ReadAddresses(const JsonValue& items, net::Network& network) {
  return ReadAll(items, ReadAddress, network.addresses);
}

}  // namespace vouch::aws
