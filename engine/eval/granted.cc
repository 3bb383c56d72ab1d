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
    for (const std::string& name : names) {
      if (!s.ListsAction(prefix, name)) return true;
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
