// `vouch actions PATTERN...`: expands action names and wildcards against the built-in AWS action
// catalog (models/iam/action_catalog.h), one action per line, or as JSON with each action's access
// level, resource types and condition keys.
//
//   $ vouch actions 'iam:Delete*Policy'
//   iam:DeleteGroupPolicy
//   ...
//   $ vouch actions iam:DeleteGrup
//   vouch: unknown action `iam:DeleteGrup` (did you mean `iam:DeleteGroup`?)     (exit 2)
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "frontends/cli/commands.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"
#include "nlohmann/json.hpp"

namespace vouch::cli {
namespace {

using iam::ActionCatalog;
using iam::CatalogAction;

struct ActionsOptions {
  std::vector<std::string> patterns;  // `iam:Delete*`, `s3:GetObject`, `*`
  std::string format = "text";        // text | json
};

// The union of every pattern's expansion, each action once, in catalog order.
absl::StatusOr<std::vector<const CatalogAction*>> ExpandAll(const ActionCatalog& catalog,
                                                            const std::vector<std::string>& patterns) {
  absl::flat_hash_set<const CatalogAction*> seen;
  for (const std::string& p : patterns) {
    VOUCH_ASSIGN_OR_RETURN(std::vector<const CatalogAction*> found, catalog.Expand(p));
    seen.insert(found.begin(), found.end());
  }
  std::vector<const CatalogAction*> out(seen.begin(), seen.end());
  // Services are sorted by prefix and each service's actions by name, both in one vector per
  // service, so ordering by (service, address) is catalog order.
  std::sort(out.begin(), out.end(), [](const CatalogAction* a, const CatalogAction* b) {
    if (a->service != b->service) return a->service < b->service;
    return a < b;
  });
  return out;
}

nlohmann::json ActionJson(const CatalogAction& a) {
  nlohmann::json types = nlohmann::json::array();
  for (const iam::CatalogActionResource& r : a.resource_types) {
    types.push_back({{"name", std::string(r.type->name)},
                     {"arn", std::string(r.type->arn_template)},
                     {"required", r.required}});
  }
  nlohmann::json keys = nlohmann::json::array();
  for (absl::string_view k : a.condition_keys) keys.push_back(std::string(k));
  return {{"name", a.FullName()},
          {"accessLevel", std::string(a.access_level)},
          {"wildcardOnly", a.IsWildcardOnly()},
          {"resourceTypes", std::move(types)},
          {"conditionKeys", std::move(keys)}};
}

int RunActions(const ActionsOptions& options) {
  absl::StatusOr<std::vector<const CatalogAction*>> actions =
      ExpandAll(ActionCatalog::BuiltIn(), options.patterns);
  if (!actions.ok()) return ReportError(actions.status());
  if (options.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const CatalogAction* a : *actions) out.push_back(ActionJson(*a));
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::string text;
  for (const CatalogAction* a : *actions) {
    text += a->FullName();
    text += '\n';
  }
  std::cout << text;
  return kExitOk;
}

}  // namespace

void AddActionsCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ActionsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "actions", "Expand action names and wildcards (`iam:Delete*`, `*`) against the AWS action catalog");
  cmd->add_option("pattern", options->patterns, "actions as `service:Action`, with `*` and `?` wildcards")
      ->required();
  cmd->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, exit_code] { *exit_code = RunActions(*options); });
}

}  // namespace vouch::cli
