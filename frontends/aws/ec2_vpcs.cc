// describe-vpcs and describe-subnets.
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

// The blocks of an association set whose state is "associated" (or not given).
absl::Status ReadAssociatedBlocks(const JsonValue& object, absl::string_view set_key,
                                  absl::string_view cidr_key, absl::string_view state_key,
                                  IpFamily family, std::vector<Cidr>& out) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> set, OptionalArray(object, set_key));
  for (const JsonValue& a : set) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> cidr, OptionalCidrOf(a, cidr_key, family));
    if (!cidr) continue;
    std::string state;
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> st, OptionalObject(a, state_key));
    if (st) {
      VOUCH_ASSIGN_OR_RETURN(state, OptionalString(*st, "State"));
    }
    if (!state.empty() && state != "associated") continue;
    bool seen = false;
    for (const Cidr& c : out) seen = seen || c == *cidr;
    if (!seen) out.push_back(*cidr);
  }
  return absl::OkStatus();
}

absl::StatusOr<net::Vpc> ReadVpc(const JsonValue& item) {
  net::Vpc v;
  v.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(v.vpc_id, RequiredString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(v.owner_id, OptionalString(item, "OwnerId"));
  VOUCH_ASSIGN_OR_RETURN(v.name, NameTag(item));
  VOUCH_ASSIGN_OR_RETURN(v.is_default, OptionalBool(item, "IsDefault", false));
  VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> primary, OptionalCidrOf(item, "CidrBlock", IpFamily::kV4));
  if (primary) v.cidr_blocks.push_back(*primary);
  VOUCH_RETURN_IF_ERROR(ReadAssociatedBlocks(item, "CidrBlockAssociationSet", "CidrBlock",
                                             "CidrBlockState", IpFamily::kV4, v.cidr_blocks));
  VOUCH_RETURN_IF_ERROR(ReadAssociatedBlocks(item, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
                                             "Ipv6CidrBlockState", IpFamily::kV6, v.cidr_blocks));
  return v;
}

absl::StatusOr<net::Subnet> ReadSubnet(const JsonValue& item) {
  net::Subnet s;
  s.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(s.subnet_id, RequiredString(item, "SubnetId"));
  VOUCH_ASSIGN_OR_RETURN(s.vpc_id, RequiredString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(s.name, NameTag(item));
  VOUCH_ASSIGN_OR_RETURN(s.availability_zone, OptionalString(item, "AvailabilityZone"));
  VOUCH_ASSIGN_OR_RETURN(s.cidr_block, OptionalCidrOf(item, "CidrBlock", IpFamily::kV4));
  VOUCH_ASSIGN_OR_RETURN(s.map_public_ip_on_launch, OptionalBool(item, "MapPublicIpOnLaunch", false));
  VOUCH_RETURN_IF_ERROR(ReadAssociatedBlocks(item, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
                                             "Ipv6CidrBlockState", IpFamily::kV6,
                                             s.ipv6_cidr_blocks));
  return s;
}

}  // namespace

absl::Status ReadVpcs(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(net::Vpc v, ReadVpc(item));
    network.vpcs.push_back(std::move(v));
  }
  return absl::OkStatus();
}

absl::Status ReadSubnets(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(net::Subnet s, ReadSubnet(item));
    network.subnets.push_back(std::move(s));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
