// ServicesNamedByAllows (see granted.h), over the compiled policies' index of action patterns.
#include "engine/eval/granted.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "engine/eval/compiled_policy.h"

namespace vouch::iam {
namespace {

// The service's action names, lowercased, as compiled action patterns match them.
std::vector<std::string> LowerNames(const CatalogService& service) {
  std::vector<std::string> out;
  out.reserve(service.actions.size());
  for (const CatalogAction& a : service.actions) out.push_back(absl::AsciiStrToLower(a.name));
  return out;
}

// Whether some pattern of `s` for `prefix` matches `name`.
bool Lists(const CompiledStatement& s, absl::string_view prefix, absl::string_view name) {
  return std::any_of(s.actions.begin(), s.actions.end(), [&](const ActionPattern& p) {
    return p.service == prefix && p.name.Matches(name);
  });
}

bool Names(const CompiledPolicy& policy, absl::string_view prefix,
           const std::vector<std::string>& names) {
  // Action lists: the patterns for this service, found through the index.
  for (const CompiledPolicy::ActionEntry& e : policy.ServiceEntries(prefix)) {
    if (policy.statements[e.statement].effect != Effect::kAllow) continue;
    for (const std::string& name : names) {
      if (e.name->Matches(name)) return true;
    }
  }
  // `*`, and NotAction lists: named unless every action of the service is listed.
  for (uint32_t i : policy.every_service) {
    const CompiledStatement& s = policy.statements[i];
    if (s.effect != Effect::kAllow) continue;
    if (!s.not_action) return true;  // an Action list holding `*`
    if (s.all_actions) continue;     // NotAction `*` leaves nothing
    for (const std::string& name : names) {
      if (!Lists(s, prefix, name)) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> ServicesNamedByAllows(const PolicySet& set, const ActionCatalog& catalog) {
  std::vector<std::string> out;
  for (const CatalogService& service : catalog.services()) {
    if (service.actions.empty()) continue;
    std::vector<std::string> names = LowerNames(service);
    for (const AppliedPolicy& p : set.identity) {
      if (Names(*p.policy, service.prefix, names)) {
        out.emplace_back(service.prefix);
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vouch::iam
