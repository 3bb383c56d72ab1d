// Endpoint parsing and the text rendering of packet traces.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/net_trace.h"

namespace vouch::net {
namespace {

const char* ActionName(HopAction a) {
  switch (a) {
    case HopAction::kAllowed: return "allowed";
    case HopAction::kForwarded: return "forwarded";
    case HopAction::kTranslated: return "translated";
    case HopAction::kDelivered: return "delivered";
    case HopAction::kDropped: return "dropped";
    case HopAction::kUnknown: return "unknown";
  }
  return "unknown";
}

// One hop, for example:
//   "  dropped network-acl acl-1 ingress [rule 90] tcp ... SUBNET_ACL_RESTRICTION: ..."
//   "  allowed security-group sg-1 (web) ingress [rule for 0.0.0.0/0 at sgs.json:
//    /SecurityGroups/0/IpPermissions/2/IpRanges/0] tcp ..."
// A network ACL rule is named by its number, as AWS names it. A security group rule has no
// number: its place in the group is a place in a file only for a describe-security-groups
// response (a rule from SecurityGroupRules or a Terraform plan has none there), so it is named by
// its peer and located exactly.
std::string HopLine(const Hop& h) {
  std::string s = absl::StrCat("  ", ActionName(h.action), " ", h.component_kind);
  if (!h.component_id.empty()) absl::StrAppend(&s, " ", h.component_id);
  if (!h.name.empty()) absl::StrAppend(&s, " (", h.name, ")");
  if (!h.direction.empty()) absl::StrAppend(&s, " ", h.direction);
  if (h.rule) {
    if (h.rule->kind == "network-acl") {
      absl::StrAppend(&s, " [rule ", h.rule->rule_number, "]");
    } else {
      absl::StrAppend(&s, " [rule");
      if (!h.rule->peer.empty()) absl::StrAppend(&s, " for ", h.rule->peer);
      if (!h.rule->source.empty()) absl::StrAppend(&s, " at ", h.rule->source.DebugString());
      s += "]";
    }
  }
  if (h.route) {
    absl::StrAppend(&s, " [", h.route->prefix_list_id.empty() ? h.route->destination.ToString()
                                                              : h.route->prefix_list_id,
                    " -> ", h.route->target_id, "]");
  }
  absl::StrAppend(&s, " ", h.packet.DebugString());
  if (!h.explanation_code.empty()) absl::StrAppend(&s, " ", h.explanation_code, ": ", h.detail);
  return s;
}

}  // namespace

const char* DispositionName(Disposition d) {
  switch (d) {
    case Disposition::kAccepted: return "accepted";
    case Disposition::kDropped: return "dropped";
    case Disposition::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string PacketTrace::DebugString() const {
  std::string s = absl::StrCat(DispositionName(disposition), "\nforward:\n");
  for (const Hop& h : forward) absl::StrAppend(&s, HopLine(h), "\n");
  if (!reply.empty()) {
    absl::StrAppend(&s, "reply:\n");
    for (const Hop& h : reply) absl::StrAppend(&s, HopLine(h), "\n");
  }
  return s;
}

absl::StatusOr<Endpoint> ResolveEndpoint(const LoweredNetwork& network, absl::string_view text) {
  Endpoint e;
  if (absl::StartsWith(text, "eni-")) {
    if (network.FindInterface(text) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown network interface `", text, "`"));
    }
    e.network_interface_id = std::string(text);
    return e;
  }
  if (absl::StartsWith(text, "i-")) {
    const Instance* inst = network.FindInstance(text);
    if (inst == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown instance `", text, "`"));
    if (inst->network_interface_ids.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("instance `", text, "` has no network interface"));
    }
    e.network_interface_id = inst->network_interface_ids.front();
    return e;
  }
  absl::StatusOr<IpAddress> a = ParseIpAddress(text);
  if (!a.ok()) return a.status();
  e.address = *a;
  return e;
}

}  // namespace vouch::net
