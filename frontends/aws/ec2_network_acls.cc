// describe-network-acls: ordered entries with their checks, and subnet associations.
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_limits.h"
#include "frontends/aws/ec2_readers.h"
#include "frontends/aws/ec2_rules.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

constexpr int kMaxRuleNumber = 32766;
constexpr int kDefaultRuleV4 = 32767;
constexpr int kDefaultRuleV6 = 32768;

absl::Status ReadPortsAndIcmp(const JsonValue& item, net::NetworkAclEntry& e) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> range, item.Find("PortRange"));
  if (range && !range->IsNull()) {
    net::NetworkAclPortRange r;
    VOUCH_ASSIGN_OR_RETURN(r.from, ReadBounded(*range, "From", 0, 65535));
    VOUCH_ASSIGN_OR_RETURN(r.to, ReadBounded(*range, "To", 0, 65535));
    if (r.from > r.to) {
      return range->Error(absl::StrCat("`From` ", r.from, " is above `To` ", r.to));
    }
    e.port_range = r;
  }
  if ((e.protocol == net::kProtocolTcp || e.protocol == net::kProtocolUdp) && !e.port_range) {
    return item.Error("missing `PortRange` for a tcp or udp entry");
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> icmp, item.Find("IcmpTypeCode"));
  if (icmp && !icmp->IsNull()) {
    net::IcmpTypeCode tc;
    VOUCH_ASSIGN_OR_RETURN(tc.type, ReadBounded(*icmp, "Type", -1, 255));
    VOUCH_ASSIGN_OR_RETURN(tc.code, ReadBounded(*icmp, "Code", -1, 255));
    e.icmp_type_code = tc;
  }
  if ((e.protocol == net::kProtocolIcmp || e.protocol == net::kProtocolIcmpv6) && !e.icmp_type_code) {
    return item.Error("missing `IcmpTypeCode` for an icmp entry");
  }
  return absl::OkStatus();
}

absl::StatusOr<net::NetworkAclEntry> ReadEntry(const JsonValue& item) {
  net::NetworkAclEntry e;
  e.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(JsonValue egress, item.Get("Egress"));
  VOUCH_ASSIGN_OR_RETURN(e.egress, egress.GetBoolLenient());
  VOUCH_RETURN_IF_ERROR(ReadAclEntryCore(item, {}, e));
  VOUCH_RETURN_IF_ERROR(ReadPortsAndIcmp(item, e));
  return e;
}

absl::StatusOr<net::NetworkAcl> ReadAcl(const JsonValue& item) {
  net::NetworkAcl acl;
  acl.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(acl.network_acl_id, RequiredString(item, "NetworkAclId"));
  VOUCH_ASSIGN_OR_RETURN(acl.vpc_id, RequiredString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(acl.name, NameTag(item));
  VOUCH_ASSIGN_OR_RETURN(acl.is_default, OptionalBool(item, "IsDefault", false));
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> entries, OptionalArray(item, "Entries"));
  if (entries.size() > kMaxEntriesPerNetworkAcl) {
    VOUCH_ASSIGN_OR_RETURN(JsonValue list, item.Get("Entries"));
    return list.Error(absl::StrCat("network ACL `", acl.network_acl_id, "` has ", entries.size(),
                                   " entries, over the limit of ", kMaxEntriesPerNetworkAcl,
                                   " per ACL"));
  }
  std::set<std::tuple<bool, IpFamily, int>> seen;
  for (const JsonValue& e : entries) {
    VOUCH_ASSIGN_OR_RETURN(net::NetworkAclEntry entry, ReadEntry(e));
    auto key = std::make_tuple(entry.egress, entry.cidr_block.address.family, entry.rule_number);
    if (!seen.insert(key).second) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue number, e.Get("RuleNumber"));
      return number.Error(absl::StrCat(
          "duplicate `RuleNumber` ", entry.rule_number, " among the ",
          entry.egress ? "egress " : "ingress ",
          entry.cidr_block.address.family == IpFamily::kV4 ? "IPv4" : "IPv6", " entries"));
    }
    acl.entries.push_back(std::move(entry));
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> assocs, OptionalArray(item, "Associations"));
  for (const JsonValue& a : assocs) {
    net::NetworkAclAssociation assoc;
    VOUCH_ASSIGN_OR_RETURN(assoc.subnet_id, RequiredString(a, "SubnetId"));
    VOUCH_ASSIGN_OR_RETURN(assoc.association_id, OptionalString(a, "NetworkAclAssociationId"));
    acl.associations.push_back(std::move(assoc));
  }
  return acl;
}

}  // namespace

absl::StatusOr<int> ReadBounded(const JsonValue& object, absl::string_view key, int min, int max) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue v, object.Get(key));
  VOUCH_ASSIGN_OR_RETURN(int64_t n, v.GetIntLenient());
  if (n < min || n > max) {
    return v.Error(absl::StrCat("`", key, "` ", n, " is out of range ", min, " to ", max));
  }
  return static_cast<int>(n);
}

absl::Status ReadAclEntryCore(const JsonValue& item, const AclEntryKeys& keys,
                              net::NetworkAclEntry& e) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue number, item.Get(keys.rule_number));
  VOUCH_ASSIGN_OR_RETURN(int64_t n, number.GetIntLenient());
  auto out_of_range = [&] {
    return number.Error(
        absl::StrCat("`", keys.rule_number, "` ", n, " is out of range 1 to ", kMaxRuleNumber));
  };
  if (n < 1 || n > kDefaultRuleV6) return out_of_range();
  e.rule_number = static_cast<int>(n);
  VOUCH_ASSIGN_OR_RETURN(JsonValue action, item.Get(keys.action));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view action_text, action.GetString());
  if (action_text == "allow") {
    e.rule_action = net::RuleAction::kAllow;
  } else if (action_text == "deny") {
    e.rule_action = net::RuleAction::kDeny;
  } else {
    return action.Error(absl::StrCat("unknown rule action `", action_text, "`"));
  }
  VOUCH_ASSIGN_OR_RETURN(JsonValue protocol, item.Get(keys.protocol));
  VOUCH_ASSIGN_OR_RETURN(e.protocol, ReadProtocol(protocol));
  auto block = [&](absl::string_view key, IpFamily family) -> absl::StatusOr<std::optional<Cidr>> {
    if (keys.empty_block_is_absent) {
      VOUCH_ASSIGN_OR_RETURN(std::string text, OptionalString(item, key));
      if (text.empty()) return std::optional<Cidr>();
    }
    return OptionalCidrOf(item, key, family);
  };
  VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> v4, block(keys.cidr_block, IpFamily::kV4));
  VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> v6, block(keys.ipv6_cidr_block, IpFamily::kV6));
  if (!v4 && !v6) {
    return item.Error(
        absl::StrCat("missing `", keys.cidr_block, "` or `", keys.ipv6_cidr_block, "`"));
  }
  if (v4 && v6) {
    return item.Error(absl::StrCat("both `", keys.cidr_block, "` and `", keys.ipv6_cidr_block,
                                   "` (an entry has one)"));
  }
  e.cidr_block = v4 ? *v4 : *v6;
  // The reserved numbers are the `*` entries: 32767 for IPv4, 32768 for IPv6, deny only.
  bool reserved = e.rule_number > kMaxRuleNumber;
  int expected = e.cidr_block.address.family == IpFamily::kV4 ? kDefaultRuleV4 : kDefaultRuleV6;
  if (reserved && (e.rule_number != expected || e.rule_action != net::RuleAction::kDeny)) {
    return out_of_range();
  }
  return absl::OkStatus();
}

absl::Status ReadNetworkAcls(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(net::NetworkAcl acl, ReadAcl(item));
    network.network_acls.push_back(std::move(acl));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
