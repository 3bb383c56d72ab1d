// A Terraform plan applied to a VPC network (see plan_network.h).
//
// Four stages over the plan's changes: unmodelled resources that change the network are refused
// first; then security groups and network ACLs (entities); then standalone rules and entries
// (removals of every `before`, then additions of every `after`); then a check that no interface
// or rule still names a group the plan deletes. Rule values are read by frontends/aws/ec2_rules.h,
// the describe-* readers' own checks; references come from plan_values.h.
#include "frontends/terraform/plan_network.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_rules.h"
#include "frontends/terraform/plan_values.h"
#include "models/base/status_macros.h"

namespace vouch::terraform {
namespace {

using aws::JsonValue;

enum class Stage { kIgnored, kGroup, kAcl, kGroupRule, kAclRule, kInstanceGroups, kUnmodelled };

// AWS resources that change what can reach what, and that vouch does not apply.
constexpr absl::string_view kUnmodelled[] = {"aws_instance",
                                             "aws_spot_instance_request",
                                             "aws_network_interface",
                                             "aws_network_interface_attachment",
                                             "aws_network_interface_sg_attachment",
                                             "aws_eip",
                                             "aws_eip_association",
                                             "aws_route_table",
                                             "aws_route",
                                             "aws_route_table_association",
                                             "aws_main_route_table_association",
                                             "aws_default_route_table",
                                             "aws_internet_gateway",
                                             "aws_internet_gateway_attachment",
                                             "aws_egress_only_internet_gateway",
                                             "aws_nat_gateway",
                                             "aws_subnet",
                                             "aws_default_subnet",
                                             "aws_vpc",
                                             "aws_default_vpc",
                                             "aws_vpc_ipv4_cidr_block_association",
                                             "aws_vpc_ipv6_cidr_block_association",
                                             "aws_vpc_peering_connection",
                                             "aws_vpc_peering_connection_accepter",
                                             "aws_vpc_peering_connection_options",
                                             "aws_ec2_managed_prefix_list",
                                             "aws_ec2_managed_prefix_list_entry",
                                             "aws_network_acl_association",
                                             "aws_default_network_acl",
                                             "aws_vpc_endpoint",
                                             "aws_vpn_gateway_attachment",
                                             "aws_ec2_transit_gateway_vpc_attachment"};

// Attributes of a resource that places something in a VPC (aws_lb, aws_db_instance, ...).
constexpr absl::string_view kPlacement[] = {"subnet_id",
                                            "subnet_ids",
                                            "subnets",
                                            "subnet_mapping",
                                            "vpc_security_group_ids",
                                            "security_groups",
                                            "vpc_config",
                                            "network_interface",
                                            "network_configuration"};

bool HasMember(const std::optional<JsonValue>& values, absl::string_view key) {
  if (!values) return false;
  absl::StatusOr<std::optional<JsonValue>> v = values->Find(key);
  return v.ok() && *v && !(*v)->IsNull();
}

// The minified text of `values`' member `key`, or "" when absent.
std::string MemberText(const std::optional<JsonValue>& values, absl::string_view key) {
  if (!values) return "";
  absl::StatusOr<std::optional<JsonValue>> v = values->Find(key);
  if (!v.ok() || !*v) return "";
  return std::string(simdjson::minify((*v)->raw()));
}

// Whether an update changes nothing but `allowed` (every other value known and alike on both
// sides).
bool OnlyChanges(const ResourceChange& c, std::initializer_list<absl::string_view> allowed) {
  if (c.kind != ChangeKind::kUpdate || !c.before || !c.after) return false;
  auto free = [&](absl::string_view key) {
    return std::find(allowed.begin(), allowed.end(), key) != allowed.end();
  };
  bool same = true;
  for (const JsonValue* side : {&*c.before, &*c.after}) {
    (void)side->ForEachMember([&](absl::string_view key, const JsonValue&) {
      same = same && (free(key) || MemberText(c.before, key) == MemberText(c.after, key));
      return absl::OkStatus();
    });
  }
  if (c.after_unknown) {
    (void)c.after_unknown->ForEachMember([&](absl::string_view key, const JsonValue& v) {
      absl::StatusOr<bool> b = v.GetBool();
      same = same && (free(key) || (b.ok() && !*b));
      return absl::OkStatus();
    });
  }
  return same;
}

Stage StageOf(const ResourceChange& c) {
  const std::string& t = c.type;
  if (t == "aws_security_group" || t == "aws_default_security_group") return Stage::kGroup;
  if (t == "aws_network_acl" || t == "aws_default_network_acl") return Stage::kAcl;
  if (t == "aws_security_group_rule" || t == "aws_vpc_security_group_ingress_rule" ||
      t == "aws_vpc_security_group_egress_rule") {
    return Stage::kGroupRule;
  }
  if (t == "aws_network_acl_rule" || t == "aws_network_acl_association") return Stage::kAclRule;
  if (t == "aws_instance" && !OnlyChanges(c, {"tags", "tags_all"}) &&
      OnlyChanges(c, {"tags", "tags_all", "vpc_security_group_ids"})) {
    return Stage::kInstanceGroups;
  }
  if (!absl::StartsWith(t, "aws_") || absl::StartsWith(t, "aws_iam_") ||
      OnlyChanges(c, {"tags", "tags_all"})) {
    return Stage::kIgnored;
  }
  for (absl::string_view u : kUnmodelled) {
    if (t == u) return Stage::kUnmodelled;
  }
  for (absl::string_view key : kPlacement) {
    if (HasMember(c.before, key) || HasMember(c.after, key)) return Stage::kUnmodelled;
  }
  return Stage::kIgnored;
}

SourceRef AfterRef(const ResourceChange& c) { return c.source.Child("change").Child("after"); }

class Overlay {
 public:
  Overlay(const PlanValues& plan, net::Network& network) : plan_(plan), network_(network) {}

  absl::Status ApplyGroup(const ResourceChange& c);
  absl::Status ApplyAcl(const ResourceChange& c);
  // Standalone rules and entries: `add` true applies c's after, false takes away its before.
  absl::Status ApplyGroupRule(const ResourceChange& c, bool add);
  absl::Status ApplyAclRule(const ResourceChange& c, bool add);
  absl::Status ApplyAclAssociation(const ResourceChange& c, bool add);
  // An existing instance's vpc_security_group_ids: the groups of its primary interface.
  absl::Status ApplyInstanceGroups(const ResourceChange& c);
  absl::Status Check() const;
  // Unimplemented when a standalone rule and a group's or ACL's inline blocks both set the rules
  // of one direction, and the plan changes either (see the definition).
  absl::Status CheckRuleOwners() const;

 private:
  net::SecurityGroup* FindGroup(absl::string_view id);
  net::NetworkAcl* FindAcl(absl::string_view id);
  // The string `attr` of c's after (resolved) or before; nullopt when absent, null or "".
  absl::StatusOr<std::optional<Text>> String(const ResourceChange& c, bool add,
                                             absl::string_view attr) const;
  // The Unimplemented error when c's after leaves any of `attrs` unknown.
  absl::Status RequireKnown(const ResourceChange& c,
                            std::initializer_list<absl::string_view> attrs) const;
  // Whether c manages its inline `attr` blocks (configured; without a configuration, listed).
  bool Manages(const ResourceChange& c, absl::string_view attr) const;
  // The id of the group or ACL c creates: known, else its address.
  absl::StatusOr<std::string> NewId(const ResourceChange& c) const;
  // Inline blocks of c's after: security group rules and ACL entries.
  absl::Status ReadGroupBlocks(const ResourceChange& c, absl::string_view attr,
                               const std::string& self_id,
                               std::vector<net::IpPermission>& out) const;
  absl::Status ReadAclBlocks(const ResourceChange& c, absl::string_view attr, bool egress,
                             std::vector<net::NetworkAclEntry>& out) const;

  const PlanValues& plan_;
  net::Network& network_;
  std::map<std::string, const ResourceChange*> deleted_groups_;  // group id -> its deletion
};

net::SecurityGroup* Overlay::FindGroup(absl::string_view id) {
  for (net::SecurityGroup& g : network_.security_groups) {
    if (g.group_id == id) return &g;
  }
  return nullptr;
}

net::NetworkAcl* Overlay::FindAcl(absl::string_view id) {
  for (net::NetworkAcl& a : network_.network_acls) {
    if (a.network_acl_id == id) return &a;
  }
  return nullptr;
}

absl::StatusOr<std::optional<Text>> Overlay::String(const ResourceChange& c, bool add,
                                                    absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> t,
                         add ? plan_.AfterString(c, attr) : plan_.BeforeString(c, attr));
  if (t && t->value.empty()) return std::optional<Text>();
  return t;
}

absl::Status Overlay::RequireKnown(const ResourceChange& c,
                                   std::initializer_list<absl::string_view> attrs) const {
  for (absl::string_view attr : attrs) {
    if (plan_.Unknown(c, attr)) return plan_.UnknownError(c, attr);
  }
  return absl::OkStatus();
}

bool Overlay::Manages(const ResourceChange& c, absl::string_view attr) const {
  if (std::optional<bool> configured = plan_.Configured(c, attr)) return *configured;
  // No configuration: a list in `after`, even with parts unknown, is what the group will hold;
  // one unknown as a whole is the provider's to compute from other resources.
  absl::StatusOr<std::optional<JsonValue>> v = c.after->Find(attr);
  return v.ok() && *v && (*v)->IsArray();
}

absl::StatusOr<std::string> Overlay::NewId(const ResourceChange& c) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> id, plan_.AttributeOf(c, "id"));
  return id ? id->value : c.address;
}

// Whether `unknown`, the after_unknown of inline rule blocks, marks nothing but entries of their
// `security_groups` lists (`[{"security_groups": [true]}]`), not a block or a list as a whole.
bool OnlyGroupIdsUnknown(const JsonValue& unknown) {
  if (!unknown.IsArray()) return false;
  bool only = true;
  (void)unknown.ForEachElement([&](const JsonValue& block) {
    if (!block.IsObject()) {
      only = only && !AnyUnknown(block);
      return absl::OkStatus();
    }
    return block.ForEachMember([&](absl::string_view key, const JsonValue& v) {
      if (key == "security_groups") {
        only = only && v.IsArray();
        (void)v.ForEachElement([&](const JsonValue& e) {
          only = only && !e.IsArray() && !e.IsObject();
          return absl::OkStatus();
        });
      } else {
        only = only && !AnyUnknown(v);
      }
      return absl::OkStatus();
    });
  });
  return only;
}

// One inline block of aws_security_group: its protocol, ports and every source. An entry of
// `security_groups` known only after apply (null) is `new_group`'s id when given (the one group
// of the plan, new, that the blocks' expression names), else an error.
absl::StatusOr<net::IpPermission> ReadGroupBlock(const JsonValue& block, const std::string& self_id,
                                                 const Text* new_group) {
  net::IpPermission p;
  p.source = block.source();
  VOUCH_RETURN_IF_ERROR(aws::ReadProtocolAndPorts(block, {"protocol", "from_port", "to_port"}, p));
  for (auto [key, family] :
       {std::pair{"cidr_blocks", IpFamily::kV4}, std::pair{"ipv6_cidr_blocks", IpFamily::kV6}}) {
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, aws::OptionalArray(block, key));
    for (const JsonValue& e : list) {
      VOUCH_ASSIGN_OR_RETURN(Cidr cidr, aws::ReadCidrOf(e, family));
      p.ip_ranges.push_back(net::CidrRange{cidr, e.source()});
    }
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> lists,
                         aws::OptionalArray(block, "prefix_list_ids"));
  for (const JsonValue& e : lists) {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view id, e.GetString());
    p.prefix_list_ids.push_back(net::PrefixListRef{std::string(id), e.source()});
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> groups,
                         aws::OptionalArray(block, "security_groups"));
  for (const JsonValue& e : groups) {
    if (e.IsNull() && new_group != nullptr) {
      p.group_pairs.push_back(net::UserIdGroupPair{new_group->value, "", "", e.source()});
      continue;
    }
    VOUCH_ASSIGN_OR_RETURN(absl::string_view id, e.GetString());
    p.group_pairs.push_back(net::UserIdGroupPair{std::string(id), "", "", e.source()});
  }
  VOUCH_ASSIGN_OR_RETURN(bool self, aws::OptionalBool(block, "self", false));
  if (self)
    p.group_pairs.push_back(net::UserIdGroupPair{self_id, "", "", block.source().Child("self")});
  return p;
}

absl::Status Overlay::ReadGroupBlocks(const ResourceChange& c, absl::string_view attr,
                                      const std::string& self_id,
                                      std::vector<net::IpPermission>& out) const {
  // A block may name a group the plan creates (`security_groups = [aws_security_group.lb.id]`),
  // whose id is known only after apply: resolved when nothing else of the blocks is unknown and
  // their expression names one such group and nothing that could hide another unknown value.
  // The expression covers all the blocks of `attr` at once, so with two new groups named, which
  // block names which is not told, and the blocks stay unknown.
  std::optional<Text> new_group;
  if (plan_.Unknown(c, attr)) {
    absl::StatusOr<std::optional<JsonValue>> unknown = c.after_unknown->Find(attr);
    if (!unknown.ok() || !*unknown || !OnlyGroupIdsUnknown(**unknown)) {
      return plan_.UnknownError(c, attr);
    }
    VOUCH_ASSIGN_OR_RETURN(std::optional<std::vector<Text>> groups,
                           plan_.NewGroupsReferenced(c, attr));
    if (!groups || groups->size() != 1) return plan_.UnknownError(c, attr);
    new_group = (*groups)[0];
  }
  out.clear();
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> blocks, aws::OptionalArray(*c.after, attr));
  for (const JsonValue& block : blocks) {
    VOUCH_ASSIGN_OR_RETURN(net::IpPermission p,
                           ReadGroupBlock(block, self_id, new_group ? &*new_group : nullptr));
    out.push_back(std::move(p));
  }
  return absl::OkStatus();
}

absl::Status Overlay::ApplyGroup(const ResourceChange& c) {
  bool is_default = c.type == "aws_default_security_group";
  net::SecurityGroup* g = nullptr;
  if (is_default) {
    // Terraform adopts the VPC's default group: create and update both set its rules; delete
    // only forgets it.
    if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> vpc, String(c, true, "vpc_id"));
    int found = 0;
    for (net::SecurityGroup& sg : network_.security_groups) {
      if (sg.group_name != "default" || (vpc && sg.vpc_id != vpc->value)) continue;
      g = &sg;
      ++found;
    }
    if (found > 1) {  // no vpc_id: the provider's default VPC, which the snapshot does not tell
      return UnsupportedError(AfterRef(c), absl::StrCat("`", c.address,
                                                        "` names no `vpc_id`, and the snapshot "
                                                        "holds several default security groups"));
    }
    if (g == nullptr) {
      return InputError(AfterRef(c),
                        absl::StrCat("`", c.address,
                                     "` adopts the default security "
                                     "group of `",
                                     vpc ? vpc->value : "", "`, which the snapshot does not hold"));
    }
  } else if (c.kind != ChangeKind::kCreate) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> id, String(c, false, "id"));
    if (!id) return InputError(c.source.Child("change").Child("before"), "missing `id`");
    if (c.kind == ChangeKind::kUpdate) {
      g = FindGroup(id->value);
      if (g == nullptr) {
        return InputError(id->at, absl::StrCat("`", c.address, "` updates security group `",
                                               id->value, "`, which the snapshot does not hold"));
      }
    } else {
      std::erase_if(network_.security_groups,
                    [&](const net::SecurityGroup& sg) { return sg.group_id == id->value; });
      deleted_groups_[id->value] = &c;
      if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
    }
  }
  if (g == nullptr) {
    net::SecurityGroup fresh;
    VOUCH_ASSIGN_OR_RETURN(fresh.group_id, NewId(c));
    deleted_groups_.erase(fresh.group_id);
    network_.security_groups.push_back(std::move(fresh));
    g = &network_.security_groups.back();
  }
  g->source = AfterRef(c);
  if (!is_default) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> name, String(c, true, "name"));
    g->group_name = name ? name->value : c.address;
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> vpc, String(c, true, "vpc_id"));
    if (vpc) g->vpc_id = vpc->value;
  }
  // A new group starts with no rule (the provider removes AWS's default egress rule); inline
  // blocks, when the configuration manages them, are all the rules of their direction.
  bool fresh = c.kind == ChangeKind::kCreate || c.kind == ChangeKind::kReplace;
  for (bool egress : {false, true}) {
    absl::string_view attr = egress ? "egress" : "ingress";
    std::vector<net::IpPermission>& list = egress ? g->ip_permissions_egress : g->ip_permissions;
    if (is_default || Manages(c, attr)) {
      VOUCH_RETURN_IF_ERROR(ReadGroupBlocks(c, attr, g->group_id, list));
    } else if (fresh) {
      list.clear();
    }
  }
  return absl::OkStatus();
}

// Ports or ICMP type and code of a Terraform ACL entry (flat from_port, to_port, icmp_type,
// icmp_code), counted where AWS counts them.
absl::Status ReadAclPorts(const JsonValue& values, net::NetworkAclEntry& e) {
  if (e.protocol == net::kProtocolTcp || e.protocol == net::kProtocolUdp) {
    net::NetworkAclPortRange r;
    VOUCH_ASSIGN_OR_RETURN(r.from, aws::ReadBounded(values, "from_port", 0, 65535));
    VOUCH_ASSIGN_OR_RETURN(r.to, aws::ReadBounded(values, "to_port", 0, 65535));
    if (r.from > r.to) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue from, values.Get("from_port"));
      return from.Error(absl::StrCat("`from_port` ", r.from, " is above `to_port` ", r.to));
    }
    e.port_range = r;
  } else if (e.protocol == net::kProtocolIcmp || e.protocol == net::kProtocolIcmpv6) {
    net::IcmpTypeCode tc;
    VOUCH_ASSIGN_OR_RETURN(tc.type, aws::ReadBounded(values, "icmp_type", -1, 255));
    VOUCH_ASSIGN_OR_RETURN(tc.code, aws::ReadBounded(values, "icmp_code", -1, 255));
    e.icmp_type_code = tc;
  }
  return absl::OkStatus();
}

constexpr aws::AclEntryKeys kInlineEntry = {"rule_no",    "action",          "protocol",
                                            "cidr_block", "ipv6_cidr_block", true};
constexpr aws::AclEntryKeys kRuleEntry = {"rule_number", "rule_action",     "protocol",
                                          "cidr_block",  "ipv6_cidr_block", true};

absl::Status Overlay::ReadAclBlocks(const ResourceChange& c, absl::string_view attr, bool egress,
                                    std::vector<net::NetworkAclEntry>& out) const {
  VOUCH_RETURN_IF_ERROR(RequireKnown(c, {attr}));
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> blocks, aws::OptionalArray(*c.after, attr));
  for (const JsonValue& block : blocks) {
    net::NetworkAclEntry e;
    e.source = block.source();
    e.egress = egress;
    VOUCH_RETURN_IF_ERROR(aws::ReadAclEntryCore(block, kInlineEntry, e));
    VOUCH_RETURN_IF_ERROR(ReadAclPorts(block, e));
    out.push_back(std::move(e));
  }
  return absl::OkStatus();
}

// The error for a second entry of one number, direction and family in an ACL.
absl::Status CheckUnique(const net::NetworkAcl& acl, const net::NetworkAclEntry& e,
                         const ResourceChange& c) {
  for (const net::NetworkAclEntry& other : acl.entries) {
    if (&other == &e || other.egress != e.egress || other.rule_number != e.rule_number ||
        other.cidr_block.address.family != e.cidr_block.address.family) {
      continue;
    }
    return InputError(e.source,
                      absl::StrCat("`", c.address, "` gives network ACL `", acl.network_acl_id,
                                   "` a second ", e.egress ? "egress " : "ingress ",
                                   e.cidr_block.address.family == IpFamily::kV4 ? "IPv4" : "IPv6",
                                   " entry numbered ", e.rule_number));
  }
  return absl::OkStatus();
}

absl::Status Overlay::ApplyAcl(const ResourceChange& c) {
  bool is_default = c.type == "aws_default_network_acl";
  net::NetworkAcl* acl = nullptr;
  if (is_default) {
    // Terraform adopts the VPC's default ACL: create and update both set its entries; delete
    // only forgets it.
    if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
    VOUCH_ASSIGN_OR_RETURN(Text id, plan_.RequiredAfterString(c, "default_network_acl_id"));
    acl = FindAcl(id.value);
    if (acl == nullptr) {
      return InputError(id.at, absl::StrCat("`", c.address, "` adopts network ACL `", id.value,
                                            "`, which the snapshot does not hold"));
    }
  } else if (c.kind != ChangeKind::kCreate) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> id, String(c, false, "id"));
    if (!id) return InputError(c.source.Child("change").Child("before"), "missing `id`");
    if (c.kind == ChangeKind::kUpdate) {
      acl = FindAcl(id->value);
      if (acl == nullptr) {
        return InputError(id->at, absl::StrCat("`", c.address, "` updates network ACL `", id->value,
                                               "`, which the snapshot does not hold"));
      }
    } else {  // its subnets fall back to the VPC's default ACL
      std::erase_if(network_.network_acls,
                    [&](const net::NetworkAcl& a) { return a.network_acl_id == id->value; });
      if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
    }
  }
  if (acl == nullptr) {
    net::NetworkAcl fresh;
    VOUCH_ASSIGN_OR_RETURN(fresh.network_acl_id, NewId(c));
    VOUCH_ASSIGN_OR_RETURN(Text vpc, plan_.RequiredAfterString(c, "vpc_id"));
    fresh.vpc_id = vpc.value;
    fresh.source = AfterRef(c);
    for (bool egress : {false, true}) {  // AWS's `*` entries
      fresh.entries.push_back(net::NetworkAclEntry{32767, egress, net::RuleAction::kDeny, -1,
                                                   *ParseCidr("0.0.0.0/0"), std::nullopt,
                                                   std::nullopt, AfterRef(c)});
    }
    network_.network_acls.push_back(std::move(fresh));
    acl = &network_.network_acls.back();
  }
  for (bool egress : {false, true}) {
    absl::string_view attr = egress ? "egress" : "ingress";
    if (!is_default && !Manages(c, attr)) continue;
    std::erase_if(acl->entries, [&](const net::NetworkAclEntry& e) {
      return e.egress == egress && e.rule_number <= 32766;
    });
    std::vector<net::NetworkAclEntry> entries;
    VOUCH_RETURN_IF_ERROR(ReadAclBlocks(c, attr, egress, entries));
    for (net::NetworkAclEntry& e : entries) {
      acl->entries.push_back(std::move(e));
      VOUCH_RETURN_IF_ERROR(CheckUnique(*acl, acl->entries.back(), c));
    }
  }
  if (plan_.Unknown(c, "subnet_ids")) return plan_.UnknownError(c, "subnet_ids");
  if (!Manages(c, "subnet_ids")) return absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> subnets, plan_.AfterStrings(c, "subnet_ids"));
  for (net::NetworkAcl& other : network_.network_acls) {
    std::erase_if(other.associations, [&](const net::NetworkAclAssociation& a) {
      return std::find(subnets.begin(), subnets.end(), a.subnet_id) != subnets.end();
    });
  }
  acl->associations.clear();
  for (const std::string& s : subnets) acl->associations.push_back({s, ""});
  return absl::OkStatus();
}

// The sources of an aws_security_group_rule: every list, the source group, and self.
absl::Status ReadRuleSources(const ResourceChange& c, const JsonValue& values,
                             const std::optional<Text>& source_group, const std::string& self_id,
                             net::IpPermission& p) {
  VOUCH_ASSIGN_OR_RETURN(net::IpPermission lists, ReadGroupBlock(values, self_id, nullptr));
  p.ip_ranges = std::move(lists.ip_ranges);
  p.prefix_list_ids = std::move(lists.prefix_list_ids);
  p.group_pairs = std::move(lists.group_pairs);
  if (source_group) {
    p.group_pairs.push_back(net::UserIdGroupPair{source_group->value, "", "", source_group->at});
  }
  if (!p.ip_ranges.empty() || !p.prefix_list_ids.empty() || !p.group_pairs.empty()) {
    return absl::OkStatus();
  }
  return values.Error(absl::StrCat("`", c.address,
                                   "` has no source (`cidr_blocks`, `ipv6_cidr_blocks`, "
                                   "`prefix_list_ids`, `source_security_group_id` or `self`)"));
}

// The one source of an aws_vpc_security_group_{ingress,egress}_rule.
absl::Status ReadOneSource(const ResourceChange& c, const JsonValue& values,
                           const std::optional<Text>& referenced, net::IpPermission& p) {
  for (auto [key, family] :
       {std::pair{"cidr_ipv4", IpFamily::kV4}, std::pair{"cidr_ipv6", IpFamily::kV6}}) {
    VOUCH_ASSIGN_OR_RETURN(std::string text, aws::OptionalString(values, key));
    if (text.empty()) continue;
    VOUCH_ASSIGN_OR_RETURN(JsonValue v, values.Get(key));
    VOUCH_ASSIGN_OR_RETURN(Cidr cidr, aws::ReadCidrOf(v, family));
    p.ip_ranges.push_back(net::CidrRange{cidr, v.source()});
  }
  VOUCH_ASSIGN_OR_RETURN(std::string list, aws::OptionalString(values, "prefix_list_id"));
  if (!list.empty()) {
    p.prefix_list_ids.push_back(net::PrefixListRef{list, values.source().Child("prefix_list_id")});
  }
  if (referenced) {
    p.group_pairs.push_back(net::UserIdGroupPair{referenced->value, "", "", referenced->at});
  }
  if (p.ip_ranges.size() + p.prefix_list_ids.size() + p.group_pairs.size() == 1) {
    return absl::OkStatus();
  }
  return values.Error(absl::StrCat("`", c.address,
                                   "` needs exactly one of `cidr_ipv4`, `cidr_ipv6`, "
                                   "`prefix_list_id` or `referenced_security_group_id`"));
}

// Whether the standalone security group rule `c` (its values `values`) is an egress rule: by its
// type, or for aws_security_group_rule by its `type`.
absl::StatusOr<bool> GroupRuleEgress(const ResourceChange& c, const JsonValue& values) {
  if (c.type != "aws_security_group_rule") return c.type == "aws_vpc_security_group_egress_rule";
  VOUCH_ASSIGN_OR_RETURN(JsonValue type, values.Get("type"));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view t, type.GetString());
  if (t != "ingress" && t != "egress") {
    return type.Error(absl::StrCat("unknown rule type `", t, "` (expected ingress or egress)"));
  }
  return t == "egress";
}

absl::Status Overlay::ApplyGroupRule(const ResourceChange& c, bool add) {
  if ((add && !c.after) || (!add && !c.before)) return absl::OkStatus();
  const JsonValue& values = add ? *c.after : *c.before;
  bool legacy = c.type == "aws_security_group_rule";
  if (add) {
    VOUCH_RETURN_IF_ERROR(
        RequireKnown(c, {"type", "protocol", "ip_protocol", "from_port", "to_port", "cidr_blocks",
                         "ipv6_cidr_blocks", "prefix_list_ids", "self", "cidr_ipv4", "cidr_ipv6",
                         "prefix_list_id"}));
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> group_id, String(c, add, "security_group_id"));
  if (!group_id) return values.Error("missing `security_group_id`");
  VOUCH_ASSIGN_OR_RETURN(bool egress, GroupRuleEgress(c, values));
  net::IpPermission p;
  p.source = values.source();
  VOUCH_RETURN_IF_ERROR(aws::ReadProtocolAndPorts(
      values, {legacy ? "protocol" : "ip_protocol", "from_port", "to_port"}, p));
  VOUCH_ASSIGN_OR_RETURN(
      std::optional<Text> other,
      String(c, add, legacy ? "source_security_group_id" : "referenced_security_group_id"));
  if (legacy) {
    VOUCH_RETURN_IF_ERROR(ReadRuleSources(c, values, other, group_id->value, p));
  } else {
    VOUCH_RETURN_IF_ERROR(ReadOneSource(c, values, other, p));
  }
  net::SecurityGroup* g = FindGroup(group_id->value);
  if (g == nullptr) {
    if (!add) return absl::OkStatus();  // the group went with it
    return InputError(group_id->at,
                      absl::StrCat("`", c.address, "` names security group `", group_id->value,
                                   "`, which neither the snapshot nor the plan holds"));
  }
  std::vector<net::IpPermission>& list = egress ? g->ip_permissions_egress : g->ip_permissions;
  if (add) {
    list.push_back(std::move(p));
  } else {
    aws::RevokeRule(p, list);
  }
  return absl::OkStatus();
}

absl::Status Overlay::ApplyAclAssociation(const ResourceChange& c, bool add) {
  if ((add && !c.after) || (!add && !c.before)) return absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> acl_id, String(c, add, "network_acl_id"));
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> subnet, String(c, add, "subnet_id"));
  if (!acl_id || !subnet) {
    if (!add) return absl::OkStatus();
    return InputError(AfterRef(c), "missing `network_acl_id` or `subnet_id`");
  }
  net::NetworkAcl* acl = FindAcl(acl_id->value);
  if (!add) {  // the subnet falls back to its VPC's default ACL
    if (acl != nullptr) {
      std::erase_if(acl->associations, [&](const net::NetworkAclAssociation& a) {
        return a.subnet_id == subnet->value;
      });
    }
    return absl::OkStatus();
  }
  if (acl == nullptr) {
    return InputError(acl_id->at,
                      absl::StrCat("`", c.address, "` names network ACL `", acl_id->value,
                                   "`, which neither the snapshot nor the plan holds"));
  }
  for (net::NetworkAcl& other : network_.network_acls) {
    std::erase_if(other.associations, [&](const net::NetworkAclAssociation& a) {
      return a.subnet_id == subnet->value;
    });
  }
  acl->associations.push_back({subnet->value, ""});
  return absl::OkStatus();
}

absl::Status Overlay::ApplyAclRule(const ResourceChange& c, bool add) {
  if (c.type == "aws_network_acl_association") return ApplyAclAssociation(c, add);
  if ((add && !c.after) || (!add && !c.before)) return absl::OkStatus();
  const JsonValue& values = add ? *c.after : *c.before;
  if (add) {
    VOUCH_RETURN_IF_ERROR(
        RequireKnown(c, {"rule_number", "egress", "protocol", "rule_action", "cidr_block",
                         "ipv6_cidr_block", "from_port", "to_port", "icmp_type", "icmp_code"}));
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> acl_id, String(c, add, "network_acl_id"));
  if (!acl_id) return values.Error("missing `network_acl_id`");
  net::NetworkAclEntry e;
  e.source = values.source();
  VOUCH_ASSIGN_OR_RETURN(e.egress, aws::OptionalBool(values, "egress", false));
  VOUCH_RETURN_IF_ERROR(aws::ReadAclEntryCore(values, kRuleEntry, e));
  VOUCH_RETURN_IF_ERROR(ReadAclPorts(values, e));
  net::NetworkAcl* acl = FindAcl(acl_id->value);
  if (acl == nullptr) {
    if (!add) return absl::OkStatus();
    return InputError(acl_id->at,
                      absl::StrCat("`", c.address, "` names network ACL `", acl_id->value,
                                   "`, which neither the snapshot nor the plan holds"));
  }
  if (!add) {
    std::erase_if(acl->entries, [&](const net::NetworkAclEntry& x) {
      return x.egress == e.egress && x.rule_number == e.rule_number &&
             x.cidr_block.address.family == e.cidr_block.address.family;
    });
    return absl::OkStatus();
  }
  acl->entries.push_back(std::move(e));
  return CheckUnique(*acl, acl->entries.back(), c);
}

absl::Status Overlay::ApplyInstanceGroups(const ResourceChange& c) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> id, String(c, false, "id"));
  if (!id) return InputError(c.source.Child("change").Child("before"), "missing `id`");
  const net::Instance* instance = nullptr;
  for (const net::Instance& i : network_.instances) {
    if (i.instance_id == id->value) instance = &i;
  }
  if (instance == nullptr || instance->network_interface_ids.empty()) {
    return InputError(id->at, absl::StrCat("`", c.address, "` updates instance `", id->value,
                                           "`, which the snapshot does not hold with an "
                                           "interface"));
  }
  const std::string& primary = instance->network_interface_ids.front();
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> groups,
                         plan_.AfterStrings(c, "vpc_security_group_ids"));
  for (const std::string& g : groups) {
    if (FindGroup(g) != nullptr) continue;
    return InputError(AfterRef(c).Child("vpc_security_group_ids"),
                      absl::StrCat("`", c.address, "` names security group `", g,
                                   "`, which neither the snapshot nor the plan holds"));
  }
  for (net::NetworkInterface& eni : network_.network_interfaces) {
    if (eni.network_interface_id == primary) eni.group_ids = groups;
  }
  return absl::OkStatus();
}

// The AWS provider's documentation for aws_security_group and aws_network_acl: in-line rules
// cannot be used together with the standalone rule resources, as they "will overwrite rules". A
// group (or ACL) whose configuration sets inline blocks of a direction, or a default one that this
// plan adopts or updates, which Terraform empties and fills from its inline blocks, owns every
// rule of that direction: each apply removes the standalone rules, and the next adds them again.
// So the rules after the plan are not settled, and the answer is unknown rather than either.
absl::Status Overlay::CheckRuleOwners() const {
  std::map<std::pair<std::string, bool>, const ResourceChange*> owners;  // (id, egress) -> owner
  for (const ResourceChange& c : plan_.all_resources()) {
    if (c.kind == ChangeKind::kDelete || !c.after) continue;
    bool is_default = c.type == "aws_default_security_group" || c.type == "aws_default_network_acl";
    if (!is_default && c.type != "aws_security_group" && c.type != "aws_network_acl") continue;
    absl::StatusOr<std::string> id = NewId(c);
    if (!id.ok()) continue;  // the group's own stage reports it
    for (bool egress : {false, true}) {
      if ((is_default && c.kind != ChangeKind::kNone) ||
          Manages(c, egress ? "egress" : "ingress")) {
        owners[{*id, egress}] = &c;
      }
    }
  }
  if (owners.empty()) return absl::OkStatus();
  for (const ResourceChange& rule : plan_.all_resources()) {
    if (rule.kind == ChangeKind::kDelete || !rule.after) continue;
    bool acl = rule.type == "aws_network_acl_rule";
    if (!acl && StageOf(rule) != Stage::kGroupRule) continue;
    absl::StatusOr<std::optional<Text>> id =
        String(rule, true, acl ? "network_acl_id" : "security_group_id");
    absl::StatusOr<bool> egress =
        acl ? aws::OptionalBool(*rule.after, "egress", false) : GroupRuleEgress(rule, *rule.after);
    // The rule's own stage reports what does not read.
    if (!id.ok() || !id->has_value() || !egress.ok()) continue;
    auto it = owners.find({(*id)->value, *egress});
    if (it == owners.end()) continue;
    const ResourceChange& owner = *it->second;
    if (rule.kind == ChangeKind::kNone && owner.kind == ChangeKind::kNone) continue;
    absl::string_view direction = *egress ? "egress" : "ingress";
    return UnsupportedError(
        AfterRef(rule),
        absl::StrCat("`", rule.address, "` sets an ", direction, " rule of `", (*id)->value,
                     "`, whose ", direction, " rules `", owner.address,
                     "` also sets inline: Terraform overwrites one with the other at each apply "
                     "(the AWS provider says not to use both), so the rules after the plan are "
                     "not settled"));
  }
  return absl::OkStatus();
}

absl::Status Overlay::Check() const {
  auto gone = [&](const std::string& id, absl::string_view holder) -> absl::Status {
    auto it = deleted_groups_.find(id);
    if (it == deleted_groups_.end()) return absl::OkStatus();
    return UnsupportedError(it->second->source,
                            absl::StrCat("`", it->second->address, "` deletes security group `", id,
                                         "`, which ", holder,
                                         " still names: what replaces it once the plan is "
                                         "applied is not modelled"));
  };
  for (const net::NetworkInterface& eni : network_.network_interfaces) {
    for (const std::string& g : eni.group_ids) {
      VOUCH_RETURN_IF_ERROR(gone(g, absl::StrCat("interface `", eni.network_interface_id, "`")));
    }
  }
  for (const net::SecurityGroup& sg : network_.security_groups) {
    for (const auto* list : {&sg.ip_permissions, &sg.ip_permissions_egress}) {
      for (const net::IpPermission& p : *list) {
        for (const net::UserIdGroupPair& pair : p.group_pairs) {
          VOUCH_RETURN_IF_ERROR(
              gone(pair.group_id, absl::StrCat("a rule of security group `", sg.group_id, "`")));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyPlanToNetwork(const aws::JsonValue& root, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(PlanValues plan, PlanValues::Read(root));
  plan.set_network(true);
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c) != Stage::kUnmodelled) continue;
    return UnsupportedError(c.source.Child("type"),
                            absl::StrCat("`", c.address,
                                         "` changes the network in a way vouch does not model "
                                         "(resource type `",
                                         c.type, "`)"));
  }
  Overlay overlay(plan, network);
  VOUCH_RETURN_IF_ERROR(overlay.CheckRuleOwners());
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c) == Stage::kGroup) VOUCH_RETURN_IF_ERROR(overlay.ApplyGroup(c));
    if (StageOf(c) == Stage::kAcl) VOUCH_RETURN_IF_ERROR(overlay.ApplyAcl(c));
  }
  for (bool add : {false, true}) {
    for (const ResourceChange& c : plan.changes()) {
      if (StageOf(c) == Stage::kGroupRule) VOUCH_RETURN_IF_ERROR(overlay.ApplyGroupRule(c, add));
      if (StageOf(c) == Stage::kAclRule) VOUCH_RETURN_IF_ERROR(overlay.ApplyAclRule(c, add));
    }
  }
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c) == Stage::kInstanceGroups) VOUCH_RETURN_IF_ERROR(overlay.ApplyInstanceGroups(c));
  }
  return overlay.Check();
}

absl::Status ApplyPlanFileToNetwork(const std::string& path, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::JsonDocument> doc, aws::JsonDocument::FromFile(path));
  return ApplyPlanToNetwork(doc->root(), network);
}

}  // namespace vouch::terraform
