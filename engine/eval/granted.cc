// ServicesNamedByAllows (see granted.h), over the compiled policies' index of action patterns.
#include "engine/eval/granted.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "engine/eval/compiled_policy.h"

namespace vouch::iam {
namespace {

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

CatalogNames::CatalogNames(const ActionCatalog& catalog) {
  for (const CatalogService& service : catalog.services()) {
    if (service.actions.empty()) continue;
    Service& s = services.emplace_back();
    s.prefix = service.prefix;
    s.names.reserve(service.actions.size());
    for (const CatalogAction& a : service.actions) s.names.push_back(absl::AsciiStrToLower(a.name));
  }
}

std::vector<std::string> ServicesNamedByAllows(const PolicySet& set, const CatalogNames& names) {
  std::vector<std::string> out;
  for (const CatalogNames::Service& service : names.services) {
    for (const AppliedPolicy& p : set.identity) {
      if (Names(*p.policy, service.prefix, service.names)) {
        out.emplace_back(service.prefix);
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vouch::iam
