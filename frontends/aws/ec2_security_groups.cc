// describe-security-groups (IpPermissions / IpPermissionsEgress) and the flat
// describe-security-group-rules shape, both into net::SecurityGroup.
//
// A snapshot may describe a group both ways, or twice one way (two files, two pages). The
// group is then the union of its descriptions, each rule counted once: a rule is one source
// (CIDR, prefix list or referenced group) with its direction, protocol and ports, as
// describe-security-group-rules lists it. Order of reading does not matter: the permissions of
// a describe-security-groups item come first, exactly as written (so `permission N` is its
// IpPermissions index); rules known only from elsewhere follow, each with its own location.
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_limits.h"
#include "frontends/aws/ec2_readers.h"
#include "frontends/aws/ec2_rules.h"
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

}  // namespace

absl::Status ReadProtocolAndPorts(const JsonValue& item, const PermissionKeys& keys,
                                  net::IpPermission& p) {
  const std::string from_key(keys.from_port), to_key(keys.to_port);
  VOUCH_ASSIGN_OR_RETURN(JsonValue proto, item.Get(keys.protocol));
  VOUCH_ASSIGN_OR_RETURN(p.protocol, ReadProtocol(proto));
  if (p.protocol == net::kProtocolTcp || p.protocol == net::kProtocolUdp) {
    VOUCH_ASSIGN_OR_RETURN(p.from_port, ReadPortField(item, from_key, 0, 65535, "port"));
    VOUCH_ASSIGN_OR_RETURN(p.to_port, ReadPortField(item, to_key, 0, 65535, "port"));
    if (!p.from_port) return item.Error(absl::StrCat("missing `", from_key, "`"));
    if (!p.to_port) return item.Error(absl::StrCat("missing `", to_key, "`"));
    if (*p.from_port > *p.to_port) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue from, item.Get(from_key));
      return from.Error(
          absl::StrCat("`", from_key, "` ", *p.from_port, " is above `", to_key, "` ", *p.to_port));
    }
  } else if (p.protocol == net::kProtocolIcmp || p.protocol == net::kProtocolIcmpv6) {
    VOUCH_ASSIGN_OR_RETURN(p.from_port, ReadPortField(item, from_key, -1, 255, "icmp type"));
    VOUCH_ASSIGN_OR_RETURN(p.to_port, ReadPortField(item, to_key, -1, 255, "icmp code"));
    if (p.protocol == net::kProtocolIcmp && (!p.from_port || !p.to_port)) {
      return item.Error(
          absl::StrCat("icmp needs `", from_key, "` (type) and `", to_key, "` (code)"));
    }
    if (p.from_port && *p.from_port == -1 && p.to_port && *p.to_port != -1) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue to, item.Get(to_key));
      return to.Error(absl::StrCat("icmp code ", *p.to_port, " needs an icmp type, not -1"));
    }
  } else {
    // AWS ignores ports for -1 and protocols other than tcp/udp/icmp/icmpv6 (and writes -1
    // there); keep them only as written, within what a port field can hold.
    VOUCH_ASSIGN_OR_RETURN(p.from_port, ReadPortField(item, from_key, -1, 65535, "port"));
    VOUCH_ASSIGN_OR_RETURN(p.to_port, ReadPortField(item, to_key, -1, 65535, "port"));
  }
  return absl::OkStatus();
}

namespace {

absl::Status ReadRanges(const JsonValue& item, absl::string_view list_key,
                        absl::string_view cidr_key, IpFamily family, net::IpPermission& p) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, OptionalArray(item, list_key));
  for (const JsonValue& r : list) {
    VOUCH_ASSIGN_OR_RETURN(JsonValue cidr, r.Get(cidr_key));
    VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidrOf(cidr, family));
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
  VOUCH_RETURN_IF_ERROR(ReadProtocolAndPorts(item, {}, p));
  VOUCH_RETURN_IF_ERROR(ReadRanges(item, "IpRanges", "CidrIp", IpFamily::kV4, p));
  VOUCH_RETURN_IF_ERROR(ReadRanges(item, "Ipv6Ranges", "CidrIpv6", IpFamily::kV6, p));
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

// The identity of one rule, as describe-security-group-rules lists it: direction, protocol,
// the ports where AWS reads them, and one source. Descriptions and locations are not part of it.
std::string RuleKey(bool egress, const net::IpPermission& p, absl::string_view source) {
  int from = -1;
  int to = -1;
  if (p.protocol == net::kProtocolTcp || p.protocol == net::kProtocolUdp ||
      p.protocol == net::kProtocolIcmp || p.protocol == net::kProtocolIcmpv6) {
    from = p.from_port.value_or(-1);
    to = p.to_port.value_or(-1);
  }
  return absl::StrCat(egress ? "egress " : "ingress ", p.protocol, " ", from, " ", to, " ", source);
}

// Calls `f(key)` for each source of `p`, in order.
template <typename F>
void ForEachRuleKey(bool egress, const net::IpPermission& p, F f) {
  for (const net::CidrRange& r : p.ip_ranges) f(RuleKey(egress, p, r.cidr.ToString()));
  for (const net::PrefixListRef& l : p.prefix_list_ids) f(RuleKey(egress, p, l.prefix_list_id));
  for (const net::UserIdGroupPair& g : p.group_pairs) f(RuleKey(egress, p, g.group_id));
}

// `p` without the sources whose key is in `drop`.
net::IpPermission Without(bool egress, const net::IpPermission& p,
                          const absl::flat_hash_set<std::string>& drop) {
  net::IpPermission out = p;
  out.ip_ranges.clear();
  out.prefix_list_ids.clear();
  out.group_pairs.clear();
  for (const net::CidrRange& r : p.ip_ranges) {
    if (!drop.contains(RuleKey(egress, p, r.cidr.ToString()))) out.ip_ranges.push_back(r);
  }
  for (const net::PrefixListRef& l : p.prefix_list_ids) {
    if (!drop.contains(RuleKey(egress, p, l.prefix_list_id))) out.prefix_list_ids.push_back(l);
  }
  for (const net::UserIdGroupPair& g : p.group_pairs) {
    if (!drop.contains(RuleKey(egress, p, g.group_id))) out.group_pairs.push_back(g);
  }
  return out;
}

size_t SourceCount(const net::IpPermission& p) {
  return p.ip_ranges.size() + p.prefix_list_ids.size() + p.group_pairs.size();
}

}  // namespace

void RevokeRule(const net::IpPermission& rule, std::vector<net::IpPermission>& permissions) {
  // The direction is the caller's choice of list: keys of one direction compare alike.
  absl::flat_hash_set<std::string> drop;
  ForEachRuleKey(false, rule, [&](std::string key) { drop.insert(std::move(key)); });
  std::vector<net::IpPermission> kept;
  for (const net::IpPermission& p : permissions) {
    net::IpPermission rest = Without(false, p, drop);
    if (SourceCount(rest) > 0) kept.push_back(std::move(rest));
  }
  permissions = std::move(kept);
}

namespace {

// The groups of the network by id, and the rule keys of the groups touched, for one response.
class GroupMerger {
 public:
  explicit GroupMerger(net::Network& network) : network_(network) {
    for (size_t i = 0; i < network.security_groups.size(); ++i) {
      index_.emplace(network.security_groups[i].group_id, i);
    }
  }

  // Adds a describe-security-groups item: its permissions replace, as written, every rule of
  // the group that they also give; the group's other rules stay, after them.
  absl::Status AddGroup(net::SecurityGroup g, const JsonValue& at) {
    auto [it, inserted] = index_.emplace(g.group_id, network_.security_groups.size());
    if (inserted) {
      network_.security_groups.push_back(std::move(g));
    } else {
      net::SecurityGroup& old = network_.security_groups[it->second];
      keys_.erase(it->second);
      rules_.erase(it->second);
      Append(false, old.ip_permissions, g.ip_permissions);
      Append(true, old.ip_permissions_egress, g.ip_permissions_egress);
      old = std::move(g);
    }
    return CheckLimit(it->second, at);
  }

  // Adds one flat rule (one source) to group `group_id`, unless the group holds it already.
  absl::Status AddRule(const std::string& group_id, bool egress, net::IpPermission p,
                       const JsonValue& at) {
    auto [it, inserted] = index_.emplace(group_id, network_.security_groups.size());
    if (inserted) {
      network_.security_groups.push_back(net::SecurityGroup{});
      network_.security_groups.back().group_id = group_id;
      network_.security_groups.back().source = at.source();
    }
    absl::flat_hash_set<std::string>& keys = KeysOf(it->second);
    bool added = false;
    ForEachRuleKey(egress, p, [&](std::string key) { added = keys.insert(std::move(key)).second; });
    if (!added) return absl::OkStatus();
    size_t& rules = RulesOf(it->second);  // counted before the new rule joins
    net::SecurityGroup& g = network_.security_groups[it->second];
    (egress ? g.ip_permissions_egress : g.ip_permissions).push_back(std::move(p));
    ++rules;
    return CheckLimit(it->second, at);
  }

 private:
  // Appends to `into` the sources of `from` that `into` does not give.
  static void Append(bool egress, std::vector<net::IpPermission> from,
                     std::vector<net::IpPermission>& into) {
    absl::flat_hash_set<std::string> given;
    for (const net::IpPermission& p : into) {
      ForEachRuleKey(egress, p, [&](std::string key) { given.insert(std::move(key)); });
    }
    for (const net::IpPermission& p : from) {
      net::IpPermission rest = Without(egress, p, given);
      if (SourceCount(rest) > 0) into.push_back(std::move(rest));
      ForEachRuleKey(egress, rest, [&](std::string key) { given.insert(std::move(key)); });
    }
  }

  absl::flat_hash_set<std::string>& KeysOf(size_t group) {
    auto [it, inserted] = keys_.try_emplace(group);
    absl::flat_hash_set<std::string>& keys = it->second;  // lambdas cannot capture `it` in clang 14
    if (inserted) {
      const net::SecurityGroup& g = network_.security_groups[group];
      for (const net::IpPermission& p : g.ip_permissions) {
        ForEachRuleKey(false, p, [&](std::string key) { keys.insert(std::move(key)); });
      }
      for (const net::IpPermission& p : g.ip_permissions_egress) {
        ForEachRuleKey(true, p, [&](std::string key) { keys.insert(std::move(key)); });
      }
    }
    return keys;
  }

  // The group's rules as AWS counts them (sources of every permission), kept up to date.
  size_t& RulesOf(size_t group) {
    auto [it, inserted] = rules_.try_emplace(group, 0);
    if (inserted) {
      const net::SecurityGroup& g = network_.security_groups[group];
      for (const auto* list : {&g.ip_permissions, &g.ip_permissions_egress}) {
        for (const net::IpPermission& p : *list) it->second += SourceCount(p);
      }
    }
    return it->second;
  }

  absl::Status CheckLimit(size_t group, const JsonValue& at) {
    const net::SecurityGroup& g = network_.security_groups[group];
    if (RulesOf(group) <= kMaxRulesPerSecurityGroup) return absl::OkStatus();
    return at.Error(absl::StrCat("security group `", g.group_id, "` has more than ",
                                 kMaxRulesPerSecurityGroup, " rules, over the limit per group"));
  }

  net::Network& network_;
  absl::flat_hash_map<std::string, size_t> index_;
  absl::flat_hash_map<size_t, absl::flat_hash_set<std::string>> keys_;
  absl::flat_hash_map<size_t, size_t> rules_;
};

// One flat SecurityGroupRule: exactly one of CidrIpv4, CidrIpv6, PrefixListId and
// ReferencedGroupInfo, as an IpPermission with that single source.
absl::Status ReadRuleSource(const JsonValue& item, net::IpPermission& p) {
  int sources = 0;
  VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> v4, OptionalCidrOf(item, "CidrIpv4", IpFamily::kV4));
  VOUCH_ASSIGN_OR_RETURN(std::optional<Cidr> v6, OptionalCidrOf(item, "CidrIpv6", IpFamily::kV6));
  if (v4) p.ip_ranges.push_back(net::CidrRange{*v4, item.source().Child("CidrIpv4")});
  if (v6) p.ip_ranges.push_back(net::CidrRange{*v6, item.source().Child("CidrIpv6")});
  sources += static_cast<int>(p.ip_ranges.size());
  VOUCH_ASSIGN_OR_RETURN(std::string pl, OptionalString(item, "PrefixListId"));
  if (!pl.empty()) {
    p.prefix_list_ids.push_back(net::PrefixListRef{pl, item.source().Child("PrefixListId")});
    ++sources;
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> ref, OptionalObject(item, "ReferencedGroupInfo"));
  if (ref) {
    VOUCH_ASSIGN_OR_RETURN(net::UserIdGroupPair pair, ReadGroupPair(*ref));
    p.group_pairs.push_back(std::move(pair));
    ++sources;
  }
  if (sources != 1) {
    return item.Error(absl::StrCat(
        sources == 0 ? "missing" : "more than one of",
        " `CidrIpv4`, `CidrIpv6`, `PrefixListId` or `ReferencedGroupInfo` (a rule has one source)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadSecurityGroups(const JsonValue& items, net::Network& network) {
  GroupMerger merger(network);
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
    VOUCH_RETURN_IF_ERROR(merger.AddGroup(std::move(g), item));
  }
  return absl::OkStatus();
}

absl::Status ReadSecurityGroupRules(const JsonValue& items, net::Network& network) {
  GroupMerger merger(network);
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    net::IpPermission p;
    p.source = item.source();
    VOUCH_ASSIGN_OR_RETURN(std::string group_id, RequiredString(item, "GroupId"));
    VOUCH_ASSIGN_OR_RETURN(JsonValue is_egress, item.Get("IsEgress"));
    VOUCH_ASSIGN_OR_RETURN(bool egress, is_egress.GetBoolLenient());
    VOUCH_RETURN_IF_ERROR(ReadProtocolAndPorts(item, {}, p));
    VOUCH_RETURN_IF_ERROR(ReadRuleSource(item, p));
    VOUCH_RETURN_IF_ERROR(merger.AddRule(group_id, egress, std::move(p), item));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
