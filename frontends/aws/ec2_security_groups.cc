// describe-security-groups (IpPermissions / IpPermissionsEgress) and the flat
// describe-security-group-rules shape, both into net::SecurityGroup.
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

// A port (or ICMP type/code) field within [min, max]; nullopt when absent.
absl::StatusOr<std::optional<int>> ReadPortField(const JsonValue& item, absl::string_view key,
                                                 int min, int max, absl::string_view what) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, item.Find(key));
  if (!v || v->IsNull()) return std::optional<int>();
  VOUCH_ASSIGN_OR_RETURN(int64_t n, v->GetIntLenient());
  if (n < min || n > max) {
    return v->Error(absl::StrCat(what, " ", n, " is out of range ", min, " to ", max));
  }
  return std::optional<int>(static_cast<int>(n));
}

// Reads IpProtocol, FromPort and ToPort and checks them the way EC2 does.
absl::Status ReadProtocolAndPorts(const JsonValue& item, net::IpPermission& p) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue proto, item.Get("IpProtocol"));
  VOUCH_ASSIGN_OR_RETURN(p.protocol, ReadProtocol(proto));
  if (p.protocol == net::kProtocolTcp || p.protocol == net::kProtocolUdp) {
    VOUCH_ASSIGN_OR_RETURN(p.from_port, ReadPortField(item, "FromPort", 0, 65535, "port"));
    VOUCH_ASSIGN_OR_RETURN(p.to_port, ReadPortField(item, "ToPort", 0, 65535, "port"));
    if (!p.from_port) return item.Error("missing `FromPort`");
    if (!p.to_port) return item.Error("missing `ToPort`");
    if (*p.from_port > *p.to_port) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue from, item.Get("FromPort"));
      return from.Error(absl::StrCat("`FromPort` ", *p.from_port, " is above `ToPort` ", *p.to_port));
    }
  } else if (p.protocol == net::kProtocolIcmp || p.protocol == net::kProtocolIcmpv6) {
    VOUCH_ASSIGN_OR_RETURN(p.from_port, ReadPortField(item, "FromPort", -1, 255, "icmp type"));
    VOUCH_ASSIGN_OR_RETURN(p.to_port, ReadPortField(item, "ToPort", -1, 255, "icmp code"));
    if (p.protocol == net::kProtocolIcmp && (!p.from_port || !p.to_port)) {
      return item.Error("icmp needs `FromPort` (type) and `ToPort` (code)");
    }
    if (p.from_port && *p.from_port == -1 && p.to_port && *p.to_port != -1) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue to, item.Get("ToPort"));
      return to.Error(absl::StrCat("icmp code ", *p.to_port, " needs an icmp type, not -1"));
    }
  } else {
    // AWS ignores ports for -1 and protocols other than tcp/udp/icmp/icmpv6; keep them only
    // as written.
    VOUCH_ASSIGN_OR_RETURN(std::optional<int64_t> from, OptionalInt(item, "FromPort"));
    VOUCH_ASSIGN_OR_RETURN(std::optional<int64_t> to, OptionalInt(item, "ToPort"));
    if (from) p.from_port = static_cast<int>(*from);
    if (to) p.to_port = static_cast<int>(*to);
  }
  return absl::OkStatus();
}

absl::Status ReadRanges(const JsonValue& item, absl::string_view list_key,
                        absl::string_view cidr_key, net::IpPermission& p) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, OptionalArray(item, list_key));
  for (const JsonValue& r : list) {
    VOUCH_ASSIGN_OR_RETURN(JsonValue cidr, r.Get(cidr_key));
    VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidr(cidr));
    p.ip_ranges.push_back(net::CidrRange{c, r.source()});
  }
  return absl::OkStatus();
}

absl::StatusOr<net::UserIdGroupPair> ReadGroupPair(const JsonValue& g) {
  net::UserIdGroupPair pair;
  pair.source = g.source();
  VOUCH_ASSIGN_OR_RETURN(pair.group_id, RequiredString(g, "GroupId"));
  VOUCH_ASSIGN_OR_RETURN(pair.user_id, OptionalString(g, "UserId"));
  VOUCH_ASSIGN_OR_RETURN(pair.vpc_peering_connection_id, OptionalString(g, "VpcPeeringConnectionId"));
  return pair;
}

absl::StatusOr<net::IpPermission> ReadPermission(const JsonValue& item) {
  net::IpPermission p;
  p.source = item.source();
  VOUCH_RETURN_IF_ERROR(ReadProtocolAndPorts(item, p));
  VOUCH_RETURN_IF_ERROR(ReadRanges(item, "IpRanges", "CidrIp", p));
  VOUCH_RETURN_IF_ERROR(ReadRanges(item, "Ipv6Ranges", "CidrIpv6", p));
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> lists, OptionalArray(item, "PrefixListIds"));
  for (const JsonValue& l : lists) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, RequiredString(l, "PrefixListId"));
    p.prefix_list_ids.push_back(net::PrefixListRef{id, l.source()});
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> pairs, OptionalArray(item, "UserIdGroupPairs"));
  for (const JsonValue& g : pairs) {
    VOUCH_ASSIGN_OR_RETURN(net::UserIdGroupPair pair, ReadGroupPair(g));
    p.group_pairs.push_back(std::move(pair));
  }
  return p;
}

absl::Status ReadPermissions(const JsonValue& item, absl::string_view key,
                             std::vector<net::IpPermission>& out) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, OptionalArray(item, key));
  for (const JsonValue& p : list) {
    VOUCH_ASSIGN_OR_RETURN(net::IpPermission perm, ReadPermission(p));
    out.push_back(std::move(perm));
  }
  return absl::OkStatus();
}

net::SecurityGroup& GroupFor(net::Network& network, const std::string& id) {
  for (net::SecurityGroup& g : network.security_groups) {
    if (g.group_id == id) return g;
  }
  network.security_groups.push_back(net::SecurityGroup{});
  network.security_groups.back().group_id = id;
  return network.security_groups.back();
}

// One flat SecurityGroupRule as an IpPermission with a single source.
absl::Status ReadFlatRule(const JsonValue& item, net::Network& network) {
  net::IpPermission p;
  p.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(std::string group_id, RequiredString(item, "GroupId"));
  VOUCH_ASSIGN_OR_RETURN(bool egress, OptionalBool(item, "IsEgress", false));
  VOUCH_RETURN_IF_ERROR(ReadProtocolAndPorts(item, p));
  for (const char* key : {"CidrIpv4", "CidrIpv6"}) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, item.Find(key));
    if (!v || v->IsNull()) continue;
    VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidr(*v));
    p.ip_ranges.push_back(net::CidrRange{c, v->source()});
  }
  VOUCH_ASSIGN_OR_RETURN(std::string pl, OptionalString(item, "PrefixListId"));
  if (!pl.empty()) p.prefix_list_ids.push_back(net::PrefixListRef{pl, item.source().Child("PrefixListId")});
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> ref, item.Find("ReferencedGroupInfo"));
  if (ref && ref->IsObject()) {
    VOUCH_ASSIGN_OR_RETURN(net::UserIdGroupPair pair, ReadGroupPair(*ref));
    p.group_pairs.push_back(std::move(pair));
  }
  net::SecurityGroup& g = GroupFor(network, group_id);
  if (g.source.file.empty()) g.source = item.source();
  (egress ? g.ip_permissions_egress : g.ip_permissions).push_back(std::move(p));
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadSecurityGroups(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    net::SecurityGroup g;
    g.source = item.source();
    VOUCH_ASSIGN_OR_RETURN(g.group_id, RequiredString(item, "GroupId"));
    VOUCH_ASSIGN_OR_RETURN(g.group_name, OptionalString(item, "GroupName"));
    VOUCH_ASSIGN_OR_RETURN(g.vpc_id, OptionalString(item, "VpcId"));
    VOUCH_ASSIGN_OR_RETURN(g.owner_id, OptionalString(item, "OwnerId"));
    VOUCH_RETURN_IF_ERROR(ReadPermissions(item, "IpPermissions", g.ip_permissions));
    VOUCH_RETURN_IF_ERROR(ReadPermissions(item, "IpPermissionsEgress", g.ip_permissions_egress));
    network.security_groups.push_back(std::move(g));
  }
  return absl::OkStatus();
}

absl::Status ReadSecurityGroupRules(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) VOUCH_RETURN_IF_ERROR(ReadFlatRule(item, network));
  return absl::OkStatus();
}

}  // namespace vouch::aws
